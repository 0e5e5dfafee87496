import { elementSchema, FIREBRICK_SCHEMA, parseXml, xmlCursorContext, type XmlElement } from '@pflint/core';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { firebrickNames, listedNameKind } from './firebrick-names.js';

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
  const context = xmlCursorContext(text, offset);
  switch (context?.kind) {
    case 'attribute-value': {
      const value = text.slice(context.valueStart, offset);
      // The name being typed is the last item of a space-separated list (searched from the end: values can be long).
      const typed = value.slice(Math.max(...[' ', '\t', '\r', '\n'].map((blank) => value.lastIndexOf(blank))) + 1);
      const kind = listedNameKind(context.element, context.attribute);
      if (!kind) return { start: offset, items: [] };
      const defined = firebrickNames(parseXml(text, file)).filter((name) => name.kind === kind && name.role === 'definition');
      const names = [...new Set(defined.map((name) => name.name))];
      const itemKind = { interface: CompletionItemKind.Interface, 'ip-group': CompletionItemKind.Struct, 'routing-table': CompletionItemKind.Value }[kind];
      return { start: offset - typed.length, items: names.map((name) => ({ label: name, kind: itemKind })) };
    }
    case 'attribute-name': {
      const written = new Set(context.written);
      const attributes = Object.entries(elementSchema(context.element)?.attributes ?? {}).filter(([name]) => !written.has(name));
      return {
        start: context.typedStart,
        items: attributes.map(([name, schema]) => ({ label: name, kind: CompletionItemKind.Property, detail: schema.type })),
      };
    }
    case 'element-name': {
      const parent = openElement(parseXml(text.slice(0, context.typedStart - 1), file).root);
      const children = Object.entries(FIREBRICK_SCHEMA).filter(([, schema]) => schema.parents.includes(parent?.name ?? null));
      return { start: context.typedStart, items: children.map(([name]) => ({ label: name, kind: CompletionItemKind.Class })) };
    }
    default:
      return { start: offset, items: [] };
  }
}

/** The innermost element still open at the end of a document cut at the cursor. */
function openElement(element: XmlElement | undefined): XmlElement | undefined {
  if (!element || element.endTag || element.selfClosing) return undefined;
  const last = element.children.filter((child): child is XmlElement => child.kind === 'element').at(-1);
  return openElement(last) ?? element;
}
