import type { IToken } from 'chevrotain';
import { EOF, tokenMatcher } from 'chevrotain';
import type { Finding, Severity } from '../findings.js';
import { LineIndex } from '../source.js';
import {
  AttributeValue,
  CData,
  Comment,
  Doctype,
  EmptyTagClose,
  Name,
  ProcessingInstruction,
  QuotedValue,
  StartTagOpen,
  Text,
  UnknownMarkup,
  UnterminatedCData,
  UnterminatedComment,
  UnterminatedProcessingInstruction,
  xmlLexer,
} from './lexer.js';
import { describeToken, parseXmlItems, type RawEndTag, type RawStartTag } from './parser.js';
import { decodeReferences } from './references.js';
import type { XmlSpan, XmlAttribute, XmlDocument, XmlElement, XmlNode } from './types.js';

export interface XmlParseOptions {
  /** Larger inputs are refused with one finding (default 4 MiB of text). */
  readonly maxLength?: number;
  /** Elements nested deeper are dropped with one finding (default 256). */
  readonly maxDepth?: number;
  /** Findings beyond this many are summarised in one (default 200). */
  readonly maxFindings?: number;
}

/*
 * The limits exist for hostile input. A FireBrick configuration is a few
 * hundred kilobytes and four levels deep; every token and node costs memory,
 * so the size cap is what bounds memory, and the depth cap protects every
 * consumer of the tree that walks it recursively.
 */
export const XML_DEFAULT_LIMITS = { maxLength: 4 * 1024 * 1024, maxDepth: 256, maxFindings: 200 } as const;

interface MutableElement {
  kind: 'element';
  name: string;
  nameSpan: XmlSpan;
  attributes: XmlAttribute[];
  children: XmlNode[];
  selfClosing: boolean;
  startTag: XmlSpan;
  endTag?: XmlSpan;
  span: XmlSpan;
}

/** Exclusive end offset of a token (the lexer tracks start offsets only). */
function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

class FindingCollector {
  readonly findings: Finding[] = [];
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly limit: number,
  ) {}

  /** `always` bypasses the limit, for the findings that explain why reading stopped. */
  add(ruleId: string, severity: Severity, start: number, endOffset: number, message: string, always = false): void {
    if (this.findings.length >= this.limit && !always) {
      this.dropped++;
      return;
    }
    this.findings.push({ ruleId, severity, message, range: this.lines.range(this.file, start, endOffset) });
  }

  syntax(start: number, endOffset: number, message: string): void {
    this.add('syntax-error', 'error', start, endOffset, message);
  }

  finish(): Finding[] {
    this.findings.sort((a, b) => a.range.start.offset - b.range.start.offset);
    if (this.dropped > 0) {
      const last = this.findings[this.findings.length - 1]!;
      this.findings.push({
        ruleId: 'too-many-errors',
        severity: 'info',
        message: `${this.dropped} more problems in this file are not reported`,
        range: last.range,
      });
    }
    return this.findings;
  }
}

/**
 * One pass over the text for characters XML does not allow. U+FFFD is what a
 * UTF-8 decoder leaves for bytes it could not decode, so it is reported as an
 * encoding problem rather than a character problem.
 */
function checkCharacters(text: string, report: FindingCollector): void {
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) {
    const count = text.split('\uFFFD').length - 1;
    report.add(
      'invalid-utf8',
      'error',
      replacement,
      replacement + 1,
      `the file is not valid UTF-8: ${count} character${count === 1 ? '' : 's'} could not be decoded (shown as U+FFFD)`,
    );
  }
  // Control characters are exactly what this looks for. The first ten are enough to show the problem.
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  let reported = 0;
  for (const match of text.matchAll(forbidden)) {
    const codePoint = match[0].codePointAt(0)!;
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    report.syntax(match.index, match.index + 1, `character U+${hex} is not allowed in XML`);
    if (++reported === 10) break;
  }
}

class TreeBuilder {
  readonly topLevel: XmlNode[] = [];
  root: MutableElement | undefined;
  private readonly stack: MutableElement[] = [];
  /** End tags not yet reached, per name: decides whether a start tag missing its `>` had content. */
  private readonly pendingEndTags = new Map<string, number>();
  private readonly openCount = new Map<string, number>();
  /** Levels of start tags being skipped beyond maxDepth. */
  private skippedDepth = 0;
  private depthReported = false;

  constructor(
    private readonly text: string,
    private readonly report: FindingCollector,
    private readonly maxDepth: number,
  ) {}

  countEndTag(tag: RawEndTag): void {
    if (tag.name) this.pendingEndTags.set(tag.name.image, (this.pendingEndTags.get(tag.name.image) ?? 0) + 1);
  }

  private append(node: XmlNode): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(node);
    else this.topLevel.push(node);
  }

  startTag(tag: RawStartTag): void {
    const name = tag.name.image;
    const broken = tag.close === undefined;
    const lastToken = tag.close ?? tag.attributes[tag.attributes.length - 1]?.value ?? tag.attributes[tag.attributes.length - 1]?.name ?? tag.name;
    const startTag = { start: tag.open.startOffset, end: end(lastToken) };
    const selfClosing = broken
      ? (this.pendingEndTags.get(name) ?? 0) <= (this.openCount.get(name) ?? 0)
      : tokenMatcher(tag.close!, EmptyTagClose);

    if (this.skippedDepth > 0 || this.stack.length >= this.maxDepth) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.report.syntax(
          tag.open.startOffset,
          end(tag.name),
          `elements are nested more than ${this.maxDepth} levels deep; deeper elements are ignored`,
        );
      }
      if (!selfClosing) this.skippedDepth++;
      return;
    }

    const element: MutableElement = {
      kind: 'element',
      name,
      nameSpan: { start: tag.name.startOffset, end: end(tag.name) },
      attributes: this.attributes(tag),
      children: [],
      selfClosing,
      startTag,
      span: startTag,
    };
    if (this.stack.length === 0) {
      if (this.root) {
        this.report.syntax(element.nameSpan.start, element.nameSpan.end, `a document has one root element; <${name}> comes after <${this.root.name}>`);
      } else this.root = element;
    }
    this.append(element);
    if (!selfClosing) {
      this.stack.push(element);
      this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
    }
  }

  private attributes(tag: RawStartTag): XmlAttribute[] {
    const attributes: XmlAttribute[] = [];
    const seen = new Set<string>();
    for (const raw of tag.attributes) {
      if (!raw.value) continue; // the parser has reported the missing value
      const name = raw.name.image;
      const nameSpan = { start: raw.name.startOffset, end: end(raw.name) };
      const quoted = tokenMatcher(raw.value, AttributeValue);
      const terminated = tokenMatcher(raw.value, QuotedValue);
      const valueSpan = quoted
        ? { start: raw.value.startOffset + 1, end: end(raw.value) - (terminated ? 1 : 0) }
        : { start: raw.value.startOffset, end: end(raw.value) };
      if (!quoted) this.report.syntax(valueSpan.start, valueSpan.end, `the value of '${name}' must be in quotes`);
      else if (!terminated) this.report.syntax(raw.value.startOffset, valueSpan.end, `the value of '${name}' has no closing quote`);
      if (seen.has(name)) {
        this.report.syntax(nameSpan.start, nameSpan.end, `attribute '${name}' appears twice in <${tag.name.image}>; the first one counts`);
        continue;
      }
      seen.add(name);
      const written = this.text.slice(valueSpan.start, valueSpan.end);
      const value = decodeReferences(written, (start, endOffset, message) =>
        this.report.syntax(valueSpan.start + start, valueSpan.start + endOffset, message),
      );
      attributes.push({ name, value, span: { start: nameSpan.start, end: end(raw.value) }, nameSpan, valueSpan });
    }
    return attributes;
  }

  endTag(tag: RawEndTag): void {
    if (!tag.name) return; // reported by the parser
    const name = tag.name.image;
    this.pendingEndTags.set(name, (this.pendingEndTags.get(name) ?? 1) - 1);
    const span = { start: tag.open.startOffset, end: end(tag.close ?? tag.name) };
    if (this.skippedDepth > 0) {
      this.skippedDepth--;
      return;
    }
    let match = this.stack.length - 1;
    while (match >= 0 && this.stack[match]!.name !== name) match--;
    if (match < 0) {
      this.report.syntax(span.start, span.end, `end tag </${name}> has no matching start tag`);
      return;
    }
    while (this.stack.length - 1 > match) {
      const unclosed = this.pop(span.start);
      this.report.syntax(unclosed.nameSpan.start, unclosed.nameSpan.end, `<${unclosed.name}> is not closed before </${name}>`);
    }
    const element = this.pop(span.end);
    element.endTag = span;
  }

  private pop(endOffset: number): MutableElement {
    const element = this.stack.pop()!;
    element.span = { start: element.span.start, end: endOffset };
    this.openCount.set(element.name, this.openCount.get(element.name)! - 1);
    return element;
  }

  single(token: IToken): void {
    const span = { start: token.startOffset, end: end(token) };
    const atTopLevel = this.stack.length === 0;
    if (this.skippedDepth > 0) return;
    if (tokenMatcher(token, Text) || tokenMatcher(token, CData)) {
      const cdata = tokenMatcher(token, CData);
      const raw = cdata ? token.image.slice(9, -3) : token.image;
      const text = cdata
        ? raw
        : decodeReferences(raw, (start, endOffset, message) => this.report.syntax(span.start + start, span.start + endOffset, message));
      if (!cdata && /^[ \t\r\n\uFEFF]*$/.test(text)) return;
      if (atTopLevel) this.report.syntax(span.start, span.end, 'text outside the root element');
      else this.append({ kind: 'text', text, cdata, span });
    } else if (tokenMatcher(token, Comment)) {
      this.append({ kind: 'comment', text: token.image.slice(4, -3), span });
    } else if (tokenMatcher(token, ProcessingInstruction)) {
      const target = /^<\?([^\s?]*)/.exec(token.image)![1]!;
      const declaration = target.toLowerCase() === 'xml';
      if (declaration && this.text.slice(0, span.start).replace(/^\uFEFF/, '') !== '') {
        this.report.syntax(span.start, span.end, 'the XML declaration must be at the very start of the file');
      }
      this.append({ kind: 'processing-instruction', target, span });
    } else if (tokenMatcher(token, Doctype)) {
      this.report.add(
        'xml-doctype-ignored',
        'warning',
        span.start,
        Math.min(span.end, span.start + 9),
        'DOCTYPE ignored: pflint reads no DTD, so its entities and external references are never expanded',
      );
      if (!token.image.endsWith('>')) this.report.syntax(span.start, span.start + 9, 'DOCTYPE is not closed');
      this.append({ kind: 'doctype', span });
    } else if (tokenMatcher(token, UnterminatedComment)) {
      this.report.syntax(span.start, span.start + 4, "comment is not closed with '-->'");
    } else if (tokenMatcher(token, UnterminatedCData)) {
      this.report.syntax(span.start, span.start + 9, "CDATA section is not closed with ']]>'");
    } else if (tokenMatcher(token, UnterminatedProcessingInstruction)) {
      this.report.syntax(span.start, span.start + 2, "processing instruction is not closed with '?>'");
    } else if (tokenMatcher(token, UnknownMarkup)) {
      this.report.syntax(span.start, span.end, `unknown markup ${JSON.stringify(token.image.slice(0, 20))}`);
    }
  }

  finish(): void {
    while (this.stack.length > 0) {
      const unclosed = this.pop(this.text.length);
      this.report.syntax(unclosed.nameSpan.start, unclosed.nameSpan.end, `<${unclosed.name}> is not closed`);
    }
    if (!this.root) this.report.syntax(this.text.length, this.text.length, 'the file has no root element');
  }
}

/**
 * Reads XML into a tree with exact spans. Never throws: malformed input gives
 * findings (`syntax-error` and a few more specific ids) and a tree of what
 * could be read. No DTD is processed and no entity beyond the predefined five
 * is expanded, so entity bombs and external entities are inert.
 */
export function parseXml(text: string, file: string, options: XmlParseOptions = {}): XmlDocument {
  const limits = { ...XML_DEFAULT_LIMITS, ...options };
  const lines = new LineIndex(text.length > limits.maxLength ? '' : text);
  const report = new FindingCollector(file, lines, limits.maxFindings);
  const document = (children: XmlNode[], root: XmlElement | undefined): XmlDocument => ({
    file,
    text,
    lines,
    children,
    ...(root ? { root } : {}),
    findings: report.finish(),
    range: (span) => lines.range(file, span.start, span.end),
  });

  if (text.length > limits.maxLength) {
    report.add(
      'xml-too-large',
      'error',
      0,
      0,
      `the file has ${text.length} characters; pflint reads XML files of at most ${limits.maxLength}`,
      true,
    );
    return document([], undefined);
  }

  checkCharacters(text, report);
  const lexed = xmlLexer().tokenize(text);
  for (const error of lexed.errors) {
    const shown = text.slice(error.offset, error.offset + Math.min(error.length, 20));
    report.syntax(error.offset, error.offset + error.length, `unexpected ${JSON.stringify(shown)}`);
  }
  const { items, errors, abandonedAt } = parseXmlItems(lexed.tokens, limits.maxFindings);
  if (abandonedAt) {
    const offset = Number.isNaN(abandonedAt.startOffset) ? text.length : abandonedAt.startOffset;
    report.add('too-many-errors', 'error', offset, offset, 'too many syntax errors: the rest of the file was not read', true);
  }
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
    const start = atEnd ? text.length : token.startOffset;
    // Chevrotain words "no viable alternative" from its lookahead paths, which are empty after recovery.
    const rule = error.context.ruleStack.at(-1);
    const message =
      error.name !== 'NoViableAltException'
        ? error.message
        : rule === 'startTag'
          ? `expected '>' or '/>' to close the start tag, found ${describeToken(token)}`
          : rule === 'attributeValue'
            ? `expected a value in quotes, found ${describeToken(token)}`
            : `unexpected ${describeToken(token)}`;
    report.syntax(start, atEnd ? start : end(token), message);
  }

  const builder = new TreeBuilder(text, report, limits.maxDepth);
  for (const item of items) if (item.kind === 'end') builder.countEndTag(item);
  for (const item of items) {
    if (item.kind === 'start') builder.startTag(item);
    else if (item.kind === 'end') builder.endTag(item);
    else builder.single(item.token);
  }
  builder.finish();
  return document(builder.topLevel, builder.root);
}

/**
 * The name of the first element, if only a prolog (declaration, comments,
 * processing instructions, DOCTYPE, whitespace) comes before it.
 */
export function firstElementName(text: string): string | undefined {
  const { tokens } = xmlLexer().tokenize(text);
  for (const [index, token] of tokens.entries()) {
    if (tokenMatcher(token, StartTagOpen)) {
      const name = tokens[index + 1];
      return name && tokenMatcher(name, Name) ? name.image : undefined;
    }
    const prolog =
      tokenMatcher(token, Comment) ||
      tokenMatcher(token, ProcessingInstruction) ||
      tokenMatcher(token, Doctype) ||
      (tokenMatcher(token, Text) && /^[ \t\r\n\uFEFF]*$/.test(token.image));
    if (!prolog) return undefined;
  }
  return undefined;
}
