import { describe, expect, it } from 'vitest';
import { memoryFileSystem, type Dialect, type PfLoadedConfig } from '@pflint/core';
import { buildHostIndex } from '../src/host-index.js';

const PF_CONF = 'pass all\n';

function dialectRead(files: Record<string, string>, clientDialect?: Dialect): Dialect | undefined {
  const index = buildHostIndex(memoryFileSystem(files), { kind: 'directory', root: '/h' }, [], clientDialect ? { clientDialect } : {});
  return index.analysis.pf?.dialect;
}

describe('buildHostIndex', () => {
  it("reads a host in its .pflintrc.json's dialect over the editor's setting, and in the setting's where the host names none", () => {
    const host = { '/h/etc/pf.conf': PF_CONF };
    expect(dialectRead(host)).toBe('freebsd');
    expect(dialectRead(host, 'openbsd')).toBe('openbsd');
    expect(dialectRead({ ...host, '/h/.pflintrc.json': '{ "dialect": "openbsd" }' }, 'freebsd')).toBe('openbsd');
    expect(dialectRead({ ...host, '/h/.pflintrc.json': '{ "dialect": "freebsd" }' }, 'openbsd')).toBe('freebsd');
  });

  it('builds a directory marked only by .pflintrc.json from its files and the open documents below it, as loose parts of one host', () => {
    const fs = memoryFileSystem({ '/p/.pflintrc.json': '{}', '/p/pf.conf': 'ext_if = "em0"\npass on $ext_if\n', '/p/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24"\n' });
    const index = buildHostIndex(fs, { kind: 'directory', root: '/p' }, []);
    expect(index.analysis.complete).toBe(false);
    expect((index.analysis.pf?.ruleset as PfLoadedConfig | undefined)?.rules.filter).toHaveLength(1);
    expect([...index.analysis.host.interfaces.keys()]).toContain('em0');
  });

  it('builds nothing for a directory without files it reads', () => {
    const index = buildHostIndex(memoryFileSystem({ '/p/.pflintrc.json': '{}', '/p/notes.txt': 'x\n' }), { kind: 'directory', root: '/p' }, []);
    expect(index.analysis.pf).toBeUndefined();
    expect(index.analysis.host.interfaces.size).toBe(0);
  });
});
