import { LineIndex, lexPf, type Dialect, type PfReferences, type PfSyntaxFile } from '@pflint/core';
import type { SemanticTokensLegend } from 'vscode-languageserver';

/**
 * The legend of pf.conf's semantic tokens. Standard LSP token types, so every
 * theme colours them: keywords, `macro` for macro definitions and `$uses`,
 * `type` for table names, `interface` for interface names, `number` for
 * addresses and numbers, `namespace` for anchor names, `comment`, `string`.
 * The one modifier, `declaration`, marks a macro's or table's definition.
 */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['keyword', 'macro', 'type', 'interface', 'number', 'namespace', 'comment', 'string'],
  tokenModifiers: ['declaration'],
};

type TokenType = 'keyword' | 'macro' | 'type' | 'interface' | 'number' | 'namespace' | 'comment' | 'string';

const TYPE_INDEX = new Map(SEMANTIC_TOKENS_LEGEND.tokenTypes.map((type, index) => [type as TokenType, index]));
const DECLARATION = 1;

interface Classified {
  readonly type: TokenType;
  readonly declaration: boolean;
}

/**
 * Semantic tokens for one pf document, in LSP's relative encoding: the
 * lexer's tokens (keywords, `$macro`, quoted strings, comments, numbers),
 * reclassified from the syntax tree's references where a word means more
 * (a table or anchor name, an interface, an address, a definition).
 */
export function pfSemanticTokens(tree: PfSyntaxFile, references: PfReferences, dialect: Dialect): number[] {
  const { text, file } = tree;
  const byStart = new Map<number, Classified>();
  const mark = (range: { file: string; start: { offset: number } }, type: TokenType, declaration = false): void => {
    if (range.file === file) byStart.set(range.start.offset, { type, declaration });
  };
  for (const definition of references.macroDefinitions) mark(definition.name.range, 'macro', true);
  for (const definition of references.tableDefinitions) if (!definition.name.macro) mark(definition.name.range, 'type', true);
  for (const use of references.tableUses) if (!use.macro) mark(use.range, 'type');
  for (const anchor of [...references.anchorCalls, ...references.anchorDefinitions]) if (!anchor.macro) mark(anchor.range, 'namespace');
  for (const use of references.interfaceUses) if (!use.macro) mark(use.range, 'interface');
  const addressSpans = references.addresses.flatMap((literal) => (literal.textRange && literal.textRange.file === file ? [literal.textRange] : []));

  const lexed = lexPf(text, dialect);
  const tokens = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  const lines = new LineIndex(text);
  const data: number[] = [];
  let previousLine = 0;
  let previousStart = 0;
  let span = 0;
  for (const token of tokens) {
    const start = token.startOffset;
    const end = token.endOffset! + 1;
    while (span < addressSpans.length && addressSpans[span]!.end.offset <= start) span++;
    const address = span < addressSpans.length && addressSpans[span]!.start.offset <= start ? addressSpans[span] : undefined;
    // An address with its length is one token (`10.0.0.0/8` lexes as three).
    if (address && address.start.offset !== start) continue;
    const classified = address ? { type: 'number' as const, declaration: false } : (byStart.get(start) ?? baseClass(token.tokenType.name));
    if (!classified) continue;
    const from = lines.position(start);
    const to = lines.position(address ? address.end.offset : end);
    // A token over a backslash continuation is reported for its first line only: LSP tokens are single-line.
    const length = from.line === to.line ? to.offset - start : lines.lineText(from.line).length - (from.column - 1);
    const line = from.line - 1;
    const character = from.column - 1;
    data.push(line - previousLine, line === previousLine ? character - previousStart : character, length, TYPE_INDEX.get(classified.type)!, classified.declaration ? DECLARATION : 0);
    previousLine = line;
    previousStart = character;
  }
  return data;
}

function baseClass(tokenName: string): Classified | undefined {
  if (tokenName.startsWith('kw:')) return { type: 'keyword', declaration: false };
  const type: TokenType | undefined =
    tokenName === 'MacroUse' ? 'macro' : tokenName === 'Quoted' ? 'string' : tokenName === 'Comment' ? 'comment' : tokenName === 'Number' ? 'number' : undefined;
  return type ? { type, declaration: false } : undefined;
}
