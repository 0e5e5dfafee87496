import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionList, DocumentSymbol, Location, WorkspaceEdit } from 'vscode-languageserver/node';
import { decodeSemanticTokens, type LspTestClient } from '../packages/language-server/test/lsp-client.js';
import { LANGUAGE_SERVER_BIN, startStdioServer, writeHost } from './stdio-server.js';

// The built server over stdio, as an editor drives it, on the languages beyond pf.conf: the rc.conf
// family (sh files, loader.conf.d, jail.conf.d) and FireBrick XML; which files the server claims.
const SLOW = 90_000;

const RC_TEXT = [
  'lan_prefix="192.0.2"',
  'ifconfig_vtnet0="inet ${lan_prefix}.2/24"',
  'cloned_interfaces="gif0"',
  'ifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1"',
  'static_routes="tunnel"',
  'route_tunnel="-net 203.0.113.0/24 -interface gif0 -fib 1"',
  '',
].join('\n');
const RC_LOCAL_TEXT = 'ifconfig_vtnet0_alias0="inet $lan_prefix.3/32"\n';
const JAIL_TEXT = 'www {\n  ip4.addr = "vtnet0|192.0.2.5";\n  vnet;\n}\n';
const LOADER_D_TEXT = 'net.fibs="2"\n';
const ROUTER_TEXT = [
  '<config>',
  '  <interface name="lan" port="1" table="1">',
  '    <subnet ip="192.168.1.1/24"/>',
  '  </interface>',
  '  <ip-group name="guests" ip="192.168.1.128/25"/>',
  '  <route ip="0.0.0.0/0" gateway="192.168.1.254" table="1"/>',
  '  <route-override name="guest-web">',
  '    <rule source-ip="guests" source-interface="lan" set-table="1"/>',
  '  </route-override>',
  '</config>',
  '',
].join('\n');
const PF_TEXT = ['ext_if = "vtnet0"', 'pass in on gif0 all', 'anchor "web"', 'load anchor "web" from "/etc/pf.anchors/web"', ''].join('\n');
const FILES: Record<string, string> = {
  'host/etc/pf.conf': PF_TEXT,
  'host/etc/pf.anchors/web': 'pass in on vtnet0 proto tcp to port 80\n',
  'host/etc/rc.conf': RC_TEXT,
  'host/etc/rc.conf.local': RC_LOCAL_TEXT,
  'host/etc/jail.conf.d/www.conf': JAIL_TEXT,
  'host/boot/loader.conf.d/fibs.conf': LOADER_D_TEXT,
  'routers/router.xml': ROUTER_TEXT,
  'routers/pom.xml': '<?xml version="1.0"?>\n<project/>\n',
};

let root: string;
let client: LspTestClient;
const uris: Record<string, string> = {};

beforeAll(async () => {
  root = writeHost('pflint-lsp-languages-', FILES);
  ({ client } = startStdioServer([LANGUAGE_SERVER_BIN]));
  await client.initialize(root);
  await client.initialized();
  // Language ids as VS Code gives them: its own `xml`, plain text for names it does not know.
  for (const [name, languageId] of [
    ['host/etc/pf.conf', 'pf'],
    ['host/etc/pf.anchors/web', 'plaintext'],
    ['host/etc/rc.conf', 'rcconf'],
    ['host/etc/rc.conf.local', 'rcconf'],
    ['host/etc/jail.conf.d/www.conf', 'plaintext'],
    ['host/boot/loader.conf.d/fibs.conf', 'plaintext'],
    ['routers/router.xml', 'xml'],
    ['routers/pom.xml', 'xml'],
  ] as const) {
    uris[name] = await client.open(path.join(root, name), FILES[name]!, languageId);
  }
}, SLOW);

afterAll(async () => {
  await client.shutdown();
  await client.connection.sendNotification('exit');
  rmSync(root, { recursive: true, force: true });
});

const at = (name: string, line: number, character: number) => ({ textDocument: { uri: uris[name] }, position: { line, character } });

/** `name:line:start-end` (0-based) of locations, in the order the server gives them. */
function where(result: Location | Location[] | null): string[] {
  const list = result === null ? [] : Array.isArray(result) ? result : [result];
  return list.map((location) => {
    const name = Object.keys(uris).find((key) => uris[key] === location.uri) ?? location.uri;
    return `${name}:${location.range.start.line}:${location.range.start.character}-${location.range.end.character}`;
  });
}

async function semanticTokens(name: string): Promise<string[]> {
  const { data } = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: uris[name] } })) as { data: number[] };
  return decodeSemanticTokens(data);
}

function outline(symbols: DocumentSymbol[] | null, depth = 0): string[] {
  return (symbols ?? []).flatMap((symbol) => [`${'  '.repeat(depth)}${symbol.name} (${symbol.detail})`, ...outline(symbol.children ?? [], depth + 1)]);
}

describe('which files the server claims (core knownLanguage) over stdio', () => {
  it('answers for jail.conf.d and loader.conf.d files opened as plain text, and leaves other XML alone', async () => {
    expect(outline(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uris['host/etc/jail.conf.d/www.conf'] } }))).toEqual([
      'www ()',
      '  ip4.addr ("vtnet0|192.0.2.5")',
      '  vnet ()',
    ]);
    expect(outline(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uris['host/boot/loader.conf.d/fibs.conf'] } }))).toEqual([
      'net.fibs (2)',
    ]);
    expect(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uris['routers/pom.xml'] } })).toBeNull();
    expect(await semanticTokens('routers/pom.xml')).toEqual([]);
  }, SLOW);
});

describe('rc.conf family over stdio', () => {
  it('colours variables, values and references', async () => {
    expect((await semanticTokens('host/etc/rc.conf')).slice(0, 4)).toEqual([
      '0:0+10 variable.declaration',
      '0:11+9 string',
      '1:0+15 variable.declaration',
      '1:16+25 string',
    ]);
    expect(await semanticTokens('host/boot/loader.conf.d/fibs.conf')).toEqual(['0:0+8 variable.declaration', '0:10+1 string']);
  }, SLOW);

  it('goes from a $reference to the assignment in force, across rc.conf and rc.conf.local, and lists the uses', async () => {
    expect(where(await client.connection.sendRequest('textDocument/definition', at('host/etc/rc.conf', 1, 25)))).toEqual(['host/etc/rc.conf:0:0-10']);
    expect(where(await client.connection.sendRequest('textDocument/definition', at('host/etc/rc.conf.local', 0, 31)))).toEqual(['host/etc/rc.conf:0:0-10']);
    expect(where(await client.connection.sendRequest('textDocument/references', { ...at('host/etc/rc.conf', 0, 3), context: { includeDeclaration: false } }))).toEqual([
      'host/etc/rc.conf:1:22-35',
      'host/etc/rc.conf.local:0:29-40',
    ]);
  }, SLOW);

  it("hovers a $reference with the value in force, and an unset one as expanding to nothing", async () => {
    const hover = async (name: string, line: number, character: number): Promise<string | undefined> =>
      ((await client.connection.sendRequest('textDocument/hover', at(name, line, character))) as { contents: { value: string } } | null)?.contents.value;
    expect(await hover('host/etc/rc.conf.local', 0, 31)).toBe('`lan_prefix` = `"192.0.2"` (rc.conf:1)');
    await client.change(uris['host/etc/rc.conf']!, `x="$unset_before"\n${RC_TEXT}`);
    expect(await hover('host/etc/rc.conf', 0, 5)).toBe('`unset_before` is not set before this line (it expands to nothing)');
    await client.change(uris['host/etc/rc.conf']!, RC_TEXT);
  }, SLOW);

  it('lists an interface\'s uses in pf.conf, its anchor files, rc.conf and jail.conf', async () => {
    expect(where(await client.connection.sendRequest('textDocument/references', { ...at('host/etc/rc.conf', 1, 11), context: { includeDeclaration: true } }))).toEqual([
      'host/etc/jail.conf.d/www.conf:1:14-20',
      'host/etc/pf.anchors/web:0:11-17',
      'host/etc/rc.conf:1:9-15',
      'host/etc/rc.conf.local:0:9-15',
    ]);
  }, SLOW);

  it('still goes between static_routes names and route_ variables, and from an interface list to ifconfig_IF', async () => {
    expect(where(await client.connection.sendRequest('textDocument/definition', at('host/etc/rc.conf', 4, 17)))).toEqual(['host/etc/rc.conf:5:6-12']);
    expect(where(await client.connection.sendRequest('textDocument/definition', at('host/etc/rc.conf', 2, 20)))).toEqual(['host/etc/rc.conf:3:9-13']);
  }, SLOW);
});

describe('FireBrick XML over stdio', () => {
  const router = 'routers/router.xml';

  it('outlines the objects under <config> with their routing attributes', async () => {
    expect(outline(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uris[router] } }))).toEqual([
      'lan (interface · port 1 · table 1)',
      '  192.168.1.1/24 (subnet)',
      'guests (ip-group · ip 192.168.1.128/25)',
      '0.0.0.0/0 (route · gateway 192.168.1.254 · table 1)',
      'guest-web (route-override)',
      '  rule (rule · set-table 1)',
    ]);
    expect(await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: uris[router] } })).toEqual([
      { startLine: 0, endLine: 9 },
      { startLine: 1, endLine: 3 },
      { startLine: 6, endLine: 8 },
    ]);
  }, SLOW);

  it('goes from a rule to the interface, the IP group and the objects that fill its table, and back', async () => {
    expect(where(await client.connection.sendRequest('textDocument/definition', at(router, 7, 48)))).toEqual([`${router}:1:19-22`]);
    expect(where(await client.connection.sendRequest('textDocument/definition', at(router, 7, 23)))).toEqual([`${router}:4:18-24`]);
    expect(where(await client.connection.sendRequest('textDocument/definition', at(router, 7, 63)))).toEqual([`${router}:1:40-41`, `${router}:5:55-56`]);
    expect(where(await client.connection.sendRequest('textDocument/references', { ...at(router, 1, 20), context: { includeDeclaration: true } }))).toEqual([
      `${router}:1:19-22`,
      `${router}:7:47-50`,
    ]);
  }, SLOW);

  it('colours interface and IP-group names, table numbers and addresses', async () => {
    const tokens = await semanticTokens(router);
    expect(tokens.filter((token) => token.startsWith('7:'))).toEqual([
      '7:5+4 keyword',
      '7:10+9 property',
      '7:21+6 type',
      '7:29+16 property',
      '7:47+3 interface',
      '7:52+9 property',
      '7:63+1 number',
    ]);
  }, SLOW);
});

describe('completion over stdio', () => {
  const pf = 'host/etc/pf.conf';

  async function labels(name: string, text: string, line: number, character: number): Promise<string[]> {
    await client.change(uris[name]!, text);
    const list = (await client.connection.sendRequest('textDocument/completion', at(name, line, character))) as CompletionList;
    await client.change(uris[name]!, FILES[name]!);
    return list.items.map((item) => item.label);
  }

  it('offers the keywords the pf grammar accepts after the statement so far, macros read as their values', async () => {
    const afterOn = await labels(pf, `${PF_TEXT}pass in on $ext_if `, 4, 19);
    expect(afterOn).toEqual(expect.arrayContaining(['proto', 'from', 'to', 'inet6', 'keep']));
    expect(afterOn).not.toContain('in');
    expect(afterOn).not.toContain('pass');
    expect(await labels(pf, `${PF_TEXT}set block-policy r`, 4, 18)).toEqual(['drop', 'return']);
    const continued = await labels(pf, `${PF_TEXT}pass out \\\n  proto tcp fr`, 5, 14);
    expect(continued).toContain('from');
    expect(continued).not.toContain('proto');
    const start = await labels(pf, `${PF_TEXT}pa`, 4, 2);
    expect(start).toEqual(expect.arrayContaining(['pass', 'block', 'table', 'anchor']));
    expect(start).not.toContain('quick');
  }, SLOW);

  it("offers rc.conf's variables in rc.conf files only, not in jail.conf or loader.conf files", async () => {
    expect(await labels('host/etc/rc.conf.local', `${RC_LOCAL_TEXT}static_r`, 1, 8)).toContain('static_routes');
    expect(await labels('host/etc/jail.conf.d/www.conf', `static_r\n${JAIL_TEXT}`, 0, 8)).toEqual([]);
    expect(await labels('host/boot/loader.conf.d/fibs.conf', `${LOADER_D_TEXT}static_r`, 1, 8)).toEqual([]);
  }, SLOW);

  it("offers FireBrick elements and attributes from core's schema, and the interfaces and IP groups the file defines", async () => {
    const router = 'routers/router.xml';
    const lines = ROUTER_TEXT.split('\n');
    const withLine = (line: number, text: string): string => [...lines.slice(0, line), text, ...lines.slice(line)].join('\n');
    const inInterface = await labels(router, withLine(3, '    <'), 3, 5);
    expect(inInterface).toEqual(['subnet']);
    const atTop = await labels(router, withLine(9, '  <ro'), 9, 5);
    expect(atTop).toEqual(expect.arrayContaining(['interface', 'route', 'route-override', 'ip-group', 'blackhole']));
    expect(atTop).not.toContain('subnet');
    const attributes = await labels(router, withLine(9, '  <route ip="10.0.0.0/8" ga'), 9, 27);
    expect(attributes).toEqual(expect.arrayContaining(['gateway', 'table', 'localpref']));
    expect(attributes).not.toContain('ip');
    expect(await labels(router, withLine(8, '    <rule target-interface="l'), 8, 29)).toEqual(['lan']);
    expect(await labels(router, withLine(8, '    <rule source-ip="10.0.0.1 g'), 8, 31)).toEqual(['guests']);
  }, SLOW);

  it('offers rule ids in disable comments of rc.conf and FireBrick XML', async () => {
    expect(await labels('host/etc/rc.conf', `# pflint disable=route-\n${RC_TEXT}`, 0, 23)).toContain('route-loop');
    const router = 'routers/router.xml';
    expect(await labels(router, ROUTER_TEXT.replace('<config>', '<config>\n<!-- pflint disable=unknown- -->'), 1, 28)).toContain('unknown-interface');
  }, SLOW);
});

describe('rename over stdio', () => {
  const pf = 'host/etc/pf.conf';
  const rc = 'host/etc/rc.conf';
  const rename = (name: string, line: number, character: number, newName: string): Promise<WorkspaceEdit> =>
    client.connection.sendRequest('textDocument/rename', { ...at(name, line, character), newName });
  /** `name:line:start-end=text` of each edit. */
  const edits = (edit: WorkspaceEdit): string[] =>
    Object.entries(edit.changes ?? {}).flatMap(([uri, list]) => {
      const name = Object.keys(uris).find((key) => uris[key] === uri) ?? uri;
      return list.map((change) => `${name}:${change.range.start.line}:${change.range.start.character}-${change.range.end.character}=${change.newText}`);
    });

  it('renames an anchor with its load anchor, not its file path', async () => {
    expect(await client.connection.sendRequest('textDocument/prepareRename', at(pf, 2, 9))).toEqual({ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } }, placeholder: 'web' });
    expect(edits(await rename(pf, 3, 14, 'www'))).toEqual([`${pf}:2:8-11=www`, `${pf}:3:13-16=www`]);
  }, SLOW);

  it('refuses anchors filled at run time, anchor wildcards, and names inside an anchor path', async () => {
    await client.change(uris[pf]!, `${PF_TEXT}anchor "ftp-proxy/*"\nanchor "relayd"\nanchor "web/sub"\n`);
    await expect(rename(pf, 4, 10, 'ftp')).rejects.toThrow(/anchor path or wildcard/);
    await expect(rename(pf, 5, 10, 'relay')).rejects.toThrow(/no rules in this host .* a program or script fills it by name/);
    await expect(rename(pf, 2, 9, 'www')).rejects.toThrow(/'web' is also written at pf\.conf:7/);
    await client.change(uris[pf]!, PF_TEXT);
  }, SLOW);

  it('renames a cloned interface across pf.conf and rc.conf, only when nothing else writes its name', async () => {
    // route_tunnel's value says `-interface gif0`, which pflint does not rename.
    await expect(rename(pf, 1, 12, 'gif1')).rejects.toThrow(/'gif0' is also written at rc\.conf:6/);
    await expect(rename(rc, 1, 11, 'wan0')).rejects.toThrow(/not created by cloned_interfaces: its driver names it/);
    const withoutRoute = RC_TEXT.split('\n').slice(0, 4).join('\n');
    await client.change(uris[rc]!, `${withoutRoute}\n`);
    await expect(rename(pf, 1, 12, 'tun1')).rejects.toThrow(/must be named gifN/);
    // The file pf.conf loads an anchor from, which core's analysis does not read, is renamed too.
    const anchorFile = 'host/etc/pf.anchors/web';
    await client.change(uris[anchorFile]!, `${FILES[anchorFile]}pass out on gif0\n`);
    expect(edits(await rename(pf, 1, 12, 'gif1'))).toEqual([`${anchorFile}:1:12-16=gif1`, `${pf}:1:11-15=gif1`, `${rc}:2:19-23=gif1`, `${rc}:3:9-13=gif1`]);
    await client.change(uris[anchorFile]!, `${FILES[anchorFile]}gif = "gif0"\n`);
    await expect(rename(pf, 1, 12, 'gif1')).rejects.toThrow(/'gif0' is also written at web:2/);
    await client.change(uris[anchorFile]!, FILES[anchorFile]!);
    await client.change(uris[rc]!, RC_TEXT);
  }, SLOW);
});
