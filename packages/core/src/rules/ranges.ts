import { startOffsetOf, type SourceRange } from '../source.js';

/** Source order across files: by file name, then offset. */
export function compareRanges(a: SourceRange, b: SourceRange): number {
  return a.file.localeCompare(b.file) || startOffsetOf(a) - startOffsetOf(b);
}
