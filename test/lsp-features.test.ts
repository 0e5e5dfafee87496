import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitializeResult } from 'vscode-languageserver/node';
import type { LspTestClient } from '../packages/language-server/test/lsp-client.js';
import { LANGUAGE_SERVER_BIN, startStdioServer, writeHost } from './stdio-server.js';

// The language features of the built server (`npm test` builds first), over stdio as an editor drives
// them: one server for the whole file, several requests each, exact responses.
const SLOW = 90_000;

const PF_TEXT = [
  'ext_if = "vtnet0"',
  'include "/etc/pf.d/tables.conf"',
  'pass out on $ext_if to <trusted>',
  'pass in on gif0 from 203.0.113.7 to any',
  '',
].join('\n');
const RC_TEXT = [
  'cloned_interfaces="gif0"',
  'ifconfig_vtnet0="inet 192.0.2.2/24"',
  'ifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1"',
  'static_routes="tunnel"',
  'route_tunnel="-net 203.0.113.0/24 -interface gif0 -fib 1"',
  '',
].join('\n');
const FILES: Record<string, string> = {
  'boot/loader.conf': 'net.fibs="2"\n',
  'etc/rc.conf': RC_TEXT,
  'etc/pf.conf': PF_TEXT,
  'etc/pf.d/tables.conf': 'table <trusted> persist { 192.0.2.10 }\n',
};

let root: string;
let client: LspTestClient;
let initialized: InitializeResult;
let pf: string;
let rc: string;

beforeAll(async () => {
  root = writeHost('pflint-lsp-features-', FILES);
  ({ client } = startStdioServer([LANGUAGE_SERVER_BIN]));
  initialized = await client.initialize(root);
  await client.initialized();
  pf = await client.open(path.join(root, 'etc/pf.conf'), PF_TEXT, 'pf');
  rc = await client.open(path.join(root, 'etc/rc.conf'), RC_TEXT, 'rcconf');
}, SLOW);

afterAll(async () => {
  await client.shutdown();
  await client.connection.sendNotification('exit');
  rmSync(root, { recursive: true, force: true });
});

const at = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });
const range = (line: number, start: number, end: number, endLine = line) => ({ start: { line, character: start }, end: { line: endLine, character: end } });

describe('pflint-language-server features over stdio', () => {
  it('advertises completion, rename with prepare, semantic tokens and hover', () => {
    expect(initialized.capabilities.completionProvider).toEqual({ triggerCharacters: ['$', '<', '=', ',', '('] });
    expect(initialized.capabilities.renameProvider).toEqual({ prepareProvider: true });
    expect(initialized.capabilities.semanticTokensProvider).toEqual({
      legend: { tokenTypes: ['keyword', 'macro', 'type', 'interface', 'number', 'namespace', 'comment', 'string', 'variable', 'property'], tokenModifiers: ['declaration'] },
      full: true,
    });
    expect(initialized.capabilities.hoverProvider).toBe(true);
    expect(initialized.capabilities.documentFormattingProvider).toBe(true);
    expect(initialized.capabilities.documentRangeFormattingProvider).toBe(true);
  });

  it('goes to definitions in other files of the host: an included table, the rc.conf line creating an interface, a route variable', async () => {
    const tables = pathToFileURL(path.join(root, 'etc/pf.d/tables.conf')).href;
    expect(await client.connection.sendRequest('textDocument/definition', at(pf, 2, 25))).toEqual({ uri: tables, range: range(0, 7, 14) });
    expect(await client.connection.sendRequest('textDocument/definition', at(pf, 1, 12))).toEqual({ uri: tables, range: range(0, 0, 0) });
    expect(await client.connection.sendRequest('textDocument/definition', at(pf, 3, 12))).toEqual({ uri: rc, range: range(2, 9, 13) });
    expect(await client.connection.sendRequest('textDocument/definition', at(rc, 3, 17))).toEqual({ uri: rc, range: range(4, 6, 12) });
    expect(await client.connection.sendRequest('textDocument/references', { ...at(rc, 2, 11), context: { includeDeclaration: true } })).toEqual([
      { uri: pf, range: range(3, 11, 15) },
      { uri: rc, range: range(0, 19, 23) },
      { uri: rc, range: range(2, 9, 13) },
    ]);
  }, SLOW);

  it("hovers with an interface's FIB, an address's route and a route line's target", async () => {
    expect(await client.connection.sendRequest('textDocument/hover', at(pf, 3, 12))).toEqual({
      contents: { kind: 'markdown', value: '**gif0** (gif)\n- FIB 1 (rc.conf:3)\n- tunnel FIB 0 (default)\n- 10.255.255.6/32 → 10.255.255.5' },
      range: range(3, 11, 15),
    });
    const address = (await client.connection.sendRequest('textDocument/hover', at(pf, 3, 22))) as { contents: { value: string } };
    expect(address.contents.value.split('\n')[1]).toBe('FIB 1: 203.0.113.7 → out gif0 to 203.0.113.7');
    expect(await client.connection.sendRequest('textDocument/hover', at(rc, 4, 20))).toEqual({
      contents: { kind: 'markdown', value: 'FIB 1: `203.0.113.0/24` dev gif0 (static)' },
      range: range(4, 0, 12),
    });
  }, SLOW);

  it('completes macros after $ with an edit replacing what was typed', async () => {
    await client.change(pf, `${PF_TEXT}pass on $e`);
    expect(await client.connection.sendRequest('textDocument/completion', at(pf, 4, 10))).toEqual({
      isIncomplete: false,
      items: [{ label: '$ext_if', kind: 6, detail: 'vtnet0', textEdit: { range: range(4, 8, 10), newText: '$ext_if' } }],
    });
    await client.change(pf, PF_TEXT);
  }, SLOW);

  it('renames a static route name with its route_ variable, and a macro with its uses', async () => {
    expect(await client.connection.sendRequest('textDocument/prepareRename', at(rc, 3, 17))).toEqual({ range: range(3, 15, 21), placeholder: 'tunnel' });
    expect(await client.connection.sendRequest('textDocument/rename', { ...at(rc, 4, 8), newName: 'gif' })).toEqual({
      changes: { [rc]: [{ range: range(3, 15, 21), newText: 'gif' }, { range: range(4, 6, 12), newText: 'gif' }] },
    });
    expect(await client.connection.sendRequest('textDocument/rename', { ...at(pf, 2, 15), newName: 'wan' })).toEqual({
      changes: { [pf]: [{ range: range(0, 0, 6), newText: 'wan' }, { range: range(2, 13, 19), newText: 'wan' }] },
    });
  }, SLOW);

  it('formats with one minimal edit, and returns no edit for a file with syntax errors', async () => {
    const options = { tabSize: 4, insertSpaces: true };
    await client.change(pf, PF_TEXT.replace('ext_if = ', 'ext_if='));
    expect(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri: pf }, options })).toEqual([
      { range: range(0, 6, 7), newText: ' = ' },
    ]);
    expect(await client.connection.sendRequest('textDocument/rangeFormatting', { textDocument: { uri: pf }, range: range(2, 0, 4), options })).toEqual([]);
    await client.change(pf, `${PF_TEXT}pass in on {\n`);
    expect(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri: pf }, options })).toEqual([]);
    await client.change(pf, PF_TEXT);
  }, SLOW);

  it('re-reads a host file changed on disk when the client reports it (watched files): diagnostics and hovers', async () => {
    const loader = path.join(root, 'boot/loader.conf');
    const before = client.history.length;
    writeFileSync(loader, 'net.fibs="1"\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(loader).href, type: 2 }] });
    const published = await client.waitForDiagnostics(rc, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'fib-out-of-range'), { after: before, timeoutMs: 60_000 });
    expect(published.diagnostics.filter((diagnostic) => diagnostic.code === 'fib-out-of-range').map((diagnostic) => diagnostic.range.start.line)).toContain(4);
    // The route with -fib 1 is no longer installed: the route line's hover has nothing to show.
    expect(await client.connection.sendRequest('textDocument/hover', at(rc, 4, 20))).toBeNull();
    writeFileSync(loader, FILES['boot/loader.conf']!);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(loader).href, type: 2 }] });
  }, SLOW);

  it('returns semantic tokens for pf.conf', async () => {
    const tokens = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: pf } })) as { data: number[] };
    // ext_if (macro, declaration), "vtnet0" (string), include (keyword): the first three tokens.
    expect(tokens.data.slice(0, 15)).toEqual([0, 0, 6, 1, 1, 0, 9, 8, 7, 0, 1, 0, 7, 0, 0]);
  }, SLOW);
});

describe('the features worker (built)', () => {
  it('drops a request cancelled before its turn and answers the next one', async () => {
    const { workerFeatures } = await import('../packages/language-server/dist/index.js');
    const features = workerFeatures(new URL('../packages/language-server/dist/core-analysis.js', import.meta.url));
    const file = path.join(root, 'etc/pf.conf');
    const query = {
      op: 'symbols' as const,
      file,
      language: 'pf' as const,
      version: 1,
      text: PF_TEXT,
      dialect: 'freebsd' as const,
      offset: 0,
      host: { target: { kind: 'directory' as const, root }, buffers: [], stamp: 'test' },
    };
    try {
      const [first, cancelled, last] = await Promise.all([
        features.answer(query),
        features.answer(query, AbortSignal.abort()),
        features.answer({ ...query, op: 'definition', offset: PF_TEXT.indexOf('$ext_if') + 1 }),
      ]);
      expect((first as { name: string }[]).map((symbol) => symbol.name)).toEqual(['ext_if', '/etc/pf.d/tables.conf']);
      expect(cancelled).toBeNull();
      expect(last).toEqual([{ file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 7, offset: 6 } }]);
    } finally {
      await features.dispose();
    }
  }, SLOW);
});
