import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWorkspaceEdit, ruleLines } from '../packages/language-server/test/lsp-client.js';
import { LANGUAGE_SERVER_BIN, PFLINT_BIN, startStdioServer, writeHost, type StdioServer } from './stdio-server.js';

// These run the built servers (`npm test` builds first), exactly as an editor starts them.
// Starting a server loads core in two worker threads: generous timeouts for a busy machine.
const SLOW = 90_000;
const SERVERS: Record<string, readonly string[]> = {
  'pflint-language-server': [LANGUAGE_SERVER_BIN],
  'pflint lsp --stdio': [PFLINT_BIN, 'lsp', '--stdio'],
};

const started: StdioServer[] = [];
const temporary: string[] = [];

afterEach(() => {
  for (const { child } of started.splice(0)) if (child.exitCode === null) child.kill();
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function startServer(args: readonly string[]): StdioServer {
  const running = startStdioServer(args);
  started.push(running);
  return running;
}

/** A host directory on disk, removed after the test. */
function hostOnDisk(files: Record<string, string>): string {
  const root = writeHost('pflint-lsp-', files);
  temporary.push(root);
  return root;
}

describe.each(Object.entries(SERVERS))('%s over stdio', (_name, args) => {
  it('initializes, publishes diagnostics for an opened pf.conf and its host, then shuts down and exits with 0', async () => {
    const root = hostOnDisk({ 'etc/pf.conf': 'block all\n', 'etc/rc.conf': 'pf_enable="YES"\n' });
    const { client, exited } = startServer(args);
    const result = await client.initialize(root);
    expect(result.capabilities.codeActionProvider).toBeTruthy();
    await client.initialized();
    const uri = await client.open(path.join(root, 'etc/pf.conf'), 'block all\n', 'pf');
    const published = await client.waitForDiagnostics(uri, () => true, { timeoutMs: 30_000 });
    expect(published.version).toBe(1);
    await client.shutdown();
    await client.connection.sendNotification('exit');
    expect(await exited).toBe(0);
  }, SLOW);

  it("reports core's findings for the whole host: pf.conf and the unopened rc.conf, updated by edits, with quick fixes", async () => {
    const pfText = 'block all\npass out on $uplink\n';
    const root = hostOnDisk({ 'etc/pf.conf': pfText, 'etc/rc.conf': 'ifconfig_vtnet0="inet 192.0.2.2/24"\nstatic_routes="a"\n' });
    const { client } = startServer(args);
    await client.initialize(root);
    await client.initialized();
    const pf = await client.open(path.join(root, 'etc/pf.conf'), pfText, 'pf');
    const rcUri = pathToFileURL(path.join(root, 'etc/rc.conf')).href;
    const first = await client.waitForDiagnostics(pf, () => true, { timeoutMs: 30_000 });
    expect(ruleLines(first.diagnostics)).toContain('undefined-macro@2');
    const rc = await client.waitForDiagnostics(rcUri, () => true, { timeoutMs: 30_000 });
    expect(ruleLines(rc.diagnostics)).toContain('route-undefined@2');

    const undefinedMacro = first.diagnostics.filter((diagnostic) => diagnostic.code === 'undefined-macro');
    const actions = await client.codeActions(pf, undefinedMacro);
    const disable = actions.find((action) => action.title === 'Disable undefined-macro for this line')!;
    expect(applyWorkspaceEdit(disable.edit, pf, pfText)).toBe('block all\n# pflint disable=undefined-macro\npass out on $uplink\n');

    const version = await client.change(pf, `uplink = "vtnet0"\n${pfText}`);
    const fixed = await client.waitForDiagnostics(pf, (params) => params.version === version, { timeoutMs: 30_000 });
    expect(ruleLines(fixed.diagnostics).filter((entry) => entry.startsWith('undefined-macro'))).toEqual([]);
    await client.shutdown();
  }, SLOW);

  it('answers outline and definition requests for pf.conf (parsed in its navigation worker)', async () => {
    const text = 'ext_if = "vtnet0"\ntable <trusted> persist { 192.0.2.1 }\npass in on $ext_if from <trusted>\n';
    const root = hostOnDisk({ 'etc/pf.conf': text });
    const { client } = startServer(args);
    await client.initialize(root);
    await client.initialized();
    const uri = await client.open(path.join(root, 'etc/pf.conf'), text, 'pf');
    const symbols: { name: string }[] = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((symbol) => symbol.name)).toEqual(['ext_if', '<trusted>']);
    const definition: { uri: string; range: { start: { line: number } } } = await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: { line: 2, character: 13 },
    });
    expect(definition.uri).toBe(uri);
    expect(definition.range.start.line).toBe(0);
    await client.shutdown();
  }, SLOW);

  it('exits with 1 on exit without shutdown, as the protocol asks', async () => {
    const { client, exited } = startServer(args);
    await client.initialize(tmpdir());
    await client.connection.sendNotification('exit');
    expect(await exited).toBe(1);
  }, SLOW);
});
