import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryFileSystem, type FileSystem } from '@pflint/core';
import { inProcessAnalyzer, type HostAnalyzer } from '../src/analyzer.js';
import { inProcessFeatures, type FeatureProvider } from '../src/features.js';
import { fakeAnalyzeHost } from './fake-analysis.js';
import { applyWorkspaceEdit, inMemoryServer, ruleLines, type LspTestClient } from './lsp-client.js';

const ROOT = '/work/hosts/radon';
const PF_CONF = `${ROOT}/etc/pf.conf`;
const RC_CONF = `${ROOT}/etc/rc.conf`;
const PF_TEXT = '# TODO tidy up\nblock all\npass in on gif0 from any to any\npass in on vtnet0\n';
const RC_TEXT = 'ifconfig_vtnet0="inet 192.0.2.2/24"\nifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1"\n';

/** A file system whose contents a test can replace, standing in for the disk under a file watcher. */
function mutableFileSystem(files: Record<string, string>): { fs: FileSystem; replace(next: Record<string, string>): void } {
  let current = memoryFileSystem(files);
  return {
    fs: {
      readFile: (path) => current.readFile(path),
      readDirectory: (path) => current.readDirectory(path),
      isDirectory: (path) => current.isDirectory(path),
    },
    replace: (next) => (current = memoryFileSystem(next)),
  };
}

let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

async function startWith(files: Record<string, string>, debounceMs = 20): Promise<{ client: LspTestClient; disk: ReturnType<typeof mutableFileSystem> }> {
  const disk = mutableFileSystem(files);
  client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, disk.fs), fileSystem: disk.fs, debounceMs });
  await client.initialize('/work/hosts', { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
  await client.initialized();
  return { client, disk };
}

describe('language server over JSON-RPC (in-memory streams, fake analysis)', () => {
  it('advertises incremental sync and quick-fix code actions', async () => {
    client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, memoryFileSystem({})) });
    const result = await client.initialize('/work/hosts');
    expect(result.capabilities.textDocumentSync).toBe(2);
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'] });
    expect(result.serverInfo?.name).toBe('pflint');
  });

  it('publishes the findings of the whole host on didOpen, with rule ids at their lines and links across files', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    const published = await client.waitForDiagnostics(uri);
    expect(ruleLines(published.diagnostics)).toEqual(['fake-reply-to@3', 'fake-todo@1']);
    expect(published.version).toBe(1);
    const replyTo = published.diagnostics.find((diagnostic) => diagnostic.code === 'fake-reply-to')!;
    expect(replyTo.source).toBe('pflint');
    expect(replyTo.severity).toBe(2);
    expect(replyTo.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 31 } });
    expect(replyTo.relatedInformation).toEqual([
      { location: { uri: pathToFileURL(RC_CONF).href, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 52 } } }, message: 'the FIB is set here' },
    ]);
    // rc.conf is part of the host though not open: it is published too (here: nothing to say).
    const rcPublished = await client.waitForDiagnostics(pathToFileURL(RC_CONF).href);
    expect(rcPublished.diagnostics).toEqual([]);
  });

  it('leaves documents alone that are no pflint language', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [`${ROOT}/README.md`]: 'TODO' });
    const readme = await client.open(`${ROOT}/README.md`, 'TODO', 'markdown');
    const pf = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(pf);
    expect(client.history.some((params) => params.uri === readme)).toBe(false);
  });

  it('publishes new diagnostics after didChange, for the new version', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(uri);
    const fixed = PF_TEXT.replace('# TODO tidy up', '# tidy').replace('to any\n', 'to any reply-to (gif0 10.255.255.5)\n');
    const version = await client.change(uri, fixed);
    const published = await client.waitForDiagnostics(uri, (params) => params.version === version);
    expect(published.diagnostics).toEqual([]);
  });

  it('updates pf.conf when rc.conf changes (one host, analysed together)', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const pf = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(pf, (params) => ruleLines(params.diagnostics).includes('fake-reply-to@3'));
    const rc = await client.open(RC_CONF, RC_TEXT);
    const seen = client.history.length;
    // Moving vtnet0 into FIB 2 and gif0 back to FIB 0: the finding moves from line 3 to line 4 of pf.conf.
    await client.change(rc, 'ifconfig_vtnet0="inet 192.0.2.2/24 fib 2"\nifconfig_gif0="inet 10.255.255.6 10.255.255.5"\n');
    const published = await client.waitForDiagnostics(pf, () => true, { after: seen });
    expect(ruleLines(published.diagnostics)).toEqual(['fake-reply-to@4', 'fake-todo@1']);
    expect(published.diagnostics.find((diagnostic) => diagnostic.code === 'fake-reply-to')!.relatedInformation![0]!.location.uri).toBe(rc);
  });

  it('drops a run superseded by a newer edit: only the latest version is published', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT }, 100);
    const uri = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(uri);
    const second = await client.change(uri, PF_TEXT.replace('TODO', 'todo'));
    const third = await client.change(uri, PF_TEXT.replace('pass in on gif0', 'pass in on lo0'));
    const published = await client.waitForDiagnostics(uri, (params) => params.version === third);
    expect(ruleLines(published.diagnostics)).toEqual(['fake-todo@1']);
    expect(client.history.some((params) => params.uri === uri && params.version === second)).toBe(false);
  });

  it('cancels a running analysis when an edit makes it stale, and publishes the next one', async () => {
    // An analyzer that holds each run until the test lets it go, so an edit can arrive while one runs.
    const runs: { signal: AbortSignal | undefined; release: () => void }[] = [];
    const fs = memoryFileSystem({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const inner = inProcessAnalyzer(fakeAnalyzeHost, fs);
    const held: HostAnalyzer = {
      analyze: (request, signal) =>
        new Promise((resolve) => {
          runs.push({ signal, release: () => void inner.analyze(request, signal).then(resolve) });
        }),
      dispose: async () => undefined,
    };
    client = inMemoryServer({ analyzer: held, fileSystem: fs, debounceMs: 0 });
    await client.initialize('/work/hosts');
    await client.initialized();
    const uri = await client.open(PF_CONF, PF_TEXT);
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]!.signal?.aborted).toBe(false);
    const second = await client.change(uri, PF_TEXT.replace('TODO', 'todo'));
    await vi.waitFor(() => expect(runs[0]!.signal?.aborted).toBe(true));
    // The cancelled run gives nothing; only then does the next one start, for the new version.
    expect(runs).toHaveLength(1);
    runs[0]!.release();
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    runs[1]!.release();
    const published = await client.waitForDiagnostics(uri, (params) => params.version === second);
    expect(ruleLines(published.diagnostics)).toEqual(['fake-reply-to@3']);
    expect(runs[1]!.signal?.aborted).toBe(false);
    expect(client.history.some((params) => params.uri === uri && params.version === 1)).toBe(false);
  });

  it('turns a safe fix into the preferred quick fix whose edit changes the text as the finding says', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    const published = await client.waitForDiagnostics(uri);
    const replyTo = published.diagnostics.filter((diagnostic) => diagnostic.code === 'fake-reply-to');
    const actions = await client.codeActions(uri, replyTo);
    expect(actions.map((action) => action.title)).toEqual([
      'Add reply-to (gif0 10.0.0.1)',
      'Delete the rule (changes behaviour: review)',
      'Disable fake-reply-to for this line',
      'Disable fake-reply-to for this file',
    ]);
    expect(actions.map((action) => action.isPreferred ?? false)).toEqual([true, false, false, false]);
    expect(actions.every((action) => action.kind === 'quickfix')).toBe(true);
    expect(applyWorkspaceEdit(actions[0]!.edit, uri, PF_TEXT)).toBe(
      '# TODO tidy up\nblock all\npass in on gif0 from any to any reply-to (gif0 10.0.0.1)\npass in on vtnet0\n',
    );
    expect(applyWorkspaceEdit(actions[2]!.edit, uri, PF_TEXT)).toBe(
      '# TODO tidy up\nblock all\n# pflint disable=fake-reply-to\npass in on gif0 from any to any\npass in on vtnet0\n',
    );
    expect(applyWorkspaceEdit(actions[3]!.edit, uri, PF_TEXT)).toBe(`# pflint disable-file=fake-reply-to\n${PF_TEXT}`);
  });

  it('offers nothing for diagnostics that are not its own or no longer current', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    const published = await client.waitForDiagnostics(uri);
    const foreign = { ...published.diagnostics[0]!, source: 'other-linter' };
    expect(await client.codeActions(uri, [foreign])).toEqual([]);
    const stale = { ...published.diagnostics[0]!, message: 'a message the server never sent' };
    expect(await client.codeActions(uri, [stale])).toEqual([]);
  });

  it('pulls pflint settings from the client and re-analyses when they change', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    const before = await client.waitForDiagnostics(uri);
    expect(before.diagnostics.find((diagnostic) => diagnostic.code === 'fake-todo')!.severity).toBe(3);
    client.settings = { rules: { 'fake-todo': 'error', 'bogus-level': 'loud' } };
    const seen = client.history.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await client.waitForDiagnostics(uri, () => true, { after: seen });
    expect(after.diagnostics.find((diagnostic) => diagnostic.code === 'fake-todo')!.severity).toBe(1);
  });

  it('takes a file up as FireBrick when pflint.firebrick.files names it, and drops it when the pattern goes', async () => {
    const router = '/work/hosts/routers/edge.cfg';
    const routerText = '<config>\n  <!-- TODO: a second uplink -->\n</config>\n';
    const { client } = await startWith({ [router]: routerText });
    const uri = await client.open(router, routerText);
    client.settings = { firebrick: { files: ['routers/*.cfg'] } };
    const seen = client.history.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const published = await client.waitForDiagnostics(uri, () => true, { after: seen });
    expect(ruleLines(published.diagnostics)).toEqual(['fake-todo@2']);
    client.settings = {};
    const dropped = client.history.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const cleared = await client.waitForDiagnostics(uri, () => true, { after: dropped });
    expect(cleared.diagnostics).toEqual([]);
  });

  it('reads the settings a client hands over at start-up, for a client that is never asked for them', async () => {
    const router = '/work/hosts/routers/edge.cfg';
    const routerText = '<config>\n  <!-- TODO: a second uplink -->\n</config>\n';
    const disk = mutableFileSystem({ [router]: routerText });
    client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, disk.fs), fileSystem: disk.fs, debounceMs: 20 });
    await client.initialize('/work/hosts', {}, { firebrick: { files: ['routers/*.cfg'] }, rules: { 'fake-todo': 'error' } });
    await client.initialized();
    const uri = await client.open(router, routerText);
    const published = await client.waitForDiagnostics(uri);
    expect(ruleLines(published.diagnostics)).toEqual(['fake-todo@2']);
    expect(published.diagnostics[0]!.severity).toBe(1);
  });

  it('re-analyses the host when a watched file of it changes on disk, and hovers read the new file', async () => {
    const { client, disk } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const uri = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(uri, (params) => ruleLines(params.diagnostics).includes('fake-reply-to@3'));
    const hoverVtnet0 = async (): Promise<string> =>
      ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } })) as { contents: { value: string } }).contents.value;
    expect(await hoverVtnet0()).toContain('- 192.0.2.2/24');
    disk.replace({ [PF_CONF]: PF_TEXT, [RC_CONF]: 'ifconfig_gif0="inet 10.255.255.6 10.255.255.5"\nifconfig_vtnet0="inet 192.0.2.3/24"\n' });
    const seen = client.history.length;
    // A change outside the host must not trigger anything; the one inside must.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL('/work/hosts/other/etc/rc.conf').href, type: 2 }] });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(RC_CONF).href, type: 2 }] });
    const published = await client.waitForDiagnostics(uri, () => true, { after: seen });
    expect(ruleLines(published.diagnostics)).toEqual(['fake-todo@1']);
    expect(await hoverVtnet0()).toContain('- 192.0.2.3/24');
  });

  it('an open buffer wins over the file on disk, and closing the host clears its diagnostics', async () => {
    const { client } = await startWith({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const rc = await client.open(RC_CONF, 'ifconfig_gif0="inet 10.255.255.6 10.255.255.5" # TODO\n');
    const published = await client.waitForDiagnostics(pathToFileURL(PF_CONF).href);
    // pf.conf is read from disk, rc.conf from the unsaved buffer, which has no FIB for gif0.
    expect(ruleLines(published.diagnostics)).toEqual(['fake-todo@1']);
    expect(ruleLines((await client.waitForDiagnostics(rc)).diagnostics)).toEqual(['fake-todo@1']);
    const seen = client.history.length;
    await client.close(rc);
    const cleared = await client.waitForDiagnostics(rc, () => true, { after: seen });
    expect(cleared.diagnostics).toEqual([]);
    const pfCleared = await client.waitForDiagnostics(pathToFileURL(PF_CONF).href, () => true, { after: seen });
    expect(pfCleared.diagnostics).toEqual([]);
  });
});

describe('language server: work done ahead of requests', () => {
  it('has a pf document parsed once it is opened, and nothing else', async () => {
    const disk = mutableFileSystem({ [PF_CONF]: PF_TEXT, [RC_CONF]: RC_TEXT });
    const features = inProcessFeatures(disk.fs);
    const asked: string[] = [];
    const recording: FeatureProvider = {
      answer: (query, signal) => {
        asked.push(`${query.op} ${query.file}`);
        return features.answer(query, signal);
      },
      dispose: () => features.dispose(),
    };
    client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, disk.fs), fileSystem: disk.fs, features: recording, debounceMs: 20 });
    await client.initialize('/work/hosts');
    await client.initialized();
    await client.waitForDiagnostics(await client.open(RC_CONF, RC_TEXT));
    const pfUri = await client.open(PF_CONF, PF_TEXT);
    await client.waitForDiagnostics(pfUri);
    await vi.waitFor(() => expect(asked).toEqual([`parse ${PF_CONF}`]));
    // Edits are parsed when a request needs them, from the version before.
    const version = await client.change(pfUri, `${PF_TEXT}block out all\n`);
    await client.waitForDiagnostics(pfUri, (params) => params.version === version);
    expect(asked).toEqual([`parse ${PF_CONF}`]);
  });
});
