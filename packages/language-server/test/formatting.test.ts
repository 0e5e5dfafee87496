import { memoryFileSystem } from '@pflint/core';
import { describe, expect, it } from 'vitest';
import { formatDocument, minimalEdit, type FormattingAnswer } from '../src/formatting.js';

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

describe('formatDocument layout', () => {
  const jailConf = 'www {\npath = "/jails/www";\n}\n';

  function formatted(files: Record<string, string>, request: { tabSize: number; insertSpaces: boolean }): string {
    const answer: FormattingAnswer = formatDocument(memoryFileSystem(files), '/h/etc/jail.conf', jailConf, 'rcconf', 'freebsd', request);
    if ('error' in answer) throw new Error(answer.error);
    return answer.edits.reduce((text, edit) => text.slice(0, edit.start) + edit.newText + text.slice(edit.end), jailConf);
  }

  it('indents with tabs when the client asks for tabs and no configuration decides', () => {
    expect(formatted({}, { tabSize: 4, insertSpaces: false })).toContain('\n\tpath = "/jails/www";\n');
  });

  it("uses the client's tab size for spaces", () => {
    expect(formatted({}, { tabSize: 2, insertSpaces: true })).toContain('\n  path = "/jails/www";\n');
  });

  it(".editorconfig wins over the client's choice", () => {
    const editorconfig = 'root = true\n[*]\nindent_style = space\nindent_size = 3\n';
    expect(formatted({ '/h/.editorconfig': editorconfig }, { tabSize: 8, insertSpaces: false })).toContain('\n   path = "/jails/www";\n');
  });
});
