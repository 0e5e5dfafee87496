import { parsePfConf, type Dialect, type pfSyntax, type PfSyntaxFile, type SourceRange } from '@pflint/core';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';

type Statement = pfSyntax.Statement;

/**
 * Navigation in one pf.conf document, read off core's syntax tree: the outline
 * (macros, tables, anchors, includes, queues), folding ranges, and where a
 * `$macro` or `<table>` under the cursor is defined. The tree is parsed
 * without a file system, so it covers the document itself: names defined only
 * in included files are not found.
 */
export function parsePfDocument(text: string, file: string, dialect: Dialect): PfSyntaxFile {
  return parsePfConf(text, { file, dialect }).tree;
}

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

/** What is under the cursor: a `$macro` use or a `<table>` reference, with the name it refers to. */
type Reference = { readonly kind: 'macro' | 'table'; readonly name: string };

/**
 * Where the macro or table under `offset` is defined: for a macro, the last
 * definition before the use (pfctl expands with the value defined so far),
 * else the first; for a table, its `table <name>` statement.
 */
export function definitionAt(tree: PfSyntaxFile, offset: number): SourceRange | undefined {
  const reference = referenceAt(tree.statements, offset);
  if (!reference) return undefined;
  const definitions: { name: pfSyntax.Atom; kind: 'macro' | 'table' }[] = [];
  const collect = (statements: readonly Statement[]): void => {
    for (const statement of statements) {
      if (statement.kind === 'macro-definition') definitions.push({ name: statement.name, kind: 'macro' });
      else if (statement.kind === 'table') definitions.push({ name: statement.name, kind: 'table' });
      else if ((statement.kind === 'anchor' || statement.kind === 'ether-anchor') && statement.body) collect(statement.body.statements);
    }
  };
  collect(tree.statements);
  const matching = definitions.filter((definition) => definition.kind === reference.kind && definition.name.text === reference.name);
  const before = matching.filter((definition) => definition.name.range.start.offset <= offset);
  return (reference.kind === 'macro' ? before.at(-1) : undefined)?.name.range ?? matching[0]?.name.range;
}

/**
 * Walks the statements' nodes for the innermost reference covering `offset`.
 * Atoms a macro produced carry the `$name` use as their range and origin; table
 * hosts are `{ kind: 'table', name }`. The tree is walked generically because
 * references can sit in any option of any statement.
 */
function referenceAt(statements: readonly Statement[], offset: number): Reference | undefined {
  let found: Reference | undefined;
  const visit = (value: unknown): void => {
    if (found || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as { range?: SourceRange; macro?: pfSyntax.MacroOrigin; kind?: string; name?: pfSyntax.Atom; included?: unknown };
    if (node.range && !covers(node.range, offset)) return;
    if (node.macro && covers(node.macro.use, offset)) {
      found = { kind: 'macro', name: node.macro.name };
      return;
    }
    if (node.kind === 'table' && node.name && 'negated' in node) {
      found = { kind: 'table', name: node.name.text };
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      // An included file's tree has positions in another file.
      if (key !== 'range' && key !== 'included') visit(child);
    }
  };
  visit(statements);
  return found;
}

function covers(range: SourceRange, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
