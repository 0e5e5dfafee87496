import { elementSchema, FIREBRICK_SCHEMA, parseXml, type XmlElement } from '@pflint/core';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { firebrickNames, listedNameKind } from './firebrick-names.js';

/** How far back the context patterns look: a start tag longer than this is not completed. */
const CONTEXT_LENGTH = 1024;

const ATTRIBUTE_VALUE = /<([\w-]+)\s[^<>]*?([\w-]+)\s*=\s*"([^"<>]*)$/;
const ATTRIBUTE_NAME = /<([\w-]+)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s+([\w-]*)$/;
const ELEMENT_NAME = /<([\w-]*)$/;

/**
 * Completion in FireBrick XML from core's schema and the document's own
 * names: after `<`, the elements the schema allows inside the element
 * around the cursor; in a start tag, the attributes of its element not
 * written yet; in a value that lists names (`listedNameKind`: a rule's
 * `source-interface`, `source-ip`, `set-table`...), the interfaces, IP groups
 * or routing tables the document defines. Returns where the completed word
 * starts.
 */
export function firebrickCompletions(file: string, text: string, offset: number): { start: number; items: CompletionItem[] } {
  const before = text.slice(Math.max(0, offset - CONTEXT_LENGTH), offset);
  const value = ATTRIBUTE_VALUE.exec(before);
  if (value) {
    const typed = /[^\s"]*$/.exec(value[3]!)![0];
    const kind = listedNameKind(value[1]!, value[2]!);
    if (!kind) return { start: offset, items: [] };
    const defined = firebrickNames(parseXml(text, file)).filter((name) => name.kind === kind && name.role === 'definition');
    const names = [...new Set(defined.map((name) => name.name))];
    const itemKind = { interface: CompletionItemKind.Interface, 'ip-group': CompletionItemKind.Struct, 'routing-table': CompletionItemKind.Value }[kind];
    return { start: offset - typed.length, items: names.map((name) => ({ label: name, kind: itemKind })) };
  }
  const attribute = ATTRIBUTE_NAME.exec(before);
  if (attribute) {
    const written = new Set([...attribute[2]!.matchAll(/([\w:-]+)\s*=/g)].map((match) => match[1]!));
    const attributes = Object.entries(elementSchema(attribute[1]!)?.attributes ?? {}).filter(([name]) => !written.has(name));
    return {
      start: offset - attribute[3]!.length,
      items: attributes.map(([name, schema]) => ({ label: name, kind: CompletionItemKind.Property, detail: schema.type })),
    };
  }
  const element = ELEMENT_NAME.exec(before);
  if (element) {
    const start = offset - element[1]!.length;
    const parent = openElement(parseXml(text.slice(0, start - 1), file).root);
    const children = Object.entries(FIREBRICK_SCHEMA).filter(([, schema]) => schema.parents.includes(parent?.name ?? null));
    return { start, items: children.map(([name]) => ({ label: name, kind: CompletionItemKind.Class })) };
  }
  return { start: offset, items: [] };
}

/** The innermost element still open at the end of a document cut at the cursor. */
function openElement(element: XmlElement | undefined): XmlElement | undefined {
  if (!element || element.endTag || element.selfClosing) return undefined;
  const last = element.children.filter((child): child is XmlElement => child.kind === 'element').at(-1);
  return openElement(last) ?? element;
}
