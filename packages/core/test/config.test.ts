import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig, memoryFileSystem, parseConfig, type Finding } from '@pflint/core';

function problems(text: string): [string, number, number, string][] {
  return parseConfig('/h/.pflintrc.json', text).findings.map((finding: Finding) => [
    finding.severity,
    finding.range.start.line,
    finding.range.start.column,
    finding.message,
  ]);
}

describe('parseConfig', () => {
  it('reads rules, dialect, host layout and include paths', () => {
    const { config, findings } = parseConfig(
      '/hosts/radon/.pflintrc.json',
      JSON.stringify({
        $schema: 'x',
        rules: { 'fib-out-of-range': 'warning', 'unused-suppression': 'off' },
        dialect: 'openbsd',
        host: { pfConf: 'etc/pf/main.conf', rcConf: 'etc/rc.conf.radon', jailConf: ['a.conf', 'b.conf'] },
        include: ['pf.d', '/abs'],
      }),
    );
    expect(findings).toEqual([]);
    expect(config).toEqual({
      file: '/hosts/radon/.pflintrc.json',
      rules: { 'fib-out-of-range': 'warning', 'unused-suppression': 'off' },
      dialect: 'openbsd',
      host: { pfConf: 'etc/pf/main.conf', rcConf: ['etc/rc.conf.radon'], jailConf: ['a.conf', 'b.conf'] },
      includePaths: ['/hosts/radon/pf.d', '/abs'],
    });
  });

  it('reports a JSON syntax error at its line and column, and falls back to the defaults', () => {
    const text = '{\n  "rules": {\n    "fib-out-of-range": "off",\n  }\n}\n';
    expect(problems(text)).toEqual([['error', 4, 3, "not valid JSON: expected a property name in double quotes, found '}'"]]);
    expect(parseConfig('/h/.pflintrc.json', text).config.rules).toEqual({});
  });

  it('reports unknown keys, bad values and unknown rule ids where they are, keeping the valid entries', () => {
    const text = [
      '{',
      '  "rulez": {},',
      '  "dialect": "netbsd",',
      '  "rules": { "fib-out-of-range": "warn", "fib-out-of-rang": "off", "syntax-error": "info" },',
      '  "host": { "pfconf": "x", "rcConf": [1] },',
      '  "include": 3',
      '}',
    ].join('\n');
    expect(problems(text)).toEqual([
      ['error', 2, 3, 'unknown key "rulez" (expected rules, dialect, host, include, format)'],
      ['error', 3, 14, '"dialect" must be one of "freebsd", "openbsd"'],
      ['error', 4, 34, 'rule "fib-out-of-range": expected one of "off", "info", "warning", "error"'],
      ['warning', 4, 42, 'unknown rule "fib-out-of-rang" (see `pflint rules`)'],
      ['error', 5, 13, 'unknown key "host.pfconf" (expected pfConf, rcConf, loaderConf, sysctlConf, jailConf)'],
      ['error', 5, 39, '"host.rcConf": expected a path string'],
      ['error', 6, 14, '"include": expected a path or a list of paths'],
    ]);
    expect(parseConfig('/h/.pflintrc.json', text).config.rules).toEqual({ 'fib-out-of-rang': 'off', 'syntax-error': 'info' });
  });

  it('rejects a configuration that is not an object, and trailing text', () => {
    expect(problems('[1]')).toEqual([['error', 1, 1, 'the configuration must be a JSON object']]);
    expect(problems('{} x')).toEqual([['error', 1, 4, "not valid JSON: unexpected 'x' after the end of the JSON value"]]);
    expect(problems('')).toEqual([['error', 1, 1, 'not valid JSON: unexpected end of file']]);
    expect(problems('{"a\\q": 1}')).toEqual([['error', 1, 4, "not valid JSON: bad escape '\\q'"]]);
  });

  it('reports nesting deeper than any configuration needs instead of exhausting the stack', () => {
    expect(problems(`{"host": ${'['.repeat(100_000)}`)).toEqual([['error', 1, 265, 'not valid JSON: nested more than 256 levels deep']]);
  });

  it('decodes escapes in keys and strings', () => {
    expect(parseConfig('/h/c.json', '{"rules": {"fib-out-of-range": "o\\u0066f"}}').config.rules).toEqual({ 'fib-out-of-range': 'off' });
  });
});

describe('finding the configuration', () => {
  const fs = memoryFileSystem({
    '/work/.pflintrc.json': '{"dialect": "openbsd"}',
    '/work/hosts/radon/etc/pf.conf': 'pass',
    '/work/hosts/other/.pflintrc.json': '{}',
  });

  it('searches upward from the target', () => {
    expect(findConfigFile(fs, '/work/hosts/radon/etc')).toBe('/work/.pflintrc.json');
    expect(findConfigFile(fs, '/work/hosts/other')).toBe('/work/hosts/other/.pflintrc.json');
    expect(findConfigFile(memoryFileSystem({ '/a/b': '' }), '/a')).toBeUndefined();
  });

  it('loads the nearest file, an explicit one, or the defaults', () => {
    expect(loadConfig(fs, { start: '/work/hosts/radon' }).config.dialect).toBe('openbsd');
    expect(loadConfig(fs, { start: '/work/hosts/radon', explicit: '/work/hosts/other/.pflintrc.json' }).config.dialect).toBeUndefined();
    expect(loadConfig(memoryFileSystem({}), { start: '/' })).toEqual({ config: { rules: {}, host: {}, includePaths: [] }, findings: [] });
  });

  it('reports an explicit file that cannot be read', () => {
    const { findings } = loadConfig(fs, { start: '/work', explicit: '/work/missing.json' });
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([['config-error', 'cannot read /work/missing.json']]);
  });
});

describe('parseConfig on arbitrary input', () => {
  it('never throws, and every problem has a location inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        for (const finding of parseConfig('/c.json', text).findings) {
          expect(finding.ruleId).toBe('config-error');
          expect(finding.range.start.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
