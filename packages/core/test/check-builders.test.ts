import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, memoryFileSystem } from '@pflint/core';

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

  it('keeps the default for a role the layout does not name', () => {
    const config = JSON.stringify({ host: { pfConf: 'etc/pf/main.conf' } });
    const files = { ...HOST, '/h/etc/rc.conf': 'ifconfig_em1="inet 198.51.100.1/24 fib 2"\n', '/h/.pflintrc.json': config };
    expect(fibFindings(files)).toEqual(['fib-out-of-range /h/etc/pf/main.conf:1', 'fib-out-of-range /h/etc/rc.conf:1']);
  });
});
