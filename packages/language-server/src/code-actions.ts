import { disableCommentFix, sourceFile, type Finding, type Fix } from '@pflint/core';
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
    const forStatement = disableForStatement(document, language, ruleId, finding.range.start.line);
    if (forStatement) {
      actions.push({
        title: `Disable ${ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: [forStatement] } },
      });
    }
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

/**
 * The edit that suppresses `ruleId` for the statement holding 1-based `line`:
 * core's `disableCommentFix`, the same directive scan the check driver reads,
 * so the comment lands where core will honour it (above backslash
 * continuations, multi-line rc.conf values and pf brace lists; joined to a
 * directive already there). Undefined when the statement already suppresses it.
 */
export function disableForStatement(document: TextDocument, language: DocumentLanguage, ruleId: string, line: number): TextEdit | undefined {
  const file = sourceFile(document.uri, language, document.getText());
  const edit = disableCommentFix(file, ruleId, line)?.edits[0];
  return edit ? { range: toRange(edit.range), newText: edit.newText } : undefined;
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
