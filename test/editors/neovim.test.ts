import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FORMAT_OPTIONS } from '@pflint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakFile, brokenHost, coreFindings, PFLINT_CLI, pflintFmt, RADON_DEFECTS, RADON_RC_DEFECTS, REPO, requireExecutable, type BrokenHost } from './host.js';

/** What test/editors/neovim.lua writes. */
interface NeovimResult {
  readonly nvim: string;
  readonly filetype: string;
  readonly error?: string;
  readonly diagnostics?: readonly { line: number; column: number; rule: string | null; source: string | null; message: string }[];
  readonly formatting_provider?: boolean;
  readonly format_error?: string;
  readonly formatted?: string;
  readonly server_exit?: number;
  readonly rc_filetype?: string;
  readonly rc_diagnostics?: NeovimResult['diagnostics'];
}

describe("Neovim's built-in LSP client with `pflint lsp --stdio`", () => {
  let host: BrokenHost;
  let result: NeovimResult;
  let original: string;
  let rcFile: string;
  let rcDefects: string[];

  beforeAll(() => {
    const nvim = requireExecutable('nvim', 'apt-get install neovim');
    host = brokenHost('radon', 'etc/pf.conf', RADON_DEFECTS);
    rcFile = path.join(host.root, 'etc/rc.conf');
    rcDefects = breakFile(host.root, 'radon', 'etc/rc.conf', RADON_RC_DEFECTS);
    original = readFileSync(host.file, 'utf8');
    const resultFile = path.join(host.root, '.nvim-result.json');
    const run = spawnSync(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(REPO, 'test/editors/neovim.lua')}`], {
      cwd: host.root,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        PFLINT_SERVER: JSON.stringify([process.execPath, PFLINT_CLI, 'lsp', '--stdio']),
        PFLINT_ROOT: host.root,
        PFLINT_FILE: host.file,
        PFLINT_RC_FILE: rcFile,
        PFLINT_RESULT: resultFile,
        // The indentation Neovim asks for (its shiftwidth): pflint's default, so the result can be compared with `pflint fmt`.
        PFLINT_TAB_SIZE: String(DEFAULT_FORMAT_OPTIONS.indent),
      },
    });
    let written: string;
    try {
      written = readFileSync(resultFile, 'utf8');
    } catch {
      throw new Error(`Neovim wrote no result (exit ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    }
    result = JSON.parse(written) as NeovimResult;
    if (run.status !== 0) throw new Error(`Neovim ${result.nvim} failed: ${result.error ?? `exit ${run.status}`}`);
  }, 120_000);

  afterAll(() => {
    if (host) rmSync(host.root, { recursive: true, force: true });
  });

  it('detects pf.conf as pf by itself', () => {
    expect(result.filetype).toBe('pf');
  });

  it("receives exactly core's findings for the file, with rule ids at their lines, the variants' defects among them", () => {
    const received = (result.diagnostics ?? []).map((diagnostic) => `${diagnostic.rule}@${diagnostic.line}`).sort();
    expect(received).toEqual(expect.arrayContaining([...host.defects]));
    expect(received).toEqual(coreFindings(host.root, host.file));
    expect(new Set(result.diagnostics?.map((diagnostic) => diagnostic.source))).toEqual(new Set(['pflint']));
  });

  it("receives core's findings for the host's rc.conf at their lines when it is opened next", () => {
    const received = (result.rc_diagnostics ?? []).map((diagnostic) => `${diagnostic.rule}@${diagnostic.line}`).sort();
    expect(received).toEqual(expect.arrayContaining(rcDefects));
    expect(received).toEqual(coreFindings(host.root, rcFile));
  });

  it('formats the buffer through the server into exactly what `pflint fmt` prints', () => {
    expect(result.formatting_provider).toBe(true);
    expect(result.format_error).toBeUndefined();
    const expected = pflintFmt(host.file);
    expect(expected).not.toBe(original);
    expect(result.formatted).toBe(expected);
  });

  it('stops the server cleanly when Neovim stops the client', () => {
    expect(result.server_exit).toBe(0);
  });
});
