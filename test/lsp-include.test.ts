import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleLines } from '../packages/language-server/test/lsp-client.js';
import { PFLINT_BIN, startStdioServer, writeHost } from './stdio-server.js';


describe('pflint lsp --stdio: a file included by a host-absolute path', () => {
  it('gets its diagnostics under its URI in the host directory, not at the path pf.conf wrote', async () => {
    const files: Record<string, string> = {
      'etc/rc.conf': 'ifconfig_vtnet0="inet 203.0.113.2/24"\npf_enable="YES"\n',
      'etc/pf.conf': 'block all\ninclude "/etc/pf.d/office.conf"\n',
      'etc/pf.d/office.conf': 'pass in on vtnet0 from 192.0.2.77/25\n',
    };
    const root = writeHost('pflint-lsp-include-', files);
    const { child, client } = startStdioServer([PFLINT_BIN, 'lsp', '--stdio'], { inheritStderr: true });
    try {
      await client.initialize(root);
      await client.initialized();
      await client.open(path.join(root, 'etc/pf.conf'), files['etc/pf.conf']!, 'pf');
      const included = pathToFileURL(path.join(root, 'etc/pf.d/office.conf')).href;
      const published = await client.waitForDiagnostics(included, (params) => params.diagnostics.length > 0, { timeoutMs: 60_000 });
      expect(ruleLines(published.diagnostics)).toEqual(['host-bits-set@1']);
      expect(client.history.some((params) => params.uri === pathToFileURL('/etc/pf.d/office.conf').href)).toBe(false);
    } finally {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
