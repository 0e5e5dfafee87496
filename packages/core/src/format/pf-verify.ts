/**
 * The pf.conf formatter's last step: the check that its output says what the
 * input said. For every unit (statement or own-line comment) whose text the
 * formatting changed, lexing the output must give the unit's source tokens in
 * the same order and with the same types (commas added between brace-list
 * items aside), after every macro use what pfctl reads on from the end of
 * its value the same (`$if:network`, `$port# web`), the same comments, and no
 * newline outside braces (which would end the statement early). A difference
 * is a formatter bug: the caller refuses the file.
 *
 * Lexing every changed unit again cost as much as the rest of the formatter
 * together, so most of the output is checked without the lexer. The output of
 * a unit is walked along its source tokens: it must consist of exactly their
 * texts (and the added commas and the comments), in order, with nothing
 * between two of them but blanks, newlines and `\` + newline continuations.
 * What is left to know is whether the lexer cuts that text where the source
 * was cut, and the lexer's patterns make that a local question:
 *
 * - no token but a quoted string or a comment reaches over a blank or a
 *   newline, so the output falls apart at its gaps into runs of tokens written
 *   without a gap ("clusters"), each lexed on its own from its first character;
 * - a token's extent depends only on its own characters and the one after it
 *   (a number is a number only before a blank, a newline, `,`, `/`, `)`, `}`,
 *   `=` or the end); a blank, a tab, a newline and the end of the text all
 *   read alike there;
 * - a `,` is always a comma token, and it ends the token before it exactly as
 *   a blank would (no token goes on over either, and a number may end before
 *   both).
 *
 * So a cluster whose tokens the source also wrote without a gap, and after
 * which the source too had a blank, a tab, a newline or its end, is the same
 * text in the same surroundings and lexes the same, also with a comma added
 * at its end. The other clusters (a space removed or put in, as between
 * `1000` and `<>`, a comma added inside) are lexed, all in one call, and
 * compared. The test of the lexer's patterns in pf.verify.test.ts holds these
 * facts down. A unit the walk cannot account for (a backslash in a token or
 * comment, a gap with anything else in it, a newline outside braces, a token
 * out of place) is lexed whole and compared token by token, which also says
 * where the first difference is.
 */
import { Comma, endsNumber, LBrace, lexPf, MacroUse, Newline, RBrace, type LexedText, type PfToken } from '../pf/lexer.js';
import type { PfDialect } from '../pf/syntax.js';
import { characterRead } from '../pf/tokens.js';
import type { IndexRange, Unit } from './pf-units.js';

/**
 * The source offset of the first token or comment the output does not
 * reproduce, or undefined when it reproduces all of them. `rendered` holds
 * each unit's new text, `selected` the units that were formatted (a range
 * formats only some), `output` the whole new text.
 */
export function firstOutputDifference(
  text: string,
  lexed: LexedText,
  units: readonly Unit[],
  rendered: readonly string[],
  selected: readonly boolean[],
  output: string,
  dialect: PfDialect,
): number | undefined {
  const changed: number[] = [];
  for (let index = 0; index < units.length; index++) {
    if (!selected[index]) continue;
    const unit = units[index]!;
    const written = rendered[index]!;
    const same = written.length === unit.end - unit.start && text.startsWith(written, unit.start);
    // After a unit the output has a newline or its end. A source that had something else there than a blank
    // (a form feed after `80` makes it a word) is checked too: its last token may read differently now.
    if (!same || !followedByBlank(text, unit.end)) changed.push(index);
  }
  // A unit ending in a backslash would continue onto the next one: then the whole output is compared.
  if (changed.some((index) => rendered[index]!.endsWith('\\'))) return wholeOutputDifference(text, lexed, units, selected, output, dialect);

  const clusters: Cluster[] = [];
  const lexWhole: number[] = [];
  for (const index of changed) {
    if (!walkUnit(text, lexed, units[index]!, rendered[index]!, index, clusters)) lexWhole.push(index);
  }
  for (const index of unitsWithStrangeClusters(clusters, dialect)) lexWhole.push(index);
  return unitsDifference(text, lexed, units, rendered, [...new Set(lexWhole)].sort((a, b) => a - b), dialect);
}

/** A stretch of a lexed text: its tokens and comments as index ranges into its lexed form. */
interface LexedPart {
  readonly text: string;
  readonly lexed: LexedText;
  readonly tokens: IndexRange;
  readonly comments: IndexRange;
}

/** A stretch of the source (a unit, or all of it), and the commas the formatter added after some of its tokens. */
interface SourcePart extends LexedPart {
  /** Token indices, ascending, after which the formatter added a comma. */
  readonly commasAfter: readonly number[];
}

/** Output text written without a gap whose lexing must be checked: the source tokens it must give (undefined: an added comma). */
interface Cluster {
  readonly unit: number;
  readonly text: string;
  readonly expected: readonly (PfToken | undefined)[];
}

/** How the source separates two neighbouring tokens or comments. */
const enum SourceGap {
  /** Nothing, or only `\` + newline continuations (which the lexer never sees). */
  Glued,
  /** Blanks, tabs, newlines (and continuations). */
  Separated,
  /** Anything else (an escaping backslash, a form feed): the walk gives up on the unit. */
  Other,
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const COMMA = 44;

function sourceGap(text: string, from: number, to: number): SourceGap {
  if (from === to) return SourceGap.Glued;
  let gap = SourceGap.Glued;
  for (let offset = from; offset < to; offset++) {
    const code = text.charCodeAt(offset);
    if (code === SPACE || code === TAB || code === NEWLINE) gap = SourceGap.Separated;
    else if (code === BACKSLASH && text.charCodeAt(offset + 1) === NEWLINE) offset++;
    else return SourceGap.Other;
  }
  return gap;
}

/** The first character the lexer sees at `offset` (past continuations) is a blank, a tab, a newline, or there is none. */
function followedByBlank(text: string, offset: number): boolean {
  while (text.charCodeAt(offset) === BACKSLASH && text.charCodeAt(offset + 1) === NEWLINE) offset += 2;
  if (offset >= text.length) return true;
  const code = text.charCodeAt(offset);
  return code === SPACE || code === TAB || code === NEWLINE;
}

/**
 * Walks one changed unit's output along its source. True when the output is
 * the source's tokens and comments with gaps of blanks only, and every
 * cluster that differs from the source is in `clusters`; false when the unit
 * must be lexed whole.
 */
function walkUnit(text: string, lexed: LexedText, unit: Unit, out: string, unitIndex: number, clusters: Cluster[]): boolean {
  const { tokens, comments } = lexed;
  const commasAfter = unit.commasAfter;
  let token = unit.tokens.from;
  let comment = unit.comments.from;
  let comma = 0;
  let commaDue = false;
  let at = 0;
  let depth = 0;
  /** Source offset after the last token or comment walked; -1 before the first. */
  let sourceEnd = -1;
  /** The cluster being walked: where it starts in `out`, its tokens, and whether it must be lexed. */
  let clusterStart = -1;
  const members: (PfToken | undefined)[] = [];
  let strange = false;
  /** The cluster so far ends in a comma the formatter added. */
  let endsInComma = false;
  const closeCluster = (end: number, sourceSeparatesAfter: boolean): void => {
    if (clusterStart >= 0 && (strange || !sourceSeparatesAfter)) {
      clusters.push({ unit: unitIndex, text: out.slice(clusterStart, end), expected: members.slice() });
    }
    clusterStart = -1;
    members.length = 0;
    strange = false;
    endsInComma = false;
  };

  for (;;) {
    while (token < unit.tokens.to && tokens[token]!.tokenType === Newline) token++;
    let item: PfToken | undefined;
    let isComment = false;
    if (!commaDue) {
      if (token < unit.tokens.to && (comment >= unit.comments.to || tokens[token]!.startOffset < comments[comment]!.startOffset)) {
        item = tokens[token];
      } else if (comment < unit.comments.to) {
        item = comments[comment];
        isComment = true;
      }
    }
    const gapStart = at;
    let separated = at === 0; // a unit starts a line of the output
    for (; at < out.length; at++) {
      const code = out.charCodeAt(at);
      if (code === SPACE || code === TAB) separated = true;
      else if (code === NEWLINE) {
        if (depth === 0) return false;
        separated = true;
      } else if (code === BACKSLASH && out.charCodeAt(at + 1) === NEWLINE) at++;
      else break;
    }

    if (item === undefined && !commaDue) {
      if (at !== gapStart || at !== out.length) return false;
      closeCluster(at, followedByBlank(text, sourceEnd));
      return true;
    }

    const gap = item === undefined ? SourceGap.Other : sourceEnd < 0 ? SourceGap.Separated : sourceGap(text, sourceEnd, item.startOffset);
    if (item !== undefined && gap === SourceGap.Other) return false;
    if (separated) {
      // Before an added comma the source gap that counts is the one after it, which the next item compares.
      closeCluster(gapStart, gap === SourceGap.Separated);
      if (!isComment) clusterStart = at;
    } else {
      if (isComment) return false;
      // A gap the output closed, or a token written right after an added comma (which the
      // source had right after the token before the comma: `80!=81` has a word `80`, `80,!=81` a number): lex this cluster.
      if ((item !== undefined && gap !== SourceGap.Glued) || endsInComma) strange = true;
    }

    if (item === undefined) {
      if (out.charCodeAt(at) !== COMMA) return false;
      at++;
      members.push(undefined);
      endsInComma = true;
      commaDue = false;
      continue;
    }
    const image = item.image;
    // Written as it was lexed (no continuation or escape inside): then the output must hold the image itself.
    if (item.endOffset! + 1 - item.startOffset !== image.length || image.includes('\\')) return false;
    sourceEnd = item.endOffset! + 1;
    if (isComment) {
      const written = image.trimEnd();
      if (!out.startsWith(written, at)) return false;
      at += written.length;
      // Only blanks may follow before the end of the line: anything else would be part of the comment.
      let end = at;
      while (out.charCodeAt(end) === SPACE || out.charCodeAt(end) === TAB) end++;
      if (end < out.length && out.charCodeAt(end) !== NEWLINE) return false;
      comment++;
      continue;
    }
    if (!out.startsWith(image, at)) return false;
    at += image.length;
    // What pfctl reads after a macro's value is not in the tokens that lexing a cluster compares: compared here.
    if (item.tokenType === MacroUse && readAfterMacro(out, at) !== readAfterMacro(text, sourceEnd)) return false;
    members.push(item);
    if (item.tokenType === LBrace) depth++;
    else if (item.tokenType === RBrace) depth = Math.max(0, depth - 1);
    while (comma < commasAfter.length && commasAfter[comma]! < token) comma++;
    if (commasAfter[comma] === token) commaDue = true;
    token++;
  }
}

/** Lexes the clusters in one call (one per line); the units of those that do not give their expected tokens. */
function unitsWithStrangeClusters(clusters: readonly Cluster[], dialect: PfDialect): number[] {
  if (clusters.length === 0) return [];
  // A cluster is its tokens' texts without a gap, so lexed as expected its tokens follow each other exactly
  // (no room for a comment or a blank in between) and the last ends where the cluster does.
  const tokens = lexPf(clusters.map((cluster) => cluster.text).join('\n'), dialect).tokens;
  const failed: number[] = [];
  let token = 0;
  let start = 0;
  for (const cluster of clusters) {
    const end = start + cluster.text.length;
    let offset = start;
    let same = true;
    for (const expected of cluster.expected) {
      const got = tokens[token];
      const type = expected ? expected.tokenType : Comma;
      const image = expected ? expected.image : ',';
      if (got === undefined || got.startOffset !== offset || got.tokenType !== type || got.image !== image) {
        same = false;
        break;
      }
      offset += image.length;
      token++;
    }
    if (!same) failed.push(cluster.unit);
    // On to the next cluster, past the newline that separates it from this one.
    while (token < tokens.length && tokens[token]!.startOffset <= end) token++;
    start = end + 1;
  }
  return failed;
}

/**
 * Lexes the given units' output in one pass, one per line (units are
 * separated by newlines, which end every token and comment, so each lexes as
 * it would alone), and compares each with its source.
 */
function unitsDifference(
  text: string,
  lexed: LexedText,
  units: readonly Unit[],
  rendered: readonly string[],
  indices: readonly number[],
  dialect: PfDialect,
): number | undefined {
  if (indices.length === 0) return undefined;
  const changedText = indices.map((index) => rendered[index]!).join('\n');
  const relexed = lexPf(changedText, dialect);
  let start = 0;
  let token = 0;
  let comment = 0;
  for (const index of indices) {
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

/** Lexes the whole output and compares it with the whole source. */
function wholeOutputDifference(
  text: string,
  lexed: LexedText,
  units: readonly Unit[],
  selected: readonly boolean[],
  output: string,
  dialect: PfDialect,
): number | undefined {
  const commas = units.flatMap((unit, index) => (selected[index] ? unit.commasAfter : []));
  const all = { from: 0, to: Number.MAX_SAFE_INTEGER };
  const relexed = lexPf(output, dialect);
  const outputPart = { text: output, lexed: relexed, tokens: { from: 0, to: relexed.tokens.length }, comments: { from: 0, to: relexed.comments.length } };
  return firstDifference({ text, lexed, tokens: all, comments: all, commasAfter: commas }, outputPart, false);
}

/**
 * The source offset of the first token or comment of `source` that `output`
 * does not reproduce, if any. Newlines are layout; everything else must match
 * in order: token type and text, the commas the formatter added, what pfctl
 * reads after each macro use (`readAfterMacro`), and each comment's text. For
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
    if (token.tokenType === MacroUse && readAfterMacro(source.text, token.endOffset! + 1) !== readAfterMacro(output.text, other.endOffset! + 1)) {
      return token.startOffset;
    }
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

/**
 * What pfctl reads right after a macro use that ends at `offset`, on from the
 * end of the macro's value: the next character past `\` + newline
 * continuations (an escaped one for `\` + another), or '' where that reads as a
 * blank would (`endsNumber`). `$if:network` reads `:`, `$port# web` reads
 * `#`, `$port # web` and `$port,` read ''.
 */
function readAfterMacro(text: string, offset: number): string {
  const next = characterRead(text, offset) ?? '';
  return endsNumber(next) ? '' : next;
}
