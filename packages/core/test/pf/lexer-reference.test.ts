/**
 * The pf lexer has a pattern per kind of token and finds keywords with a map
 * afterwards. The lexer before it had a pattern per token and per keyword;
 * that definition is kept here as an independent reference, and both must
 * cut any text into the same tokens (type, text, original offsets) and the
 * same comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createToken, Lexer, type CustomPatternMatcherFunc, type IToken, type TokenType } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeyword, lexPf, pfKeywords, removeBackslashes, type PfToken } from '../../src/pf/lexer.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { PFCTL_CORPUS } from '../shared-material.js';

const quoted: CustomPatternMatcherFunc = (text, offset) => {
  const quote = text[offset];
  if (quote !== '"' && quote !== "'") return null;
  for (let i = offset + 1; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === quote) i++;
    else if (text[i] === quote) return [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
  }
  return null;
};

const number: CustomPatternMatcherFunc = (text, offset) => {
  const match = /-?[0-9]+/y;
  match.lastIndex = offset;
  const found = match.exec(text);
  if (!found) return null;
  const after = text[offset + found[0].length];
  return after === undefined || ' \t\n,/)}='.includes(after) ? found : null;
};

const WORD = /[A-Za-z0-9:_][A-Za-z0-9"$%&'*+\-.:;?@[\\\]^_`|~]*/;

function referenceLexer(dialect: PfDialect): Lexer {
  const word = createToken({ name: 'Word', pattern: WORD });
  const keywords = [...pfKeywords(dialect)]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((text) => createToken({ name: `kw:${text}`, pattern: text, longer_alt: word }));
  const comparisons =
    dialect === 'openbsd'
      ? [
          createToken({ name: 'NotEqual', pattern: '!=' }),
          createToken({ name: 'LessEqual', pattern: '<=' }),
          createToken({ name: 'GreaterEqual', pattern: '>=' }),
        ]
      : [];
  const types: TokenType[] = [
    createToken({ name: 'WhiteSpace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED }),
    createToken({ name: 'Newline', pattern: /\n/, line_breaks: true }),
    createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' }),
    createToken({ name: 'Quoted', pattern: { exec: quoted }, start_chars_hint: ['"', "'"], line_breaks: true }),
    createToken({ name: 'UnterminatedQuote', pattern: /["'][^]*/, line_breaks: true }),
    createToken({ name: 'MacroUse', pattern: /\$[A-Za-z0-9_]*/ }),
    createToken({ name: 'Arrow', pattern: '->' }),
    createToken({ name: 'ExceptRange', pattern: '<>' }),
    createToken({ name: 'InclusiveRange', pattern: '><' }),
    ...comparisons,
    createToken({ name: 'Number', pattern: { exec: number }, start_chars_hint: [...'-0123456789'], line_breaks: false }),
    ...keywords,
    word,
    ...['LBrace:{', 'RBrace:}', 'LParen:(', 'RParen:)', 'Less:<', 'Greater:>', 'Bang:!', 'Equals:=', 'Comma:,', 'Slash:/', 'Minus:-'].map(
      (entry) => createToken({ name: entry.slice(0, entry.indexOf(':')), pattern: entry.slice(entry.indexOf(':') + 1) }),
    ),
  ];
  return new Lexer(types, { positionTracking: 'onlyOffset', skipValidations: true });
}

const LEXERS: Record<PfDialect, Lexer> = { freebsd: referenceLexer('freebsd'), openbsd: referenceLexer('openbsd') };

interface Seen {
  readonly type: string;
  readonly image: string;
  readonly start: number;
  readonly end: number;
}

/** The old lexPf: backslashes removed first, characters nothing matched as one-character `Other` tokens. */
function reference(text: string, dialect: PfDialect): { tokens: Seen[]; comments: Seen[] } {
  const stripped = text.includes('\\') ? removeBackslashes(text) : undefined;
  const input = stripped ? stripped.text : text;
  const result = LEXERS[dialect].tokenize(input);
  const strays: IToken[] = result.errors.flatMap((error) =>
    Array.from({ length: error.length }, (_, i) => ({ image: input[error.offset + i]!, startOffset: error.offset + i, tokenType: { name: 'Other' } }) as IToken),
  );
  const ordered = [...result.tokens, ...strays].sort((a, b) => a.startOffset - b.startOffset);
  const original = (offset: number): number => (stripped ? stripped.toOriginal(offset) : offset);
  const seen = (token: IToken): Seen => ({
    type: token.tokenType.name.startsWith('kw:') && isKeyword(dialect, token.image) ? `kw:${token.image}` : token.tokenType.name,
    image: token.image,
    start: original(token.startOffset),
    end: original(token.startOffset + token.image.length - 1),
  });
  return { tokens: ordered.map(seen), comments: (result.groups['comments'] ?? []).map(seen) };
}

function actual(text: string, dialect: PfDialect): { tokens: Seen[]; comments: Seen[] } {
  const seen = (token: PfToken): Seen => ({ type: token.tokenType.name, image: token.image, start: token.startOffset, end: token.endOffset! });
  const lexed = lexPf(text, dialect);
  return { tokens: lexed.tokens.map(seen), comments: lexed.comments.map(seen) };
}

const FRAGMENTS = [
  'pass', 'passx', 'once', 'on', 'in', 'route-to', 'route', 'icmp6-type', 'l3', 'from', 'any', 'port', '80', '-1', '10.0.0.1',
  '80:90', '10/8', '$m', '$', '"q"', "'s'", '"open', '"a\\"b"', '#c', '\\\n', '\\x', '\n', ' ', '\t', '\f', '\r', '->', '<>',
  '><', '!=', '<=', '>=', '<', '>', '!', '=', ',', '/', '-', '{', '}', '(', ')', '@', ';', '?', 'é', '😀', 'S/SA', 'weight',
];

describe('the pf lexer', () => {
  for (const dialect of ['freebsd', 'openbsd'] as const) {
    it(`cuts random ${dialect} text as the keyword-per-pattern lexer did`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (pieces) => {
          const text = pieces.join('');
          expect(actual(text, dialect)).toEqual(reference(text, dialect));
        }),
        { numRuns: 1500 },
      );
    });

    it(`cuts every FreeBSD pfctl corpus file as the keyword-per-pattern lexer did (${dialect})`, () => {
      const files = readdirSync(PFCTL_CORPUS).filter((name) => name.endsWith('.in') || name.endsWith('.ok'));
      expect(files.length).toBeGreaterThan(100);
      for (const name of files) {
        const text = readFileSync(PFCTL_CORPUS + name, 'utf8');
        expect(actual(text, dialect), name).toEqual(reference(text, dialect));
      }
    });
  }

  it('reads every keyword of each dialect as that keyword, and a longer word as a word', () => {
    for (const dialect of ['freebsd', 'openbsd'] as const) {
      for (const keyword of pfKeywords(dialect)) {
        expect(actual(`${keyword} ${keyword}x`, dialect).tokens.map((token) => token.type)).toEqual([`kw:${keyword}`, 'Word']);
      }
    }
  });

  it('gives every token the same object shape', () => {
    const { tokens } = lexPf('pass in on $ext_if proto tcp from 10.0.0.1 to any port 80 # c\n"x" ? -> <>\n', 'freebsd');
    const shapes = new Set(tokens.map((token) => Object.keys(token).join(',')));
    expect(shapes.size).toBe(1);
  });
});
