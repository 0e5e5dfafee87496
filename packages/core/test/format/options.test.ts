import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { Finding } from '../../src/findings.js';
import { editorconfigOptions, resolveFormatOptions } from '../../src/format/options.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { memoryFileSystem } from '../../src/fs.js';

describe('.pflintrc.json "format"', () => {
  it('reads indent, maxLineLength and align', () => {
    const { config, findings } = parseConfig('/h/.pflintrc.json', '{ "format": { "indent": 2, "maxLineLength": 80, "align": false } }');
    expect(findings).toEqual([]);
    expect(config.format).toEqual({ indent: 2, maxLineLength: 80, align: false });
  });

  it('reads indentStyle "tab" or "space" and reports anything else', () => {
    expect(parseConfig('/h/.pflintrc.json', '{ "format": { "indentStyle": "tab" } }').config.format).toEqual({ indentStyle: 'tab' });
    const { config, findings } = parseConfig('/h/.pflintrc.json', '{ "format": { "indentStyle": "tabs" } }');
    expect(findings.map((finding) => finding.message)).toEqual(['"format.indentStyle" must be "space" or "tab"']);
    expect(config.format).toBeUndefined();
  });

  it('reports bad values at their position and keeps the good ones', () => {
    const text = '{\n  "format": { "indent": 2.5, "maxLineLength": 5, "align": "yes", "tabs": true, "indent": 3 }\n}';
    const { config, findings } = parseConfig('/h/.pflintrc.json', text);
    expect(findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.column, finding.message])).toEqual([
      ['config-error', 2, 25, '"format.indent" must be a whole number from 0 to 16'],
      ['config-error', 2, 47, '"format.maxLineLength" must be a whole number from 20 to 1000'],
      ['config-error', 2, 59, '"format.align" must be true or false'],
      ['config-error', 2, 66, 'unknown key "format.tabs" (expected indent, indentStyle, maxLineLength, align)'],
    ]);
    expect(config.format).toEqual({ indent: 3 });
  });

  it('refuses a "format" that is not an object and leaves format unset without one', () => {
    expect(parseConfig('/h/.pflintrc.json', '{ "format": 4 }').findings[0]?.message).toBe(
      '"format" must be an object (indent, indentStyle, maxLineLength, align)',
    );
    expect(parseConfig('/h/.pflintrc.json', '{ "dialect": "openbsd" }').config.format).toBeUndefined();
  });
});

describe('.editorconfig', () => {
  it('applies the sections that match the file name, later sections winning', () => {
    const fs = memoryFileSystem({
      '/p/.editorconfig': '# top\nroot = true\n\n[*]\nindent_size = 8\nmax_line_length = 120\n\n[rc.conf]\nindent_size = 2\n',
      '/p/etc/rc.conf': '',
    });
    expect(editorconfigOptions(fs, '/p/etc/rc.conf')).toEqual({ indent: 2, maxLineLength: 120 });
    expect(editorconfigOptions(fs, '/p/etc/pf.conf')).toEqual({ indent: 8, maxLineLength: 120 });
  });

  it('lets the nearest file win and stops at root = true', () => {
    const fs = memoryFileSystem({
      '/.editorconfig': '[*]\nmax_line_length = 60\n',
      '/p/.editorconfig': 'root = true\n[*]\nindent_size = 8\nmax_line_length = 90\n',
      '/p/etc/.editorconfig': '[*.conf]\nindent_size = 3\n',
    });
    expect(editorconfigOptions(fs, '/p/etc/pf.conf')).toEqual({ indent: 3, maxLineLength: 90 });
    const withoutRoot = memoryFileSystem({ '/.editorconfig': '[*]\nmax_line_length = 60\n', '/p/.editorconfig': '[*]\nindent_size = 8\n' });
    expect(editorconfigOptions(withoutRoot, '/p/pf.conf')).toEqual({ indent: 8, maxLineLength: 60 });
  });

  it('matches paths, braces, character sets and number ranges', () => {
    const fs = memoryFileSystem({
      '/p/.editorconfig': [
        'root = true',
        '[etc/*.conf]',
        'indent_size = 2',
        '[/boot/**]',
        'indent_size = 3',
        '[{router,edge}.xml]',
        'indent_size = 5',
        '[fw[0-9].pf]',
        'indent_size = 6',
        '[fw[!0-9].pf]',
        'indent_size = 7',
        '[r{1..12}.pf]',
        'indent_size = 9',
      ].join('\n'),
    });
    const indent = (path: string): number | undefined => editorconfigOptions(fs, path).indent;
    expect(indent('/p/etc/rc.conf')).toBe(2);
    expect(indent('/p/jails/x/etc/rc.conf')).toBeUndefined();
    expect(indent('/p/boot/loader.conf')).toBe(3);
    expect(indent('/p/boot/a/b/loader.conf')).toBe(3);
    expect(indent('/p/fw/edge.xml')).toBe(5);
    expect(indent('/p/core.xml')).toBeUndefined();
    expect(indent('/p/fw1.pf')).toBe(6);
    expect(indent('/p/fwa.pf')).toBe(7);
    expect(indent('/p/r12.pf')).toBe(9);
    expect(indent('/p/r13.pf')).toBeUndefined();
  });

  it('uses tab_width when indent_size is tab, max_line_length = off means no limit, and odd values are ignored', () => {
    const fs = memoryFileSystem({ '/p/.editorconfig': 'root=true\n[*]\nindent_style = tab\nindent_size = tab\ntab_width = 4\nmax_line_length = off\n' });
    expect(editorconfigOptions(fs, '/p/pf.conf')).toEqual({ indent: 4, indentStyle: 'tab', maxLineLength: Number.MAX_SAFE_INTEGER });
    const spaces = memoryFileSystem({ '/p/.editorconfig': 'root=true\n[*]\nindent_style = space\n[*.xml]\nindent_style = Tab\n' });
    expect(editorconfigOptions(spaces, '/p/pf.conf')).toEqual({ indentStyle: 'space' });
    expect(editorconfigOptions(spaces, '/p/router.xml')).toEqual({ indentStyle: 'tab' });
    const odd = memoryFileSystem({ '/p/.editorconfig': 'root=true\n[*]\nindent_size = wide\nmax_line_length = -3\n' });
    expect(editorconfigOptions(odd, '/p/pf.conf')).toEqual({});
  });
});

describe('resolveFormatOptions', () => {
  it('takes .pflintrc.json over .editorconfig over the defaults, setting by setting', () => {
    const fs = memoryFileSystem({
      '/h/.editorconfig': 'root = true\n[*]\nindent_size = 2\nmax_line_length = 72\n',
      '/h/.pflintrc.json': '{ "format": { "indent": 8 } }',
    });
    expect(resolveFormatOptions(fs, '/h/etc/pf.conf')).toEqual({ ...DEFAULT_FORMAT_OPTIONS, indent: 8, maxLineLength: 72 });
  });

  it('gives the defaults without either file', () => {
    expect(resolveFormatOptions(memoryFileSystem({}), '/h/etc/pf.conf')).toEqual(DEFAULT_FORMAT_OPTIONS);
  });

  it('hands back the configuration errors and ignores the bad value', () => {
    const fs = memoryFileSystem({ '/h/.pflintrc.json': '{ "format": { "indent": -1 } }' });
    const findings: Finding[] = [];
    expect(resolveFormatOptions(fs, '/h/pf.conf', findings)).toEqual(DEFAULT_FORMAT_OPTIONS);
    expect(findings.map((finding) => [finding.ruleId, finding.range.file])).toEqual([['config-error', '/h/.pflintrc.json']]);
  });
});
