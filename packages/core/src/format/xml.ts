import { parseXml } from '../xml/document.js';
import { xmlAttribute, type XmlElement, type XmlNode } from '../xml/types.js';
import { touchedLines } from './rcconf.js';
import { indentUnit, type FormatOptions, type FormatResult, type FormatSpan } from './types.js';

/**
 * FireBrick XML: every element, comment and processing instruction on its own
 * line, indented by nesting depth. A FireBrick keeps its settings in
 * attributes, so the only text that changes is the whitespace between markup,
 * which the XML parser already drops. Everything that carries meaning is
 * copied from the input byte for byte: attributes (in order, with their
 * quotes and references), comments, text, CDATA, the declaration, DOCTYPE.
 * An element holding text keeps its whole content as written, since
 * whitespace next to text is data; so does one marked `xml:space="preserve"`.
 *
 * With a range, the lines from the first markup that starts a line inside
 * it to the first that starts a line after it are replaced by their
 * formatted form; the rest of the text stays as it was.
 */
export function formatFirebrickXml(file: string, text: string, options: FormatOptions & { readonly range?: FormatSpan }): FormatResult {
  const document = parseXml(text, file);
  const errors = document.findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) return { ok: false, errors };
  const printer = new XmlPrinter(text, options, text.includes('\r\n') ? '\r\n' : '\n');
  const formatted = printer.document(document.children);
  return { ok: true, text: options.range ? splice(text, formatted, printer.sharedLineStarts, options.range) : formatted };
}

/** A place where a line of the input and a line of the output begin with the same markup. */
interface SharedLineStart {
  readonly input: number;
  readonly output: number;
}

function splice(text: string, formatted: string, lineStarts: readonly SharedLineStart[], range: FormatSpan): string {
  const lines = touchedLines(text, range);
  // The last entry is both texts' ends, so both searches find something.
  const first = lineStarts.find((line) => line.input >= lines.start)!;
  const after = lineStarts.find((line) => line.input >= lines.end)!;
  if (first.input >= after.input) return text;
  return text.slice(0, first.input) + formatted.slice(first.output, after.output) + text.slice(after.input);
}

/** Content whose whitespace may be data: text or CDATA next to it, or `xml:space="preserve"` asking for it. */
function keepsContent(element: XmlElement): boolean {
  return element.children.some((child) => child.kind === 'text') || xmlAttribute(element, 'xml:space')?.value === 'preserve';
}

class XmlPrinter {
  private output = '';
  /** In document order, ending with the ends of both texts. */
  readonly sharedLineStarts: SharedLineStart[] = [];
  private readonly indentLevel: string;

  constructor(
    private readonly text: string,
    private readonly options: FormatOptions,
    private readonly newline: string,
  ) {
    this.indentLevel = indentUnit(options);
  }

  document(nodes: readonly XmlNode[]): string {
    if (this.text.startsWith('\uFEFF')) this.output += '\uFEFF';
    this.siblings(nodes, 0, undefined);
    if (nodes.length > 0) this.output += this.newline;
    this.sharedLineStarts.push({ input: this.text.length, output: this.output.length });
    return this.output;
  }

  /** Called where the output starts a line with the markup at `inputOffset`; a pair is kept when that markup starts its input line too. */
  private lineStartsWith(inputOffset: number): void {
    const inputLineStart = this.text.lastIndexOf('\n', inputOffset - 1) + 1;
    if (/^[ \t]*$/.test(this.text.slice(inputLineStart, inputOffset))) this.sharedLineStarts.push({ input: inputLineStart, output: this.output.length });
  }

  private indent(depth: number): string {
    return this.indentLevel.repeat(depth);
  }

  /**
   * Nodes one after another, each on a line of its own, except a comment on
   * the same line as what precedes it (a trailing comment stays trailing).
   * One blank line between nodes is kept where the input had one or more.
   * `after` is where the preceding markup (the parent's start tag) ends.
   */
  private siblings(nodes: readonly XmlNode[], depth: number, after: number | undefined): void {
    let previousEnd = after;
    for (const node of nodes) {
      const gap = this.text.slice(previousEnd ?? 0, node.span.start);
      if (previousEnd !== undefined && node.kind === 'comment' && !gap.includes('\n')) {
        this.output += gap;
      } else {
        if (previousEnd !== undefined) {
          this.output += this.newline;
          const blankLineBetweenSiblings = previousEnd !== after && gap.split('\n').length > 2;
          if (blankLineBetweenSiblings) this.output += this.newline;
        }
        this.lineStartsWith(node.span.start);
        this.output += this.indent(depth);
      }
      this.node(node, depth);
      previousEnd = node.span.end;
    }
  }

  // Recursion depth is bounded by the parser's nesting limit (XML_DEFAULT_LIMITS.maxDepth); deeper input is refused.
  private node(node: XmlNode, depth: number): void {
    if (node.kind !== 'element') {
      this.output += this.text.slice(node.span.start, node.span.end);
      return;
    }
    this.startTag(node, depth);
    if (node.selfClosing || node.endTag === undefined) return;
    const endTag = this.text.slice(node.endTag.start, node.endTag.end);
    if (keepsContent(node)) {
      this.output += this.text.slice(node.startTag.end, node.endTag.end);
    } else if (node.children.length === 0) {
      this.output += endTag;
    } else {
      this.siblings(node.children, depth + 1, node.startTag.end);
      this.output += this.newline;
      this.lineStartsWith(node.endTag.start);
      this.output += this.indent(depth) + endTag;
    }
  }

  /**
   * The start tag with its attributes as written. Blanks between attributes
   * become one space; an attribute the input put on a new line stays on a new
   * line, one level deeper than the tag. A tag too long for one line
   * (`maxLineLength`) puts every attribute on a line of its own.
   */
  private startTag(element: XmlElement, depth: number): void {
    let written = this.text.slice(element.startTag.start, element.nameSpan.end);
    const lastAttribute = element.attributes[element.attributes.length - 1];
    const closing = this.text.slice(lastAttribute?.span.end ?? element.nameSpan.end, element.startTag.end);
    const closer = closing.trimStart();
    let oneLineWidth = this.options.indent * depth + written.length + closer.length;
    for (const attribute of element.attributes) oneLineWidth += 1 + attribute.span.end - attribute.span.start;
    const attributePerLine = oneLineWidth > this.options.maxLineLength;
    let previousEnd = element.nameSpan.end;
    for (const attribute of element.attributes) {
      const gap = this.text.slice(previousEnd, attribute.span.start);
      written += attributePerLine || gap.includes('\n') ? this.newline + this.indent(depth + 1) : ' ';
      written += this.text.slice(attribute.span.start, attribute.span.end);
      previousEnd = attribute.span.end;
    }
    written += closing.slice(0, closing.length - closer.length).includes('\n') ? this.newline + this.indent(depth) + closer : closing;
    this.output += written;
  }
}
