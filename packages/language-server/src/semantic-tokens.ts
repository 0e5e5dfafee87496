import {
  elementSchema,
  endOffsetOf,
  LineIndex,
  parseJailConf,
  parseKeyValueFile,
  parseRcConf,
  parseXml,
  startOffsetOf,
  xmlListItems,
  type PfParseResult,
  type PfReferences,
  type SourceRange,
  type ValueType,
  type XmlNode,
} from '@pflint/core';
import type { SemanticTokensLegend } from 'vscode-languageserver';
import { firebrickNames, type FirebrickName } from './firebrick-names.js';
import { rcFileSyntax } from './languages.js';

/**
 * The legend of every language's semantic tokens. Standard LSP token types,
 * so every theme colours them: keywords (pf keywords, FireBrick element
 * names), `macro` for pf macro definitions and `$uses`, `type` for pf table
 * and FireBrick IP-group names, `interface` for interface names, `number` for
 * addresses (with their length) and numbers, `namespace` for pf anchor names,
 * jail names and wg-quick sections, `comment`, `string` for values,
 * `variable` for rc.conf-family variables and sh `$references`, `property`
 * for FireBrick attributes and jail parameters. The one modifier,
 * `declaration`, marks where a name is defined.
 */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['keyword', 'macro', 'type', 'interface', 'number', 'namespace', 'comment', 'string', 'variable', 'property'],
  tokenModifiers: ['declaration'],
};

type TokenType = 'keyword' | 'macro' | 'type' | 'interface' | 'number' | 'namespace' | 'comment' | 'string' | 'variable' | 'property';

const TYPE_INDEX = new Map(SEMANTIC_TOKENS_LEGEND.tokenTypes.map((type, index) => [type as TokenType, index]));
const DECLARATION = 1;

/** One classified stretch of text (offsets, end exclusive). */
interface TokenSpan {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly declaration?: boolean;
}

/**
 * LSP's relative encoding of spans in text order. LSP tokens are
 * single-line, so a span over several lines (a quoted rc.conf value, a pf
 * word continued with a backslash) becomes one token per line it covers.
 */
function encodeTokens(text: string, spans: readonly TokenSpan[]): number[] {
  const lines = new LineIndex(text);
  const data: number[] = [];
  let previousLine = 0;
  let previousStart = 0;
  const push = (line: number, character: number, length: number, span: TokenSpan): void => {
    data.push(line - previousLine, line === previousLine ? character - previousStart : character, length, TYPE_INDEX.get(span.type)!, span.declaration ? DECLARATION : 0);
    previousLine = line;
    previousStart = character;
  };
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let covered = 0;
  for (const span of sorted) {
    // Overlaps would break the encoding's order; the earlier span wins.
    if (span.start < covered || span.end <= span.start) continue;
    covered = span.end;
    const from = lines.position(span.start);
    const to = lines.position(span.end);
    for (let line = from.line; line <= to.line; line++) {
      const lineStart = lines.lineStart(line);
      const start = line === from.line ? span.start : lineStart;
      const end = line === to.line ? span.end : lineStart + lines.lineText(line).replace(/\r$/, '').length;
      if (end > start) push(line - 1, start - lineStart, end - start, span);
    }
  }
  return data;
}

const offsets = (range: SourceRange): { start: number; end: number } => ({ start: startOffsetOf(range), end: endOffsetOf(range) });

/**
 * Semantic tokens for one pf document: the lexer's tokens (keywords,
 * `$macro`, quoted strings, comments, numbers; the parse's `lexed`, so the
 * text is not lexed again), reclassified from the syntax tree's references
 * where a word means more (a table or anchor name, an interface, an address,
 * a definition). An address with its length is one token (`10.0.0.0/8`
 * lexes as three).
 */
export function pfSemanticTokens({ tree, lexed }: Pick<PfParseResult, 'tree' | 'lexed'>, references: PfReferences): number[] {
  const { text, file } = tree;
  const byStart = new Map<number, { type: TokenType; declaration: boolean }>();
  const mark = (range: SourceRange, type: TokenType, declaration = false): void => {
    if (range.file === file) byStart.set(startOffsetOf(range), { type, declaration });
  };
  for (const definition of references.macroDefinitions) mark(definition.name.range, 'macro', true);
  for (const definition of references.tableDefinitions) if (!definition.name.macro) mark(definition.name.range, 'type', true);
  for (const use of references.tableUses) if (!use.macro) mark(use.range, 'type');
  for (const anchor of [...references.anchorCalls, ...references.anchorDefinitions]) if (!anchor.macro) mark(anchor.range, 'namespace');
  for (const use of references.interfaceUses) if (!use.macro) mark(use.range, 'interface');
  const addresses: TokenSpan[] = references.addresses.flatMap((literal) =>
    literal.textRange && literal.textRange.file === file ? [{ ...offsets(literal.textRange), type: 'number' as const }] : [],
  );

  const spans: TokenSpan[] = [...addresses];
  for (const token of [...lexed.tokens, ...lexed.comments]) {
    const classified = byStart.get(token.startOffset) ?? pfBaseClass(token.tokenType.name);
    if (classified) spans.push({ start: token.startOffset, end: token.endOffset! + 1, ...classified });
  }
  // Addresses sort before the tokens they are made of (same start), so they win the overlap.
  return encodeTokens(text, spans.sort((a, b) => a.start - b.start || b.end - a.end));
}

function pfBaseClass(tokenName: string): { type: TokenType; declaration: boolean } | undefined {
  if (tokenName.startsWith('kw:')) return { type: 'keyword', declaration: false };
  const type: TokenType | undefined =
    tokenName === 'MacroUse' ? 'macro' : tokenName === 'Quoted' ? 'string' : tokenName === 'Comment' ? 'comment' : tokenName === 'Number' ? 'number' : undefined;
  return type ? { type, declaration: false } : undefined;
}

/**
 * Semantic tokens for a file of the rc.conf family, read by the parser the
 * host builder uses for its name: sh files (variables assigned, values,
 * `$references`, comments), loader.conf, sysctl.conf and wg-quick files
 * (keys, values, `[Section]`s, comments), jail.conf (jail names,
 * parameters, values, comments).
 */
export function rcSemanticTokens(file: string, text: string): number[] {
  const syntax = rcFileSyntax(file);
  const spans: TokenSpan[] = [];
  if (syntax === 'jail') {
    const jails = parseJailConf(file, text);
    const parameters = [...jails.globals, ...jails.blocks.flatMap((block) => block.parameters)];
    for (const block of jails.blocks) spans.push({ ...offsets(block.nameRange), type: 'namespace', declaration: true });
    for (const parameter of parameters) {
      spans.push({ ...offsets(parameter.nameRange), type: 'property' });
      for (const value of parameter.values) spans.push({ ...offsets(value.range), type: 'string' });
    }
    for (const comment of jails.comments) spans.push({ ...offsets(comment.range), type: 'comment' });
  } else if (syntax === 'key-value') {
    const entries = parseKeyValueFile(file, text);
    for (const section of entries.sections) spans.push({ ...offsets(section.range), type: 'namespace' });
    for (const entry of entries.entries) {
      spans.push({ ...offsets(entry.keyRange), type: 'variable', declaration: true });
      spans.push({ ...offsets(entry.valueRange), type: 'string' });
    }
    for (const comment of entries.comments) spans.push({ ...offsets(comment.range), type: 'comment' });
  } else {
    const sh = parseRcConf(file, text);
    for (const statement of sh.statements) {
      const pieces =
        statement.kind === 'assignment'
          ? statement.assignments.flatMap((assignment) => {
              spans.push({ ...offsets(assignment.nameRange), type: 'variable', declaration: true });
              return assignment.value;
            })
          : statement.words.flatMap((word) => word.pieces);
      for (const piece of pieces) {
        if (piece.kind === 'reference') spans.push({ start: piece.start, end: piece.end, type: 'variable' });
        else if (statement.kind === 'assignment' && piece.kind !== 'operator') spans.push({ start: piece.start, end: piece.end, type: 'string' });
      }
    }
    for (const comment of sh.comments) spans.push({ ...offsets(comment.range), type: 'comment' });
  }
  return encodeTokens(text, spans);
}

/** How each kind of FireBrick name is coloured. */
const FIREBRICK_NAME_TYPES: Readonly<Record<FirebrickName['kind'], TokenType>> = { interface: 'interface', 'ip-group': 'type', 'routing-table': 'number' };

/** Value types of core's FireBrick schema shown as numbers. */
const NUMERIC_VALUES: ReadonlySet<ValueType | undefined> = new Set<ValueType>(['table', 'integer', 'address', 'prefixes', 'address-set']);

/**
 * Semantic tokens for FireBrick XML: element names as keywords, attribute
 * names as properties, values by what they hold (interface and IP-group
 * names, table numbers, with `declaration` where they are defined;
 * addresses, prefixes and numbers per core's schema; text otherwise), and
 * comments.
 */
export function firebrickSemanticTokens(file: string, text: string): number[] {
  const document = parseXml(text, file);
  const spans: TokenSpan[] = firebrickNames(document).map((name) => ({ ...name.span, type: FIREBRICK_NAME_TYPES[name.kind], declaration: name.role === 'definition' }));
  const visit = (node: XmlNode): void => {
    if (node.kind === 'comment') spans.push({ ...node.span, type: 'comment' });
    if (node.kind !== 'element') return;
    spans.push({ ...node.nameSpan, type: 'keyword' });
    if (node.endTag) spans.push({ start: node.endTag.start + 2, end: node.endTag.start + 2 + node.name.length, type: 'keyword' });
    for (const attribute of node.attributes) {
      spans.push({ ...attribute.nameSpan, type: 'property' });
      const numeric = NUMERIC_VALUES.has(elementSchema(node.name)?.attributes[attribute.name]?.type);
      // Names found above win over these (same start, and they come first).
      if (numeric) spans.push(...xmlListItems(document, attribute).map((item) => ({ ...item.span, type: 'number' as const })));
      else spans.push({ ...attribute.valueSpan, type: 'string' });
    }
    node.children.forEach(visit);
  };
  document.children.forEach(visit);
  return encodeTokens(text, spans);
}
