/**
 * The pf.conf lexer: Chevrotain token types and one lexer per dialect that
 * splits text the way pfctl's yylex() does. Macro expansion and includes are
 * not here (see tokens.ts); this module turns one piece of text into tokens.
 *
 * pfctl facts this file encodes:
 * - Newlines are tokens; blanks, tabs and form feeds separate tokens (FreeBSD
 *   pfctl test pf1078 has a form feed line).
 * - `\` + newline vanishes before tokenising (also inside comments and quotes);
 *   outside quotes `\` + any other character stands for that character.
 *   Chevrotain sees the text after that step (`removeBackslashes`); token
 *   offsets are mapped back to the original text.
 * - A word starts with a letter, digit, `:` or `_` and goes on over letters,
 *   digits and any ASCII punctuation except `( ) { } < > ! = / # ,`.
 * - A NUMBER is `-`? digits followed by blank, newline, `,`, `/`, `)`, `}`,
 *   `=` or the end; otherwise the digits start a word (`80:90`, `10.0.0.1`).
 * - Keywords are words whose whole text is in pfctl's keyword table; the
 *   table differs per dialect. Quoted strings are never keywords.
 * - Any other character is a one-character token (the parser rejects it).
 */
import {
  createToken,
  createTokenInstance,
  Lexer,
  type CustomPatternMatcherFunc,
  type ILexingError,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { SourceRange } from '../source.js';
import type { MacroOrigin, PfDialect } from './syntax.js';

/** A token as the parser sees it: offsets are in the original file text. */
export interface PfToken extends IToken {
  /** Set on tokens that a `$name` produced. */
  macro?: MacroOrigin;
  /** The token's source range, computed once when the parser first needs it. */
  range?: SourceRange;
}

/** pfctl's STRING: an unquoted word or a quoted string (quotes never make a keyword). */
export const StringToken = createToken({ name: 'String', pattern: Lexer.NA, label: 'string' });
/** pfctl's numberstring: a NUMBER or a STRING. */
export const NumberOrString = createToken({ name: 'NumberOrString', pattern: Lexer.NA, label: 'number or string' });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'newline' });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });
/**
 * pfctl looks at one character after a backslash: the quote character is
 * taken literally, anything else leaves the backslash in the string. So
 * `"\\"` is not terminated (the second backslash escapes the quote). A
 * regular expression would backtrack out of that; this loop does not.
 */
const matchQuoted: CustomPatternMatcherFunc = (text, offset) => {
  const quote = text[offset];
  if (quote !== '"' && quote !== "'") return null;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === quote) i++;
    else if (c === quote) return [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
  }
  return null;
};

export const Quoted = createToken({
  name: 'Quoted',
  pattern: { exec: matchQuoted },
  start_chars_hint: ['"', "'"],
  line_breaks: true,
  label: 'quoted string',
  categories: [StringToken, NumberOrString],
});
/** An opening quote without its partner: pfctl reads to the end of the file and fails. */
export const UnterminatedQuote = createToken({
  name: 'UnterminatedQuote',
  pattern: /["'][^]*/,
  line_breaks: true,
});
/** `$name`; the name may be empty (pfctl then reports macro '' not defined). */
export const MacroUse = createToken({ name: 'MacroUse', pattern: /\$[A-Za-z0-9_]*/ });
export const Arrow = createToken({ name: 'Arrow', pattern: '->', label: '->' });
export const ExceptRange = createToken({ name: 'ExceptRange', pattern: '<>', label: '<>' });
export const InclusiveRange = createToken({ name: 'InclusiveRange', pattern: '><', label: '><' });
/** OpenBSD's lexer has two-character comparison tokens; FreeBSD's returns single characters. */
export const NotEqual = createToken({ name: 'NotEqual', pattern: '!=', label: '!=' });
export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', label: '<=' });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', label: '>=' });

const NUMBER_TERMINATORS = new Set([' ', '\t', '\n', ',', '/', ')', '}', '=']);

const matchNumber: CustomPatternMatcherFunc = (text, offset) => {
  let end = offset;
  if (text.charCodeAt(end) === 45 /* - */) end++;
  const digitsStart = end;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    end++;
  }
  if (end === digitsStart) return null;
  if (end < text.length && !NUMBER_TERMINATORS.has(text[end]!)) return null;
  return [text.slice(offset, end)] as unknown as RegExpExecArray;
};

export const NumberToken = createToken({
  name: 'Number',
  pattern: { exec: matchNumber },
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  line_breaks: false,
  label: 'number',
  categories: [NumberOrString],
});

/** Letters, digits and ASCII punctuation except ( ) { } < > ! = / # , */
export const WORD_CONTINUATION = /[A-Za-z0-9"$%&'*+\-.:;?@[\\\]^_`|~]/;
export const Word = createToken({
  name: 'Word',
  pattern: /[A-Za-z0-9:_][A-Za-z0-9"$%&'*+\-.:;?@[\\\]^_`|~]*/,
  label: 'word',
  categories: [StringToken, NumberOrString],
});

export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: '{' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: '}' });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: ')' });
export const Less = createToken({ name: 'Less', pattern: '<', label: '<' });
export const Greater = createToken({ name: 'Greater', pattern: '>', label: '>' });
export const Bang = createToken({ name: 'Bang', pattern: '!', label: '!' });
export const Equals = createToken({ name: 'Equals', pattern: '=', label: '=' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: ',' });
export const Slash = createToken({ name: 'Slash', pattern: '/', label: '/' });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: '-' });
/**
 * Any other single character (`?`, `@`, `;`, a carriage return...): pfctl
 * returns it as itself and no rule takes it. Not a pattern of the lexer (a
 * catch-all set would switch off Chevrotain's first-character dispatch):
 * characters no pattern takes come back as lexing errors and become these.
 */
export const Other = createToken({ name: 'Other', pattern: Lexer.NA, label: 'character' });

/** Keywords of FreeBSD 14's keyword table. */
const FREEBSD_14_KEYWORDS = [
  'all', 'allow-opts', 'altq', 'anchor', 'antispoof', 'any', 'bandwidth', 'binat', 'binat-anchor', 'bitmask',
  'block', 'block-policy', 'bridge-to', 'buckets', 'cbq', 'code', 'codelq', 'debug', 'divert-reply', 'divert-to',
  'dnpipe', 'dnqueue', 'drop', 'dup-to', 'ether', 'fail-policy', 'fairq', 'fastroute', 'file', 'fingerprints',
  'flags', 'floating', 'flush', 'for', 'fragment', 'from', 'global', 'group', 'hfsc', 'hogs', 'hostid',
  'icmp-type', 'icmp6-type', 'if-bound', 'in', 'include', 'inet', 'inet6', 'interval', 'keep', 'keepcounters',
  'l3', 'label', 'limit', 'linkshare', 'load', 'log', 'loginterface', 'map-e-portset', 'match', 'max', 'max-mss',
  'max-src-conn', 'max-src-conn-rate', 'max-src-nodes', 'max-src-states', 'min-ttl', 'modulate', 'nat',
  'nat-anchor', 'no', 'no-df', 'no-route', 'no-sync', 'on', 'optimization', 'os', 'out', 'overload', 'pass',
  'port', 'prio', 'priority', 'priq', 'probability', 'proto', 'qlimit', 'queue', 'quick', 'random', 'random-id',
  'rdr', 'rdr-anchor', 'realtime', 'reassemble', 'reply-to', 'require-order', 'return', 'return-icmp',
  'return-icmp6', 'return-rst', 'ridentifier', 'round-robin', 'route', 'route-to', 'rtable', 'rule',
  'ruleset-optimization', 'scrub', 'set', 'set-tos', 'skip', 'sloppy', 'source-hash', 'source-track', 'state',
  'state-defaults', 'state-policy', 'static-port', 'sticky-address', 'syncookies', 'synproxy', 'table', 'tag',
  'tagged', 'target', 'tbrsize', 'timeout', 'to', 'tos', 'ttl', 'upperlimit', 'urpf-failed', 'user',
] as const;

/** Added to FreeBSD after 14.0 (imports from OpenBSD and the FreeBSD 15 work), seen in pfctl's tests. */
const FREEBSD_15_KEYWORDS = [
  'af-to', 'allow-related', 'binat-to', 'endpoint-independent', 'limiter', 'matches', 'max-pkt-rate',
  'max-pkt-size', 'nat-to', 'once', 'pflow', 'prefer-ipv6-nexthop', 'rdr-to', 'received-on',
] as const;

/** OpenBSD 7.x's keyword table. */
const OPENBSD_KEYWORDS = [
  'af-to', 'all', 'allow-opts', 'anchor', 'antispoof', 'any', 'bandwidth', 'binat-to', 'bitmask', 'block',
  'block-policy', 'burst', 'code', 'debug', 'default', 'delay', 'divert-packet', 'divert-reply', 'divert-to',
  'drop', 'dup-to', 'file', 'fingerprints', 'flags', 'floating', 'flows', 'flush', 'for', 'fragment', 'from',
  'global', 'group', 'hostid', 'icmp-type', 'icmp6-type', 'if-bound', 'in', 'include', 'inet', 'inet6', 'keep',
  'label', 'least-states', 'limit', 'limiter', 'load', 'log', 'loginterface', 'match', 'matches', 'max',
  'max-mss', 'max-pkt-rate', 'max-src-conn', 'max-src-conn-rate', 'max-src-nodes', 'max-src-states', 'min',
  'min-ttl', 'modulate', 'nat-to', 'no', 'no-df', 'no-route', 'no-sync', 'on', 'once', 'optimization', 'os',
  'out', 'overload', 'parent', 'pass', 'pflow', 'port', 'prio', 'probability', 'proto', 'qlimit', 'quantum',
  'queue', 'quick', 'random', 'random-id', 'rdomain', 'rdr-to', 'reassemble', 'received-on', 'reply-to',
  'return', 'return-icmp', 'return-icmp6', 'return-rst', 'round-robin', 'route', 'route-to', 'rtable', 'rule',
  'ruleset-optimization', 'scrub', 'set', 'set-tos', 'skip', 'sloppy', 'source-hash', 'source-track', 'state',
  'state-defaults', 'state-policy', 'static-port', 'sticky-address', 'syncookies', 'synproxy', 'table', 'tag',
  'tagged', 'timeout', 'to', 'tos', 'ttl', 'urpf-failed', 'user', 'weight',
] as const;

export type KeywordText =
  | (typeof FREEBSD_14_KEYWORDS)[number]
  | (typeof FREEBSD_15_KEYWORDS)[number]
  | (typeof OPENBSD_KEYWORDS)[number];

const ALL_KEYWORDS: readonly KeywordText[] = [
  ...new Set<KeywordText>([...FREEBSD_14_KEYWORDS, ...FREEBSD_15_KEYWORDS, ...OPENBSD_KEYWORDS]),
];

/**
 * Every keyword is a category member of `Keyword` so that error messages and
 * the parser can ask "any keyword". `longer_alt: Word` keeps `once` from being
 * read as `on` + `ce` and `passx` a word.
 */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

export const Kw = Object.fromEntries(
  ALL_KEYWORDS.map((text) => [
    text,
    createToken({ name: `kw:${text}`, pattern: text, longer_alt: Word, categories: [Keyword], label: `'${text}'` }),
  ]),
) as Record<KeywordText, TokenType>;

const KEYWORDS_BY_DIALECT: Readonly<Record<PfDialect, ReadonlySet<KeywordText>>> = {
  freebsd: new Set<KeywordText>([...FREEBSD_14_KEYWORDS, ...FREEBSD_15_KEYWORDS]),
  openbsd: new Set<KeywordText>(OPENBSD_KEYWORDS),
};

/** The dialect's keywords in alphabetical order: what an editor may offer where a keyword can go. */
export function pfKeywords(dialect: PfDialect): readonly string[] {
  return [...KEYWORDS_BY_DIALECT[dialect]].sort();
}

export function isKeyword(dialect: PfDialect, text: string): boolean {
  return KEYWORDS_BY_DIALECT[dialect].has(text as KeywordText);
}

/** Every token type the parser may meet, for the parser's vocabulary. */
export const ALL_TOKEN_TYPES: readonly TokenType[] = [
  StringToken, NumberOrString, WhiteSpace, Newline, Comment, Quoted, UnterminatedQuote, MacroUse, Arrow, ExceptRange, InclusiveRange,
  NotEqual, LessEqual, GreaterEqual, NumberToken, Keyword, ...Object.values(Kw), Word, LBrace, RBrace, LParen,
  RParen, Less, Greater, Bang, Equals, Comma, Slash, Minus, Other,
];

function buildLexer(dialect: PfDialect): Lexer {
  // Chevrotain tries patterns in order: longer keywords first so that
  // `route-to` is not taken as `route` (longer_alt then settles `routex`).
  const keywords = [...KEYWORDS_BY_DIALECT[dialect]]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((text) => Kw[text]);
  const comparisons = dialect === 'openbsd' ? [NotEqual, LessEqual, GreaterEqual] : [];
  return new Lexer(
    [
      WhiteSpace, Newline, Comment, Quoted, UnterminatedQuote, MacroUse, Arrow, ExceptRange, InclusiveRange,
      ...comparisons, NumberToken, ...keywords, Word, LBrace, RBrace, LParen, RParen, Less, Greater, Bang, Equals,
      Comma, Slash, Minus,
    ],
    { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: true },
  );
}

const lexers = new Map<PfDialect, Lexer>();

function lexerFor(dialect: PfDialect): Lexer {
  let lexer = lexers.get(dialect);
  if (!lexer) lexers.set(dialect, (lexer = buildLexer(dialect)));
  return lexer;
}

export interface LexedText {
  readonly tokens: PfToken[];
  /** Comment tokens (the `#` to the end of the line). */
  readonly comments: PfToken[];
}

/**
 * Tokenises `text`. Offsets in the result refer to `text` itself, also when
 * backslash continuations had to be removed first. Never throws: the `Other`
 * token catches every character no other pattern takes.
 */
export function lexPf(text: string, dialect: PfDialect): LexedText {
  const stripped = text.includes('\\') ? removeBackslashes(text) : undefined;
  const input = stripped ? stripped.text : text;
  const result = lexerFor(dialect).tokenize(input);
  const tokens = result.errors.length > 0 ? withStrayCharacters(result.tokens as PfToken[], result.errors, input) : (result.tokens as PfToken[]);
  const comments = (result.groups['comments'] ?? []) as PfToken[];
  // Chevrotain's offset-only tracking leaves endOffset unset; it is needed for ranges.
  for (const list of [tokens, comments]) {
    for (const token of list) {
      const start = token.startOffset;
      const last = start + token.image.length - 1;
      if (stripped) {
        token.startOffset = stripped.toOriginal(start);
        token.endOffset = stripped.toOriginal(last);
      } else {
        token.endOffset = last;
      }
    }
  }
  return { tokens, comments };
}

/** Turns the characters the lexer could not match into `Other` tokens, in order. */
function withStrayCharacters(tokens: PfToken[], errors: readonly ILexingError[], input: string): PfToken[] {
  const strays: PfToken[] = [];
  for (const error of errors) {
    for (let offset = error.offset; offset < error.offset + error.length; offset++) {
      strays.push(createTokenInstance(Other, input[offset]!, offset, offset, NaN, NaN, NaN, NaN));
    }
  }
  const merged: PfToken[] = [];
  let next = 0;
  for (const token of tokens) {
    while (next < strays.length && strays[next]!.startOffset < token.startOffset) merged.push(strays[next++]!);
    merged.push(token);
  }
  while (next < strays.length) merged.push(strays[next++]!);
  return merged;
}

/** The value of a quoted token: quotes dropped, newlines inside dropped, `\"` → `"`. */
export function unquote(image: string): string {
  const quote = image[0]!;
  const body = image.slice(1, -1);
  if (!body.includes('\\') && !body.includes('\n')) return body;
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') continue;
    if (c === '\\' && body[i + 1] === quote) {
      value += quote;
      i++;
      continue;
    }
    value += c;
  }
  return value;
}

const enum ScanState {
  Between,
  Word,
  MacroName,
  Quote,
  Comment,
}

function charTable(pattern: RegExp): Uint8Array {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) table[code] = pattern.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}

const IS_WORD_CONTINUATION = charTable(WORD_CONTINUATION);
const IS_WORD_START = charTable(/[A-Za-z0-9:_]/);
const IS_MACRO_NAME = charTable(/[A-Za-z0-9_]/);
const BACKSLASH = 92;
const NEWLINE = 10;

/** Text with some characters removed, and the way back to original offsets. */
export interface StrippedText {
  readonly text: string;
  /** The offset in the original text of the character at `offset` of the stripped text. */
  toOriginal(offset: number): number;
}

/**
 * pfctl's character reader: `\` + newline disappears everywhere; outside
 * quotes `\` + another character yields that character. Whether a `\` is
 * inside quotes depends on where tokens start (a `"` inside a word is just a
 * character), so this follows token boundaries the way yylex does.
 */
export function removeBackslashes(text: string): StrippedText {
  const pieces: string[] = [];
  /** Stripped offsets where characters were removed, and how many were removed up to there. */
  const cutAt: number[] = [];
  const removedBefore: number[] = [];
  let removed = 0;
  let copyFrom = 0;
  const cut = (from: number, count: number): void => {
    pieces.push(text.slice(copyFrom, from));
    copyFrom = from + count;
    removed += count;
    cutAt.push(from + count - removed);
    removedBefore.push(removed);
  };
  let state = ScanState.Between;
  let quote = 0;
  let i = 0;
  while (i < text.length) {
    let code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === NEWLINE) {
        cut(i, 2);
        i += 2;
        continue;
      }
      if (state === ScanState.Quote) {
        // A backslash before the quote keeps the string open; both stay for the token.
        if (next === quote) {
          i += 2;
          continue;
        }
      } else if (state !== ScanState.Comment) {
        cut(i, 1);
        if (Number.isNaN(next)) break;
        code = next;
        i++;
      }
    }
    i++;
    switch (state) {
      case ScanState.Quote:
        if (code === quote) state = ScanState.Between;
        continue;
      case ScanState.Comment:
        if (code === NEWLINE) state = ScanState.Between;
        continue;
      case ScanState.Word:
        if (code < 128 && IS_WORD_CONTINUATION[code]) continue;
        break;
      case ScanState.MacroName:
        if (code < 128 && IS_MACRO_NAME[code]) continue;
        break;
      case ScanState.Between:
        break;
    }
    state = ScanState.Between;
    if (code === 35 /* # */) state = ScanState.Comment;
    else if (code === 34 /* " */ || code === 39 /* ' */) {
      state = ScanState.Quote;
      quote = code;
    } else if (code === 36 /* $ */) state = ScanState.MacroName;
    else if (code < 128 && IS_WORD_START[code]) state = ScanState.Word;
  }
  pieces.push(text.slice(copyFrom));
  return {
    text: pieces.join(''),
    toOriginal(offset: number): number {
      let low = 0;
      let high = cutAt.length - 1;
      let shift = 0;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (cutAt[mid]! <= offset) {
          shift = removedBefore[mid]!;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      return offset + shift;
    },
  };
}
