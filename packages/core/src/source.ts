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

/**
 * Maps offsets to line/column for one file's text. Built once per file;
 * each lookup is a binary search over line starts.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low]! + 1, offset: clamped };
  }

  range(file: string, startOffset: number, endOffset: number): SourceRange {
    return { file, start: this.position(startOffset), end: this.position(endOffset) };
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
