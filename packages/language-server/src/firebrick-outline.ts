import { parseXml, xmlAttribute, type XmlDocument, type XmlElement } from '@pflint/core';
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { toRange } from './diagnostics.js';

/** How FireBrick objects show in the outline; other elements are `Object`. */
const KINDS: Readonly<Record<string, SymbolKind>> = {
  interface: SymbolKind.Interface,
  fb105: SymbolKind.Interface,
  subnet: SymbolKind.Field,
  route: SymbolKind.Field,
  loopback: SymbolKind.Field,
  blackhole: SymbolKind.Field,
  nowhere: SymbolKind.Field,
  'ip-group': SymbolKind.Array,
  'route-override': SymbolKind.Namespace,
  'rule-set': SymbolKind.Namespace,
  rule: SymbolKind.Event,
};

/** Attributes shown beside an object, in this order, when it has them: where its routes go and in which table. */
const DETAIL_ATTRIBUTES = ['ip', 'gateway', 'port', 'set-gateway', 'set-table', 'table'];

/**
 * The outline of a FireBrick configuration: the elements under `<config>`,
 * nested as written, each named by its `name` (else its `ip`, else its
 * element name) with its element name and routing attributes beside it
 * (`route 10.0.0.0/8 · gateway 192.0.2.1 · table 1`).
 */
export function firebrickDocumentSymbols(file: string, text: string): DocumentSymbol[] {
  const document = parseXml(text, file);
  return document.root ? childSymbols(document, document.root) : [];
}

function childSymbols(document: XmlDocument, element: XmlElement): DocumentSymbol[] {
  return element.children.flatMap((child) => (child.kind === 'element' ? [elementSymbol(document, child)] : []));
}

function elementSymbol(document: XmlDocument, element: XmlElement): DocumentSymbol {
  const named = xmlAttribute(element, 'name') ?? xmlAttribute(element, 'ip');
  const details = DETAIL_ATTRIBUTES.filter((name) => name !== named?.name).flatMap((name) => {
    const attribute = xmlAttribute(element, name);
    return attribute ? [`${name} ${attribute.value}`] : [];
  });
  const children = childSymbols(document, element);
  return {
    name: named?.value || element.name,
    detail: [element.name, ...details].join(' · '),
    kind: KINDS[element.name] ?? SymbolKind.Object,
    range: toRange(document.range(element.span)),
    selectionRange: toRange(document.range(named?.valueSpan ?? element.nameSpan)),
    ...(children.length > 0 ? { children } : {}),
  };
}

/** Folding for FireBrick XML: every element and comment that spans lines. */
export function firebrickFoldingRanges(file: string, text: string): FoldingRange[] {
  const document = parseXml(text, file);
  const ranges: FoldingRange[] = [];
  const visit = (nodes: XmlElement['children']): void => {
    for (const node of nodes) {
      if (node.kind !== 'element' && node.kind !== 'comment') continue;
      const range = document.range(node.span);
      if (range.end.line > range.start.line) ranges.push({ startLine: range.start.line - 1, endLine: range.end.line - 1, ...(node.kind === 'comment' ? { kind: 'comment' } : {}) });
      if (node.kind === 'element') visit(node.children);
    }
  };
  visit(document.children);
  return ranges;
}
