/**
 * Positions and ranges in source files. Lines and columns are 1-based as
 * editors and compilers print them; `offset` is the 0-based UTF-16 index into
 * the file's text, which is what text edits and the language server need.
 */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface SourceRange {
  /** Path of the file as the caller named it (host-relative or absolute). */
  readonly file: string;
  readonly start: SourcePosition;
  /** Exclusive end. */
  readonly end: SourcePosition;
}

/** What an `OffsetRange` works its positions out from: a file's `LineIndex`, or a part of a file that can move. */
export interface OffsetPositions {
  position(offset: number): SourcePosition;
  /** `offset` as positions give it (moved inside the text): `position(offset).offset` without the line lookup. */
  clamp(offset: number): number;
  range(file: string, startOffset: number, endOffset: number): SourceRange;
}

/**
 * Maps offsets to line/column for one file's text. Built once per file;
 * each lookup is a binary search over line starts.
 */
export class LineIndex implements OffsetPositions {
  private readonly lineStarts: number[];
  private lastLine = 0;

  constructor(readonly text: string) {
    const starts = [0];
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) starts.push(newline + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** `offset` moved inside the text, as positions are. */
  clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  position(offset: number): SourcePosition {
    const clamped = this.clamp(offset);
    const line = this.lineOf(clamped);
    return { line: line + 1, column: clamped - this.lineStarts[line]! + 1, offset: clamped };
  }

  /**
   * The 0-based line holding `offset`. Readers mostly ask in ascending order
   * (a parse, a walk over a tree), so the line of the last answer is tried
   * before the binary search.
   */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const last = this.lastLine;
    if (offset >= starts[last]! && (last + 1 === starts.length || offset < starts[last + 1]!)) return last;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return low;
  }

  range(file: string, startOffset: number, endOffset: number): SourceRange {
    return new OffsetRange(file, this, startOffset, endOffset);
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  /** The text of a 1-based line without its newline. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line]! - 1 : this.text.length;
    return this.text.slice(start, next);
  }
}

/**
 * The positions of one part of a file (a pf.conf statement) that a later
 * version of the text may keep unchanged: its ranges hold the offsets they
 * were read at, and `moveBy` re-points all of them at once to the new text,
 * shifted by what the edits before the part added or removed. Ranges made
 * from it are valid for the newest text it was moved to only.
 */
export class MovablePositions implements OffsetPositions {
  #lines: LineIndex;
  #shift = 0;

  constructor(lines: LineIndex) {
    this.#lines = lines;
  }

  /** The part now stands `shift` characters later than before (earlier when negative), in `lines`' text. */
  moveBy(shift: number, lines: LineIndex): void {
    this.#lines = lines;
    this.#shift += shift;
  }

  position(offset: number): SourcePosition {
    return this.#lines.position(offset + this.#shift);
  }

  clamp(offset: number): number {
    return this.#lines.clamp(offset + this.#shift);
  }

  range(file: string, startOffset: number, endOffset: number): SourceRange {
    return new OffsetRange(file, this, startOffset, endOffset);
  }
}

/**
 * A range kept as two offsets into its file's text; line and column are
 * worked out each time they are read. A parsed pf.conf holds a range for
 * nearly every token and node, and few are ever shown: two position objects
 * for each made parsing a quarter slower (their allocation and the garbage
 * collector copying them), while reading a position back costs one lookup.
 *
 * `start` and `end` are getters, so a spread (`{ ...range }`) or a structured
 * clone (a worker's postMessage) loses them: build ranges with
 * `LineIndex.range` or `joinRanges`, and send results between threads through
 * `withPlainRanges`. JSON gets the plain form from `toJSON`.
 */
export class OffsetRange implements SourceRange {
  readonly #lines: OffsetPositions;
  readonly #startOffset: number;
  readonly #endOffset: number;

  constructor(
    readonly file: string,
    lines: OffsetPositions,
    startOffset: number,
    endOffset: number,
  ) {
    this.#lines = lines;
    this.#startOffset = startOffset;
    this.#endOffset = endOffset;
  }

  get start(): SourcePosition {
    return this.#lines.position(this.#startOffset);
  }

  get end(): SourcePosition {
    return this.#lines.position(this.#endOffset);
  }

  /** `start.offset` without the line lookup: clamped to the text as positions are. */
  get startOffset(): number {
    return this.#lines.clamp(this.#startOffset);
  }

  /** `end.offset` without the line lookup. */
  get endOffset(): number {
    return this.#lines.clamp(this.#endOffset);
  }

  /** This range with its start `startBy` characters on and its end `endBy` characters back. */
  narrowed(startBy: number, endBy: number): OffsetRange {
    return new OffsetRange(this.file, this.#lines, this.#startOffset + startBy, this.#endOffset - endBy);
  }

  /** From this range's start to `last`'s end, when both are offsets into the same text. */
  joinedTo(last: OffsetRange): OffsetRange | undefined {
    return last.#lines === this.#lines ? new OffsetRange(this.file, this.#lines, this.#startOffset, last.#endOffset) : undefined;
  }

  toJSON(): SourceRange {
    return plainRange(this);
  }
}

/** Where a range starts, as an offset: for an OffsetRange without working out its line. */
export function startOffsetOf(range: SourceRange): number {
  return range instanceof OffsetRange ? range.startOffset : range.start.offset;
}

/** Where a range ends (exclusive), as an offset: for an OffsetRange without working out its line. */
export function endOffsetOf(range: SourceRange): number {
  return range instanceof OffsetRange ? range.endOffset : range.end.offset;
}

/** A range with its positions as data, as object literals have them. */
export function plainRange(range: SourceRange): SourceRange {
  return { file: range.file, start: range.start, end: range.end };
}

/** From `first`'s start to `last`'s end (in `first`'s file). */
export function joinRanges(first: SourceRange, last: SourceRange): SourceRange {
  const joined = first instanceof OffsetRange && last instanceof OffsetRange ? first.joinedTo(last) : undefined;
  return joined ?? { file: first.file, start: first.start, end: last.end };
}

/**
 * `range` with its start `startBy` characters on and its end `endBy`
 * characters back, on the same lines (a name inside quotes or after a `$`).
 * An OffsetRange stays one, so no line is worked out.
 */
export function narrowRange(range: SourceRange, startBy: number, endBy: number): SourceRange {
  if (range instanceof OffsetRange) return range.narrowed(startBy, endBy);
  const { start, end } = range;
  return {
    file: range.file,
    start: { line: start.line, column: start.column + startBy, offset: start.offset + startBy },
    end: { line: end.line, column: end.column - endBy, offset: end.offset - endBy },
  };
}

/**
 * A copy of `value` (plain objects and arrays, as results are) in which every
 * OffsetRange is a plain range, for a structured clone: a worker's reply
 * would otherwise arrive with ranges that have no positions.
 */
export function withPlainRanges<T>(value: T): T {
  if (value instanceof OffsetRange) return plainRange(value) as T;
  if (Array.isArray(value)) return value.map(withPlainRanges) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) copy[key] = withPlainRanges(entry);
  return copy as T;
}

/** Characters compared at once while two texts agree: comparing substrings is a block comparison, not a loop. */
const BLOCK = 1024;

/**
 * How many characters two versions of a text have in common at their start
 * (`prefix`) and, after that, at their end (`suffix`; the two never overlap):
 * what an edit left alone around what it changed.
 */
export function commonEnds(before: string, after: string): { readonly prefix: number; readonly suffix: number } {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + BLOCK <= shorter && before.substring(prefix, prefix + BLOCK) === after.substring(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const limit = shorter - prefix;
  let suffix = 0;
  const block = (text: string): string => text.substring(text.length - suffix - BLOCK, text.length - suffix);
  while (suffix + BLOCK <= limit && block(before) === block(after)) suffix += BLOCK;
  while (suffix < limit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}
