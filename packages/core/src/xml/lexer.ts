import { Lexer, createToken, type CustomPatternMatcherReturn, type TokenType } from 'chevrotain';
import { builtOnFirstUse, lexerConfig, type GrammarBuildOptions } from '../grammar-options.js';

/*
 * Two lexer modes: `content` between tags and `tag` inside `<name ...>` /
 * `</name>`. Markup that cannot nest (comments, CDATA, processing
 * instructions, DOCTYPE) is one token each, so the parser sees a flat stream
 * and nesting is resolved later with an explicit stack (see document.ts).
 *
 * Every multi-character construct has an "unterminated" twin that runs to the
 * end of the input: the lexer then never fails on a missing terminator and the
 * parser reports it at the construct's start.
 */

/** Tokens that make one node on their own; the parser consumes them as this category. */
export const SingleNode = createToken({ name: 'SingleNode', pattern: Lexer.NA });

export const Comment = createToken({ name: 'Comment', pattern: /<!--[\s\S]*?-->/, categories: SingleNode, label: 'comment' });
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /<!--[\s\S]*/, categories: SingleNode });
export const CData = createToken({ name: 'CData', pattern: /<!\[CDATA\[[\s\S]*?\]\]>/, categories: SingleNode });
export const UnterminatedCData = createToken({ name: 'UnterminatedCData', pattern: /<!\[CDATA\[[\s\S]*/, categories: SingleNode });
export const ProcessingInstruction = createToken({
  name: 'ProcessingInstruction',
  pattern: /<\?[\s\S]*?\?>/,
  categories: SingleNode,
});
export const UnterminatedProcessingInstruction = createToken({
  name: 'UnterminatedProcessingInstruction',
  pattern: /<\?[\s\S]*/,
  categories: SingleNode,
});

/**
 * `<!DOCTYPE ...>` including an internal subset in brackets. Matched by hand
 * because `>` inside the subset or inside quoted literals does not end it, and
 * a regular expression for that backtracks badly on hostile input. The token
 * is kept only to be reported and skipped: nothing inside it is interpreted.
 */
function matchDoctype(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!text.startsWith('<!DOCTYPE', offset)) return null;
  let inSubset = false;
  let quote = '';
  let index = offset + 9;
  for (; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[') inSubset = true;
    else if (char === ']') inSubset = false;
    else if (char === '>' && !inSubset) {
      index++;
      break;
    }
  }
  return [text.slice(offset, index)];
}
export const Doctype = createToken({
  name: 'Doctype',
  pattern: { exec: matchDoctype },
  start_chars_hint: ['<'],
  line_breaks: true,
  categories: SingleNode,
});
/** `<!` that starts none of the above (`<!ENTITY` outside a DOCTYPE, typos): reported, never interpreted. */
export const UnknownMarkup = createToken({ name: 'UnknownMarkup', pattern: /<![^<>]*>?/, categories: SingleNode });

export const Text = createToken({ name: 'Text', pattern: /[^<]+/, categories: SingleNode, label: 'text' });

export const EndTagOpen = createToken({ name: 'EndTagOpen', pattern: '</', push_mode: 'tag', label: "'</'" });
export const StartTagOpen = createToken({ name: 'StartTagOpen', pattern: '<', push_mode: 'tag', label: "'<'" });

export const TagClose = createToken({ name: 'TagClose', pattern: '>', pop_mode: true, label: "'>'" });
export const EmptyTagClose = createToken({ name: 'EmptyTagClose', pattern: '/>', pop_mode: true, label: "'/>'" });
export const Equals = createToken({ name: 'Equals', pattern: '=', label: "'='" });
export const AttributeValue = createToken({ name: 'AttributeValue', pattern: Lexer.NA, label: 'a quoted value' });
// `<` is not allowed in attribute values; stopping at it keeps an unclosed quote from swallowing the next tags.
export const QuotedValue = createToken({ name: 'QuotedValue', pattern: /"[^"<]*"|'[^'<]*'/, categories: AttributeValue });
export const UnterminatedValue = createToken({ name: 'UnterminatedValue', pattern: /"[^"<]*|'[^'<]*/, categories: AttributeValue });
export const Name = createToken({
  name: 'Name',
  pattern: /[A-Za-z_:\u00C0-\uFFFF][-\w.:\u00B7\u00C0-\uFFFF]*/,
  label: 'a name',
});
/** A value without quotes (`ip=10.0.0.1/24`): not XML, but read and reported so the attribute is not lost. */
export const UnquotedValue = createToken({ name: 'UnquotedValue', pattern: /(?:[^\s"'<>=/]|\/(?!>))+/, label: 'a value' });
const TagWhitespace = createToken({ name: 'TagWhitespace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

/*
 * A tag left open (`<route ip="x"` followed by `<route .../>`) must not hide
 * the markup after it, so inside a tag every markup opener also leaves the tag
 * mode. The twins share their category with the content-mode token, so the
 * parser does not tell them apart.
 */
function leavingTag(token: TokenType, pushTag: boolean): TokenType {
  return createToken({
    name: `${token.name}InTag`,
    pattern: token.PATTERN!,
    categories: [token, ...(token.CATEGORIES ?? [])],
    pop_mode: true,
    ...(pushTag ? { push_mode: 'tag' } : {}),
    ...(token.START_CHARS_HINT ? { start_chars_hint: token.START_CHARS_HINT } : {}),
    ...(token.LINE_BREAKS ? { line_breaks: true } : {}),
  });
}

const contentMode: TokenType[] = [
  Comment,
  UnterminatedComment,
  CData,
  UnterminatedCData,
  Doctype,
  UnknownMarkup,
  ProcessingInstruction,
  UnterminatedProcessingInstruction,
  EndTagOpen,
  StartTagOpen,
  Text,
];

const tagMode: TokenType[] = [
  TagWhitespace,
  EmptyTagClose,
  TagClose,
  Equals,
  QuotedValue,
  UnterminatedValue,
  Name,
  UnquotedValue,
  leavingTag(Comment, false),
  leavingTag(UnterminatedComment, false),
  leavingTag(CData, false),
  leavingTag(UnterminatedCData, false),
  leavingTag(ProcessingInstruction, false),
  leavingTag(UnterminatedProcessingInstruction, false),
  leavingTag(EndTagOpen, true),
  leavingTag(StartTagOpen, true),
];

export const xmlTokenTypes: TokenType[] = [SingleNode, AttributeValue, ...contentMode, ...tagMode];

/** Built with `lexerConfig`; the shared one is built on first use. */
export function createXmlLexer(options: GrammarBuildOptions = {}): Lexer {
  return new Lexer({ modes: { content: contentMode, tag: tagMode }, defaultMode: 'content' }, lexerConfig(options));
}

export const xmlLexer = builtOnFirstUse(createXmlLexer);
