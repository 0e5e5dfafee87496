import { elementSchema, isAddressSetAddress, xmlListItems, type XmlAttribute, type XmlDocument, type XmlElement, type XmlSpan, type ValueType } from '@pflint/core';

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

/** A table attribute that sends a lookup to a table rather than putting routes in it. */
const TABLE_USES = new Set(['set-table']);

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

/** The kind of name an attribute of each value type in core's schema lists. */
const LISTED_KINDS: Partial<Record<ValueType, FirebrickName['kind']>> = { interfaces: 'interface', table: 'routing-table', 'address-set': 'ip-group' };

/**
 * The kind of name the value of `attribute` on an `element` lists, if any,
 * from the attribute's type in core's schema: interfaces in an interface
 * list, routing tables in a table number, IP groups among the addresses of
 * an address set.
 */
export function listedNameKind(element: string, attribute: string): FirebrickName['kind'] | undefined {
  const type = elementSchema(element)?.attributes[attribute]?.type;
  return type && LISTED_KINDS[type];
}

function attributeNames(document: XmlDocument, element: XmlElement, attribute: XmlAttribute): FirebrickName[] {
  const named = NAMED_OBJECTS[element.name];
  if (attribute.name === 'name' && named) return [{ kind: named, name: attribute.value, span: attribute.valueSpan, role: 'definition' }];
  const kind = listedNameKind(element.name, attribute.name);
  if (!kind) return [];
  const role = kind === 'routing-table' && !TABLE_USES.has(attribute.name) ? 'definition' : 'use';
  return xmlListItems(document, attribute)
    .map((item) => ({ kind, name: document.text.slice(item.span.start, item.span.end), span: item.span, role }) as const)
    .filter((name) => kind !== 'ip-group' || !isAddressSetAddress(name.name));
}
