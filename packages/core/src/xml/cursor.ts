/**
 * Where a cursor stands in XML that is being typed, read with the document
 * lexer's own tokens (so an editor's completion agrees with the parser on
 * what is a tag, a name and a value): in an element name after `<`, at an
 * attribute name inside a start tag, or inside a quoted attribute value.
 */
import { tokenMatcher, type IToken } from 'chevrotain';
import { AttributeValue, EmptyTagClose, Equals, Name, StartTagOpen, TagClose, UnquotedValue, UnterminatedValue, xmlLexer } from './lexer.js';

export type XmlCursorContext =
  /** After `<`: `typedStart` is where the element name being typed starts. */
  | { readonly kind: 'element-name'; readonly typedStart: number }
  /** Inside the start tag of `element`, where an attribute name goes; `written` are the attributes already there. */
  | { readonly kind: 'attribute-name'; readonly element: string; readonly written: readonly string[]; readonly typedStart: number }
  /** Inside the quotes of `attribute`'s value; `valueStart` is the offset after the opening quote. */
  | { readonly kind: 'attribute-value'; readonly element: string; readonly attribute: string; readonly valueStart: number };

/** The context at `offset` of `text`, or undefined where none of the three applies (text content, after `=`, a comment...). */
export function xmlCursorContext(text: string, offset: number): XmlCursorContext | undefined {
  const { tokens } = xmlLexer().tokenize(text.slice(0, offset));
  let open = -1;
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index]!;
    if (tokenMatcher(token, TagClose) || tokenMatcher(token, EmptyTagClose)) return undefined;
    if (tokenMatcher(token, StartTagOpen)) {
      open = index;
      break;
    }
    if (!isTagToken(token)) return undefined;
  }
  if (open < 0) return undefined;
  const inTag = tokens.slice(open + 1);
  const elementName = inTag[0];
  const endsAtCursor = (token: IToken): boolean => token.startOffset + token.image.length === offset;
  if (!elementName || (inTag.length === 1 && endsAtCursor(elementName))) {
    return { kind: 'element-name', typedStart: elementName && tokenMatcher(elementName, Name) ? elementName.startOffset : offset };
  }
  if (!tokenMatcher(elementName, Name)) return undefined;
  const element = elementName.image;
  const last = inTag[inTag.length - 1]!;
  const beforeLast = inTag[inTag.length - 2];
  if (tokenMatcher(last, UnterminatedValue) && endsAtCursor(last) && beforeLast && tokenMatcher(beforeLast, Equals)) {
    const attribute = inTag[inTag.length - 3];
    if (!attribute || !tokenMatcher(attribute, Name)) return undefined;
    return { kind: 'attribute-value', element, attribute: attribute.image, valueStart: last.startOffset + 1 };
  }
  const written = inTag.filter((token, index) => index > 0 && tokenMatcher(token, Name) && inTag[index + 1] !== undefined && tokenMatcher(inTag[index + 1]!, Equals));
  if (tokenMatcher(last, Name) && last !== elementName && endsAtCursor(last)) {
    return { kind: 'attribute-name', element, written: written.map((token) => token.image), typedStart: last.startOffset };
  }
  // A new attribute starts only after a blank that follows the name or a complete value.
  const afterBlank = offset > 0 && ' \t\r\n'.includes(text[offset - 1]!);
  if (afterBlank && (last === elementName || tokenMatcher(last, AttributeValue))) {
    return { kind: 'attribute-name', element, written: written.map((token) => token.image), typedStart: offset };
  }
  return undefined;
}

/** Tokens that stay inside an open start tag. */
function isTagToken(token: IToken): boolean {
  return tokenMatcher(token, Name) || tokenMatcher(token, Equals) || tokenMatcher(token, AttributeValue) || tokenMatcher(token, UnquotedValue);
}
