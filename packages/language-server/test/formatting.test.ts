import { describe, expect, it } from 'vitest';
import { minimalEdit } from '../src/formatting.js';

function apply(text: string, edit: ReturnType<typeof minimalEdit>): string {
  return edit ? text.slice(0, edit.start) + edit.newText + text.slice(edit.end) : text;
}

describe('minimalEdit', () => {
  it('is undefined when nothing changed', () => {
    expect(minimalEdit('pass all\n', 'pass all\n')).toBeUndefined();
  });

  it('keeps the common prefix and suffix', () => {
    expect(minimalEdit('a  b\nc\n', 'a b\nc\n')).toEqual({ start: 2, end: 3, newText: '' });
    expect(minimalEdit('x=1\n', 'x = 1\n')).toEqual({ start: 1, end: 2, newText: ' = ' });
    expect(minimalEdit('', 'pass\n')).toEqual({ start: 0, end: 0, newText: 'pass\n' });
  });

  it('never splits a surrogate pair, so positions stay on whole characters', () => {
    for (const [before, after] of [
      ['# \u{1F600}\n', '# \u{1F601}\n'],
      ['# \u{1F600}a\n', '# \u{1F600}b\n'],
      ['a\u{1F600}\n', 'b\u{1F600}\n'],
      ['# \u{1F600}\u{1F600}\n', '# \u{1F600}\n'],
    ] as const) {
      const edit = minimalEdit(before, after)!;
      expect(apply(before, edit)).toBe(after);
      for (const offset of [edit.start, edit.end]) {
        const code = before.charCodeAt(offset);
        expect(code >= 0xdc00 && code <= 0xdfff, `${JSON.stringify(before)} → ${JSON.stringify(after)} cuts at ${offset}`).toBe(false);
      }
    }
  });
});
