import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from 'chevrotain';
import { builtOnFirstUse, lexerConfig, type GrammarBuildOptions } from '../grammar-options.js';

/**
 * Tokens of the POSIX sh subset that rc.conf files are written in. Whitespace
 * is a real token (not skipped) because adjacency decides what one shell word
 * is: `a="x"'y'` is one word made of three pieces.
 */

/** True when the character before `offset` ends a word, so a `#` or `NAME=` there starts something new. */
function atWordStart(text: string, offset: number): boolean {
  let index = offset;
  // A backslash-newline joins lines without separating words, so look through it; an escaped backslash (`\\` + newline) is no continuation.
  while (index >= 2 && text[index - 1] === '\n' && unescapedBackslash(text, index - 2)) index -= 2;
  if (index === 0) return true;
  const previous = text[index - 1]!;
  return previous === ' ' || previous === '\t' || previous === '\n' || previous === '\r' || previous === ';';
}

/** True when `text[at]` is a backslash that is not itself escaped: the run of backslashes ending there is odd. */
function unescapedBackslash(text: string, at: number): boolean {
  let start = at;
  while (start >= 0 && text[start] === '\\') start--;
  return (at - start) % 2 === 1;
}

const matchComment: CustomPatternMatcherFunc = (text, offset) => {
  if (text[offset] !== '#' || !atWordStart(text, offset)) return null;
  const match = /#[^\n]*/y;
  match.lastIndex = offset;
  return match.exec(text);
};

const matchAssignName: CustomPatternMatcherFunc = (text, offset) => {
  if (!atWordStart(text, offset)) return null;
  const match = /[A-Za-z_][A-Za-z0-9_]*=/y;
  match.lastIndex = offset;
  return match.exec(text);
};

/** `$( ... )` with nested parentheses; quotes inside are skipped over so `$(echo ")")` stays whole. */
const matchCommandSubstitution: CustomPatternMatcherFunc = (text, offset) => {
  if (!text.startsWith('$(', offset)) return null;
  let depth = 0;
  let index = offset + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\') index += 2;
    else if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      index = close < 0 ? text.length : close + 1;
    } else {
      if (char === '(') depth++;
      else if (char === ')' && --depth === 0) {
        const result = [text.slice(offset, index + 1)] as unknown as RegExpExecArray;
        return result;
      }
      index++;
    }
  }
  return null;
};

export const Continuation = createToken({ name: 'Continuation', pattern: /\\\r?\n/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, line_breaks: true });
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t]+/ });
export const Comment = createToken({ name: 'Comment', pattern: matchComment, line_breaks: false, start_chars_hint: ['#'] });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const Operator = createToken({ name: 'Operator', pattern: /&&|\|\||[&|()<>]/ });
export const AssignName = createToken({ name: 'AssignName', pattern: matchAssignName, line_breaks: false });
export const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'[^']*'/, line_breaks: true });
export const DoubleQuoted = createToken({ name: 'DoubleQuoted', pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true });
export const Backquoted = createToken({ name: 'Backquoted', pattern: /`(?:[^`\\]|\\[\s\S])*`/, line_breaks: true });
export const CommandSubstitution = createToken({
  name: 'CommandSubstitution',
  pattern: matchCommandSubstitution,
  line_breaks: true,
  start_chars_hint: ['$'],
});
export const BracedReference = createToken({ name: 'BracedReference', pattern: /\$\{[^}\n]*\}/ });
export const PlainReference = createToken({ name: 'PlainReference', pattern: /\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9#?@*!$-])/ });
/** A quote that never closes runs to the end of the file; one token so the error is reported once. */
export const Unterminated = createToken({ name: 'Unterminated', pattern: /['"`][\s\S]*/, line_breaks: true });
export const Unquoted = createToken({
  name: 'Unquoted',
  pattern: /(?:[^\s'"`\\;$&|()<>]|\\[^\n]|\$(?![({A-Za-z_0-9#?@*!$-]))+/,
});

/** Tokens that can be part of a word. */
export const PIECE_TOKENS: readonly TokenType[] = [
  AssignName,
  SingleQuoted,
  DoubleQuoted,
  Backquoted,
  CommandSubstitution,
  BracedReference,
  PlainReference,
  Unterminated,
  Unquoted,
  Operator,
];

export const SHELL_TOKENS: TokenType[] = [
  Continuation,
  Newline,
  Whitespace,
  Comment,
  Semicolon,
  Operator,
  AssignName,
  SingleQuoted,
  DoubleQuoted,
  Backquoted,
  CommandSubstitution,
  BracedReference,
  PlainReference,
  Unterminated,
  Unquoted,
];

/** Built with `lexerConfig`; the shared one is built on first use. */
export function createShellLexer(options: GrammarBuildOptions = {}): Lexer {
  return new Lexer(SHELL_TOKENS, lexerConfig(options));
}

export const shellLexer = builtOnFirstUse(createShellLexer);
