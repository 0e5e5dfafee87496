import { elementSchema, parseIp, parsePrefix, xmlListItems, type XmlAttribute, type XmlDocument, type XmlElement, type XmlSpan } from '@pflint/core';

/**
 * The names FireBrick objects refer to each other by: interfaces (an
 * `<interface name>`, named again in a rule's `source-interface` or
 * `target-interface`), IP groups (an `<ip-group name>`, named in an address
 * set such as a rule's `source-ip`) and routing tables (the `table` of
 * whatever puts routes in a table; a rule's `set-table` moves a lookup there).
 */
export interface FirebrickName {
  readonly kind: 'interface' | 'ip-group' | 'routing-table';
  readonly name: string;
  readonly span: XmlSpan;
  readonly role: 'definition' | 'use';
}

/** Elements whose `name` attribute defines a name other elements use. */
const NAMED_OBJECTS: Readonly<Record<string, FirebrickName['kind']>> = { interface: 'interface', 'ip-group': 'ip-group' };

/** Attributes that list interface names (rule matching). */
const INTERFACE_LISTS = new Set(['source-interface', 'target-interface']);

/** A table attribute that sends a lookup to a table rather than putting routes in it. */
const TABLE_USES = new Set(['set-table']);

/** True for an address, a prefix or a range of addresses (`10.0.0.1-10.0.0.9`): an address-set item that names no IP group. */
export function isAddressItem(text: string): boolean {
  const first = text.split('-')[0]!;
  return parsePrefix(first) !== undefined || parseIp(first) !== undefined;
}

/** Every name in the document, in document order. */
export function firebrickNames(document: XmlDocument): FirebrickName[] {
  const names: FirebrickName[] = [];
  const visit = (element: XmlElement): void => {
    for (const attribute of element.attributes) names.push(...attributeNames(document, element, attribute));
    for (const child of element.children) if (child.kind === 'element') visit(child);
  };
  if (document.root) visit(document.root);
  return names;
}

function attributeNames(document: XmlDocument, element: XmlElement, attribute: XmlAttribute): FirebrickName[] {
  const named = NAMED_OBJECTS[element.name];
  if (attribute.name === 'name' && named) return [{ kind: named, name: attribute.value, span: attribute.valueSpan, role: 'definition' }];
  const items = (): FirebrickName['span'][] => xmlListItems(document, attribute).map((item) => item.span);
  const text = (span: XmlSpan): string => document.text.slice(span.start, span.end);
  if (INTERFACE_LISTS.has(attribute.name)) return items().map((span) => ({ kind: 'interface', name: text(span), span, role: 'use' }));
  const type = elementSchema(element.name)?.attributes[attribute.name]?.type;
  if (type === 'table') {
    const role = TABLE_USES.has(attribute.name) ? 'use' : 'definition';
    return items().map((span) => ({ kind: 'routing-table', name: text(span), span, role }));
  }
  if (type === 'address-set') {
    return items()
      .filter((span) => !isAddressItem(text(span)))
      .map((span) => ({ kind: 'ip-group', name: text(span), span, role: 'use' }));
  }
  return [];
}
