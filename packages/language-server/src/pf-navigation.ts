import type { pfSyntax, PfSyntaxFile } from '@pflint/core';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';

type Statement = pfSyntax.Statement;

/**
 * The outline and folding of one pf.conf document, read off core's syntax
 * tree. Names (definitions, references, hovers, rename) are followed across
 * the host in host-symbols.ts, from core's `pfReferences`.
 */

export function documentSymbols(statements: readonly Statement[]): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const statement of statements) {
    const symbol = statementSymbol(statement);
    if (symbol) symbols.push(symbol);
  }
  return symbols;
}

function statementSymbol(statement: Statement): DocumentSymbol | undefined {
  const range = toRange(statement.range);
  switch (statement.kind) {
    case 'macro-definition':
      return { name: statement.name.text, detail: statement.value, kind: SymbolKind.Constant, range, selectionRange: toRange(statement.name.range) };
    case 'table':
      return { name: `<${statement.name.text}>`, kind: SymbolKind.Array, range, selectionRange: toRange(statement.name.range) };
    case 'include':
      return { name: statement.path.text, detail: 'include', kind: SymbolKind.File, range, selectionRange: toRange(statement.path.range) };
    case 'load-anchor':
      return { name: statement.name.text, detail: `load anchor from ${statement.path.text}`, kind: SymbolKind.Module, range, selectionRange: toRange(statement.name.range) };
    case 'queue':
      return { name: statement.name.text, detail: 'queue', kind: SymbolKind.Event, range, selectionRange: toRange(statement.name.range) };
    case 'anchor':
    case 'ether-anchor': {
      const name = statement.name?.text ?? '(unnamed anchor)';
      const children = statement.body ? documentSymbols(statement.body.statements) : [];
      return {
        name,
        detail: statement.kind === 'ether-anchor' ? 'ether anchor' : 'anchor',
        kind: SymbolKind.Namespace,
        range,
        selectionRange: toRange((statement.name ?? statement.keyword).range),
        children,
      };
    }
    default:
      return undefined;
  }
}

/** Statements that span lines (anchor bodies, continued rules, brace lists) and runs of two or more own-line comments. */
export function foldingRanges(tree: PfSyntaxFile): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const addStatements = (statements: readonly Statement[]): void => {
    for (const statement of statements) {
      const { start, end } = statement.range;
      if (end.line > start.line) ranges.push({ startLine: start.line - 1, endLine: end.line - 1 });
      if ((statement.kind === 'anchor' || statement.kind === 'ether-anchor') && statement.body) addStatements(statement.body.statements);
    }
  };
  addStatements(tree.statements);
  let runStart: number | undefined;
  let runEnd = -1;
  const closeRun = (): void => {
    if (runStart !== undefined && runEnd > runStart) ranges.push({ startLine: runStart - 1, endLine: runEnd - 1, kind: FoldingRangeKind.Comment });
    runStart = undefined;
  };
  for (const comment of tree.comments) {
    if (comment.trailing) continue;
    if (runStart !== undefined && comment.range.start.line === runEnd + 1) runEnd = comment.range.end.line;
    else {
      closeRun();
      runStart = comment.range.start.line;
      runEnd = comment.range.end.line;
    }
  }
  closeRun();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
