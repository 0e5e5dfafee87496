import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, memoryFileSystem, type FileSystem } from '@pflint/core';

const HOST = {
  '/h/etc/rc.conf.main': 'ifconfig_em0="inet 192.0.2.1/24 fib 1"\n',
  '/h/etc/pf/main.conf': 'pass in on em0 rtable 1\n',
};

function fibFindings(files: Record<string, string>): string[] {
  const result = checkPaths(memoryFileSystem(files), { paths: ['/h'], builders: defaultHostBuilders });
  return result.findings
    .filter((finding) => finding.ruleId === 'fib-out-of-range' || finding.ruleId === 'config-error')
    .map((finding) => `${finding.ruleId} ${finding.range.file}:${finding.range.start.line}`);
}

/** `files`, counting how often each file is read. */
function countingReads(files: FileSystem): { counting: FileSystem; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counting = {
    ...files,
    readFile: (path: string) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return files.readFile(path);
    },
  };
  return { counting, reads };
}

describe('defaultHostBuilders', () => {
  it('reads the files where FreeBSD keeps them when no layout is configured', () => {
    expect(fibFindings(HOST)).toEqual([]);
  });

  it("reads the host's files where .pflintrc.json's host layout says", () => {
    const config = JSON.stringify({ host: { rcConf: ['etc/rc.conf.main'], pfConf: 'etc/pf/main.conf' } });
    expect(fibFindings({ ...HOST, '/h/.pflintrc.json': config })).toEqual([
      'fib-out-of-range /h/etc/pf/main.conf:1',
      'fib-out-of-range /h/etc/rc.conf.main:1',
    ]);
  });

  it("reads each of the host's files once per build, pf.conf included", () => {
    const files = memoryFileSystem({ ...HOST, '/h/etc/rc.conf': 'pf_enable="YES"\n', '/h/etc/pf.conf': 'pass in on em0\n' });
    const { counting, reads } = countingReads(files);
    const built = defaultHostBuilders.freebsdHost!(counting, '/h', { dialect: 'freebsd', layout: {}, includePaths: [] });
    expect(built.analysis.pf?.file).toBe('/h/etc/pf.conf');
    expect(reads.get('/h/etc/pf.conf')).toBe(1);
    expect(reads.get('/h/etc/rc.conf')).toBe(1);
  });

  it('reads a FireBrick file and loose files once per build too', () => {
    const files = memoryFileSystem({ '/r.xml': '<config/>\n', '/l/rc.conf': 'pf_enable="YES"\n', '/l/pf.conf': 'pass in on em0\n' });
    const { counting, reads } = countingReads(files);
    const options = { dialect: 'freebsd' as const, layout: {}, includePaths: [] };
    defaultHostBuilders.firebrick!(counting, '/r.xml', options);
    const loose = defaultHostBuilders.looseFiles!(
      counting,
      [
        { path: '/l/rc.conf', language: 'rcconf' },
        { path: '/l/pf.conf', language: 'pf' },
      ],
      options,
    );
    expect(loose.analysis.pf?.file).toBe('/l/pf.conf');
    expect(Object.fromEntries(reads)).toEqual({ '/r.xml': 1, '/l/rc.conf': 1, '/l/pf.conf': 1 });
  });

  it('keeps the default for a role the layout does not name', () => {
    const config = JSON.stringify({ host: { pfConf: 'etc/pf/main.conf' } });
    const files = { ...HOST, '/h/etc/rc.conf': 'ifconfig_em1="inet 198.51.100.1/24 fib 2"\n', '/h/.pflintrc.json': config };
    expect(fibFindings(files)).toEqual(['fib-out-of-range /h/etc/pf/main.conf:1', 'fib-out-of-range /h/etc/rc.conf:1']);
  });
});

describe('.pflintrc.json include paths', () => {
  // pfctl at boot opens `include "rules.conf"` relative to `/`; the checkout keeps it in a directory of its own.
  const HOST_WITH_INCLUDE = {
    '/h/etc/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24"\npf_enable="YES"\n',
    '/h/etc/pf.conf': 'include "rules.conf"\n',
    '/shared/pf.d/rules.conf': 'pass in on em0 rtable 1\n',
  };

  function includeFindings(files: Record<string, string>): string[] {
    const result = checkPaths(memoryFileSystem(files), { paths: ['/h'], builders: defaultHostBuilders });
    return result.findings
      .filter((finding) => ['include-not-found', 'fib-out-of-range', 'config-error'].includes(finding.ruleId))
      .map((finding) => `${finding.ruleId} ${finding.range.file}:${finding.range.start.line}`);
  }

  it('reports a relative include that is neither under the host root nor in a configured directory', () => {
    expect(includeFindings(HOST_WITH_INCLUDE)).toEqual(['include-not-found /h/etc/pf.conf:1']);
  });

  it('finds the included file in a directory named by `include`, resolved against the config file, and checks it', () => {
    const files = { ...HOST_WITH_INCLUDE, '/h/.pflintrc.json': JSON.stringify({ include: ['../shared/pf.d'] }) };
    // The included rule's `rtable 1` is now seen: FIB 1 does not exist without net.fibs.
    expect(includeFindings(files)).toEqual(['fib-out-of-range /shared/pf.d/rules.conf:1']);
  });

  it('prefers the file where pfctl would open it over the search path', () => {
    const files = {
      ...HOST_WITH_INCLUDE,
      '/h/rules.conf': 'pass in on em0\n',
      '/h/.pflintrc.json': JSON.stringify({ include: ['../shared/pf.d'] }),
    };
    expect(includeFindings(files)).toEqual([]);
  });

  it('searches the directories in order', () => {
    const files = {
      ...HOST_WITH_INCLUDE,
      '/first/rules.conf': 'pass in on em0\n',
      '/h/.pflintrc.json': JSON.stringify({ include: ['/first', '/shared/pf.d'] }),
    };
    expect(includeFindings(files)).toEqual([]);
  });
});

describe('files included by a host pf.conf', () => {
  // pfctl runs from `/` at boot: `include "pf.d/a.conf"` and `include "/etc/b.conf"` are files of the host directory.
  const HOST_INCLUDING = {
    '/h/etc/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24"\npf_enable="YES"\n',
    '/h/etc/pf.conf': 'include "pf.d/a.conf"\ninclude "/etc/b.conf"\n',
    '/h/pf.d/a.conf': 'table <t> { 192.0.2.9 }\n',
    '/h/etc/b.conf': 'bad line\n',
  };

  it('names findings by the file read and keeps the text of every included file, rules or not', () => {
    const result = checkPaths(memoryFileSystem(HOST_INCLUDING), { paths: ['/h'], builders: defaultHostBuilders });
    const syntax = result.findings.filter((finding) => finding.ruleId === 'syntax-error');
    expect(syntax.map((finding) => `${finding.range.file}:${finding.range.start.line}`)).toEqual(['/h/etc/b.conf:1']);
    expect([...result.sources.keys()].filter((file) => file.endsWith('.conf')).sort()).toEqual([
      '/h/etc/b.conf',
      '/h/etc/pf.conf',
      '/h/etc/rc.conf',
      '/h/pf.d/a.conf',
    ]);
  });
});
