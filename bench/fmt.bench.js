// Formatter speed through `formatText`, the path `pflint fmt` takes: a
// generated pf.conf of 10,000 rules written untidily (irregular blanks, lists
// without commas, long rules, comments), the same file once formatted (the
// common case: formatting a tidy file), and a 5,000-line pf.conf, where the
// target is under 100 ms for editor format-on-save. Then an rc.conf and a
// FireBrick XML file of 5,000 lines.
//
// Then the editor's own path: the built language server over stdio, with the
// 5,000-line pf.conf open and edited (a line changed) before each request.
// The server parses each version once for the outline, the colours and
// formatting, from the parse of the version before (only what the edit
// touched is read again). "After semantic tokens" times a formatting request
// that follows one for the same version (what an editor that colours the file
// sends after each change); "first request after an edit" one that makes
// that parse itself; "a document just opened" the first request for a new
// document, which the server started parsing when it was opened. All wait for
// the change's (or the opening's) diagnostics first, so the host analysis is
// not running meanwhile; they alternate, so all see the same load. Wall time as the client sees it
// (request to answer, the edit carried over JSON-RPC included), and the
// server's CPU time (all threads, in 10 ms steps, so a mean over the runs).
// Runs against the compiled packages: `npm run build` first.
import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import * as core from '../packages/core/dist/index.js';
import { bestOf } from './timing.js';
import { releaseLanguageServer, serverCpuMs, shutDownLanguageServer, startLanguageServer } from './language-server.js';

const RUNS = 10;
/** Formatting requests through the language server, of each kind. */
const SERVER_RUNS = 6;

/** A pf.conf with `rules` lines after a header of macros and tables, written the way people do when nobody formats. */
function untidyPfConf(rules) {
  const lines = [
    '# generated for bench/fmt.bench.js',
    'ext_if="vtnet0"',
    'lan_if   =   "{ em0 em1 }"',
    'web_ports = "{ 80 443 8080 }"',
    'table <blocked>   persist { 192.0.2.0/24 2001:db8::/32 }',
    'set   skip on lo0',
  ];
  for (let index = 0; lines.length < rules; index++) {
    const octet = index % 250;
    switch (index % 5) {
      case 0:
        lines.push(`pass  in on $ext_if proto tcp from any to 203.0.113.${octet}   port $web_ports   # web ${index}`);
        break;
      case 1:
        lines.push(`block in quick   log on $ext_if from <blocked> to any label "blocked-${index}"`);
        break;
      case 2:
        lines.push(
          `pass out on $lan_if inet proto { tcp udp } from { 10.${octet}.0.0/16 172.16.${octet}.0/24 192.168.${octet}.0/24 } to 192.0.2.${octet} port { 53 123 853 } keep state (max-src-conn 100, max-src-conn-rate 15/5)`,
        );
        break;
      case 3:
        lines.push('');
        lines.push(`# section ${index}`);
        break;
      default:
        lines.push(`match out on $ext_if inet from 10.${octet}.0.0/16 to any nat-to ($ext_if)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function untidyRcConf(lines) {
  const out = ['# generated rc.conf'];
  for (let index = 0; out.length < lines; index++) {
    out.push(index % 4 === 0 ? '' : `route_r${index}="-net 10.${index % 250}.${(index >> 8) % 250}.0/24 192.0.2.1"   `);
    out.push(`ifconfig_vlan${index}=up`);
  }
  return `${out.join('\n')}\n`;
}

function untidyFirebrickXml(lines) {
  const out = ['<?xml version="1.0"?>', '<config>'];
  for (let index = 0; out.length < lines - 1; index++) {
    out.push(`<route name="r${index}"   ip="10.${index % 250}.${(index >> 8) % 250}.0/24" gateway="192.0.2.1"/>`);
  }
  out.push('</config>');
  return `${out.join('\n')}\n`;
}

function measure(label, file, text) {
  const megabytes = Buffer.byteLength(text) / 1e6;
  const warmUp = core.formatText(file, text);
  if (!warmUp.ok) throw new Error(`${label}: refused: ${warmUp.errors.map((error) => error.message).join('; ')}`);
  const { best, bestCpu, result } = bestOf(RUNS, () => core.formatText(file, text));
  const lines = text.split('\n').length - 1;
  console.log(
    `${label.padEnd(34)} ${String(lines).padStart(6)} lines ${megabytes.toFixed(2).padStart(5)} MB` +
      `  ${best.toFixed(1).padStart(8)} ms wall  ${bestCpu.toFixed(1).padStart(8)} ms cpu  ${(megabytes / (bestCpu / 1000)).toFixed(2).padStart(6)} MB/s`,
  );
  return { best, bestCpu, text: result.text };
}

const big = untidyPfConf(10_000);
const first = measure('pf.conf, 10,000 rules, untidy', 'bench/pf.conf', big);
measure('pf.conf, 10,000 rules, formatted', 'bench/pf.conf', first.text);
const editor = measure('pf.conf, 5,000 lines (editor)', 'bench/pf.conf', untidyPfConf(5_000));
console.log(`editor formatting of 5,000 lines: ${editor.bestCpu.toFixed(1)} ms cpu, ${editor.best.toFixed(1)} ms wall (target < 100 ms)`);
measure('rc.conf, 5,000 lines', 'bench/etc/rc.conf', untidyRcConf(5_000));
measure('FireBrick XML, 5,000 lines', 'bench/router.xml', untidyFirebrickXml(5_000));

/** `text` with one LSP text edit applied (positions in UTF-16 code units, as in the bench's ASCII text). */
function applied(text, edit) {
  const lineStarts = [0];
  for (let offset = text.indexOf('\n'); offset >= 0; offset = text.indexOf('\n', offset + 1)) lineStarts.push(offset + 1);
  const offset = (position) => lineStarts[position.line] + position.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

/** Milliseconds from `request` to its answer, and the server's CPU time spent meanwhile. */
async function timed(pid, request) {
  const cpuBefore = serverCpuMs(pid);
  const start = performance.now();
  const answer = await request();
  return { answer, wall: performance.now() - start, cpu: serverCpuMs(pid) - cpuBefore };
}

/** `text` with its middle line replaced by `line`: one edit, as typing makes them. */
function withMiddleLine(text, line) {
  const lines = text.split('\n');
  lines[Math.floor(lines.length / 2)] = line;
  return lines.join('\n');
}

async function measureServer(text) {
  const root = mkdtempSync(path.join(tmpdir(), 'pflint-fmt-bench-'));
  mkdirSync(path.join(root, 'etc'));
  const file = path.join(root, 'etc/pf.conf');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  // Two versions a line apart: each change makes the other one, so every request follows a real edit.
  const versions = [text, withMiddleLine(text, 'block   in quick   on $ext_if from <blocked>   to any')].map((version) => {
    const expected = core.formatText(file, version);
    if (!expected.ok) throw new Error('the bench file does not format');
    return { text: version, formatted: expected.text };
  });
  const server = startLanguageServer();
  const { child, connection } = server;
  const published = new Map();
  const publishedVersion = (uriOf, version) => new Promise((resolve) => published.set(`${uriOf}@${version}`, resolve));
  connection.onNotification('textDocument/publishDiagnostics', (params) => published.get(`${params.uri}@${params.version}`)?.());
  connection.listen();
  try {
    const rootUri = pathToFileURL(root).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
    await connection.sendNotification('initialized', {});
    let version = 1;
    let analysed = publishedVersion(uri, version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pf', version, text } });
    await analysed;
    const format = (uriOf) => () => connection.sendRequest('textDocument/formatting', { textDocument: { uri: uriOf }, options: { tabSize: 4, insertSpaces: true } });
    /** The next version (the other text), analysed; returns what formatting it must give. */
    const change = async () => {
      const next = versions[version % 2];
      analysed = publishedVersion(uri, ++version);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: next.text }] });
      await analysed;
      return next;
    };
    /** A document of its own, opened and analysed (closed after its request). */
    let opened = 0;
    const openNew = async () => {
      const newFile = path.join(root, `etc/pf.conf.${++opened}`);
      writeFileSync(newFile, text);
      const newUri = pathToFileURL(newFile).href;
      const done = publishedVersion(newUri, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: newUri, languageId: 'pf', version: 1, text } });
      await done;
      return newUri;
    };
    const runs = { warm: [], edited: [], opened: [] };
    const checkAnswer = (answer, before, after) => {
      if (answer.length !== 1 || applied(before, answer[0]) !== after) throw new Error('the server did not format the document as formatText does');
    };
    for (let run = 0; run < SERVER_RUNS; run++) {
      let expected = await change();
      const edited = await timed(child.pid, format(uri));
      checkAnswer(edited.answer, expected.text, expected.formatted);
      runs.edited.push(edited);
      expected = await change();
      await connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
      const warm = await timed(child.pid, format(uri));
      checkAnswer(warm.answer, expected.text, expected.formatted);
      runs.warm.push(warm);
      const newUri = await openNew();
      const opened = await timed(child.pid, format(newUri));
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: newUri } });
      checkAnswer(opened.answer, versions[0].text, versions[0].formatted);
      runs.opened.push(opened);
    }
    const line = (label, list) => {
      const best = Math.min(...list.map((entry) => entry.wall));
      const meanCpu = list.reduce((sum, entry) => sum + entry.cpu, 0) / list.length;
      console.log(`${label.padEnd(52)} ${best.toFixed(1).padStart(8)} ms wall (best of ${list.length})  ${meanCpu.toFixed(1).padStart(6)} ms server cpu (mean)`);
    };
    line('server, 5,000 lines, after semantic tokens', runs.warm);
    line('server, 5,000 lines, first request after an edit', runs.edited);
    line('server, 5,000 lines, a document just opened', runs.opened);
    await shutDownLanguageServer(server);
  } finally {
    releaseLanguageServer(server, root);
  }
}

await measureServer(untidyPfConf(5_000));

