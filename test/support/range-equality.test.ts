import { LineIndex } from '@pflint/core';
import { describe, expect, it } from 'vitest';

describe('toEqual on ranges (range-equality.ts)', () => {
  const lines = new LineIndex('pass in\nblock out\n');
  const pass = lines.range('pf.conf', 0, 4);
  const block = lines.range('pf.conf', 8, 13);

  it('tells two offset ranges of one file apart by their positions, also inside other values', () => {
    expect(pass).not.toEqual(block);
    expect({ rules: [{ range: pass }] }).not.toEqual({ rules: [{ range: block }] });
    expect(pass).toEqual(lines.range('pf.conf', 0, 4));
  });

  it('compares an offset range with the literal of its positions', () => {
    const literal = { file: 'pf.conf', start: { line: 2, column: 1, offset: 8 }, end: { line: 2, column: 6, offset: 13 } };
    expect(block).toEqual(literal);
    expect(literal).toEqual(block);
    expect(pass).not.toEqual(literal);
    expect(block).toMatchObject({ start: { line: 2 } });
  });
});
