import type { Finding } from '../findings.js';
import { hostFilesFromList } from '../host/discover.js';
import { parseJailConf } from '../jail/parser.js';
import { parseRcConf, type RcAssignment, type RcFile } from '../rcconf/parser.js';
import { parseKeyValueFile } from '../sysctl/keyvalue.js';
import { indentUnit, type FormatOptions, type FormatResult, type FormatSpan } from './types.js';

/**
 * The rc.conf family: rc.conf and its sh siblings, loader.conf, sysctl.conf,
 * wg-quick files and jail.conf. Each file is read with the parser the host
 * builder uses for it, so "what the file means" is exactly what pflint's
 * model sees, and the formatter only ever touches layout the parser proves
 * meaningless: blanks at line ends, blank-line runs, the indentation of lines
 * that start a statement, and quotes that sh or the loader remove anyway.
 */

/** A half-open piece of the text, by offsets. */
interface Span {
  readonly start: number;
  readonly end: number;
}

interface Replacement extends Span {
  readonly text: string;
}

/** What a language front end tells the shared line pass. */
interface LineLayout {
  /** Sorted by start; no edit may fall inside one, and a line starting inside one is kept as written. */
  readonly verbatim: readonly Span[];
  /** The indentation a line must have, keyed by the offset of its first non-blank character; other lines keep theirs. */
  readonly indentAt: ReadonlyMap<number, string>;
  /** Rewrites of values (canonical quoting): never inside a verbatim span, never across a line end. */
  readonly replacements: readonly Replacement[];
}

type FileRole = 'sh' | 'loader' | 'sysctl' | 'wg-quick' | 'jail';

/** Which parser the host builder would use for this path; an unknown name is read as rc.conf, as `detectLanguage` does. */
function fileRole(file: string): FileRole {
  const roles = hostFilesFromList([file]);
  if (roles.loaderConf.length > 0) return 'loader';
  if (roles.sysctlConf.length > 0) return 'sysctl';
  if (roles.jailConf.length > 0) return 'jail';
  if (roles.wireguard.length > 0) return 'wg-quick';
  return 'sh';
}

/**
 * Formats one file of the rc.conf family. A file the parser reports errors
 * in is refused whole. With `range`, only lines touching it change.
 */
export function formatRcConf(file: string, text: string, options: FormatOptions & { readonly range?: FormatSpan }): FormatResult {
  const layout = layoutFor(fileRole(file), file, text, options);
  if ('errors' in layout) return { ok: false, errors: layout.errors };
  return { ok: true, text: applyLayout(text, layout, options.range) };
}

function layoutFor(role: FileRole, file: string, text: string, options: FormatOptions): LineLayout | { readonly errors: readonly Finding[] } {
  switch (role) {
    case 'sh':
      return shellLayout(parseRcConf(file, text));
    case 'loader':
    case 'sysctl':
    case 'wg-quick':
      return keyValueLayout(role, file, text);
    case 'jail':
      return jailLayout(file, text, indentUnit(options));
  }
}

function errorsOf(findings: readonly Finding[]): readonly Finding[] | undefined {
  const errors = findings.filter((finding) => finding.severity === 'error');
  return errors.length > 0 ? errors : undefined;
}

/** What sh would still expand or unescape in an unquoted word (`~` expands unquoted only, so quoting it would change it). */
const UNQUOTED_UNSAFE = /[\\$~]/;
/** What double quotes do not keep literally; a newline is kept out to keep values on their line. */
const DOUBLE_QUOTE_SPECIAL = /[\\$`"\n]/;

/**
 * The value rewritten as `"value"` when that provably gives sh the same
 * string: an unquoted word with nothing sh would expand or unescape, or a
 * single-quoted one whose content double quotes would not touch. Anything
 * else (concatenations, references, command substitutions) stays as written.
 */
function canonicalValue(text: string, assignment: RcAssignment): string | undefined {
  const pieces = assignment.value;
  if (pieces.length === 0) return '""';
  // A value written over several lines (after a backslash-newline) keeps its layout.
  if (text.slice(assignment.valueRange.start.offset, assignment.valueRange.end.offset).includes('\n')) return undefined;
  if (pieces.length !== 1) return undefined;
  const piece = pieces[0]!;
  if (piece.kind === 'unquoted') {
    const raw = text.slice(piece.start, piece.end);
    return UNQUOTED_UNSAFE.test(raw) ? undefined : `"${raw}"`;
  }
  if (piece.kind === 'single-quoted') {
    const inner = text.slice(piece.start + 1, piece.end - 1);
    return DOUBLE_QUOTE_SPECIAL.test(inner) ? undefined : `"${inner}"`;
  }
  return undefined;
}

function shellLayout(parsed: RcFile): LineLayout | { readonly errors: readonly Finding[] } {
  const errors = errorsOf(parsed.findings);
  if (errors) return { errors };
  const { text } = parsed;
  const verbatim: Span[] = [];
  const replacements: Replacement[] = [];
  const statementStarts: number[] = [];
  let hasCommands = false;
  for (const statement of parsed.statements) {
    statementStarts.push(statement.range.start.offset);
    if (statement.kind === 'command') {
      hasCommands = true;
      for (const word of statement.words) for (const piece of word.pieces) verbatim.push(piece);
      continue;
    }
    for (const assignment of statement.assignments) {
      for (const piece of assignment.value) verbatim.push(piece);
      const canonical = canonicalValue(text, assignment);
      const start = assignment.valueRange.start.offset;
      const end = assignment.valueRange.end.offset;
      if (canonical !== undefined && canonical !== text.slice(start, end)) replacements.push({ start, end, text: canonical });
    }
  }
  const comments = parsed.comments.map((comment) => ({ start: comment.range.start.offset, end: comment.range.end.offset }));
  verbatim.sort((a, b) => a.start - b.start);
  // Indentation is only normalized in plain assignment files: inside `if ... fi` it is the author's structure.
  const indentAt = new Map<number, string>();
  if (!hasCommands) {
    const inside = (offset: number): boolean => containing(verbatim, offset) !== undefined || containing(comments, offset) !== undefined;
    for (const start of [...statementStarts, ...comments.map((comment) => comment.start)]) {
      // After a backslash-newline the line is part of the previous one: its leading blanks may separate words.
      if (startsLine(text, start) && !followsContinuation(text, lineStartOf(text, start), inside)) indentAt.set(start, '');
    }
  }
  return { verbatim, indentAt, replacements };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Only blanks before `offset` on its line: an own-line comment or a statement at the start of its line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

function followsContinuation(text: string, lineStart: number, inside: (offset: number) => boolean): boolean {
  const backslash = text[lineStart - 2] === '\\' ? lineStart - 2 : text.slice(lineStart - 3, lineStart) === '\\\r\n' ? lineStart - 3 : -1;
  return backslash >= 0 && !inside(backslash);
}

/** An unquoted value the loader reads as one word, the same as quoted (its word pattern starts with a letter, digit or `-`). */
const LOADER_WORD = /^[A-Za-z0-9-][A-Za-z0-9_.-]*$/;

/**
 * loader.conf, sysctl.conf and wg-quick share one line-shaped parser. Only
 * loader.conf has a canonical form beyond blanks (`name="value"`, as
 * loader.conf(5) writes it); sysctl.conf is read by sysctl(8), which strips
 * quotes itself, and wg-quick by its own shell loop, so their lines keep
 * their words and the spacing around `=`; all three lose their indentation,
 * which none of the readers keeps.
 */
function keyValueLayout(role: FileRole, file: string, text: string): LineLayout | { readonly errors: readonly Finding[] } {
  const parsed = parseKeyValueFile(file, text);
  const errors = errorsOf(parsed.findings);
  if (errors) return { errors };
  const replacements: Replacement[] = [];
  const indentAt = new Map<number, string>();
  for (const entry of parsed.entries) indentAt.set(entry.range.start.offset, '');
  for (const comment of parsed.comments) if (startsLine(text, comment.range.start.offset)) indentAt.set(comment.range.start.offset, '');
  for (const section of parsed.sections) indentAt.set(section.range.start.offset, '');
  if (role === 'loader') {
    for (const entry of parsed.entries) {
      const quoted = text[entry.valueOffset - 1] === '"';
      if (!quoted && !LOADER_WORD.test(entry.value)) continue;
      const canonical = `${entry.key}="${entry.value}"`;
      const start = entry.range.start.offset;
      const end = entry.range.end.offset;
      if (canonical !== text.slice(start, end)) replacements.push({ start, end, text: canonical });
    }
  }
  return { verbatim: [], indentAt, replacements };
}

/** jail.conf: parameters inside a block one indent level in, blocks and globals at the margin. */
function jailLayout(file: string, text: string, indent: string): LineLayout | { readonly errors: readonly Finding[] } {
  const parsed = parseJailConf(file, text);
  const errors = errorsOf(parsed.findings);
  if (errors) return { errors };
  const verbatim: Span[] = [];
  const indentAt = new Map<number, string>();
  const blockBodies: Span[] = [];
  const protect = (start: number, end: number): void => {
    if (text.slice(start, end).includes('\n')) verbatim.push({ start, end });
  };
  const parameters = [...parsed.globals.map((parameter) => ({ parameter, depth: 0 }))];
  for (const block of parsed.blocks) {
    indentAt.set(block.range.start.offset, '');
    indentAt.set(block.range.end.offset - 1, '');
    blockBodies.push({ start: block.nameRange.end.offset, end: block.range.end.offset - 1 });
    parameters.push(...block.parameters.map((parameter) => ({ parameter, depth: 1 })));
  }
  for (const { parameter, depth } of parameters) {
    indentAt.set(parameter.range.start.offset, depth === 0 ? '' : indent);
    for (const value of parameter.values) protect(value.range.start.offset, value.range.end.offset);
    protect(parameter.nameRange.start.offset, parameter.nameRange.end.offset);
  }
  for (const comment of parsed.comments) {
    const start = comment.range.start.offset;
    protect(start, comment.range.end.offset);
    if (startsLine(text, start)) indentAt.set(start, containing(blockBodies, start) ? indent : '');
  }
  verbatim.sort((a, b) => a.start - b.start);
  return { verbatim, indentAt, replacements: [] };
}

/** The span holding `offset` (start inclusive, end exclusive), by binary search over spans sorted by start. */
function containing(spans: readonly Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  let found: Span | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle]!;
    if (span.start <= offset) {
      found = span;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found && offset < found.end ? found : undefined;
}

/**
 * The shared line pass: trailing blanks removed, runs of blank lines
 * collapsed to one (none at the start or end), indentation set where the
 * layout says, value rewrites applied, and one newline at the end. Lines that
 * start inside a verbatim span (the second line of a quoted string) are kept
 * byte for byte. Line endings (LF or CRLF) are kept as written.
 */
function applyLayout(text: string, layout: LineLayout, range: FormatSpan | undefined): string {
  const edits: Replacement[] = [...layout.replacements];
  const inside = (offset: number): boolean => {
    const span = containing(layout.verbatim, offset);
    return span !== undefined && span.start < offset;
  };
  const lines: { start: number; contentEnd: number; next: number; blank: boolean }[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length : newline + 1;
    const contentEnd = newline < 0 ? text.length : newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
    const keptWhole = inside(start);
    let firstText = start;
    while (firstText < contentEnd && (text[firstText] === ' ' || text[firstText] === '\t')) firstText++;
    const blank = !keptWhole && firstText === contentEnd;
    lines.push({ start, contentEnd, next, blank });
    if (!blank) {
      let trimmed = contentEnd;
      while (trimmed > start && (text[trimmed - 1] === ' ' || text[trimmed - 1] === '\t')) trimmed--;
      if (trimmed < contentEnd && containing(layout.verbatim, trimmed) === undefined) edits.push({ start: trimmed, end: contentEnd, text: '' });
      const indent = keptWhole ? undefined : layout.indentAt.get(firstText);
      if (indent !== undefined && text.slice(start, firstText) !== indent) edits.push({ start, end: firstText, text: indent });
    }
    start = next;
  }
  // Blank lines: none before the first line with text, at most one between, none after the last.
  const lastText = lines.findLastIndex((line) => !line.blank);
  for (const [index, line] of lines.entries()) {
    if (!line.blank) continue;
    if (index > lastText || index === 0 || lines[index - 1]!.blank) edits.push({ start: line.start, end: line.next, text: '' });
    else if (line.contentEnd > line.start) edits.push({ start: line.start, end: line.contentEnd, text: '' });
  }
  const finalLine = lines[lastText];
  if (finalLine !== undefined && !text.slice(finalLine.start, finalLine.next).endsWith('\n')) edits.push({ start: text.length, end: text.length, text: '\n' });
  if (!range) return applyEdits(text, edits);
  const selected = touchedLines(text, range);
  return applyEdits(text, edits.filter((edit) => edit.start >= selected.start && edit.end <= selected.end));
}

/** The whole lines a range touches, newlines included; a range ending at a line start does not touch that line. */
export function touchedLines(text: string, range: FormatSpan): Span {
  const start = lineStartOf(text, range.start);
  const endNewline = text.indexOf('\n', Math.max(range.start, range.end - 1));
  return { start, end: endNewline < 0 ? text.length : endNewline + 1 };
}

function applyEdits(text: string, edits: readonly Replacement[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}
