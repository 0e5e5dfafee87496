import { describe, expect, it } from 'vitest';
import { emptyHostModel, memoryFileSystem, sourceFile, type BuildOptions, type HostBuilders } from '@pflint/core';
import { createCoreAnalysis } from '../src/core-analysis.js';

const ROOT = '/hosts/radon';

/** A FreeBSD builder that reports one syntax error and one internal error in etc/pf.conf, and remembers its options. */
function fakeBuilders(seen: BuildOptions[]): HostBuilders {
  return {
    freebsdHost(fs, directory, options) {
      seen.push(options);
      const file = `${directory}/etc/pf.conf`;
      const text = fs.readFile(file) ?? '';
      const start = { line: 1, column: 1, offset: 0 };
      const range = { file, start, end: start };
      const host = emptyHostModel('radon', [file]);
      return {
        analysis: { host, sources: new Map([[file, sourceFile(file, 'pf', text)]]), complete: true },
        findings: [
          { ruleId: 'syntax-error', severity: 'error', message: 'unexpected token', range },
          { ruleId: 'internal-error', severity: 'error', message: 'something broke', range },
        ],
      };
    },
  };
}

describe('the core adapter (check driver plus client settings)', () => {
  it('checks a host directory and returns its findings and files', () => {
    const seen: BuildOptions[] = [];
    const fs = memoryFileSystem({ [`${ROOT}/etc/pf.conf`]: 'pass\n' });
    const result = createCoreAnalysis(fakeBuilders(seen))(fs, { kind: 'directory', root: ROOT }, {}, []);
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.severity}`).sort()).toEqual(['internal-error:error', 'syntax-error:error']);
    expect(result.files).toEqual([`${ROOT}/etc/pf.conf`]);
    expect(seen[0]!.dialect).toBe('freebsd');
  });

  it("applies the client's rule levels and dialect where .pflintrc.json says nothing", () => {
    const seen: BuildOptions[] = [];
    const fs = memoryFileSystem({ [`${ROOT}/etc/pf.conf`]: 'pass\n' });
    const result = createCoreAnalysis(fakeBuilders(seen))(
      fs,
      { kind: 'directory', root: ROOT },
      { dialect: 'openbsd', rules: { 'syntax-error': 'info', 'internal-error': 'off' } },
      [],
    );
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.severity}`)).toEqual(['syntax-error:info']);
    expect(seen[0]!.dialect).toBe('openbsd');
  });

  it("lets the host's .pflintrc.json win over the client's settings", () => {
    const seen: BuildOptions[] = [];
    const fs = memoryFileSystem({
      [`${ROOT}/etc/pf.conf`]: 'pass\n',
      [`${ROOT}/.pflintrc.json`]: '{ "dialect": "freebsd", "rules": { "syntax-error": "warning" } }',
    });
    const result = createCoreAnalysis(fakeBuilders(seen))(
      fs,
      { kind: 'directory', root: ROOT },
      { dialect: 'openbsd', rules: { 'syntax-error': 'off', 'internal-error': 'info' } },
      [],
    );
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.severity}`).sort()).toEqual(['internal-error:info', 'syntax-error:warning']);
    expect(seen[0]!.dialect).toBe('freebsd');
  });

  it('analyses a host again only when a file it read reads differently, and applies client settings either way', () => {
    const seen: BuildOptions[] = [];
    const analyze = createCoreAnalysis(fakeBuilders(seen));
    const target = { kind: 'directory' as const, root: ROOT };
    const pfConf = `${ROOT}/etc/pf.conf`;
    const first = analyze(memoryFileSystem({ [pfConf]: 'pass\n' }), target, {}, [pfConf]);
    // Another file of the host opened with the text it has on disk: nothing to analyse again.
    const opened = analyze(memoryFileSystem({ [pfConf]: 'pass\n', [`${ROOT}/etc/rc.conf`]: '' }), target, { rules: { 'internal-error': 'off' } }, [pfConf]);
    expect(seen).toHaveLength(1);
    expect(opened.findings).toEqual(first.findings.filter((finding) => finding.ruleId !== 'internal-error'));
    analyze(memoryFileSystem({ [pfConf]: 'block\n' }), target, {}, [pfConf]);
    expect(seen).toHaveLength(2);
  });

  it('says which front end is missing instead of failing', () => {
    const fs = memoryFileSystem({ [`${ROOT}/etc/pf.conf`]: 'pass\n' });
    const result = createCoreAnalysis({})(fs, { kind: 'directory', root: ROOT }, {}, []);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual(['no FreeBSD host front end is available in this build of pflint']);
  });
});
