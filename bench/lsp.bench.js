// Language server responsiveness, measured as an editor sees it: a real
// JSON-RPC client talks to the built `pflint-language-server` over stdio, opens
// the pf.conf of a host whose pf.conf has 5,000 lines (corpus/radon's rc.conf and
// loader.conf, its pf.conf padded with generated rules), then makes EDITS
// one-line edits and times each from didChange to the publishDiagnostics that
// carries the edit's version. Edits are spaced past the debounce window, as
// typing pauses are. Target: p95 under 50 ms. Build first (`npm run build`).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

const LINES = 5_000;
const EDITS = 50;
const PAUSE_MS = 200;
const repo = fileURLToPath(new URL('..', import.meta.url));

function generateHost() {
  const root = mkdtempSync(path.join(tmpdir(), 'pflint-lsp-bench-'));
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  cpSync(path.join(repo, 'corpus/radon/etc/rc.conf'), path.join(root, 'etc/rc.conf'));
  cpSync(path.join(repo, 'corpus/radon/boot'), path.join(root, 'boot'), { recursive: true });
  const lines = readFileSync(path.join(repo, 'corpus/radon/etc/pf.conf'), 'utf8').trimEnd().split('\n');
  for (let index = 0; lines.length < LINES; index++) {
    const octet = index % 250;
    lines.push(
      index % 2 === 0
        ? `pass in on $ext_if inet proto tcp from <trusted_v4> to 203.0.113.${octet} port ${1024 + (index % 5000)}`
        : `block in quick on $ext_if inet from 198.51.${index % 256}.${octet} to any`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path.join(root, 'etc/pf.conf'), text);
  return { root, text, lineCount: lines.length };
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const { root, text, lineCount } = generateHost();
const pfConf = path.join(root, 'etc/pf.conf');
const uri = pathToFileURL(pfConf).href;
const child = spawn(process.execPath, [path.join(repo, 'packages/language-server/bin/pflint-language-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
let lastDiagnosticCount = 0;
const logged = [];
connection.onNotification('window/logMessage', (params) => logged.push(params.message));
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri !== uri) return;
  lastDiagnosticCount = params.diagnostics.length;
  const resolve = waiting.get(params.version);
  if (resolve) {
    waiting.delete(params.version);
    resolve(performance.now());
  }
});
connection.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

try {
  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
  await connection.sendNotification('initialized', {});
  const openedAt = performance.now();
  const first = published(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pf', version: 1, text } });
  const firstMs = (await first) - openedAt;

  const times = [];
  const editLine = Math.floor(lineCount / 2);
  for (let version = 2; version < EDITS + 2; version++) {
    await sleep(PAUSE_MS);
    const port = 2000 + version;
    const change = {
      range: { start: { line: editLine, character: 0 }, end: { line: editLine + 1, character: 0 } },
      text: `pass in on $ext_if inet proto tcp from <trusted_v4> to 203.0.113.7 port ${port}\n`,
    };
    const done = published(version);
    const sentAt = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    times.push((await done) - sentAt);
  }
  times.sort((a, b) => a - b);
  const format = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`host: ${lineCount}-line pf.conf + radon rc.conf/loader.conf; ${EDITS} one-line edits, ${PAUSE_MS} ms apart`);
  console.log(`first diagnostics after didOpen (worker start included): ${format(firstMs)}`);
  console.log(`didChange -> publishDiagnostics: p50 ${format(percentile(times, 0.5))}, p95 ${format(percentile(times, 0.95))}, max ${format(times.at(-1))} (target p95 < 50 ms)`);
  console.log(`diagnostics on pf.conf in the last publication: ${lastDiagnosticCount}`);
  for (const message of new Set(logged)) console.log(`server said: ${message}`);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
} finally {
  connection.dispose();
  child.kill();
  rmSync(root, { recursive: true, force: true });
}
