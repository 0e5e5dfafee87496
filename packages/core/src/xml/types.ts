import type { Finding } from '../findings.js';
import type { LineIndex, SourceRange } from '../source.js';

/**
 * Half-open offsets into the document's text. Nodes carry spans rather than
 * SourceRanges so that a large document does not pay for line/column objects
 * nobody asks for; `XmlDocument.range` turns a span into a SourceRange.
 */
export interface XmlSpan {
  readonly start: number;
  readonly end: number;
}

export interface XmlAttribute {
  readonly name: string;
  /** The value with entity and character references replaced. */
  readonly value: string;
  /** From the first character of the name to the closing quote. */
  readonly span: XmlSpan;
  readonly nameSpan: XmlSpan;
  /** The value as written, between the quotes. */
  readonly valueSpan: XmlSpan;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly nameSpan: XmlSpan;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  /** `<name/>`; also true for a start tag pflint had to treat as empty because its `>` was missing. */
  readonly selfClosing: boolean;
  readonly startTag: XmlSpan;
  /** Absent for empty elements and for elements never closed. */
  readonly endTag?: XmlSpan;
  /** From `<` of the start tag to `>` of the end tag. */
  readonly span: XmlSpan;
}

/** Character data; whitespace-only text is not kept (positions of everything else say where it was). */
export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly cdata: boolean;
  readonly span: XmlSpan;
}

export interface XmlComment {
  readonly kind: 'comment';
  /** Between `<!--` and `-->`. */
  readonly text: string;
  readonly span: XmlSpan;
}

export interface XmlProcessingInstruction {
  readonly kind: 'processing-instruction';
  /** `xml` for the XML declaration. */
  readonly target: string;
  readonly span: XmlSpan;
}

/** A DOCTYPE, kept only so that formatters can reproduce it; its content is never interpreted. */
export interface XmlDoctype {
  readonly kind: 'doctype';
  readonly span: XmlSpan;
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlProcessingInstruction | XmlDoctype;

export interface XmlDocument {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** Top-level nodes in order (declaration, comments, the root element, ...). */
  readonly children: readonly XmlNode[];
  /** The first top-level element. */
  readonly root?: XmlElement;
  /** Syntax problems; the tree holds whatever could be read around them. */
  readonly findings: readonly Finding[];
  range(span: XmlSpan): SourceRange;
}

export function xmlAttribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((candidate) => candidate.name === name);
}

export function xmlChildElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element');
}

/** One item of a space-separated attribute value (`ip="10.0.0.0/8 172.16.0.0/12"`). */
export interface XmlListItem {
  readonly text: string;
  readonly span: XmlSpan;
}

/**
 * Splits an attribute's value at XML whitespace. The spans point into the
 * value as written, so a finding about the second prefix underlines exactly
 * that prefix. Items are split from the decoded value when it contains
 * references, since offsets inside a reference have no useful meaning.
 */
export function xmlListItems(document: XmlDocument, value: XmlAttribute): XmlListItem[] {
  const raw = document.text.slice(value.valueSpan.start, value.valueSpan.end);
  const source = raw.includes('&') ? value.value : raw;
  const items: XmlListItem[] = [];
  for (const match of source.matchAll(/[^ \t\r\n]+/g)) {
    const span =
      source === raw
        ? { start: value.valueSpan.start + match.index, end: value.valueSpan.start + match.index + match[0].length }
        : value.valueSpan;
    items.push({ text: match[0], span });
  }
  return items;
}
