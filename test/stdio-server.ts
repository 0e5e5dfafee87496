import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { LspTestClient } from '../packages/language-server/test/lsp-client.js';

// What the tests that drive the built language server over stdio share: the
// bins as an editor starts them, a host directory written to disk, a server
// process with a client on its pipes.

const REPO = fileURLToPath(new URL('..', import.meta.url));
export const LANGUAGE_SERVER_BIN = path.join(REPO, 'packages/cli/bin/pflint-language-server.js');
export const PFLINT_BIN = path.join(REPO, 'packages/cli/bin/pflint.js');

/** A new temporary directory holding `files` (paths relative to it); the caller removes it. */
export function writeHost(prefix: string, files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

export interface StdioServer {
  readonly child: ChildProcess;
  readonly client: LspTestClient;
  readonly exited: Promise<number | null>;
}

/** Starts `node ARGS...` with a JSON-RPC client on its stdin and stdout; stderr is piped unless `inheritStderr`. */
export function startStdioServer(args: readonly string[], { inheritStderr = false } = {}): StdioServer {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', inheritStderr ? 'inherit' : 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = new LspTestClient(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)));
  return { child, client, exited };
}
