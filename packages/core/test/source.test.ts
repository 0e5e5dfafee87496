import { describe, expect, it } from 'vitest';
import { endOffsetOf, joinRanges, LineIndex, OffsetRange, startOffsetOf, withPlainRanges, type SourceRange } from '../src/source.js';

const TEXT = 'pass in\nblock out\n\nmatch\n';

describe('LineIndex', () => {
  it('gives 1-based lines and columns for offsets asked in any order, clamping past the end', () => {
    const lines = new LineIndex(TEXT);
    const offsets = [0, 12, 8, 17, 4, 18, 7, 100];
    expect(offsets.map((offset) => lines.position(offset))).toEqual([
      { line: 1, column: 1, offset: 0 },
      { line: 2, column: 5, offset: 12 },
      { line: 2, column: 1, offset: 8 },
      { line: 2, column: 10, offset: 17 },
      { line: 1, column: 5, offset: 4 },
      { line: 3, column: 1, offset: 18 },
      { line: 1, column: 8, offset: 7 },
      { line: 5, column: 1, offset: TEXT.length },
    ]);
  });
});

describe('OffsetRange', () => {
  const lines = new LineIndex(TEXT);
  const block = lines.range('pf.conf', 8, 13);

  it('reads its positions from the offsets', () => {
    expect(block).toBeInstanceOf(OffsetRange);
    expect(block.file).toBe('pf.conf');
    expect(block.start).toEqual({ line: 2, column: 1, offset: 8 });
    expect(block.end).toEqual({ line: 2, column: 6, offset: 13 });
  });

  it('gives its offsets without positions, as a plain range gives them from its positions', () => {
    expect([startOffsetOf(block), endOffsetOf(block)]).toEqual([8, 13]);
    const pastTheEnd = lines.range('pf.conf', TEXT.length + 5, TEXT.length + 9);
    expect([startOffsetOf(pastTheEnd), endOffsetOf(pastTheEnd)]).toEqual([pastTheEnd.start.offset, pastTheEnd.end.offset]);
    const plain: SourceRange = { file: 'pf.conf', start: { line: 4, column: 1, offset: 19 }, end: { line: 4, column: 6, offset: 24 } };
    expect([startOffsetOf(plain), endOffsetOf(plain)]).toEqual([19, 24]);
  });

  it('serialises to JSON as a plain range', () => {
    expect(JSON.parse(JSON.stringify({ range: block }))).toEqual({
      range: { file: 'pf.conf', start: { line: 2, column: 1, offset: 8 }, end: { line: 2, column: 6, offset: 13 } },
    });
  });

  it('joins with a range of the same text into another offset range, and with any other range into a plain one', () => {
    const match = lines.range('pf.conf', 19, 24);
    const joined = joinRanges(block, match);
    expect(joined).toBeInstanceOf(OffsetRange);
    expect([joined.start, joined.end]).toEqual([block.start, match.end]);
    const elsewhere = new LineIndex(TEXT).range('pf.conf', 19, 24);
    const plain = joinRanges(block, elsewhere);
    expect(plain).not.toBeInstanceOf(OffsetRange);
    expect(plain).toEqual({ file: 'pf.conf', start: block.start, end: elsewhere.end });
  });

  it('survives a structured clone (a worker reply) only through withPlainRanges', () => {
    const reply = { id: 1, result: [{ range: block, related: [block], note: 'x' }], count: 2 };
    expect(structuredClone(reply).result[0]!.range.start).toBeUndefined();
    const cloned = structuredClone(withPlainRanges(reply));
    const plain: SourceRange = { file: 'pf.conf', start: block.start, end: block.end };
    expect(cloned).toEqual({ id: 1, result: [{ range: plain, related: [plain], note: 'x' }], count: 2 });
  });
});
