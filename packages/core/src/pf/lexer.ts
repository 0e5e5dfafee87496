/**
 * The pf.conf lexer: a Chevrotain lexer with a pattern per kind of token
 * (word, number, quoted string, macro use, comment, punctuation), cutting
 * text the way pfctl's yylex() does; words that are keywords get their
 * keyword's token type afterwards from a map (a pattern per keyword made the
 * lexer four times slower). Macro expansion and includes are not here (see
 * tokens.ts); this module turns one piece of text into tokens.
 *
 * pfctl facts this file encodes:
 * - Newlines are tokens; blanks, tabs and form feeds separate tokens (FreeBSD
 *   pfctl test pf1078 has a form feed line).
 * - `\` + newline vanishes before tokenising (also inside comments and quotes);
 *   outside quotes `\` + any other character stands for that character.
 *   The lexer sees the text after that step (`removeBackslashes`); token
 *   offsets are mapped back to the original text.
 * - A word starts with a letter, digit, `:` or `_` and goes on over letters,
 *   digits and any ASCII punctuation except `( ) { } < > ! = / # ,`.
 * - A NUMBER is `-`? digits followed by blank, newline, `,`, `/`, `)`, `}`,
 *   `=` or the end; otherwise the digits start a word (`80:90`, `10.0.0.1`).
 * - Keywords are words whose whole text is in pfctl's keyword table; the
 *   table differs per dialect. Quoted strings are never keywords.
 * - Any other character is a one-character token (the parser rejects it).
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { builtOnFirstUse, type GrammarBuildOptions } from '../grammar-options.js';
import type { MacroOrigin, PfDialect } from './syntax.js';

/** A token as the parser sees it: offsets are in the original file text. */
export interface PfToken extends IToken {
  /** Set on tokens that a `$name` produced. */
  macro?: MacroOrigin;
}

/*
 * Token types for the lexer and the parser. The lexer tries the patterns in
 * this order, first match wins (see createPfLexer), which is pfctl's order.
 */
interface TokenOptions {
  readonly categories?: TokenType[];
  readonly lineBreaks?: boolean;
  readonly startChars?: string[];
  readonly group?: string;
}

const token = (name: string, label: string, pattern: RegExp | string | typeof Lexer.NA, options: TokenOptions = {}): TokenType =>
  createToken({
    name,
    pattern,
    label,
    ...(options.categories ? { categories: options.categories } : {}),
    ...(options.lineBreaks ? { line_breaks: true } : {}),
    ...(options.startChars ? { start_chars_hint: options.startChars } : {}),
    ...(options.group ? { group: options.group } : {}),
  });

/** pfctl's STRING: an unquoted word or a quoted string (quotes never make a keyword). */
export const StringToken = token('String', 'string', Lexer.NA);
/** pfctl's numberstring: a NUMBER or a STRING. */
export const NumberOrString = token('NumberOrString', 'number or string', Lexer.NA);

const Blank = token('Blank', 'blank', /[ \t\f]+/, { group: Lexer.SKIPPED });
export const Newline = token('Newline', 'newline', /\n/, { lineBreaks: true });
/** `#` to the end of the line; kept apart from the tokens the parser sees. */
export const Comment = token('Comment', 'comment', /#[^\n]*/, { group: 'comments' });
/**
 * pfctl looks at one character after a backslash: the quote character is
 * taken literally, anything else leaves the backslash in the string. So
 * `"\\"` is not terminated (the second backslash escapes the quote).
 */
export const Quoted = token('Quoted', 'quoted string', /"(?:[^"\\]|\\"|\\(?!"))*"|'(?:[^'\\]|\\'|\\(?!'))*'/, {
  categories: [StringToken, NumberOrString],
  lineBreaks: true,
  startChars: ['"', "'"],
});
/** An opening quote without its partner: pfctl reads to the end of the file and fails. */
export const UnterminatedQuote = token('UnterminatedQuote', 'unterminated quote', /["'][^]*/, {
  lineBreaks: true,
  startChars: ['"', "'"],
});
/** `$name`; the name may be empty (pfctl then reports macro '' not defined). */
export const MacroUse = token('MacroUse', 'macro', /\$[A-Za-z0-9_]*/);
export const Arrow = token('Arrow', '->', '->');
/** What a number's digits may be followed by (pfctl's allowed_to_end_number); before anything else they are a word. */
const NUMBER_ENDS = ' \t\n,/)}=';
/**
 * Whether digits followed by `character` ('' for the end of the text) are a
 * number. pfctl reads a macro's value on into the file after `$name`, so this
 * also says whether a value ending in digits ends there (`$port# web` makes
 * them a word).
 */
export function endsNumber(character: string): boolean {
  return character === '' || NUMBER_ENDS.includes(character);
}
/** Digits are a number only before one of `NUMBER_ENDS` (or the end); `(?![^...])` says "or the end" in a way Chevrotain accepts. */
export const NumberToken = token('Number', 'number', new RegExp(`-?[0-9]+(?![^${NUMBER_ENDS}])`), { categories: [NumberOrString] });
export const Minus = token('Minus', '-', '-');
/** Letters, digits and ASCII punctuation except ( ) { } < > ! = / # , */
export const WORD_CONTINUATION = /[A-Za-z0-9"$%&'*+\-.:;?@[\\\]^_`|~]/;
export const Word = token('Word', 'word', new RegExp(`[A-Za-z0-9:_]${WORD_CONTINUATION.source}*`), {
  categories: [StringToken, NumberOrString],
});
export const ExceptRange = token('ExceptRange', '<>', '<>');
export const InclusiveRange = token('InclusiveRange', '><', '><');
/** OpenBSD's lexer has two-character comparison tokens; FreeBSD's returns single characters. */
export const NotEqual = token('NotEqual', '!=', '!=');
export const LessEqual = token('LessEqual', '<=', '<=');
export const GreaterEqual = token('GreaterEqual', '>=', '>=');

export const LBrace = token('LBrace', '{', '{');
export const RBrace = token('RBrace', '}', '}');
export const LParen = token('LParen', '(', '(');
export const RParen = token('RParen', ')', ')');
export const Less = token('Less', '<', '<');
export const Greater = token('Greater', '>', '>');
export const Bang = token('Bang', '!', '!');
export const Equals = token('Equals', '=', '=');
export const Comma = token('Comma', ',', ',');
export const Slash = token('Slash', '/', '/');
/**
 * Any other single character (`?`, `@`, `;`, a carriage return, anything
 * outside ASCII...): pfctl returns it as itself and no rule takes it. Spelled
 * out rather than "anything" so that Chevrotain can still pick patterns by
 * the first character; with it, no text makes the lexer fail.
 */
// eslint-disable-next-line no-control-regex -- control characters are among the ones pfctl returns as themselves
export const Other = token('Other', 'character', /[\x00-\x08\x0b\x0d-\x1f%&*+.;?@[\\\]^`|~\x7f-\uffff]/);

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
 * the parser can ask "any keyword". The lexer itself only knows `Word`: a
 * word whose whole text is in the dialect's table becomes the keyword after
 * tokenising (one map lookup instead of trying a pattern per keyword; it also
 * keeps `once` from being read as `on` + `ce` and makes `passx` a word).
 */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

export const Kw = Object.fromEntries(
  ALL_KEYWORDS.map((text) => [
    text,
    createToken({ name: `kw:${text}`, pattern: Lexer.NA, categories: [Keyword], label: `'${text}'` }),
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
  StringToken, NumberOrString, Newline, Comment, Quoted, UnterminatedQuote, MacroUse, Arrow, ExceptRange, InclusiveRange,
  NotEqual, LessEqual, GreaterEqual, NumberToken, Keyword, ...Object.values(Kw), Word, LBrace, RBrace, LParen,
  RParen, Less, Greater, Bang, Equals, Comma, Slash, Minus, Other,
];

/** Keyword token types by text, per dialect. */
const KEYWORD_TYPES: Readonly<Record<PfDialect, ReadonlyMap<string, TokenType>>> = {
  freebsd: new Map([...KEYWORDS_BY_DIALECT.freebsd].map((text) => [text, Kw[text]])),
  openbsd: new Map([...KEYWORDS_BY_DIALECT.openbsd].map((text) => [text, Kw[text]])),
};

export interface LexedText {
  readonly tokens: PfToken[];
  /** Comment tokens (the `#` to the end of the line). */
  readonly comments: PfToken[];
}

/** Patterns in pfctl's order; the dialects differ only in OpenBSD's two-character comparisons. */
const FIRST_PATTERNS = [Blank, Newline, Comment, Quoted, UnterminatedQuote, MacroUse, Arrow, NumberToken, Minus, Word, ExceptRange, InclusiveRange];
const LAST_PATTERNS = [LBrace, RBrace, LParen, RParen, Less, Greater, Bang, Equals, Comma, Slash, Other];

/**
 * A lexer for both dialects (a mode each). `ensureOptimizations` makes a
 * pattern that would turn off choosing by the first character an error
 * instead of a slowdown. Chevrotain's definition checks take most of the
 * construction time, which every `pflint` run would pay; the definition does
 * not change at run time, so the shared lexer skips them and a test builds
 * one with them.
 */
export function createPfLexer(options: GrammarBuildOptions = {}): Lexer {
  const lexer = new Lexer(
    {
      modes: {
        freebsd: [...FIRST_PATTERNS, ...LAST_PATTERNS],
        openbsd: [...FIRST_PATTERNS, NotEqual, LessEqual, GreaterEqual, ...LAST_PATTERNS],
      },
      defaultMode: 'freebsd',
    },
    { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations: !options.validateGrammar },
  );
  // See makeToken: the lexer builds whole tokens (Chevrotain 11's Lexer makes every token through this member).
  (lexer as unknown as { createTokenInstance: typeof lexerToken }).createTokenInstance = lexerToken;
  return lexer;
}

/** Built on first use: a run with no pf.conf (`--version`, an rc.conf-only host, a router) never pays for it. */
const sharedLexer = builtOnFirstUse(createPfLexer);

/**
 * A token made outside the lexer (macro expansion, the end of a statement).
 * Every token, the lexer's included (`lexerToken`), is one object literal
 * with these six fields in this order: one object shape keeps the parser's
 * property reads monomorphic, and fields added after Chevrotain made a token
 * cost each token a second object (V8 keeps late properties apart), which
 * made lexing about 1.7× slower.
 */
export function makeToken(tokenType: TokenType, image: string, startOffset: number, endOffset: number, macro?: MacroOrigin): PfToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType, endOffset, macro } as PfToken;
}

/** The lexer's token factory, in its offset-only signature: `makeToken`'s shape, the end from the image. */
function lexerToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): PfToken {
  return { image, startOffset, tokenTypeIdx, tokenType, endOffset: startOffset + image.length - 1, macro: undefined } as PfToken;
}

/**
 * Tokenises `text`. Offsets in the result refer to `text` itself, also when
 * backslash continuations had to be removed first. Never throws: every
 * character is the start of some token (`Other` at worst).
 */
export function lexPf(text: string, dialect: PfDialect): LexedText {
  const stripped = text.includes('\\') ? removeBackslashes(text) : undefined;
  const result = sharedLexer().tokenize(stripped ? stripped.text : text, dialect);
  const tokens = result.tokens as PfToken[];
  const comments = (result.groups['comments'] ?? []) as PfToken[];
  const keywords = KEYWORD_TYPES[dialect];
  for (const token of tokens) {
    // Every keyword starts with a lower-case letter: addresses and names in capitals skip the lookup.
    const first = token.image.charCodeAt(0);
    const keyword = token.tokenType === Word && first >= 97 && first <= 122 ? keywords.get(token.image) : undefined;
    if (keyword) {
      token.tokenType = keyword;
      token.tokenTypeIdx = keyword.tokenTypeIdx!;
    }
  }
  if (stripped) {
    for (const list of [tokens, comments]) {
      const toOriginal = stripped.ascending();
      for (const token of list) {
        token.startOffset = toOriginal(token.startOffset);
        token.endOffset = toOriginal(token.endOffset!);
      }
    }
  }
  return { tokens, comments };
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
  /**
   * `toOriginal` for offsets asked in ascending order, walking the cuts
   * instead of searching them (hundreds of thousands of tokens).
   */
  ascending(): (offset: number) => number;
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
    ascending(): (offset: number) => number {
      let next = 0;
      let shift = 0;
      return (offset) => {
        while (next < cutAt.length && cutAt[next]! <= offset) shift = removedBefore[next++]!;
        return offset + shift;
      };
    },
  };
}
