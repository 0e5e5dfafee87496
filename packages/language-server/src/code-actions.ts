import type { Finding, Fix } from '@pflint/core';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange, type UriOf } from './diagnostics.js';
import type { DocumentLanguage } from './languages.js';

/** A published diagnostic and the finding it came from. */
export interface PublishedFinding {
  readonly diagnostic: Diagnostic;
  readonly finding: Finding;
}

/**
 * Code actions for the findings under the cursor: each fix of the finding (a
 * safe one is the preferred quick fix), then "disable RULE for this line" and
 * "disable RULE for this file". Suppression comments follow core's syntax:
 * `# pflint disable=RULE` (XML: `<!-- pflint disable=RULE -->`) on the line
 * before the statement, `disable-file=RULE` at the top of the file.
 */
export function codeActionsFor(
  findings: readonly PublishedFinding[],
  document: TextDocument,
  language: DocumentLanguage,
  uriOf: UriOf,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const { diagnostic, finding } of findings) {
    // The first safe fix is the one an editor may apply on its own ("auto fix").
    const preferredFix = finding.fixes?.find((fix) => fix.safety === 'safe');
    for (const fix of finding.fixes ?? []) {
      actions.push({
        title: fix.safety === 'safe' ? fix.description : `${fix.description} (changes behaviour: review)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix === preferredFix,
        edit: fixToWorkspaceEdit(fix, uriOf),
      });
    }
  }
  // One pair of suppressions per rule, even when several of its findings are under the cursor.
  const rules = new Map<string, PublishedFinding>();
  for (const published of findings) if (!rules.has(published.finding.ruleId)) rules.set(published.finding.ruleId, published);
  for (const [ruleId, { diagnostic, finding }] of rules) {
    actions.push({
      title: `Disable ${ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [document.uri]: [disableForStatement(document, language, ruleId, finding.range.start.line)] } },
    });
    actions.push({
      title: `Disable ${ruleId} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [document.uri]: [disableForFile(document, language, ruleId)] } },
    });
  }
  return actions;
}

export function fixToWorkspaceEdit(fix: Fix, uriOf: UriOf): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    const uri = uriOf(edit.range.file);
    (changes[uri] ??= []).push({ range: toRange(edit.range), newText: edit.newText });
  }
  return { changes };
}

const HASH_STATEMENT_DIRECTIVE = /^(\s*#\s*pflint\s+disable\s*=\s*[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(.*)$/i;
const XML_STATEMENT_DIRECTIVE = /^(\s*<!--\s*pflint\s+disable\s*=\s*[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(.*)$/i;

/**
 * The edit that suppresses `ruleId` for the statement holding 1-based `line`:
 * adds the id to a directive already above the statement, or inserts one with
 * the statement's indentation. The statement starts where the backslash
 * continuations leading to `line` start; in the rc.conf family, where a quoted
 * value that is still open at `line` was opened, so the comment never lands
 * inside a multi-line value (where it would become part of the value).
 */
export function disableForStatement(document: TextDocument, language: DocumentLanguage, ruleId: string, line: number): TextEdit {
  let first = Math.max(0, line - 1);
  if (language === 'rcconf') first = openingQuoteLine(document.getText(), document.offsetAt({ line: first, character: 0 })) ?? first;
  while (first > 0 && endsWithContinuation(lineText(document, first - 1))) first--;
  const isXml = language === 'firebrick';
  if (first > 0) {
    const above = lineText(document, first - 1);
    const existing = (isXml ? XML_STATEMENT_DIRECTIVE : HASH_STATEMENT_DIRECTIVE).exec(above);
    if (existing) {
      const end = existing[1]!.length;
      return { range: { start: { line: first - 1, character: end }, end: { line: first - 1, character: end } }, newText: `,${ruleId}` };
    }
  }
  const indentation = /^\s*/.exec(lineText(document, first))![0];
  const comment = isXml ? `<!-- pflint disable=${ruleId} -->` : `# pflint disable=${ruleId}`;
  const start = { line: first, character: 0 };
  return { range: { start, end: start }, newText: `${indentation}${comment}\n` };
}

/** The edit that suppresses `ruleId` in the whole file: a directive on the first line (after an XML declaration). */
export function disableForFile(document: TextDocument, language: DocumentLanguage, ruleId: string): TextEdit {
  if (language === 'firebrick') {
    const declaration = /^\uFEFF?<\?xml[\s\S]*?\?>/.exec(document.getText());
    const after = document.positionAt(declaration ? declaration[0].length : 0);
    const newText = declaration ? `\n<!-- pflint disable-file=${ruleId} -->` : `<!-- pflint disable-file=${ruleId} -->\n`;
    return { range: { start: after, end: after }, newText };
  }
  const start = { line: 0, character: 0 };
  return { range: { start, end: start }, newText: `# pflint disable-file=${ruleId}\n` };
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } }).replace(/\r?\n$/, '');
}

function endsWithContinuation(text: string): boolean {
  return /\\*$/.exec(text)![0].length % 2 === 1;
}

/**
 * The 0-based line where a shell quote still open at `offset` was opened, or
 * undefined when `offset` is outside quotes. Reads sh's rules as rc.conf and
 * jail.conf use them: `#` starts a comment at a word start outside quotes,
 * backslash escapes outside single quotes.
 */
function openingQuoteLine(text: string, offset: number): number | undefined {
  let quote: string | undefined;
  let line = 0;
  let openedLine = 0;
  for (let index = 0; index < offset; index++) {
    const char = text[index]!;
    if (char === '\n') line++;
    if (quote) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '\\') index++;
    else if (char === '"' || char === "'") {
      quote = char;
      openedLine = line;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      const end = text.indexOf('\n', index);
      if (end < 0 || end >= offset) break;
      index = end - 1;
    }
  }
  return quote !== undefined ? openedLine : undefined;
}
