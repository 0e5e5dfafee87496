/**
 * The pf.conf formatter's writing step: units (pf-units.ts) to lines.
 *
 * A statement too long for `maxLineLength` is broken with ` \` + newline,
 * which pfctl removes before it reads anything, so a break may go between
 * any two tokens that are written with a space. Breaks go before option
 * keywords outside brackets first (filled greedily: as much as fits on each
 * line); a piece still too long is broken between list items or words.
 */
import { indentUnit, type FormatOptions } from './types.js';
import { Bang, RBrace } from '../pf/lexer.js';
import type { AlignGroup, Piece, Unit } from './pf-units.js';

const CONTINUATION = ' \\';

/** Extra spaces before one piece of a statement's first line (column alignment). */
interface Padding {
  readonly before: number;
  readonly spaces: number;
}

function separator(piece: Piece, index: number, padding: Padding | undefined): string {
  if (piece.glued) return '';
  return padding && padding.before === index ? ' '.repeat(padding.spaces + 1) : ' ';
}

/** The pieces `from` to `to` (exclusive) on one line; the first one's separator is dropped. */
function joined(pieces: readonly Piece[], from: number, to: number, padding?: Padding): string {
  let text = pieces[from]!.text;
  for (let index = from + 1; index < to; index++) text += separator(pieces[index]!, index, padding) + pieces[index]!.text;
  return text;
}

/** Leading blanks of a line, and how many columns they take (a tab counts as one indentation level). */
interface Indentation {
  readonly text: string;
  readonly columns: number;
}

/**
 * Lays out one line of tokens: a list of physical lines, all but the last
 * ending in ` \`.
 */
function breakTokens(
  pieces: readonly Piece[],
  firstIndent: Indentation,
  continuationIndent: Indentation,
  maxLineLength: number,
  padding?: Padding,
): string[] {
  const whole = joined(pieces, 0, pieces.length, padding);
  if (firstIndent.columns + whole.length <= maxLineLength) return [firstIndent.text + whole];

  const lines: string[] = [];
  let indent = firstIndent;
  let line = '';
  const fits = (text: string, last: boolean): boolean =>
    indent.columns + text.length + (last ? 0 : CONTINUATION.length) <= maxLineLength;
  const flush = (): void => {
    lines.push(indent.text + line);
    indent = continuationIndent;
    line = '';
  };
  /** Appends pieces[from, to) on the current line or, when they do not fit, on a new one. */
  const place = (from: number, to: number, last: boolean): boolean => {
    const text = joined(pieces, from, to, padding);
    if (line === '') {
      if (!fits(text, last)) return false;
      line = text;
      return true;
    }
    const candidate = line + separator(pieces[from]!, from, padding) + text;
    if (fits(candidate, last)) {
      line = candidate;
      return true;
    }
    // Breaking only helps when the text then fits on the new line.
    if (continuationIndent.columns + text.length + (last ? 0 : CONTINUATION.length) > maxLineLength) return false;
    flush();
    line = text;
    return true;
  };

  const segments = boundaries(pieces, (piece) => piece.breakBefore);
  segments.forEach(([from, to], segmentIndex) => {
    const lastSegment = segmentIndex === segments.length - 1;
    if (place(from, to, lastSegment)) return;
    // Too long even on a line of its own: fill it word by word.
    const words = boundaries(pieces.slice(from, to), (piece, index, all) => all[index - 1]!.type !== Bang).map(
      ([a, b]): [number, number] => [a + from, b + from],
    );
    words.forEach(([a, b], wordIndex) => {
      const last = lastSegment && wordIndex === words.length - 1;
      // A word too long for any line stays with the word before it.
      if (!place(a, b, last)) line += (line === '' ? '' : separator(pieces[a]!, a, padding)) + joined(pieces, a, b, padding);
    });
  });
  if (line !== '') lines.push(indent.text + line);
  return lines.map((text, index) => (index < lines.length - 1 ? text + CONTINUATION : text));
}

/** Splits pieces into runs [from, to) at unglued pieces the predicate accepts. */
function boundaries(
  pieces: readonly Piece[],
  breakable: (piece: Piece, index: number, all: readonly Piece[]) => boolean,
): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let index = 1; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (!piece.glued && breakable(piece, index, pieces)) {
      runs.push([start, index]);
      start = index;
    }
  }
  if (pieces.length > 0) runs.push([start, pieces.length]);
  return runs;
}

/** Width of an aligned statement's head on its first line. */
function headWidth(unit: Unit): number | undefined {
  const first = unit.lines[0];
  if (!unit.align || first?.kind !== 'tokens' || first.pieces.length <= unit.align.headEnd) return undefined;
  return joined(first.pieces, 0, unit.align.headEnd + 1).length;
}

/**
 * Runs of statements that align: one group, not separated by a blank line or
 * another statement (own-line comments between them do not end a run).
 */
function alignmentRuns(units: readonly Unit[]): Unit[][] {
  const runs: Unit[][] = [];
  let run: Unit[] = [];
  let group: AlignGroup | undefined;
  const close = (): void => {
    if (run.length > 0) runs.push(run);
    run = [];
    group = undefined;
  };
  for (const unit of units) {
    if (unit.blankBefore) close();
    if (unit.kind === 'comment') continue;
    const width = headWidth(unit);
    if (width === undefined || unit.align!.group !== group) close();
    if (width === undefined) continue;
    group = unit.align!.group;
    run.push(unit);
  }
  close();
  return runs;
}

/**
 * Every unit's text. With `align`, the heads of a run are padded to one
 * column, and so are the trailing comments of its one-line statements.
 */
export function renderUnits(units: readonly Unit[], options: FormatOptions): string[] {
  const runs = options.align ? alignmentRuns(units) : [];
  const headColumns = new Map<Unit, number>();
  for (const run of runs) {
    const column = run.reduce((widest, unit) => Math.max(widest, headWidth(unit) ?? 0), 0);
    for (const unit of run) headColumns.set(unit, column);
  }
  const lines = new Map<Unit, string[]>();
  const texts = units.map((unit) => {
    const rendered = renderUnit(unit, options, headColumns.get(unit));
    if (headColumns.has(unit)) lines.set(unit, rendered);
    return rendered.length === 1 ? rendered[0]! : rendered.join('\n');
  });
  if (runs.length === 0) return texts;
  for (const run of runs) alignTrailingComments(run, lines);
  units.forEach((unit, index) => {
    const aligned = lines.get(unit);
    if (aligned) texts[index] = aligned.join('\n');
  });
  return texts;
}

/** Pads the trailing comments of a run's one-line statements to one column (past the longest). */
function alignTrailingComments(run: readonly Unit[], lines: Map<Unit, string[]>): void {
  const commented: { unit: Unit; content: string; comment: string }[] = [];
  for (const unit of run) {
    const [only, ...rest] = unit.lines;
    const rendered = lines.get(unit)!;
    if (rest.length > 0 || only?.kind !== 'tokens' || only.comment === undefined || only.commentGlued || rendered.length !== 1) continue;
    commented.push({ unit, content: rendered[0]!.slice(0, -(only.comment.length + 1)), comment: only.comment });
  }
  if (commented.length < 2) return;
  const column = commented.reduce((widest, entry) => Math.max(widest, entry.content.length), 0);
  for (const { unit, content, comment } of commented) lines.set(unit, [`${content.padEnd(column)} ${comment}`]);
}

/** The unit's lines, indented for its depth. */
function renderUnit(unit: Unit, options: FormatOptions, alignTo: number | undefined): string[] {
  const level = indentUnit(options);
  const indentation = (levels: number): Indentation => ({ text: level.repeat(levels), columns: Math.max(0, options.indent) * levels });
  const base = indentation(unit.depth);
  const continuation = indentation(unit.depth + 1);
  const out: string[] = [];
  unit.lines.forEach((line, index) => {
    if (line.blankBefore) out.push('');
    if (line.kind === 'comment') {
      // The `\` that joins the comment to the statement, as the source had it. A glued comment
      // keeps touching the token before the `\`: no blank before the `\`, no indentation after it.
      if (line.continued && out.length > 0) out[out.length - 1] += line.glued ? '\\' : CONTINUATION;
      out.push((line.glued ? '' : (unit.kind === 'comment' ? base : continuation).text) + line.comment);
      return;
    }
    const first = line.pieces[0];
    const indent = index === 0 || first?.type === RBrace ? base : continuation;
    let padding: Padding | undefined;
    const width = index === 0 && alignTo !== undefined ? headWidth(unit) : undefined;
    if (width !== undefined && unit.align) padding = { before: unit.align.headEnd + 1, spaces: alignTo! - width };
    const physical = line.pieces.length > 0 ? breakTokens(line.pieces, indent, continuation, options.maxLineLength, padding) : [indent.text];
    if (line.comment !== undefined) {
      const lastIndex = physical.length - 1;
      const gap = line.commentGlued ? '' : ' ';
      physical[lastIndex] = line.pieces.length > 0 ? `${physical[lastIndex]}${gap}${line.comment}` : indent.text + line.comment;
    }
    out.push(...physical);
  });
  return out;
}
