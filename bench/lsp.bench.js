// Language server responsiveness, measured as an editor sees it: a real
// JSON-RPC client talks to the built `pflint-language-server` over stdio, opens
// the pf.conf of a host whose pf.conf has 5,000 lines (corpus/radon's rc.conf and
// loader.conf, its pf.conf padded with generated rules), then times edits from
// didChange to the publishDiagnostics that carries the edit's version:
// - EDITS single one-line edits, spaced past the debounce window, as typing
//   pauses are;
// - BURSTS bursts of BURST_LENGTH edits TYPING_MS apart (typing), timed from
//   the burst's last edit: the server has to drop the runs the burst made stale.
// Every edit makes the line name a table alternately defined or not, so each
// timed publication is checked to carry that version's own findings (an
// undefined-table warning or none). Target: p95 under 50 ms.
// Last, HOVERS hovers on a macro use far from the edited line, each after an
// edit's diagnostics arrived: the first request after an edit brings the
// feature worker's host index up to date. Build first (`npm run build`).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { releaseLanguageServer, serverCpuMs, shutDownLanguageServer, startLanguageServer } from './language-server.js';

const LINES = 5_000;
const EDITS = 50;
const PAUSE_MS = 200;
const BURSTS = 10;
const BURST_LENGTH = 5;
const TYPING_MS = 40;
const HOVERS = 20;
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
const editLine = Math.floor(lineCount / 2);
const server = startLanguageServer();
const { child, connection } = server;
const waiting = new Map();
const logged = [];
const publishedVersions = [];
connection.onNotification('window/logMessage', (params) => logged.push(params.message));
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri !== uri) return;
  publishedVersions.push(params.version);
  const resolve = waiting.get(params.version);
  if (resolve) {
    waiting.delete(params.version);
    resolve({ at: performance.now(), diagnostics: params.diagnostics });
  }
});
connection.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

/** Version `version`'s edit: the line names an undefined table in odd versions. */
function edit(version) {
  const table = version % 2 === 1 ? '<no_such_table>' : '<trusted_v4>';
  return {
    range: { start: { line: editLine, character: 0 }, end: { line: editLine + 1, character: 0 } },
    text: `pass in on $ext_if inet proto tcp from ${table} to 203.0.113.7 port ${2000 + version}\n`,
  };
}

let wrongFindings = 0;
/** Counts a publication whose findings are not those of its version. */
function checkFindings(version, diagnostics) {
  const undefinedTable = diagnostics.some((diagnostic) => diagnostic.code === 'undefined-table' && diagnostic.range.start.line === editLine);
  if (undefinedTable !== (version % 2 === 1)) wrongFindings++;
}

async function change(version) {
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit(version)] });
}

/** Sends version `version` and waits for its publication; returns the milliseconds in between. */
async function timedChange(version) {
  const done = published(version);
  const sentAt = performance.now();
  await change(version);
  const { at, diagnostics } = await done;
  checkFindings(version, diagnostics);
  return at - sentAt;
}

try {
  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
  await connection.sendNotification('initialized', {});
  const openedAt = performance.now();
  const first = published(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pf', version: 1, text } });
  const firstMs = (await first).at - openedAt;

  let version = 1;
  const times = [];
  const cpuBeforeEdits = serverCpuMs(child.pid);
  for (let count = 0; count < EDITS; count++) {
    await sleep(PAUSE_MS);
    times.push(await timedChange(++version));
  }

  const cpuBeforeBursts = serverCpuMs(child.pid);
  const burstTimes = [];
  let staleVersions = 0;
  for (let burst = 0; burst < BURSTS; burst++) {
    await sleep(PAUSE_MS);
    const first = version + 1;
    for (let count = 1; count < BURST_LENGTH; count++) {
      await change(++version);
      await sleep(TYPING_MS);
    }
    burstTimes.push(await timedChange(++version));
    staleVersions += publishedVersions.filter((published) => published >= first && published < version).length;
  }

  const cpuAfterBursts = serverCpuMs(child.pid);

  const hoverTimes = [];
  const textLines = text.split('\n');
  const hoverLine = textLines.findLastIndex((line) => line.includes('$ext_if'));
  const hoverCharacter = textLines[hoverLine].indexOf('$ext_if') + 1;
  let wrongHovers = 0;
  for (let count = 0; count < HOVERS; count++) {
    await sleep(PAUSE_MS);
    await timedChange(++version);
    const askedAt = performance.now();
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: hoverLine, character: hoverCharacter } });
    hoverTimes.push(performance.now() - askedAt);
    if (!hover?.contents?.value?.includes('vtnet0')) wrongHovers++;
  }
  const format = (ms) => `${ms.toFixed(1)} ms`;
  const summary = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `p50 ${format(percentile(sorted, 0.5))}, p95 ${format(percentile(sorted, 0.95))}, max ${format(sorted.at(-1))}`;
  };
  console.log(`host: ${lineCount}-line pf.conf + radon rc.conf/loader.conf`);
  console.log(`first diagnostics after didOpen (worker start included): ${format(firstMs)}`);
  console.log(`${EDITS} one-line edits ${PAUSE_MS} ms apart, didChange -> publishDiagnostics: ${summary(times)} (target p95 < 50 ms)`);
  console.log(`${BURSTS} bursts of ${BURST_LENGTH} edits ${TYPING_MS} ms apart, last didChange -> its publishDiagnostics: ${summary(burstTimes)}`);
  console.log(`${HOVERS} hovers on \`$ext_if\`, each the first request after an edit: ${summary(hoverTimes)}${wrongHovers ? ` (${wrongHovers} without the macro's value)` : ''}`);
  if (cpuAfterBursts !== undefined) {
    const perEdit = (cpuBeforeBursts - cpuBeforeEdits) / EDITS;
    const perBurst = (cpuAfterBursts - cpuBeforeBursts) / BURSTS;
    console.log(`server CPU (all threads): ${format(perEdit)} per one-line edit, ${format(perBurst)} per burst`);
  }
  console.log(`publications with another version's findings: ${wrongFindings} of ${EDITS + BURSTS}; burst versions published before the burst ended: ${staleVersions}`);
  for (const message of new Set(logged)) console.log(`server said: ${message}`);
  await shutDownLanguageServer(server);
} finally {
  releaseLanguageServer(server, root);
}
