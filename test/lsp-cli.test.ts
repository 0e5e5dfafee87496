import { describe, expect, it } from 'vitest';
import { runPflint } from '../packages/cli/test/run.js';

describe('pflint lsp (argument handling; the server itself is tested over stdio)', () => {
  it('is listed in pflint --help', () => {
    expect(runPflint(['--help']).stdout).toMatch(/^\s+lsp\s+run the language server over stdio/m);
  });

  it('prints its usage with --help and does not start a server', () => {
    const result = runPflint(['lsp', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pflint lsp [--stdio]');
  });

  it('rejects other transports and stray arguments with exit code 2', () => {
    for (const args of [['lsp', '--socket=2087'], ['lsp', '--node-ipc'], ['lsp', 'pf.conf']]) {
      const result = runPflint(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^pflint lsp: /);
    }
  });
});
