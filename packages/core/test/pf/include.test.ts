import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf } from '../../src/pf/parse.js';
import type { FilterRule, IncludeStatement } from '../../src/pf/syntax.js';
import { parse, where } from './parser-helpers.js';

describe('include', () => {
  it('opens the path as given, relative to baseDir (pfctl: the working directory)', () => {
    const result = parse('include "rules/extra.conf"\n', {
      baseDir: '/etc',
      files: { '/etc/rules/extra.conf': 'pass in\nblock out\n' },
    });
    expect(result.findings).toEqual([]);
    const include = result.tree.statements[0] as IncludeStatement;
    expect(include.resolvedPath).toBe('/etc/rules/extra.conf');
    // Findings in the included file name the file read, not the path as written.
    expect(include.included?.file).toBe('/etc/rules/extra.conf');
    expect(include.included?.statements.map((statement) => statement.kind)).toEqual(['filter-rule', 'filter-rule']);
  });

  it('does not resolve relative to the including file', () => {
    const result = parse('include "sub/a.conf"\n', {
      baseDir: '/work',
      files: { '/work/sub/a.conf': 'include "b.conf"\n', '/work/sub/b.conf': 'pass\n' },
    });
    expect(where(result)).toEqual(['/work/sub/a.conf:1:1 include-not-found']);
  });

  it('uses an absolute path unchanged', () => {
    const result = parse('include "/etc/pf.d/x.conf"', { baseDir: '/elsewhere', files: { '/etc/pf.d/x.conf': 'pass' } });
    expect(result.findings).toEqual([]);
  });

  it('accepts an unquoted file name, as pfctl reads any string', () => {
    const result = parse('include extra.conf', { baseDir: '/d', files: { '/d/extra.conf': 'pass' } });
    expect(result.findings).toEqual([]);
  });

  it('shares macros both ways with the included file', () => {
    const result = parse('lan = "em1"\ninclude "m.conf"\npass on $wan', {
      baseDir: '/',
      files: { '/m.conf': 'wan = "em0"\nblock on $lan\n' },
    });
    expect(result.findings).toEqual([]);
    const rule = result.tree.statements[2] as FilterRule;
    expect(rule.on?.kind === 'on' && rule.on.interfaces.kind === 'interface' && rule.on.interfaces.name.text).toBe('em0');
  });

  it('reports a missing file with pfctl\'s message and goes on', () => {
    const result = parse('include "nope.conf"\npass\n', { baseDir: '/' });
    expect(result.findings).toMatchObject([
      { ruleId: 'include-not-found', message: 'failed to include file nope.conf', range: { start: { line: 1, column: 1 } } },
    ]);
    expect(result.tree.statements).toHaveLength(2);
  });

  /** The main file read from `/pf.conf`, as a host's pf.conf is: its name is the path the file system reads. */
  function parseRootFile(files: Record<string, string>): ReturnType<typeof parse> {
    return parsePfConf(files['/pf.conf']!, { file: '/pf.conf', fs: memoryFileSystem(files), baseDir: '/' });
  }

  it('stops an include cycle with a finding instead of recursing', () => {
    const result = parseRootFile({ '/pf.conf': 'include "a.conf"\n', '/a.conf': 'include "b.conf"\n', '/b.conf': 'pass\ninclude "a.conf"\n' });
    expect(where(result)).toEqual(['/b.conf:2:1 include-cycle']);
    expect(result.findings[0]!.message).toBe('include cycle: /pf.conf -> /a.conf -> /b.conf -> /a.conf');
  });

  it('detects a file including itself', () => {
    const result = parseRootFile({ '/pf.conf': 'include "pf.conf"\n' });
    expect(where(result)).toEqual(['/pf.conf:1:1 include-cycle']);
  });

  it('knows the main file by the name it was given when the base directory is elsewhere', () => {
    const files = { 'h/etc/pf.conf': 'include "/etc/pf.conf"\n' };
    const result = parsePfConf(files['h/etc/pf.conf'], { file: 'h/etc/pf.conf', fs: memoryFileSystem(files), baseDir: 'h', root: 'h' });
    expect(where(result)).toEqual(['h/etc/pf.conf:1:1 include-cycle']);
  });

  it('reads an absolute path inside the host root and names the included file by that path', () => {
    const files = { 'h/etc/pf.conf': 'include "/etc/pf.d/x.conf"\n', 'h/etc/pf.d/x.conf': 'pass\ninvalidline\n', '/etc/pf.d/x.conf': 'pass\n' };
    const result = parsePfConf(files['h/etc/pf.conf'], { file: 'h/etc/pf.conf', fs: memoryFileSystem(files), baseDir: 'h', root: 'h' });
    expect(where(result)).toEqual(['h/etc/pf.d/x.conf:2:1 syntax-error']);
    expect((result.tree.statements[0] as IncludeStatement).resolvedPath).toBe('h/etc/pf.d/x.conf');
  });

  it('reads an absolute path that already lies inside the host root as it is', () => {
    const files = { '/h/etc/pf.conf': 'include "/h/etc/x.conf"\n', '/h/etc/x.conf': 'pass\n' };
    const result = parsePfConf(files['/h/etc/pf.conf'], { file: '/h/etc/pf.conf', fs: memoryFileSystem(files), baseDir: '/h', root: '/h' });
    expect(result.findings).toEqual([]);
    expect((result.tree.statements[0] as IncludeStatement).included?.file).toBe('/h/etc/x.conf');
  });

  it('reports errors inside an included file at that file\'s line', () => {
    const result = parse('pass in\ninclude "bad.include"\npass out\n', {
      baseDir: '/t',
      files: { '/t/bad.include': 'block out\ninvalidline\n' },
    });
    expect(where(result)).toEqual(['/t/bad.include:2:1 syntax-error']);
    expect(result.tree.statements).toHaveLength(3);
  });
});
