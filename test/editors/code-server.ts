import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO, requireExecutable } from './host.js';

/**
 * VS Code itself, as code-server 4.100.3 (VS Code 1.100.3) in Debian's
 * Chromium, with the extension installed from the .vsix that `npm run package`
 * built. Everything that would phone home is off and it listens on loopback only.
 */

export const CODE_SERVER_VERSION = '4.100.3';
const CODE_SERVER = process.env.PFLINT_CODE_SERVER ?? path.join(REPO, '.cache/code-server/node_modules/.bin/code-server');
const CHROMIUM = '/usr/bin/chromium';

/** The .vsix `npm run package` writes for the extension's current version. */
export function builtVsix(): string {
  const { name, version } = JSON.parse(readFileSync(path.join(REPO, 'extension/package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO, 'extension', `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: build it with npm run package (npm run test:editors does)`);
  return vsix;
}

/** Fails unless code-server and Chromium are installed as .ci/run installs them. */
export function requireCodeServer(): void {
  if (!existsSync(CODE_SERVER)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER}: run test/editors/install-code-server.sh (.ci/run does)`);
  }
  const version = spawnSync(CODE_SERVER, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  if (!version.startsWith(`${CODE_SERVER_VERSION} `)) throw new Error(`code-server ${CODE_SERVER_VERSION} expected at ${CODE_SERVER}, found: ${version.trim() || 'nothing'}`);
  if (!existsSync(CHROMIUM)) requireExecutable(CHROMIUM, 'apt-get install chromium');
}

export interface RunningEditor {
  readonly page: Page;
  readonly url: string;
  /** The code-server log so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts code-server with `settings`, the .vsix installed in a fresh profile,
 * and a Chromium page showing `folder`.
 */
export async function startEditor(folder: string, settings: Record<string, unknown>): Promise<RunningEditor> {
  const profile = mkdtempSync(path.join(tmpdir(), 'pflint-code-server-'));
  const userData = path.join(profile, 'user-data');
  const extensions = path.join(profile, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        // code-server saves about a second after an edit otherwise: the test decides when a file is saved.
        'files.autoSave': 'off',
        ...settings,
      },
      null,
      2,
    ),
  );
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', builtVsix()], { encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed: ${install.stderr}${install.stdout}`);

  const port = await freePort();
  let output = '';
  // Its own process group, so stopping it also stops the extension host and the language server.
  const child = spawn(
    CODE_SERVER,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--config', '/dev/null', folder],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let browser: Browser | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await stopProcessGroup(child);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, () => output);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { page, url, log: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`code-server did not come up: ${error instanceof Error ? error.message : String(error)}\n${output}`, { cause: error });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within 60 s`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
