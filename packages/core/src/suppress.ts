import type { SourceFile } from './analysis.js';
import type { Finding, Fix, Severity } from './findings.js';
import type { RuleSetting } from './rules/engine.js';
import { findRule } from './rules/index.js';
import type { SourceRange } from './source.js';

/**
 * `# pflint disable=RULE[,RULE]` before a statement, `# pflint disable-file=RULE`
 * anywhere; in XML the same words inside `<!-- -->`. Directives are read from
 * the raw text and matched against findings by file and line, so they work the
 * same for every language and every source of findings (front ends, model, rules).
 */
export interface SuppressionDirective {
  readonly kind: 'statement' | 'file';
  readonly file: string;
  /** The rule ids, each with its own range so a fix can remove one. */
  readonly rules: readonly { readonly id: string; readonly range: SourceRange }[];
  /** The whole line holding the directive, newline included. */
  readonly line: SourceRange;
  /** The id list, from the first id to the end of the last. */
  readonly list: SourceRange;
  /** Lines (1-based, inclusive) of the statement a `statement` directive covers; empty when none follows. */
  readonly firstLine: number;
  readonly lastLine: number;
}

const HASH_DIRECTIVE = /^\s*#\s*pflint\s+(disable|disable-file)\s*=\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s.*)?$/i;
const XML_DIRECTIVE =
  /^\s*<!--\s*pflint\s+(disable|disable-file)\s*=\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s(?:(?!-->).)*)?-->\s*$/i;

/** Reads every directive of one file. JSON files have no comments and so no directives. */
export function parseSuppressions(file: SourceFile): SuppressionDirective[] {
  if (file.language === 'json') return [];
  const isXml = file.language === 'firebrick';
  const pattern = isXml ? XML_DIRECTIVE : HASH_DIRECTIVE;
  const directives: SuppressionDirective[] = [];
  const { lines } = file;
  // Only lines that name pflint can hold a directive: found in the whole text at once, not line by line.
  let previousLine = 0;
  for (const mention of file.text.matchAll(/pflint/gi)) {
    const line = lines.position(mention.index).line;
    if (line === previousLine) continue;
    previousLine = line;
    const text = lines.lineText(line);
    const match = pattern.exec(text);
    if (!match) continue;
    const lineStart = lines.lineStart(line);
    const listText = match[2]!;
    const listStart = lineStart + text.indexOf(listText, match.index + match[0].indexOf(match[1]!) + match[1]!.length);
    const rules: { id: string; range: SourceRange }[] = [];
    for (const idMatch of listText.matchAll(/[a-z0-9-]+/gi)) {
      const start = listStart + idMatch.index;
      rules.push({ id: idMatch[0].toLowerCase(), range: lines.range(file.path, start, start + idMatch[0].length) });
    }
    const lineEnd = line < lines.lineCount ? lines.lineStart(line + 1) : file.text.length;
    const kind = match[1]!.toLowerCase() === 'disable' ? 'statement' : 'file';
    const [firstLine, lastLine] = kind === 'statement' ? statementAfter(file, line, isXml) : [0, -1];
    directives.push({
      kind,
      file: file.path,
      rules,
      line: lines.range(file.path, lineStart, lineEnd),
      list: lines.range(file.path, listStart, listStart + listText.length),
      firstLine,
      lastLine,
    });
  }
  return directives;
}

/** The lines of the first statement after `line`, skipping blank and comment lines (stacked directives). */
function statementAfter(file: SourceFile, line: number, isXml: boolean): [number, number] {
  const { lines } = file;
  let first = line + 1;
  while (first <= lines.lineCount && isBlankOrComment(lines.lineText(first), isXml)) first++;
  if (first > lines.lineCount) return [0, -1];
  let last = first;
  if (isXml) {
    // The statement is the element's start tag, which ends at the first `>`.
    while (last < lines.lineCount && !lines.lineText(last).includes('>')) last++;
    return [first, last];
  }
  const state: ContinuationState = { quote: undefined, braces: 0 };
  while (last < lines.lineCount && continues(lines.lineText(last), state, file.language === 'rcconf')) last++;
  return [first, last];
}

function isBlankOrComment(text: string, isXml: boolean): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return true;
  return isXml ? trimmed.startsWith('<!--') && trimmed.endsWith('-->') : trimmed.startsWith('#');
}

/** `anchor "name" [options] {` ending its line: the brace opens a body, not a list. */
const ANCHOR_BODY_OPEN = /^(\s*anchor\b.*)\{\s*(?:#.*)?$/;

interface ContinuationState {
  quote: string | undefined;
  braces: number;
}

/**
 * True when the statement goes on past this line: a trailing backslash, a
 * quote still open (rc.conf values may span lines), or a pf brace list still
 * open (pf allows newlines inside braces).
 */
function continues(line: string, state: ContinuationState, shellQuotes: boolean): boolean {
  // An anchor's inline body holds statements of its own, each with its own directives.
  const text = !shellQuotes && state.braces === 0 ? line.replace(ANCHOR_BODY_OPEN, '$1') : line;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (state.quote) {
      if (char === '\\' && state.quote === '"') i++;
      else if (char === state.quote) state.quote = undefined;
      continue;
    }
    if (char === '#') break;
    if (char === '\\') i++;
    else if (char === '"' || (shellQuotes && char === "'")) state.quote = char;
    else if (!shellQuotes && char === '{') state.braces++;
    else if (!shellQuotes && char === '}') state.braces = Math.max(0, state.braces - 1);
  }
  const trailingBackslashes = /\\*$/.exec(text)![0].length;
  if (trailingBackslashes % 2 === 1) return true;
  // pf strings end at the line; only the shell lets a quote run on.
  if (!shellQuotes) state.quote = undefined;
  return state.quote !== undefined || state.braces > 0;
}

/**
 * The edit behind an editor's "disable for this statement" action: adds the
 * rule to a directive already in front of the statement that holds `line`, or
 * inserts one (indented like the statement). Unsafe, so `--fix` never applies
 * it: hiding a finding is a decision, not a fix. Undefined for JSON files and
 * when the statement already suppresses the rule.
 */
export function disableCommentFix(file: SourceFile, ruleId: string, line: number): Fix | undefined {
  if (file.language === 'json') return undefined;
  const isXml = file.language === 'firebrick';
  let [first, last] = statementAfter(file, 0, isXml);
  while (first > 0 && last < line) [first, last] = statementAfter(file, last, isXml);
  // A finding on a comment or blank line belongs to no statement: put the directive right above it.
  if (first <= 0 || first > line) first = line;
  const description = `Disable ${ruleId} for this statement`;
  const existing = parseSuppressions(file).filter((directive) => directive.kind === 'statement' && directive.firstLine === first);
  if (existing.some((directive) => directive.rules.some((rule) => rule.id === ruleId))) return undefined;
  const closest = existing[existing.length - 1];
  if (closest) {
    const at = closest.list.end;
    return { description, safety: 'unsafe', edits: [{ range: { file: file.path, start: at, end: at }, newText: `,${ruleId}` }] };
  }
  const start = file.lines.lineStart(first);
  const indent = /^[ \t]*/.exec(file.lines.lineText(first))![0];
  const comment = isXml ? `<!-- pflint disable=${ruleId} -->` : `# pflint disable=${ruleId}`;
  return { description, safety: 'unsafe', edits: [{ range: file.lines.range(file.path, start, start), newText: `${indent}${comment}\n` }] };
}

export interface SuppressionResult {
  /** The findings that were not suppressed, plus one `unused-suppression` per directive with unused ids. */
  readonly findings: Finding[];
  readonly suppressedCount: number;
}

export interface SuppressionOptions {
  /** Configured rule levels: a rule turned off is never called unused, nor is anything when unused-suppression is off. */
  readonly settings?: Readonly<Record<string, RuleSetting>>;
  /**
   * False when the analysis saw only part of a host: rules then hold back
   * rather than guess, so a silent rule does not prove a suppression useless.
   */
  readonly reportUnused?: boolean;
}

/**
 * Drops the findings that a directive covers and reports directives (or ids in
 * them) that covered nothing. A rule turned off in `settings` is never
 * reported as unused: pflint cannot know whether it would have fired.
 */
export function applySuppressions(
  findings: readonly Finding[],
  sources: Iterable<SourceFile>,
  options: SuppressionOptions = {},
): SuppressionResult {
  const settings = options.settings ?? {};
  const byFile = new Map<string, SuppressionDirective[]>();
  for (const file of sources) {
    const directives = parseSuppressions(file);
    if (directives.length > 0) byFile.set(file.path, directives);
  }
  if (byFile.size === 0) return { findings: [...findings], suppressedCount: 0 };

  const used = new Set<string>();
  const seenIds = new Set(findings.map((finding) => finding.ruleId));
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = coveringDirective(byFile.get(finding.range.file), finding.ruleId, finding.range.start.line);
    if (key) used.add(key);
    else kept.push(finding);
  }
  const suppressedCount = findings.length - kept.length;

  const unusedSetting = settings['unused-suppression'] ?? findRule('unused-suppression')!.meta.severity;
  if (unusedSetting === 'off' || options.reportUnused === false) return { findings: kept, suppressedCount };
  for (const directives of byFile.values()) {
    directives.forEach((directive, index) => {
      const unused = directive.rules.filter((rule, position) => {
        if (used.has(directiveKey(directive, index, position))) return false;
        // A disabled rule cannot prove its suppression useless.
        return settings[rule.id] !== 'off';
      });
      if (unused.length === 0) return;
      const finding = unusedFinding(directive, unused, seenIds, unusedSetting);
      const fileWide = coveringDirective(directives, finding.ruleId, finding.range.start.line);
      if (!fileWide) kept.push(finding);
    });
  }
  return { findings: kept, suppressedCount };
}

function directiveKey(directive: SuppressionDirective, index: number, position: number): string {
  return `${directive.file}\0${index}\0${position}`;
}

/** The key of the directive id that covers a finding of `ruleId` at `line`, if any. */
function coveringDirective(
  directives: readonly SuppressionDirective[] | undefined,
  ruleId: string,
  line: number,
): string | undefined {
  if (!directives) return undefined;
  for (let index = 0; index < directives.length; index++) {
    const directive = directives[index]!;
    if (directive.kind === 'statement' && (line < directive.firstLine || line > directive.lastLine)) continue;
    const position = directive.rules.findIndex((rule) => rule.id === ruleId);
    if (position >= 0) return directiveKey(directive, index, position);
  }
  return undefined;
}

function unusedFinding(
  directive: SuppressionDirective,
  unused: readonly { id: string; range: SourceRange }[],
  seenIds: ReadonlySet<string>,
  severity: Severity,
): Finding {
  const describe = (id: string): string =>
    findRule(id) || seenIds.has(id) ? `'${id}'` : `'${id}' (no such rule)`;
  const where = directive.kind === 'file' ? 'in this file' : 'on the next statement';
  const names = unused.map((rule) => describe(rule.id)).join(', ');
  const remaining = directive.rules.filter((rule) => !unused.includes(rule));
  const fix: Fix =
    remaining.length === 0
      ? { description: 'Remove the suppression comment', safety: 'safe', edits: [{ range: directive.line, newText: '' }] }
      : {
          description: `Remove ${unused.map((rule) => rule.id).join(', ')} from the suppression`,
          safety: 'safe',
          edits: [{ range: directive.list, newText: remaining.map((rule) => rule.id).join(',') }],
        };
  const first = unused[0]!.range;
  const last = unused[unused.length - 1]!.range;
  return {
    ruleId: 'unused-suppression',
    severity,
    message: `Unused suppression: ${names} raised nothing ${where}`,
    range: { file: directive.file, start: first.start, end: last.end },
    fixes: [fix],
  };
}
