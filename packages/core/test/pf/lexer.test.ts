import { describe, expect, it } from 'vitest';
import { isKeyword, lexPf, makeToken, removeBackslashes, unquote, Word } from '../../src/pf/lexer.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { parse, where } from './parser-helpers.js';

/** `Type:image` for every token; keywords show as `kw:text`. */
function lex(text: string, dialect: PfDialect = 'freebsd'): string[] {
  return lexPf(text, dialect).tokens.map((token) => `${token.tokenType.name}:${token.image}`);
}

describe('the lexer definition', () => {
  it('builds every token whole, in the one shape makeToken gives tokens made outside it (comments included)', () => {
    const { tokens, comments } = lexPf('pass in on em0 # why\n', 'freebsd');
    const shape = Object.keys(makeToken(Word, 'em0', 11, 13));
    expect(shape).toEqual(['image', 'startOffset', 'tokenTypeIdx', 'tokenType', 'endOffset', 'macro']);
    for (const token of [...tokens, ...comments]) {
      expect(Object.keys(token)).toEqual(shape);
      expect(token.endOffset).toBe(token.startOffset + token.image.length - 1);
    }
    expect(comments.map((comment) => [comment.image, comment.startOffset, comment.endOffset])).toEqual([['# why', 15, 19]]);
  });
});

describe('lines and whitespace', () => {
  it('delivers newlines as tokens and skips blanks, tabs and form feeds', () => {
    expect(lex('pass\n\n\tblock \f\n')).toEqual([
      'kw:pass:pass',
      'Newline:\n',
      'Newline:\n',
      'kw:block:block',
      'Newline:\n',
    ]);
  });

  it('removes backslash-newline before tokenising, even inside a word', () => {
    expect(lex('pass \\\nin pa\\\nss')).toEqual(['kw:pass:pass', 'kw:in:in', 'kw:pass:pass']);
  });

  it('keeps offsets of tokens after a continuation in the original text', () => {
    const text = 'pass \\\n  in';
    const token = lexPf(text, 'freebsd').tokens[1]!;
    expect(text.slice(token.startOffset, token.endOffset! + 1)).toBe('in');
  });

  it('lets a comment ending in a backslash swallow the next line', () => {
    const lexed = lexPf('# off \\\npass in\nblock', 'freebsd');
    expect(lexed.tokens.map((token) => token.image)).toEqual(['\n', 'block']);
    expect(lexed.comments).toHaveLength(1);
  });

  it('continues a quoted string over backslash-newline', () => {
    const [token] = lexPf('"a\\\nb"', 'freebsd').tokens;
    expect(unquote(token!.image)).toBe('ab');
  });

  it('treats a backslash before another character as that character outside quotes', () => {
    expect(removeBackslashes('a\\#b "c\\d"').text).toBe('a#b "c\\d"');
    expect(lex('pass\\ in')).toEqual(['kw:pass:pass', 'kw:in:in']);
  });

  it('keeps a carriage return as a stray character (pfctl rejects CRLF files)', () => {
    expect(lex('pass\r\n')).toEqual(['kw:pass:pass', 'Other:\r', 'Newline:\n']);
  });
});

describe('comments', () => {
  it('starts a comment only where a token may start', () => {
    expect(lex('foo#bar baz')).toEqual(['Word:foo']);
    expect(lexPf('foo#bar baz', 'freebsd').comments.map((token) => token.image)).toEqual(['#bar baz']);
  });

  it('keeps # inside quotes', () => {
    expect(lex('label "a # b"')).toEqual(['kw:label:label', 'Quoted:"a # b"']);
  });

  it('records own-line and trailing comments with their ranges', () => {
    const { tree } = parse('# header\npass in # why\n');
    expect(tree.comments.map((comment) => [comment.text, comment.trailing, comment.range.start.line])).toEqual([
      [' header', false, 1],
      [' why', true, 2],
    ]);
    expect(tree.comments[1]!.range.start.column).toBe(9);
  });
});

describe('quoted strings', () => {
  it('are never keywords', () => {
    expect(lex('"pass" \'in\'')).toEqual(['Quoted:"pass"', "Quoted:'in'"]);
  });

  it('unescape only the quote character and drop embedded newlines', () => {
    expect(unquote('"a\\"b\\n"')).toBe('a"b\\n');
    expect(unquote('"two\nlines"')).toBe('twolines');
  });

  it('leave a backslash before the closing quote escaping it, as pfctl does', () => {
    expect(lex('"\\\\" x')).toEqual(['UnterminatedQuote:"\\\\" x']);
  });

  it('report an unterminated quote as a syntax error', () => {
    expect(where(parse('pass label "oops\n'))).toEqual(['pf.conf:1:12 syntax-error']);
  });
});

describe('numbers and words', () => {
  it('reads digits as a NUMBER only before a terminator', () => {
    expect(lex('80 80:90 10.0.0.1 0x10 20% 8)')).toEqual([
      'Number:80',
      'Word:80:90',
      'Word:10.0.0.1',
      'Word:0x10',
      'Word:20%',
      'Number:8',
      'RParen:)',
    ]);
  });

  it('splits CIDR into word, slash and number', () => {
    expect(lex('192.0.2.0/24 2001:db8::/32 10/8')).toEqual([
      'Word:192.0.2.0',
      'Slash:/',
      'Number:24',
      'Word:2001:db8::',
      'Slash:/',
      'Number:32',
      'Number:10',
      'Slash:/',
      'Number:8',
    ]);
  });

  it('reads negative numbers, and a minus before a non-number alone', () => {
    expect(lex('-5 -5x - ->')).toEqual(['Number:-5', 'Minus:-', 'Word:5x', 'Minus:-', 'Arrow:->']);
  });

  it('keeps punctuation other than ( ) { } < > ! = / # , inside words', () => {
    expect(lex('route-to max-src-conn-rate tcp.established 2001:db8::1 fe80::1%em0 em0:network')).toEqual([
      'kw:route-to:route-to',
      'kw:max-src-conn-rate:max-src-conn-rate',
      'Word:tcp.established',
      'Word:2001:db8::1',
      'Word:fe80::1%em0',
      'Word:em0:network',
    ]);
  });

  it('needs spaces around the range dash', () => {
    expect(lex('10.1.1.10 - 10.1.1.12')).toEqual(['Word:10.1.1.10', 'Minus:-', 'Word:10.1.1.12']);
    expect(lex('10.1.1.10-10.1.1.12')).toEqual(['Word:10.1.1.10-10.1.1.12']);
  });

  it('reads table references as three tokens and <> >< as operators', () => {
    expect(lex('<bad> 1 <> 2 3 >< 4')).toEqual([
      'Less:<',
      'Word:bad',
      'Greater:>',
      'Number:1',
      'ExceptRange:<>',
      'Number:2',
      'Number:3',
      'InclusiveRange:><',
      'Number:4',
    ]);
  });

  it('returns other punctuation at a token start as single characters', () => {
    expect(lex('? @x')).toEqual(['Other:?', 'Other:@', 'Word:x']);
  });

  it('starts a token at every character there is, so no text makes the lexer give up', () => {
    // Quotes, `#` and backslashes take the rest of the text with them, blanks separate.
    const consuming = new Set(['"', "'", '#', '\\', ' ', '\t', '\f']);
    const characters = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => !consuming.has(c));
    for (const dialect of ['freebsd', 'openbsd'] as const) {
      const { tokens } = lexPf(characters.join(' '), dialect);
      expect(tokens.map((token) => token.image)).toEqual(characters);
    }
  });
});

describe('comparison operators per dialect', () => {
  it('FreeBSD lexes ! < > alone', () => {
    expect(lex('!= <= >=', 'freebsd')).toEqual(['Bang:!', 'Equals:=', 'Less:<', 'Equals:=', 'Greater:>', 'Equals:=']);
  });

  it('OpenBSD has two-character tokens', () => {
    expect(lex('!= <= >= ! =', 'openbsd')).toEqual([
      'NotEqual:!=',
      'LessEqual:<=',
      'GreaterEqual:>=',
      'Bang:!',
      'Equals:=',
    ]);
  });
});

describe('keywords', () => {
  it('are whole words only (longer_alt)', () => {
    expect(lex('on once onx passx pass-through route')).toEqual([
      'kw:on:on',
      'kw:once:once',
      'Word:onx',
      'Word:passx',
      'Word:pass-through',
      'kw:route:route',
    ]);
  });

  it('leave table options, self and protocol names as words', () => {
    expect(lex('persist const counters self tcp yes')).toEqual([
      'Word:persist',
      'Word:const',
      'Word:counters',
      'Word:self',
      'Word:tcp',
      'Word:yes',
    ]);
  });

  it('differ per dialect', () => {
    expect(isKeyword('openbsd', 'rdomain')).toBe(true);
    expect(isKeyword('freebsd', 'rdomain')).toBe(false);
    expect(isKeyword('freebsd', 'ether')).toBe(true);
    expect(isKeyword('openbsd', 'ether')).toBe(false);
    expect(lex('rdomain ether', 'freebsd')).toEqual(['Word:rdomain', 'kw:ether:ether']);
    expect(lex('rdomain ether', 'openbsd')).toEqual(['kw:rdomain:rdomain', 'Word:ether']);
  });

  it('make a keyword unusable where pfctl expects a name', () => {
    expect(where(parse('pass on pass'))).toEqual(['pf.conf:1:9 syntax-error']);
    expect(where(parse('pass on "pass"'))).toEqual([]);
  });
});
