import { describe, expect, it } from 'vitest';
import { commonEnds, endOffsetOf, joinRanges, LineIndex, narrowRange, OffsetRange, startOffsetOf, withPlainRanges, type SourceRange } from '../src/source.js';

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

  it('narrows to a name inside it, an offset range into another one, a plain range into a plain one', () => {
    const narrowed = narrowRange(block, 1, 2);
    expect(narrowed).toBeInstanceOf(OffsetRange);
    expect([narrowed.start, narrowed.end]).toEqual([
      { line: 2, column: 2, offset: 9 },
      { line: 2, column: 4, offset: 11 },
    ]);
    const plain: SourceRange = { file: 'pf.conf', start: block.start, end: block.end };
    expect(narrowRange(plain, 1, 2)).toEqual({ file: 'pf.conf', start: narrowed.start, end: narrowed.end });
  });

  it('survives a structured clone (a worker reply) only through withPlainRanges', () => {
    const reply = { id: 1, result: [{ range: block, related: [block], note: 'x' }], count: 2 };
    expect(structuredClone(reply).result[0]!.range.start).toBeUndefined();
    const cloned = structuredClone(withPlainRanges(reply));
    const plain: SourceRange = { file: 'pf.conf', start: block.start, end: block.end };
    expect(cloned).toEqual({ id: 1, result: [{ range: plain, related: [plain], note: 'x' }], count: 2 });
  });
});

describe('commonEnds', () => {
  it('finds what two versions share at the start and then at the end, never overlapping', () => {
    expect(commonEnds('pass in\nblock\n', 'pass out\nblock\n')).toEqual({ prefix: 5, suffix: 7 });
    expect(commonEnds('aaa', 'aaaa')).toEqual({ prefix: 3, suffix: 0 });
    expect(commonEnds('abc', 'abc')).toEqual({ prefix: 3, suffix: 0 });
    expect(commonEnds('', 'x')).toEqual({ prefix: 0, suffix: 0 });
  });

  it('gives the same answer across the blocks it compares at once as character by character', () => {
    const long = 'pass in on em0\n'.repeat(300);
    for (const at of [0, 1023, 1024, 1025, 2048, long.length - 1]) {
      const edited = `${long.slice(0, at)}#${long.slice(at + 1)}`;
      expect(commonEnds(long, edited)).toEqual({ prefix: at, suffix: long.length - at - 1 });
      expect(commonEnds(long, `${long.slice(0, at)}xy${long.slice(at)}`)).toEqual({ prefix: at, suffix: long.length - at });
    }
  });
});
