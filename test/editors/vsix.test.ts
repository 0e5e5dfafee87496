import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { LspTestClient, ruleLines } from '../../packages/language-server/test/lsp-client.js';
import { builtVsix } from './code-server.js';
import { brokenHost, coreFindings, RADON_DEFECTS, requireExecutable, type BrokenHost } from './host.js';

interface PackagedManifest {
  readonly main: string;
  readonly contributes: {
    readonly grammars: readonly { readonly path: string }[];
    readonly languages: readonly { readonly configuration: string }[];
  };
}

describe('the .vsix built by npm run package', () => {
  let entries: string[];
  let unpacked: string;

  beforeAll(() => {
    requireExecutable('unzip', 'apt-get install unzip');
    const vsix = builtVsix();
    entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
    // Unpacked outside the repository, so nothing can be found in its node_modules.
    unpacked = mkdtempSync(path.join(tmpdir(), 'pflint-vsix-'));
    execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
  });

  afterAll(() => {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it('holds the manifest, the bundled client and server, the grammars and language configurations, and no sources', () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'extension/package.json'), 'utf8')) as PackagedManifest;
    const contributed = [
      manifest.main,
      ...manifest.contributes.grammars.map((grammar) => grammar.path),
      ...manifest.contributes.languages.map((language) => language.configuration),
    ].map((file) => path.posix.join('extension', file));
    expect(entries).toEqual(
      expect.arrayContaining([
        'extension/package.json',
        'extension/dist/extension.js',
        'extension/dist/server/server.js',
        'extension/dist/server/analysis-worker.js',
        'extension/dist/server/core-analysis.js',
        'extension/dist/server/package.json',
        'extension/LICENSE.txt',
        ...contributed,
      ]),
    );
    expect(manifest.contributes.grammars.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => /node_modules|\/src\/|\.map$|\.ts$|scripts\//.test(entry))).toEqual([]);
  });

  it('has a client that needs nothing but VS Code and Node at run time', () => {
    const client = readFileSync(path.join(unpacked, 'extension/dist/extension.js'), 'utf8');
    const required = new Set([...client.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1] ?? ''));
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    expect([...required].filter((name) => name !== 'vscode' && !builtins.has(name))).toEqual([]);
    expect(required).toContain('vscode');
  });

  describe('its server, started from the unpacked extension', () => {
    let host: BrokenHost;
    let child: ChildProcess;

    beforeAll(() => {
      host = brokenHost('radon', 'etc/pf.conf', RADON_DEFECTS);
    });

    afterAll(() => {
      if (child?.exitCode === null) child.kill();
      if (host) rmSync(host.root, { recursive: true, force: true });
    });

    it("publishes core's findings for a broken host and exits cleanly", async () => {
      child = spawn(process.execPath, [path.join(unpacked, 'extension/dist/server/server.js'), '--stdio'], {
        cwd: unpacked,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const client = new LspTestClient(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)));
      const capabilities = (await client.initialize(host.root)).capabilities;
      expect(capabilities.documentFormattingProvider).toBeTruthy();
      expect(capabilities.codeActionProvider).toBeTruthy();
      await client.initialized();
      const uri = await client.open(host.file, readFileSync(host.file, 'utf8'), 'pf');
      const published = await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, { timeoutMs: 60_000 });
      const received = ruleLines(published.diagnostics);
      expect(received).toEqual(coreFindings(host.root, host.file));
      expect(received).toEqual(expect.arrayContaining([...host.defects]));
      await client.shutdown();
      await client.connection.sendNotification('exit');
      expect(await exited, stderr).toBe(0);
    });
  });
});
