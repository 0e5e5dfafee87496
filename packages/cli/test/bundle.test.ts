import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { LspTestClient } from '../../language-server/test/lsp-client.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.join(CLI, '..', '..');
const SLOW = 120_000;

// Builds the bundle the way `npm run build` does, into a directory of its own, from the compiled packages.
describe('the bundled CLI (scripts/bundle.mjs)', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'pflint-bundle-'));
    const built = spawnSync(process.execPath, [path.join(CLI, 'scripts', 'bundle.mjs'), outdir], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
  }, SLOW);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const run = (args: readonly string[]) => spawnSync(process.execPath, [path.join(outdir, 'pflint.js'), ...args], { cwd: REPO, encoding: 'utf8' });

  it('prints the version and checks the bundled example host clean', () => {
    expect(run(['--version']).stdout).toMatch(/^pflint \d+\.\d+\.\d+\n$/);
    const check = run(['corpus/radon']);
    expect(check.stdout).toMatch(/^0 findings /);
    expect(check.status).toBe(0);
  }, SLOW);

  it('has source maps that lead to the TypeScript sources', () => {
    const map = JSON.parse(readFileSync(path.join(outdir, 'pflint.js.map'), 'utf8')) as { sources: string[] };
    const sources = map.sources.map((source) => path.resolve(outdir, source));
    expect(sources).toContain(path.join(CLI, 'src', 'cli.ts'));
  });

  it('runs the language server with its worker threads from the bundle (`pflint lsp --stdio`)', async () => {
    const host = mkdtempSync(path.join(tmpdir(), 'pflint-bundle-host-'));
    mkdirSync(path.join(host, 'etc'));
    writeFileSync(path.join(host, 'etc', 'rc.conf'), 'pf_enable="YES"\n');
    const child = spawn(process.execPath, [path.join(outdir, 'pflint.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const client = new LspTestClient(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
      await client.initialize(host);
      await client.initialized();
      const uri = await client.open(path.join(host, 'etc', 'pf.conf'), 'pass out on $nowhere\n', 'pf');
      const published = await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, { timeoutMs: 60_000 });
      expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toContain('undefined-macro');
    } finally {
      child.kill();
      rmSync(host, { recursive: true, force: true });
    }
  }, SLOW);
});

// bin/pflint.js in a copy of the workspace layout, with stand-ins that say which one ran.
describe('bin/pflint.js: the bundle or the compiled modules', () => {
  const roots: string[] = [];
  const OLD = new Date('2026-01-01T00:00:00Z');
  const NEW = new Date('2026-01-02T00:00:00Z');

  function layout(files: Record<string, Date>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'pflint-bin-'));
    roots.push(root);
    mkdirSync(path.join(root, 'cli', 'bin'), { recursive: true });
    copyFileSync(path.join(CLI, 'bin', 'pflint.js'), path.join(root, 'cli', 'bin', 'pflint.js'));
    writeFileSync(path.join(root, 'cli', 'package.json'), '{ "type": "module" }\n');
    mkdirSync(path.join(root, 'cli', 'dist'));
    writeFileSync(path.join(root, 'cli', 'dist', 'main.js'), "console.log('dist');\n");
    for (const [file, time] of Object.entries(files)) {
      const full = path.join(root, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.endsWith('.js') ? "console.log('bundle');\n" : '{}\n');
      utimesSync(full, time, time);
    }
    return spawnSync(process.execPath, [path.join(root, 'cli', 'bin', 'pflint.js')], { encoding: 'utf8' }).stdout.trim();
  }

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('runs dist/ when there is no bundle', () => {
    expect(layout({})).toBe('dist');
  });

  it('runs the bundle when it is newer than every package compiled by tsc -b', () => {
    expect(layout({ 'cli/bundle/pflint.js': NEW, 'cli/tsconfig.tsbuildinfo': OLD, 'core/tsconfig.tsbuildinfo': OLD, 'language-server/tsconfig.tsbuildinfo': OLD })).toBe('bundle');
  });

  it('runs dist/ when tsc -b has compiled a package since the bundle was made', () => {
    expect(layout({ 'cli/bundle/pflint.js': OLD, 'cli/tsconfig.tsbuildinfo': OLD, 'core/tsconfig.tsbuildinfo': NEW })).toBe('dist');
  });

  it('runs the bundle of an installed package, which has no build records', () => {
    expect(layout({ 'cli/bundle/pflint.js': OLD })).toBe('bundle');
  });
});
