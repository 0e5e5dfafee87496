/**
 * Spacing between pf.conf tokens: how a token is written, and whether two
 * neighbours are written with a space or glued together.
 *
 * pfctl's lexer decides token boundaries by character classes, so spacing is
 * not cosmetic everywhere: `$if:network` glues the macro's value to the word
 * after it, `1000<>2000` makes `1000` a word where `1000 <> 2000` makes it a
 * number, and on OpenBSD `! =` is two tokens where `!=` is one. The canonical
 * style below is applied only where writing it cannot change what the lexer
 * reads; elsewhere the neighbours keep their original adjacency.
 */
import type { TokenType } from 'chevrotain';
import {
  Bang,
  Comma,
  endsNumber,
  Equals,
  Greater,
  Kw,
  LParen,
  Less,
  MacroUse,
  Minus,
  NumberToken,
  Other,
  Quoted,
  RParen,
  Slash,
  Word,
  WORD_CONTINUATION,
  type PfToken,
} from '../pf/lexer.js';
import type { PfDialect } from '../pf/syntax.js';

/**
 * The token as the file wrote it, minus `\`+newline continuations. Quoted
 * strings are kept byte for byte (a continuation inside quotes included);
 * other escapes (`\\`, `\x`) stay because dropping them would change the text
 * pfctl reads.
 */
export function writtenToken(text: string, token: PfToken): string {
  // Nothing was removed inside the token: its image is the text as written.
  if (token.endOffset! + 1 - token.startOffset === token.image.length) return token.image;
  const slice = text.slice(token.startOffset, token.endOffset! + 1);
  if (token.tokenType === Quoted || !slice.includes('\\')) return slice;
  let written = '';
  for (let i = 0; i < slice.length; i++) {
    const c = slice[i]!;
    if (c === '\\') {
      if (slice[i + 1] !== '\n') written += c + (slice[i + 1] ?? '');
      i++;
      continue;
    }
    written += c;
  }
  return written;
}

/** True when nothing but continuations (and an escape backslash of `next`) separates the two tokens. */
export function adjacentInSource(text: string, previous: PfToken, next: PfToken): boolean {
  const offset = previous.endOffset! + 1;
  // Most gaps are one blank or nothing: decide those without building strings.
  if (offset === next.startOffset) return true;
  if (text.charCodeAt(offset) !== 92 /* backslash */) return false;
  const gap = text.slice(offset, next.startOffset).replaceAll('\\\n', '');
  return gap === '' || gap === '\\';
}

const KEYWORD_TYPES: ReadonlySet<TokenType> = new Set(Object.values(Kw));

export function isKeywordType(type: TokenType): boolean {
  return KEYWORD_TYPES.has(type);
}

/** Tokens whose last character would run on into a following word character. */
function endsWordLike(type: TokenType): boolean {
  return type === Word || type === NumberToken || type === MacroUse || isKeywordType(type);
}

const TWO_CHARACTER_OPERATORS = new Set(['->', '<>', '><']);
const OPENBSD_COMPARISONS = new Set(['!=', '<=', '>=']);

/**
 * Whether writing `previousText` and `nextText` with nothing between them
 * still lexes as the same two tokens (they were separated in the source).
 */
export function canGlue(
  previous: TokenType,
  previousText: string,
  next: TokenType,
  nextText: string,
  dialect: PfDialect,
): boolean {
  const first = nextText[0] ?? '';
  if (first === '#' || previous === Other || next === Other) return false;
  if (endsWordLike(previous) && WORD_CONTINUATION.test(first)) return false;
  // Digits, and a macro's value read on into what follows it, end only before certain characters.
  if ((previous === NumberToken || previous === MacroUse) && !endsNumber(first)) return false;
  if (previous === Minus && /[0-9]/.test(first)) return false;
  const pair = previousText.slice(-1) + first;
  if (TWO_CHARACTER_OPERATORS.has(pair)) return false;
  return !(dialect === 'openbsd' && OPENBSD_COMPARISONS.has(pair));
}

/**
 * Whether two tokens (or a token and a comment) that touch in the source must
 * keep touching: a space would change how they lex (an all-digit word that a
 * space would turn into a number, stray characters) or how pfctl reads the
 * end of a macro's value (`endsNumber`: the value is read on into the file).
 */
export function mustStayGlued(previous: TokenType, previousText: string, next: TokenType, nextText: string): boolean {
  if (previous === Other || next === Other) return true;
  if (previous === MacroUse) return !endsNumber(nextText[0] ?? '');
  return previous === Word && allDigits(previousText);
}

/** `-`? digits: the text of a number, lexed as a word only because of what followed it. */
function allDigits(text: string): boolean {
  let index = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (index === text.length) return false;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Queue schedulers, written against their options as pf.conf(5) and pfctl write them: `cbq(default)`. */
const SCHEDULERS: ReadonlySet<TokenType> = new Set([Kw.cbq, Kw.priq, Kw.hfsc, Kw.fairq, Kw.codelq]);

/** The house style: true where the formatter writes two tokens without a space. */
export function prefersGlue(previous: TokenType, next: TokenType, tableBracket: boolean): boolean {
  if (next === Comma || next === RParen || previous === LParen) return true;
  if (next === LParen) return SCHEDULERS.has(previous);
  if (tableBracket) return true;
  if (next === Slash) return !isKeywordType(previous);
  if (previous === Slash) return true;
  // `!=`, `<=`, `>=` as FreeBSD's lexer reads them: two tokens written as one operator.
  return next === Equals && (previous === Bang || previous === Less || previous === Greater);
}

/** `<name>`: the brackets hug the name (a comparison `< 1024` keeps its spaces). */
export function isTableReference(tokens: readonly PfToken[], lessIndex: number): boolean {
  const name = tokens[lessIndex + 1];
  return (
    tokens[lessIndex]?.tokenType === Less &&
    tokens[lessIndex + 2]?.tokenType === Greater &&
    name !== undefined &&
    (endsWordLike(name.tokenType) || name.tokenType === Quoted)
  );
}
