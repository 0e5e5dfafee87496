import { parseRcConf } from '@pflint/core';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';

/** Longest value shown beside a variable in the outline; long lists are cut. */
const DETAIL_LENGTH = 60;

/**
 * The outline of an rc.conf-family document: every variable assignment, in
 * file order, with its value as written. Commands (`sysrc ...`, `if ...`) and
 * lines that are no sh assignment (sysctl.conf's `net.fibs=2`) are left out.
 */
export function rcDocumentSymbols(file: string, text: string): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const statement of parseRcConf(file, text).statements) {
    if (statement.kind !== 'assignment') continue;
    for (const assignment of statement.assignments) {
      const value = text.slice(assignment.valueRange.start.offset, assignment.valueRange.end.offset).replace(/\s+/g, ' ');
      symbols.push({
        name: assignment.name,
        detail: value.length > DETAIL_LENGTH ? `${value.slice(0, DETAIL_LENGTH - 3)}...` : value,
        kind: SymbolKind.Variable,
        range: toRange(assignment.range),
        selectionRange: toRange(assignment.nameRange),
      });
    }
  }
  return symbols;
}
