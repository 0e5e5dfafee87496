import { joinRanges, parseJailConf, parseKeyValueFile, parseRcConf, type SourceRange } from '@pflint/core';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';
import { rcFileSyntax } from './languages.js';

/** Longest value shown beside a variable in the outline; long lists are cut. */
const DETAIL_LENGTH = 60;

/**
 * The outline of an rc.conf-family document, read by the parser the host
 * builder uses for its name: an sh file's variable assignments (commands
 * such as `sysrc ...` or `if ...` are left out), the keys of loader.conf,
 * sysctl.conf and wg-quick files (under their `[Section]`), and jail.conf's
 * jails with their parameters. In file order, each with its value as written.
 */
export function rcDocumentSymbols(file: string, text: string): DocumentSymbol[] {
  const syntax = rcFileSyntax(file);
  const detail = (range: SourceRange | undefined): string => {
    const value = range ? text.slice(range.start.offset, range.end.offset).replace(/\s+/g, ' ') : '';
    return value.length > DETAIL_LENGTH ? `${value.slice(0, DETAIL_LENGTH - 3)}...` : value;
  };
  const symbol = (name: string, kind: SymbolKind, range: SourceRange, nameRange: SourceRange, value?: SourceRange, children?: DocumentSymbol[]): DocumentSymbol => ({
    name,
    detail: detail(value),
    kind,
    range: toRange(range),
    selectionRange: toRange(nameRange),
    ...(children ? { children } : {}),
  });
  if (syntax === 'jail') {
    const jails = parseJailConf(file, text);
    const parameter = (entry: (typeof jails.globals)[number]): DocumentSymbol => {
      const values = entry.values.length > 0 ? joinRanges(entry.values[0]!.range, entry.values.at(-1)!.range) : undefined;
      return symbol(entry.name, SymbolKind.Property, entry.range, entry.nameRange, values);
    };
    const blocks = jails.blocks.map((block) => symbol(block.name, SymbolKind.Namespace, block.range, block.nameRange, undefined, block.parameters.map(parameter)));
    return [...jails.globals.map(parameter), ...blocks].sort((a, b) => a.range.start.line - b.range.start.line);
  }
  if (syntax === 'key-value') {
    const { entries, sections } = parseKeyValueFile(file, text);
    const key = (entry: (typeof entries)[number]): DocumentSymbol => symbol(entry.key, SymbolKind.Variable, entry.range, entry.keyRange, entry.valueRange);
    const outline = entries.filter((entry) => entry.sectionIndex === undefined).map(key);
    const inside = sections.map((): (typeof entries)[number][] => []);
    for (const entry of entries) if (entry.sectionIndex !== undefined) inside[entry.sectionIndex]!.push(entry);
    sections.forEach((section, index) => {
      const members = inside[index]!;
      const range = joinRanges(section.range, members.at(-1)?.range ?? section.range);
      outline.push(symbol(section.name, SymbolKind.Namespace, range, section.range, undefined, members.map(key)));
    });
    return outline;
  }
  const symbols: DocumentSymbol[] = [];
  for (const statement of parseRcConf(file, text).statements) {
    if (statement.kind !== 'assignment') continue;
    for (const assignment of statement.assignments) symbols.push(symbol(assignment.name, SymbolKind.Variable, assignment.range, assignment.nameRange, assignment.valueRange));
  }
  return symbols;
}
