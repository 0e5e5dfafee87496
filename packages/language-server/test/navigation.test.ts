import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '@pflint/core';
import type { DocumentSymbol, FoldingRange, Location } from 'vscode-languageserver/node';
import { inProcessAnalyzer } from '../src/analyzer.js';
import { fakeAnalyzeHost } from './fake-analysis.js';
import { inMemoryServer } from './lsp-client.js';

const PF_CONF = '/work/hosts/radon/etc/pf.conf';
const LINES = [
  '# Interfaces',
  '# and next hops',
  'ext_if = "vtnet0"',
  'pass out on $ext_if',
  'web = "{ 80, 443 }"',
  'table <trusted> persist { 192.0.2.1, \\',
  '  198.51.100.0/24 }',
  'ext_if = "vtnet1"',
  'anchor "jails" {',
  '  pass in on $ext_if proto tcp to port $web',
  '}',
  'pass in on $ext_if from <trusted> to any',
  'pass from <nowhere> to any',
];
const TEXT = `${LINES.join('\n')}\n`;

async function openPf(text = TEXT, uriPath = PF_CONF) {
  const fs = memoryFileSystem({ [uriPath]: text, '/work/hosts/radon/etc/rc.conf': '' });
  const client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
  const result = await client.initialize('/work/hosts');
  await client.initialized();
  const uri = await client.open(uriPath, text, uriPath.endsWith('.conf') && !uriPath.endsWith('pf.conf') ? 'rcconf' : 'pf');
  return { client, uri, result };
}

/** The 1-based line and the text a location points at. */
function pointed(location: Location | null): string | null {
  if (!location) return null;
  const { start, end } = location.range;
  return `${start.line + 1}:${LINES[start.line]!.slice(start.character, end.character)}`;
}

describe('pf.conf navigation from core syntax tree (over JSON-RPC)', () => {
  it('advertises symbols, folding and definitions', async () => {
    const { client, result } = await openPf();
    expect(result.capabilities.documentSymbolProvider).toBe(true);
    expect(result.capabilities.foldingRangeProvider).toBe(true);
    expect(result.capabilities.definitionProvider).toBe(true);
    await client.shutdown();
  });

  it('outlines macros, tables and anchors with their lines', async () => {
    const { client, uri } = await openPf();
    const symbols: DocumentSymbol[] = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((symbol) => `${symbol.name}@${symbol.range.start.line + 1}:${symbol.kind}`)).toEqual([
      'ext_if@3:14',
      'web@5:14',
      '<trusted>@6:18',
      'ext_if@8:14',
      'jails@9:3',
    ]);
    expect(symbols[0]!.detail).toBe('vtnet0');
    expect(symbols[2]!.range.end.line + 1).toBe(7);
    expect(symbols[4]!.range.end.line + 1).toBe(11);
    await client.shutdown();
  });

  it('folds multi-line statements, anchor bodies and comment blocks', async () => {
    const { client, uri } = await openPf();
    const ranges: FoldingRange[] = await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    expect(ranges.map((range) => `${range.startLine + 1}-${range.endLine + 1}${range.kind ? `:${range.kind}` : ''}`)).toEqual([
      '1-2:comment',
      '6-7',
      '9-11',
    ]);
    await client.shutdown();
  });

  it('goes from a $macro to the definition in force at that line, and from <table> to its table statement', async () => {
    const { client, uri } = await openPf();
    const definition = (line: number, character: number): Promise<Location | null> =>
      client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: line - 1, character } });
    expect(pointed(await definition(4, 14))).toBe('3:ext_if');
    expect(pointed(await definition(10, 14))).toBe('8:ext_if');
    expect(pointed(await definition(10, 40))).toBe('5:web');
    expect(pointed(await definition(12, 13))).toBe('8:ext_if');
    expect(pointed(await definition(12, 26))).toBe('6:trusted');
    await client.shutdown();
  });

  it('finds nothing for an undefined table, a keyword, or a document that is not pf', async () => {
    const { client, uri } = await openPf();
    const definition = (line: number, character: number): Promise<Location | null> =>
      client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: line - 1, character } });
    expect(await definition(13, 13)).toBeNull();
    expect(await definition(12, 1)).toBeNull();
    const rc = await client.open('/work/hosts/radon/etc/rc.conf', 'ext_if="$ext_if"\n', 'rcconf');

    expect(await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: rc }, position: { line: 0, character: 10 } })).toBeNull();
    await client.shutdown();
  });
});

describe('pf.conf references and hover (over JSON-RPC)', () => {
  it('lists every use of a macro, from a use or from its definition, with the definitions on request', async () => {
    const { client, uri } = await openPf();
    const references = async (line: number, character: number, includeDeclaration: boolean): Promise<string[]> => {
      const locations: Location[] = await client.connection.sendRequest('textDocument/references', {
        textDocument: { uri },
        position: { line: line - 1, character },
        context: { includeDeclaration },
      });
      return locations.map((location) => pointed(location)!);
    };
    expect(await references(4, 14, false)).toEqual(['4:$ext_if', '10:$ext_if', '12:$ext_if']);
    expect(await references(3, 2, true)).toEqual(['3:ext_if', '4:$ext_if', '8:ext_if', '10:$ext_if', '12:$ext_if']);
    expect(await references(12, 26, true)).toEqual(['6:trusted', '12:trusted']);
    expect(await references(12, 1, true)).toEqual([]);
    await client.shutdown();
  });

  it("shows a macro's value in force at the use and a table's definition as written", async () => {
    const { client, uri } = await openPf();
    const hover = (line: number, character: number): Promise<{ contents: { value: string } } | null> =>
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: line - 1, character } });
    expect((await hover(4, 14))!.contents.value).toBe('macro `ext_if` = `vtnet0`');
    expect((await hover(12, 13))!.contents.value).toBe('macro `ext_if` = `vtnet1`');
    expect((await hover(12, 26))!.contents.value).toBe('```pf\ntable <trusted> persist { 192.0.2.1, \\\n  198.51.100.0/24 }\n```');
    expect(await hover(13, 13)).toBeNull();
    expect(await hover(2, 3)).toBeNull();
    await client.shutdown();
  });
});

describe('a pf file outside the main ruleset reads its includes inside the host', () => {
  it("goes from a macro use in an anchor file to its definition in a file the anchor file includes by the host's absolute path", async () => {
    const anchorFile = '/work/hosts/radon/etc/pf.anchors/jails';
    const anchorText = 'include "/etc/pf.d/macros.conf"\npass in on $jail_if\n';
    const fs = memoryFileSystem({
      [PF_CONF]: 'pass all\n',
      '/work/hosts/radon/etc/rc.conf': '',
      '/work/hosts/radon/etc/pf.d/macros.conf': 'jail_if = "epair0b"\n',
      [anchorFile]: anchorText,
    });
    const client = inMemoryServer({ analyzer: inProcessAnalyzer(fakeAnalyzeHost, fs), fileSystem: fs });
    await client.initialize('/work/hosts');
    await client.initialized();
    const uri = await client.open(anchorFile, anchorText, 'pf');
    const location: Location | null = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 13 } });
    expect(location?.uri).toBe('file:///work/hosts/radon/etc/pf.d/macros.conf');
    expect(location?.range.start).toEqual({ line: 0, character: 0 });
  });
});
