import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryFileSystem } from '@pflint/core';
import type { CompletionList, Hover, Location, SemanticTokens, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inProcessAnalyzer } from '../src/analyzer.js';
import { fakeAnalyzeHost } from './fake-analysis.js';
import { decodeSemanticTokens, inMemoryServer, type LspTestClient } from './lsp-client.js';
import { createFeatures } from '../src/features.js';

const ROOT = '/work/hosts/radon';
const FILES: Record<string, string> = {
  [`${ROOT}/boot/loader.conf`]: 'net.fibs="2"\n',
  [`${ROOT}/etc/rc.conf`]: [
    'gateway_enable="YES"',
    'cloned_interfaces="gif0"',
    'ifconfig_vtnet0="inet 192.0.2.2/24"',
    'ifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1"',
    'static_routes="lan tunnel"',
    'route_lan="-net 198.51.100.0/24 192.0.2.1"',
    'route_tunnel="-net 203.0.113.0/24 -interface gif0 -fib 1"',
    'ipv6_static_routes="lan"',
    'ipv6_route_lan="-net 2001:db8:1::/48 -interface vtnet0"',
    '',
  ].join('\n'),
  [`${ROOT}/etc/pf.conf`]: [
    'ext_if = "vtnet0"',
    'include "/etc/pf.d/tables.conf"',
    'pass out on $ext_if to <trusted>',
    'pass in on gif0 from 203.0.113.7 to any',
    'pass out on vtnet0 to 198.51.100.9',
    'anchor "jails"',
    'load anchor "jails" from "/etc/pf.d/jails.conf"',
    'pass out to 203.0.113.9 rtable 1',
    '',
  ].join('\n'),
  [`${ROOT}/etc/pf.d/tables.conf`]: 'table <trusted> persist { 192.0.2.10 }\ntable <bad> persist file "/etc/bad.txt"\nblock in on $ext_if from <bad>\n',
  [`${ROOT}/etc/pf.d/jails.conf`]: 'pass quick on $ext_if\n',
  [`${ROOT}/etc/bad.txt`]: Array.from({ length: 30 }, (_, index) => `198.18.0.${index}`).join('\n'),
};
const PF = `${ROOT}/etc/pf.conf`;
const RC = `${ROOT}/etc/rc.conf`;
const TABLES = `${ROOT}/etc/pf.d/tables.conf`;

let client: LspTestClient;
const uris: Record<string, string> = {};

beforeAll(async () => {
  const fs = memoryFileSystem(FILES);
  client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
  await client.initialize('/work/hosts');
  await client.initialized();
  for (const [path, languageId] of [[PF, 'pf'], [RC, 'rcconf'], [TABLES, 'pf']] as const) uris[path] = await client.open(path, FILES[path]!, languageId);
});

afterAll(async () => {
  await client.shutdown();
});

const at = (path: string, line: number, character: number) => ({ textDocument: { uri: uris[path] }, position: { line: line - 1, character } });

/** `file:line:column-column` (1-based line, 0-based characters) of a location, with the file's base name. */
function where(location: Location): string {
  const { start, end } = location.range;
  return `${location.uri.slice(location.uri.lastIndexOf('/') + 1)}:${start.line + 1}:${start.character}-${end.character}`;
}

async function definitions(path: string, line: number, character: number): Promise<string[]> {
  const result: Location | Location[] | null = await client.connection.sendRequest('textDocument/definition', at(path, line, character));
  return result === null ? [] : (Array.isArray(result) ? result : [result]).map(where);
}

async function references(path: string, line: number, character: number, includeDeclaration = true): Promise<string[]> {
  const result: Location[] | null = await client.connection.sendRequest('textDocument/references', { ...at(path, line, character), context: { includeDeclaration } });
  return (result ?? []).map(where);
}

async function hover(path: string, line: number, character: number): Promise<string | null> {
  const result: Hover | null = await client.connection.sendRequest('textDocument/hover', at(path, line, character));
  return result ? (result.contents as { value: string }).value : null;
}

describe('definitions and references across the host', () => {
  it('follows macros and tables into included files and back', async () => {
    expect(await definitions(PF, 3, 16)).toEqual(['pf.conf:1:0-6']);
    expect(await definitions(`${ROOT}/etc/pf.conf`, 3, 27)).toEqual(['tables.conf:1:7-14']);
    expect(await references(TABLES, 1, 9)).toEqual(['pf.conf:3:24-31', 'tables.conf:1:7-14']);
  });

  it('jumps from an include path to the included file and from load anchor to its file', async () => {
    expect(await definitions(PF, 2, 12)).toEqual(['tables.conf:1:0-0']);
    expect(await definitions(PF, 7, 30)).toEqual(['jails.conf:1:0-0']);
  });

  it('goes between an anchor call and its load anchor', async () => {
    expect(await definitions(PF, 6, 9)).toEqual(['pf.conf:7:12-19']);
  });

  it('goes from a pf interface to its ifconfig_IF variable in rc.conf, and back', async () => {
    expect(await definitions(PF, 4, 12)).toEqual(['rc.conf:4:9-13']);
    expect(await definitions(PF, 5, 14)).toEqual(['rc.conf:3:9-15']);
    expect(await definitions(RC, 2, 20)).toEqual(['rc.conf:4:9-13']);
    expect(await references(RC, 4, 11)).toEqual(['pf.conf:4:11-15', 'rc.conf:2:19-23', 'rc.conf:4:9-13']);
  });

  it('goes between static_routes names and route_NAME variables', async () => {
    expect(await definitions(RC, 5, 16)).toEqual(['rc.conf:6:6-9']);
    expect(await definitions(RC, 7, 8)).toEqual(['rc.conf:5:19-25']);
    expect(await references(RC, 6, 7)).toEqual(['rc.conf:5:15-18', 'rc.conf:6:6-9', 'rc.conf:8:20-23', 'rc.conf:9:11-14']);
  });

  it('finds nothing on a keyword or a value', async () => {
    expect(await definitions(PF, 3, 1)).toEqual([]);
    expect(await definitions(RC, 1, 17)).toEqual([]);
  });
});

describe('rc.conf outline', () => {
  it('lists the variable assignments with their values', async () => {
    const symbols: { name: string; detail: string; range: { start: { line: number } } }[] = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uris[RC] } });
    expect(symbols.map((symbol) => `${symbol.range.start.line + 1}:${symbol.name}=${symbol.detail}`).slice(0, 3)).toEqual([
      '1:gateway_enable="YES"',
      '2:cloned_interfaces="gif0"',
      '3:ifconfig_vtnet0="inet 192.0.2.2/24"',
    ]);
    expect(symbols).toHaveLength(9);
  });
});

describe('hover', () => {
  it("shows an interface's FIB and addresses from the host model", async () => {
    expect(await hover(PF, 4, 12)).toBe('**gif0** (gif)\n- FIB 1 (rc.conf:4)\n- tunnel FIB 0 (default)\n- 10.255.255.6/32 → 10.255.255.5');
  });

  it('shows the route an address takes in the FIB of its rule', async () => {
    expect(await hover(PF, 5, 25)).toContain('FIB 0: 198.51.100.9 → out vtnet0 to 192.0.2.1');
    expect(await hover(PF, 4, 22)).toContain('FIB 1: 203.0.113.7 → out gif0');
    expect(await hover(PF, 8, 14)).toContain('FIB 1: 203.0.113.9 → out gif0');
  });

  it('shows the route of an address whose prefix length a macro holds', async () => {
    await client.change(uris[PF]!, `${FILES[PF]}len = "24"\npass out on vtnet0 to 198.51.100.0/$len\n`);
    const result = await client.connection.sendRequest<Hover | null>('textDocument/hover', at(PF, 10, 25)).finally(() => client.change(uris[PF]!, FILES[PF]!));
    expect((result?.contents as { value: string } | undefined)?.value).toContain('FIB 0: 198.51.100.0 → out vtnet0 to 192.0.2.1');
    expect(result?.range).toEqual({ start: { line: 9, character: 22 }, end: { line: 9, character: 39 } });
  });

  it("shows a route line's FIB and target", async () => {
    expect(await hover(RC, 7, 20)).toBe('FIB 1: `203.0.113.0/24` dev gif0 (static)');
    expect(await hover(RC, 6, 8)).toBe('FIB 0: `198.51.100.0/24` via 192.0.2.1 (static)');
  });

  it("shows a table's definition with the first lines of its file", async () => {
    const text = await hover(TABLES, 2, 8);
    expect(text).toContain('```pf\ntable <bad> persist file "/etc/bad.txt"\n```');
    expect(text).toContain('198.18.0.0\n');
    expect(text).toContain('198.18.0.9\n...');
    expect(text).not.toContain('198.18.0.10');
  });

  it('explains keywords in words of its own, and nothing in comments or strings', async () => {
    expect(await hover(PF, 3, 2)).toMatch(/^\*\*pass\*\*: Lets matching packets through/);
    expect(await hover(RC, 1, 3)).toMatch(/^\*\*gateway_enable\*\*: Forward IPv4/);
    await client.change(uris[PF]!, `${FILES[PF]}# pass all\nblock all label "pass"\n`);
    expect(await hover(PF, 9, 3)).toBeNull();
    expect(await hover(PF, 10, 18)).toBeNull();
    expect(await hover(PF, 10, 2)).toMatch(/^\*\*block\*\*/);
    await client.change(uris[PF]!, FILES[PF]!);
  });
});

describe('completion', () => {
  async function complete(path: string, line: number, character: number): Promise<string[]> {
    const list: CompletionList = await client.connection.sendRequest('textDocument/completion', at(path, line, character));
    return list.items.map((item) => item.label);
  }

  it('offers macros after $, tables after <, interfaces after on', async () => {
    // The new macro is read from the document as typed; <trusted> and <bad> come from the included file.
    await client.change(uris[PF]!, `${FILES[PF]}pass in on \npass $\npass to <\npass out route-to (\nlan_if = "em1"\n`);
    expect(await complete(PF, 9, 11)).toEqual(['gif0', 'lo0', 'vtnet0']);
    expect(await complete(PF, 12, 19)).toEqual(['gif0', 'lo0', 'vtnet0']);
    expect(await complete(PF, 10, 6)).toEqual(['$ext_if', '$lan_if']);
    expect(await complete(PF, 11, 9)).toEqual(['trusted', 'bad']);
    await client.change(uris[PF]!, `${FILES[PF]}pass in on { vtnet0, \npass keep state (\n`);
    expect(await complete(PF, 9, 21)).toEqual(['gif0', 'lo0', 'vtnet0']);
    expect(await complete(PF, 10, 17)).not.toContain('gif0');
    await client.change(uris[PF]!, FILES[PF]!);
  });

  it('offers statement keywords at the start of a line and rule ids in disable comments', async () => {
    await client.change(uris[PF]!, `${FILES[PF]}pa\n# pflint disable=undefined-macro,unused-\n`);
    const keywords = await complete(PF, 9, 2);
    expect(keywords).toContain('pass');
    expect(keywords).not.toContain('quick');
    const rules = await complete(PF, 10, 40);
    expect(rules).toContain('unused-macro');
    expect(rules).toContain('syntax-error');
    await client.change(uris[PF]!, `${FILES[PF]}# pflint disable=\n# pflint  disable-file = route-loop, \n# pflint enable=\n`);
    expect(await complete(PF, 9, 17)).toContain('route-loop');
    expect(await complete(PF, 10, 37)).toContain('unused-macro');
    expect(await complete(PF, 11, 16)).not.toContain('route-loop');
    await client.change(uris[PF]!, `${FILES[PF]}pass proto \npass proto { tcp, u\n`);
    const protocols = await complete(PF, 9, 11);
    expect(protocols).toContain('tcp');
    expect(protocols).toContain('ipv6-icmp');
    expect(protocols).not.toContain('pass');
    expect(await complete(PF, 10, 19)).toContain('udp');
    // `->` where a nat rule's translation target is due, replacing a `-` already typed, with its doc.
    await client.change(uris[PF]!, `${FILES[PF]}nat on vtnet0 from 10.0.0.0/8 to any -\n`);
    const list: CompletionList = await client.connection.sendRequest('textDocument/completion', at(PF, 9, 38));
    const arrow = list.items.find((item) => item.label === '->');
    expect(arrow?.documentation).toMatch(/rewrites matching packets to/);
    expect(arrow?.textEdit && 'range' in arrow.textEdit ? arrow.textEdit.range.start.character : undefined).toBe(37);
    await client.change(uris[PF]!, FILES[PF]!);
  });

  it('offers rc.conf variables where a name is expected, with the host interfaces', async () => {
    await client.change(uris[RC]!, `${FILES[RC]}ifc\n`);
    const names = await complete(RC, 8, 3);
    expect(names).toContain('ifconfig_gif0');
    expect(names).toContain('static_routes');
    expect(await complete(RC, 1, 17)).toEqual([]);
    await client.change(uris[RC]!, FILES[RC]!);
  });
});

describe('rename', () => {
  it('renames a macro across included and loaded files, and a table', async () => {
    const prepared = await client.connection.sendRequest('textDocument/prepareRename', at(PF, 3, 16));
    expect(prepared).toEqual({ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 19 } }, placeholder: 'ext_if' });
    const edit: WorkspaceEdit = await client.connection.sendRequest('textDocument/rename', { ...at(PF, 1, 2), newName: 'uplink' });
    const summary = Object.entries(edit.changes!).map(([uri, edits]) => [uri.slice(uri.lastIndexOf('/') + 1), edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character}-${e.range.end.character}=${e.newText}`)]);
    expect(summary).toEqual([
      ['pf.conf', ['1:0-6=uplink', '3:13-19=uplink']],
      ['tables.conf', ['3:13-19=uplink']],
    ]);
  });

  it('renames a static route name together with its route_ and ipv6_route_ variables, from either side', async () => {
    const expected = ['5:15-18=office', '6:6-9=office', '8:20-23=office', '9:11-14=office'];
    for (const [line, character] of [[6, 7], [5, 16], [9, 12]] as const) {
      const edit: WorkspaceEdit = await client.connection.sendRequest('textDocument/rename', { ...at(RC, line, character), newName: 'office' });
      expect(edit.changes![uris[RC]!]!.map((e) => `${e.range.start.line + 1}:${e.range.start.character}-${e.range.end.character}=${e.newText}`)).toEqual(expected);
    }
  });

  it('refuses keywords and invalid names with an error', async () => {
    expect(await client.connection.sendRequest('textDocument/prepareRename', at(PF, 3, 1))).toBeNull();
    await expect(client.connection.sendRequest('textDocument/rename', { ...at(PF, 1, 2), newName: 'two words' })).rejects.toThrow(/not a valid macro name/);
  });
});

describe('semantic tokens', () => {
  /** Opens one document in a server of its own and decodes its tokens (1-based lines). */
  async function tokensOf(path: string, text: string, languageId: string): Promise<string[]> {
    const fs = memoryFileSystem({ [path]: '' });
    const own = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
    await own.initialize('/work/hosts');
    await own.initialized();
    const uri = await own.open(path, text, languageId);
    const tokens: SemanticTokens = await own.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    await own.shutdown();
    return decodeSemanticTokens(tokens.data, 1);
  }

  it('classifies keywords, macros, tables, interfaces, addresses, strings and comments in pf', async () => {
    expect(await tokensOf(PF, 'ext = "em0" # uplink\npass on $ext from 10.0.0.0/8 to <t>\ntable <t> { 192.0.2.1 }\nblock on em0\n', 'pf')).toEqual([
      '1:0+3 macro.declaration',
      '1:6+5 string',
      '1:12+8 comment',
      '2:0+4 keyword',
      '2:5+2 keyword',
      '2:8+4 macro',
      '2:13+4 keyword',
      '2:18+10 number',
      '2:29+2 keyword',
      '2:33+1 type',
      '3:0+5 keyword',
      '3:7+1 type.declaration',
      '3:12+9 number',
      '4:0+5 keyword',
      '4:6+2 keyword',
      '4:9+3 interface',
    ]);
  });

  it('classifies rc.conf variables, values, references and comments; a value over two lines is a token per line', async () => {
    const text = '# routing\ngateway_enable="YES"\nifconfig_em0="inet $lan_address/24" # lan\nstatic_routes="a\n b"\n';
    expect(await tokensOf(RC, text, 'rcconf')).toEqual([
      '1:0+9 comment',
      '2:0+14 variable.declaration',
      '2:15+5 string',
      '3:0+12 variable.declaration',
      '3:13+22 string',
      '3:36+5 comment',
      '4:0+13 variable.declaration',
      '4:14+2 string',
      '5:0+3 string',
    ]);
    expect(await tokensOf(RC, 'x=$y${z}\n', 'rcconf')).toEqual(['1:0+1 variable.declaration', '1:2+2 variable', '1:4+4 variable']);
  });

  it('reads loader.conf, sysctl.conf, wg-quick and jail.conf files with their own parsers', async () => {
    expect(await tokensOf(`${ROOT}/boot/loader.conf`, 'net.fibs="2" # two\n', 'rcconf')).toEqual(['1:0+8 variable.declaration', '1:10+1 string', '1:13+5 comment']);
    expect(await tokensOf(`${ROOT}/usr/local/etc/wireguard/wg0.conf`, '[Interface]\nAddress = 10.0.0.1/24\n', 'rcconf')).toEqual([
      '1:0+11 namespace',
      '2:0+7 variable.declaration',
      '2:10+11 string',
    ]);
    expect(await tokensOf(`${ROOT}/etc/jail.conf`, 'www {\n  ip4.addr = "192.0.2.5";\n  vnet; # own stack\n}\n', 'rcconf')).toEqual([
      '1:0+3 namespace.declaration',
      '2:2+8 property',
      '2:13+11 string',
      '3:2+4 property',
      '3:8+11 comment',
    ]);
  });

  it('classifies FireBrick elements, attributes and values by what the schema says they hold', async () => {
    const text = [
      '<config>',
      '  <!-- lan -->',
      '  <interface name="lan" port="1" table="1"><subnet ip="192.168.1.1/24"/></interface>',
      '  <ip-group name="guests" ip="192.168.20.0/24"/>',
      '  <route-override name="x"><rule source-ip="guests 10.0.0.1-10.0.0.9" source-interface="lan" set-table="1"/></route-override>',
      '</config>',
      '',
    ].join('\n');
    expect(await tokensOf('/work/hosts/router.xml', text, 'xml')).toEqual([
      '1:1+6 keyword',
      '2:2+12 comment',
      '3:3+9 keyword',
      '3:13+4 property',
      '3:19+3 interface.declaration',
      '3:24+4 property',
      '3:30+1 string',
      '3:33+5 property',
      '3:40+1 number.declaration',
      '3:44+6 keyword',
      '3:51+2 property',
      '3:55+14 number',
      '3:74+9 keyword',
      '4:3+8 keyword',
      '4:12+4 property',
      '4:18+6 type.declaration',
      '4:26+2 property',
      '4:30+15 number',
      '5:3+14 keyword',
      '5:18+4 property',
      '5:24+1 string',
      '5:28+4 keyword',
      '5:33+9 property',
      '5:44+6 type',
      '5:51+17 number',
      '5:70+16 property',
      '5:88+3 interface',
      '5:93+9 property',
      '5:104+1 number',
      '5:110+14 keyword',
      '6:2+6 keyword',
    ]);
  });
});

describe('formatting', () => {
  const HOST = '/work/fmt';
  const UNFORMATTED = 'ext_if="vtnet0"\npass   in on $ext_if   from any to any\nanchor "a" {\n pass all\n}\n';

  async function startFormatting(files: Record<string, string>): Promise<{ own: LspTestClient; logged: string[] }> {
    const fs = memoryFileSystem(files);
    const own = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
    const logged: string[] = [];
    own.connection.onNotification('window/logMessage', (params: { message: string }) => void logged.push(params.message));
    await own.initialize(HOST);
    await own.initialized();
    return { own, logged };
  }

  const lines = (edits: TextEdit[]) => edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character}-${e.range.end.line + 1}:${e.range.end.character}=${JSON.stringify(e.newText)}`);

  it('formats a whole document with one minimal edit, indenting with the client tab size when nothing is configured', async () => {
    const { own } = await startFormatting({ [`${HOST}/etc/pf.conf`]: UNFORMATTED });
    const uri = await own.open(`${HOST}/etc/pf.conf`, UNFORMATTED, 'pf');
    const edits: TextEdit[] = await own.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(lines(edits)).toEqual(['1:6-4:0=" = \\"vtnet0\\"\\npass in on $ext_if from any to any\\nanchor \\"a\\" {\\n "']);
    expect(applyEdits(UNFORMATTED, edits)).toBe('ext_if = "vtnet0"\npass in on $ext_if from any to any\nanchor "a" {\n  pass all\n}\n');
    await own.shutdown();
  });

  it("lets .pflintrc.json's indentation win over the client's tab size", async () => {
    const { own } = await startFormatting({ [`${HOST}/.pflintrc.json`]: '{ "format": { "indent": 8 } }', [`${HOST}/etc/pf.conf`]: UNFORMATTED });
    const uri = await own.open(`${HOST}/etc/pf.conf`, UNFORMATTED, 'pf');
    const edits: TextEdit[] = await own.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(UNFORMATTED, edits)).toContain('anchor "a" {\n        pass all\n}\n');
    await own.shutdown();
  });

  it('formats only the lines a range touches', async () => {
    const { own } = await startFormatting({ [`${HOST}/etc/pf.conf`]: UNFORMATTED });
    const uri = await own.open(`${HOST}/etc/pf.conf`, UNFORMATTED, 'pf');
    const range = { start: { line: 1, character: 3 }, end: { line: 1, character: 8 } };
    const edits: TextEdit[] = await own.connection.sendRequest('textDocument/rangeFormatting', { textDocument: { uri }, range, options: { tabSize: 4, insertSpaces: true } });
    expect(lines(edits)).toEqual(['2:5-2:22="in on $ext_if"']);
    expect(applyEdits(UNFORMATTED, edits)).toBe('ext_if="vtnet0"\npass in on $ext_if from any to any\nanchor "a" {\n pass all\n}\n');
    await own.shutdown();
  });

  it('returns no edits for a file with syntax errors and logs why', async () => {
    const broken = 'pass   in on {\nblock all\n';
    const { own, logged } = await startFormatting({ [`${HOST}/etc/pf.conf`]: broken });
    const uri = await own.open(`${HOST}/etc/pf.conf`, broken, 'pf');
    expect(await own.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
    await expect.poll(() => logged.join('\n')).toContain('pf.conf was not formatted (pf.conf:2:1: syntax error)');
    await own.shutdown();
  });

  it('formats rc.conf and leaves an already formatted file alone', async () => {
    const rc = 'gateway_enable=YES\n';
    const { own } = await startFormatting({ [`${HOST}/etc/rc.conf`]: rc });
    const uri = await own.open(`${HOST}/etc/rc.conf`, rc, 'rcconf');
    const edits: TextEdit[] = await own.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    const formatted = applyEdits(rc, edits);
    expect(formatted).toBe('gateway_enable="YES"\n');
    await own.change(uri, formatted);
    expect(await own.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
    await own.shutdown();
  });
});

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'pf', 1, text), edits);
}

describe('FireBrick hover', () => {
  it("shows the routes an element creates, in the router's table words, and an interface around the cursor", async () => {
    const file = '/work/routers/fb.xml';
    const text = [
      '<config>',
      '  <interface name="lan" port="LAN" table="2">',
      '    <subnet ip="192.168.10.1/24"/>',
      '  </interface>',
      '  <route ip="10.20.0.0/16" gateway="192.168.10.20" table="2"/>',
      '  <fb105 name="hq" local-id="1" remote-id="7" routes="10.9.0.0/16" profile="day"/>',
      '</config>',
      '',
    ].join('\n');
    const fs = memoryFileSystem({ [file]: text });
    const own = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
    await own.initialize('/work/routers');
    await own.initialized();
    const uri = await own.open(file, text, 'firebrick');
    const hoverAt = async (line: number, character: number): Promise<string | null> =>
      (((await own.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: line - 1, character } })) as Hover | null)?.contents as { value: string } | undefined)?.value ?? null;
    expect(await hoverAt(5, 10)).toBe('table 2: `10.20.0.0/16` via 192.168.10.20 (static)');
    expect(await hoverAt(3, 10)).toBe('table 2: `192.168.10.0/24` dev lan (subnet)\n\ntable 2: `192.168.10.1/32` local (local-address)');
    expect(await hoverAt(2, 5)).toMatch(/^\*\*lan\*\* \(firebrick-port\)\n- table 2 \(fb\.xml:2\)/);
    // Routes that exist only while something holds say so, as `pflint model` does.
    expect(await hoverAt(6, 10)).toBe('table 0: `10.9.0.0/16` dev hq (static, only while link hq is up, only while profile day is on)');
    expect(await hoverAt(1, 2)).toBeNull();
    await own.shutdown();
  });
});

describe('completion on hostile input', () => {
  it('answers quickly at the end of a very long line of unclosed lists and parentheses', async () => {
    // Without a bound on the look-back, every `route-to {` would scan to the `}` and back: quadratic.
    const line = `pass out ${'route-to { ('.repeat(20_000)}} `;
    const fs = memoryFileSystem({ '/work/long/pf.conf': '' });
    const own = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
    await own.initialize('/work/long');
    await own.initialized();
    const uri = await own.open('/work/long/pf.conf', `${line}\n`, 'pf');
    const started = performance.now();
    const list: CompletionList = await own.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: line.length } });
    expect(list.items.map((item) => item.label)).toContain('quick');
    // A long word that is not at the end of the line: `[\w.-]*$` would retry from each of its characters.
    const words = `pass ${'a'.repeat(100_000)}! `;
    await own.change(uri, `${words}\n`);
    const next: CompletionList = await own.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: words.length } });
    expect(next.items.map((item) => item.label)).toContain('quick');
    expect(performance.now() - started).toBeLessThan(5000);
    await own.shutdown();
  });
});

describe('a request cancelled while its document is parsed', () => {
  it('stops within the parse with no answer, keeps nothing of it, and the next request answers', () => {
    const answer = createFeatures(memoryFileSystem({}));
    const rules = Array.from({ length: 2000 }, (_, index) => `anchor "a${index}"`).join('\n');
    const query = {
      op: 'symbols' as const,
      file: '/loose/pf.conf',
      language: 'pf' as const,
      version: 1,
      text: `${rules}\n`,
      dialect: 'freebsd' as const,
      offset: 0,
      host: { target: { kind: 'file' as const, file: '/loose/pf.conf', language: 'pf' as const }, buffers: [], stamp: 's' },
    };
    let asked = 0;
    // Cancelled at the parse's first checkpoint (a few hundred statements in).
    expect(answer(query, () => ++asked > 0)).toBeNull();
    expect(asked).toBe(1);
    expect(answer(query)).toHaveLength(2000);
  });
});

describe('a request cancelled while its host index is built', () => {
  it('stops at the next file read with no answer, keeps no half-built index, and the next request answers', () => {
    const answer = createFeatures(memoryFileSystem(FILES));
    const text = FILES[PF]!;
    const query = {
      op: 'definition' as const,
      file: PF,
      language: 'pf' as const,
      version: 1,
      text,
      dialect: 'freebsd' as const,
      offset: text.indexOf('<trusted>') + 2,
      host: { target: { kind: 'directory' as const, root: ROOT }, buffers: [], stamp: 's' },
    };
    let reads = 0;
    // Cancelled once the build has read a few files, as a client cancelling mid-request is.
    expect(answer(query, () => ++reads > 3)).toBeNull();
    expect(reads).toBe(4);
    const definitions = answer(query) as { file: string; start: { line: number } }[];
    expect(definitions.map((range) => `${range.file}:${range.start.line}`)).toEqual([`${TABLES}:1`]);
  });
});
