/**
 * The pf.conf formatter. It works on the tokens as written (a `$macro` stays
 * a `$macro`), never on the expanded ruleset, and refuses a file with syntax
 * errors. Included files are not followed: each file is formatted alone.
 *
 * Before returning, each changed statement is lexed again and compared with
 * its source: the same tokens in the same order (commas added between
 * brace-list items aside), the same macro uses glued to the same words, the
 * same comments. A difference is a formatter bug; the file is then refused
 * rather than changed.
 */
import { LineIndex } from '../source.js';
import { Comma, LBrace, lexPf, MacroUse, Newline, RBrace, WORD_CONTINUATION, type LexedText, type PfToken } from '../pf/lexer.js';
import { parsePfConf } from '../pf/parse.js';
import type { PfDialect, Statement } from '../pf/syntax.js';
import { adjacentInSource } from './pf-spacing.js';
import { renderUnits } from './pf-layout.js';
import { readUnits, type IndexRange, type TreeFacts, type Unit } from './pf-units.js';
import type { FormatOptions, FormatResult, FormatSpan } from './types.js';

export interface PfFormatOptions extends FormatOptions {
  readonly dialect: PfDialect;
  /**
   * Format only the statements and comments overlapping this span of the
   * text (UTF-16 offsets, end exclusive); everything else stays byte for byte.
   */
  readonly range?: FormatSpan;
}

export function formatPf(file: string, text: string, options: PfFormatOptions): FormatResult {
  const parsed = parsePfConf(text, { file, dialect: options.dialect });
  const errors = parsed.findings.filter((finding) => finding.ruleId === 'syntax-error');
  if (errors.length > 0) return { ok: false, errors };

  const { lexed } = parsed;
  const units = readUnits(text, lexed, options.dialect, treeFacts(text, parsed.tree.statements));
  const rendered = renderUnits(units, options);
  const selected = options.range ? units.map((unit) => overlaps(unit, options.range!)) : units.map(() => true);
  const output = options.range ? splice(text, units, rendered, selected) : whole(units, rendered);

  const difference = verify(text, lexed, units, rendered, selected, output, options.dialect);
  if (difference !== undefined) {
    const index = new LineIndex(text);
    return {
      ok: false,
      errors: [
        {
          ruleId: 'internal-error',
          severity: 'error',
          message: 'the formatter would change the tokens or comments here; the file was left unchanged (please report this)',
          range: index.range(file, difference, difference),
        },
      ],
    };
  }
  return { ok: true, text: output };
}

function whole(units: readonly Unit[], rendered: readonly string[]): string {
  if (units.length === 0) return '';
  let output = rendered[0]!;
  for (let index = 1; index < units.length; index++) {
    output += (units[index]!.blankBefore ? '\n\n' : '\n') + rendered[index];
  }
  return output + '\n';
}

function overlaps(unit: Unit, range: FormatSpan): boolean {
  if (range.start === range.end) return unit.start <= range.start && range.start <= unit.end;
  return unit.start < range.end && range.start < unit.end;
}

/** The source with the selected units replaced; the gap between two selected neighbours is normalised too. */
function splice(text: string, units: readonly Unit[], rendered: readonly string[], selected: readonly boolean[]): string {
  let output = '';
  let copied = 0;
  units.forEach((unit, index) => {
    if (!selected[index]) return;
    const previousSelected = index > 0 && selected[index - 1];
    if (previousSelected) {
      output += unit.blankBefore ? '\n\n' : '\n';
    } else {
      output += text.slice(copied, unit.start);
    }
    output += rendered[index];
    copied = unit.end;
  });
  return output + text.slice(copied);
}

/** Facts the token stream alone cannot give: which `{` opens an anchor body, where list items end. */
function treeFacts(text: string, statements: readonly Statement[]): TreeFacts {
  const bodyBraces = new Set<number>();
  const itemEnds: number[] = [];
  const addItems = (items: readonly { readonly range: Statement['range'] }[]): void => {
    for (let index = 0; index + 1 < items.length; index++) {
      const end = items[index]!.range.end.offset;
      if (end <= items[index + 1]!.range.start.offset) itemEnds.push(end);
    }
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    // Atoms are leaves: nothing below them is a list or a body.
    if (typeof node['raw'] === 'string') return;
    if ((node['kind'] === 'anchor' || node['kind'] === 'ether-anchor') && node['body']) {
      bodyBraces.add((node['body'] as { range: Statement['range'] }).range.start.offset);
    }
    if (node['kind'] === 'list' && Array.isArray(node['items'])) addItems(node['items']);
    if ((node['kind'] === 'entries' || node['braced'] === true) && Array.isArray(node['entries'])) addItems(node['entries']);
    for (const key in node) {
      const child = node[key];
      if (key !== 'range' && typeof child === 'object') visit(child);
    }
  };
  for (const statement of statements) {
    // A list or body the file spells out has its `{` in the statement's text (one from a macro needs no commas).
    if (containsBrace(text, statement.range.start.offset, statement.range.end.offset)) visit(statement);
  }
  return { bodyBraces, itemEnds: itemEnds.sort((a, b) => a - b) };
}

function containsBrace(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) if (text.charCodeAt(offset) === 123 /* { */) return true;
  return false;
}

/**
 * Checks the output against the input: each unit the formatting changed is
 * lexed again and compared with the unit's source tokens and comments. Units
 * are separated by newlines, which end every token and comment, so the
 * changed units are lexed in one pass, one per line, and each lexes as it
 * would alone; a unit ending in a backslash would continue onto the next
 * line, and then the whole output is compared instead.
 */
function verify(
  text: string,
  lexed: LexedText,
  units: readonly Unit[],
  rendered: readonly string[],
  selected: readonly boolean[],
  output: string,
  dialect: PfDialect,
): number | undefined {
  const changed: number[] = [];
  units.forEach((unit, index) => {
    if (selected[index] && rendered[index] !== text.slice(unit.start, unit.end)) changed.push(index);
  });
  if (changed.some((index) => rendered[index]!.endsWith('\\'))) {
    const commas = units.flatMap((unit, index) => (selected[index] ? unit.commasAfter : []));
    const all = { from: 0, to: Number.MAX_SAFE_INTEGER };
    const relexed = lexPf(output, dialect);
    const outputPart = { text: output, lexed: relexed, tokens: { from: 0, to: relexed.tokens.length }, comments: { from: 0, to: relexed.comments.length } };
    return firstDifference({ text, lexed, tokens: all, comments: all, commasAfter: commas }, outputPart, false);
  }
  const changedText = changed.map((index) => rendered[index]!).join('\n');
  const relexed = lexPf(changedText, dialect);
  let start = 0;
  let token = 0;
  let comment = 0;
  for (const index of changed) {
    const end = start + rendered[index]!.length;
    const tokensFrom = token;
    const commentsFrom = comment;
    while (token < relexed.tokens.length && relexed.tokens[token]!.startOffset < end) token++;
    while (comment < relexed.comments.length && relexed.comments[comment]!.startOffset < end) comment++;
    const tokensTo = token;
    // The newline that separates this unit from the next belongs to neither.
    if (relexed.tokens[token]?.startOffset === end) token++;
    const outputPart = { text: changedText, lexed: relexed, tokens: { from: tokensFrom, to: tokensTo }, comments: { from: commentsFrom, to: comment } };
    const difference = firstDifference({ text, lexed, ...units[index]! }, outputPart, true);
    if (difference !== undefined) return difference;
    start = end + 1;
  }
  return undefined;
}

/** A stretch of a text: its tokens and comments, index ranges into its lexed form. */
interface LexedPart {
  readonly text: string;
  readonly lexed: LexedText;
  readonly tokens: IndexRange;
  readonly comments: IndexRange;
}

/** A stretch of the source, and the commas the formatter added after some of its tokens. */
interface SourcePart extends LexedPart {
  /** Token indices, ascending. */
  readonly commasAfter: readonly number[];
}

/**
 * The source offset of the first token or comment of `source` that `output`
 * does not reproduce, if any. Newlines are layout; everything else must match
 * in order: token type and text, the commas the formatter added, whether a
 * macro use runs on into the word after it, and each comment's text. For
 * `oneStatement`, the output must also have no newline outside braces.
 */
function firstDifference(source: SourcePart, output: LexedPart, oneStatement: boolean): number | undefined {
  const before = source.lexed.tokens;
  const after = output.lexed.tokens;
  let j = output.tokens.from;
  let depth = 0;
  let newlineOutsideBraces = false;
  const nextAfter = (): PfToken | undefined => {
    for (; j < output.tokens.to && after[j]!.tokenType === Newline; j++) if (depth === 0) newlineOutsideBraces = true;
    if (j >= output.tokens.to) return undefined;
    const token = after[j++];
    if (token?.tokenType === LBrace) depth++;
    else if (token?.tokenType === RBrace) depth = Math.max(0, depth - 1);
    return token;
  };
  let comma = 0;
  const tokensTo = Math.min(source.tokens.to, before.length);
  for (let i = source.tokens.from; i < tokensTo; i++) {
    const token = before[i]!;
    if (token.tokenType === Newline) continue;
    const other = nextAfter();
    if (!other || other.tokenType !== token.tokenType || other.image !== token.image) return token.startOffset;
    if (token.tokenType === MacroUse && runsOn(source.text, before, i) !== runsOn(output.text, after, j - 1)) return token.startOffset;
    while (comma < source.commasAfter.length && source.commasAfter[comma]! < i) comma++;
    if (source.commasAfter[comma] === i && nextAfter()?.tokenType !== Comma) return token.endOffset! + 1;
  }
  // Where something the source does not have was added: after the part's last token.
  const end = tokensTo > source.tokens.from ? before[tokensTo - 1]!.endOffset! + 1 : source.text.length;
  if (nextAfter() !== undefined) return end;
  // One statement must stay one: a newline outside braces would end it early.
  if (oneStatement && newlineOutsideBraces) return before[source.tokens.from]?.startOffset ?? end;
  const comments = source.lexed.comments.slice(source.comments.from, source.comments.to);
  const outputComments = output.lexed.comments.slice(output.comments.from, output.comments.to);
  if (comments.length !== outputComments.length) return comments[0]?.startOffset ?? end;
  for (let i = 0; i < comments.length; i++) {
    if (comments[i]!.image.trimEnd() !== outputComments[i]!.image.trimEnd()) return comments[i]!.startOffset;
  }
  return undefined;
}

/** Whether the macro use at `index` is glued to a following word (pfctl then reads one word). */
function runsOn(text: string, tokens: readonly PfToken[], index: number): boolean {
  const next = tokens[index + 1];
  return (
    next !== undefined &&
    next.tokenType !== Newline &&
    WORD_CONTINUATION.test(next.image[0] ?? '') &&
    adjacentInSource(text, tokens[index]!, next)
  );
}
