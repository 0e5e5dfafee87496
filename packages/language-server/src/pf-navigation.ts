import { parsePfConf, type Dialect, type pfSyntax, type PfSyntaxFile, type SourceRange } from '@pflint/core';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';

type Statement = pfSyntax.Statement;

/**
 * Navigation in one pf.conf document, read off core's syntax tree: the outline
 * (macros, tables, anchors, includes, queues), folding ranges, and for a
 * `$macro` or `<table>` under the cursor: its definition, its uses, a hover. The tree is parsed
 * without a file system, so it covers the document itself: names defined only
 * in included files are not found.
 */
export function parsePfDocument(text: string, file: string, dialect: Dialect): PfSyntaxFile {
  return parsePfConf(text, { file, dialect }).tree;
}

/** A hover's text and the range it describes. */
export interface PfHover {
  readonly markdown: string;
  readonly range: SourceRange;
}

/** What each navigation request answers; ranges stay core ranges until the server maps files to URIs. */
export interface NavigationResults {
  readonly symbols: DocumentSymbol[];
  readonly folding: FoldingRange[];
  readonly definition: SourceRange | null;
  readonly references: SourceRange[];
  readonly hover: PfHover | null;
}

export type NavigationOp = keyof NavigationResults;

/** One navigation request on one version of a pf document. */
export interface NavigationQuery<Op extends NavigationOp = NavigationOp> {
  readonly op: Op;
  readonly file: string;
  readonly version: number;
  readonly text: string;
  readonly dialect: Dialect;
  /** Cursor offset (UTF-16) for definition, references and hover. */
  readonly offset: number;
  readonly includeDeclaration: boolean;
}

/** Answers navigation requests; the stdio server runs one in a worker thread, since parsing a big file takes a while. */
export interface PfNavigator {
  navigate<Op extends NavigationOp>(query: NavigationQuery<Op>): Promise<NavigationResults[Op]>;
  dispose(): Promise<void>;
}

/** How many parsed documents a navigator keeps: the ones being looked at. */
const CACHED_TREES = 8;

/** A synchronous navigator with a small cache of syntax trees by file and version. */
export function createNavigation(): <Op extends NavigationOp>(query: NavigationQuery<Op>) => NavigationResults[Op] {
  const trees = new Map<string, { readonly version: number; readonly tree: PfSyntaxFile }>();
  const treeOf = (query: NavigationQuery): PfSyntaxFile => {
    const cached = trees.get(query.file);
    if (cached?.version === query.version) return cached.tree;
    const tree = parsePfDocument(query.text, query.file, query.dialect);
    trees.delete(query.file);
    trees.set(query.file, { version: query.version, tree });
    if (trees.size > CACHED_TREES) trees.delete(trees.keys().next().value!);
    return tree;
  };
  return <Op extends NavigationOp>(query: NavigationQuery<Op>): NavigationResults[Op] => {
    const tree = treeOf(query);
    const answers: { readonly [Key in NavigationOp]: () => NavigationResults[Key] } = {
      symbols: () => documentSymbols(tree.statements),
      folding: () => foldingRanges(tree),
      definition: () => definitionAt(tree, query.offset) ?? null,
      references: () => referencesAt(tree, query.offset, query.includeDeclaration),
      hover: () => hoverAt(tree, query.offset) ?? null,
    };
    return answers[query.op]();
  };
}

/** Navigation on the calling thread: for tests and small files. */
export function inProcessNavigator(): PfNavigator {
  const navigate = createNavigation();
  return {
    navigate: async (query) => navigate(query),
    dispose: async () => undefined,
  };
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

/** A macro or table name, as used (`$name`, `<name>`) or defined. */
export interface PfName {
  readonly kind: 'macro' | 'table';
  readonly name: string;
}

interface Definition extends PfName {
  readonly statement: pfSyntax.MacroDefinition | pfSyntax.TableDefinition;
  readonly nameRange: SourceRange;
}

interface Use extends PfName {
  readonly range: SourceRange;
}

/**
 * Where the macro or table under `offset` is defined: for a macro, the last
 * definition before the use (pfctl expands with the value defined so far),
 * else the first; for a table, its `table <name>` statement.
 */
export function definitionAt(tree: PfSyntaxFile, offset: number): SourceRange | undefined {
  return definitionOf(tree, nameAt(tree, offset), offset)?.nameRange;
}

/** Every use of the macro or table under `offset` (a use or its definition), with the definitions if asked. */
export function referencesAt(tree: PfSyntaxFile, offset: number, includeDefinitions: boolean): SourceRange[] {
  const target = nameAt(tree, offset);
  if (!target) return [];
  const same = (name: PfName): boolean => name.kind === target.kind && name.name === target.name;
  const uses = collectUses(tree.statements).filter(same).map((use) => use.range);
  const definitions = includeDefinitions ? collectDefinitions(tree.statements).filter(same).map((definition) => definition.nameRange) : [];
  return [...definitions, ...uses].sort((a, b) => a.start.offset - b.start.offset);
}

/** Markdown for a hover: a macro's value as pfctl stores it, or a table's definition as written. */
export function hoverAt(tree: PfSyntaxFile, offset: number): PfHover | undefined {
  const name = nameAt(tree, offset);
  const use = collectUses(tree.statements).find((candidate) => covers(candidate.range, offset));
  const definition = definitionOf(tree, name, offset);
  if (!name || !definition) return undefined;
  const range = use?.range ?? definition.nameRange;
  if (definition.statement.kind === 'macro-definition') {
    return { markdown: `macro \`${name.name}\` = \`${definition.statement.value}\``, range };
  }
  const { start, end } = definition.statement.range;
  const written = tree.text.slice(start.offset, end.offset).split('\n');
  const shown = written.length > HOVER_LINES ? [...written.slice(0, HOVER_LINES), '...'] : written;
  return { markdown: `\`\`\`pf\n${shown.join('\n')}\n\`\`\``, range };
}

const HOVER_LINES = 12;

function definitionOf(tree: PfSyntaxFile, name: PfName | undefined, offset: number): Definition | undefined {
  if (!name) return undefined;
  const matching = collectDefinitions(tree.statements).filter((definition) => definition.kind === name.kind && definition.name === name.name);
  const before = matching.filter((definition) => definition.nameRange.start.offset <= offset);
  return (name.kind === 'macro' ? before.at(-1) : undefined) ?? matching[0];
}

/** The name under `offset`: a use, or the name of a definition. */
function nameAt(tree: PfSyntaxFile, offset: number): PfName | undefined {
  return (
    collectUses(tree.statements).find((use) => covers(use.range, offset)) ??
    collectDefinitions(tree.statements).find((definition) => covers(definition.nameRange, offset))
  );
}

function collectDefinitions(statements: readonly Statement[]): Definition[] {
  const definitions: Definition[] = [];
  for (const statement of statements) {
    if (statement.kind === 'macro-definition') definitions.push({ kind: 'macro', name: statement.name.text, statement, nameRange: statement.name.range });
    else if (statement.kind === 'table') definitions.push({ kind: 'table', name: statement.name.text, statement, nameRange: statement.name.range });
    else if ((statement.kind === 'anchor' || statement.kind === 'ether-anchor') && statement.body) definitions.push(...collectDefinitions(statement.body.statements));
  }
  return definitions;
}

/**
 * Every `$macro` use and `<table>` reference in the statements. Atoms a macro
 * produced carry the `$name` use as their origin (one use may produce several
 * atoms); table hosts are `{ kind: 'table', name, negated }`. The tree is
 * walked generically because references can sit in any option of any
 * statement; included files are skipped, their positions are in other files.
 */
function collectUses(statements: readonly Statement[]): Use[] {
  const uses = new Map<string, Use>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as { macro?: pfSyntax.MacroOrigin; kind?: string; name?: pfSyntax.Atom; range?: SourceRange };
    if (node.macro) {
      uses.set(`${node.macro.use.start.offset}`, { kind: 'macro', name: node.macro.name, range: node.macro.use });
    } else if (node.kind === 'table' && node.name && node.range && 'negated' in node) {
      uses.set(`${node.name.range.start.offset}`, { kind: 'table', name: node.name.text, range: node.name.range });
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'range' && key !== 'included' && key !== 'macro') visit(child);
  };
  visit(statements);
  return [...uses.values()];
}

function covers(range: SourceRange, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
