import { describe, expect, it } from 'vitest';
import {
  parseXml,
  xmlAttribute,
  xmlChildElements,
  xmlListItems,
  type XmlDocument,
  type XmlElement,
  type XmlSpan,
} from '@pflint/core';

function slice(document: XmlDocument, span: XmlSpan): string {
  return document.text.slice(span.start, span.end);
}

function problems(document: XmlDocument): string[] {
  return document.findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column} ${finding.ruleId} ${finding.message}`);
}

function elementNames(element: XmlElement): string[] {
  return xmlChildElements(element).map((child) => child.name);
}

describe('well-formed XML', () => {
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- leading comment -->',
    '<config xmlns="urn:x">',
    "  <route name='r &amp; s' ip=\"10.0.0.0/8  192.168.0.0/16\"/>",
    '  <interface name="lan"><subnet ip="192.168.1.1/24"/><!-- inner --></interface>',
    '</config>',
  ].join('\n');
  const document = parseXml(text, 'router.xml');

  it('reads without findings and keeps the prolog nodes in order', () => {
    expect(document.findings).toEqual([]);
    expect(document.children.map((node) => node.kind)).toEqual(['processing-instruction', 'comment', 'element']);
    expect(document.root?.name).toBe('config');
    expect(elementNames(document.root!)).toEqual(['route', 'interface']);
  });

  it('gives exact spans for element names, attribute names and values', () => {
    const route = xmlChildElements(document.root!)[0]!;
    const name = xmlAttribute(route, 'name')!;
    expect(slice(document, route.nameSpan)).toBe('route');
    expect(slice(document, name.nameSpan)).toBe('name');
    expect(slice(document, name.valueSpan)).toBe('r &amp; s');
    expect(name.value).toBe('r & s');
    expect(slice(document, name.span)).toBe("name='r &amp; s'");
    expect(document.range(route.nameSpan).start).toMatchObject({ line: 4, column: 4 });
    expect(route.selfClosing).toBe(true);
    expect(slice(document, route.span)).toBe('<route name=\'r &amp; s\' ip="10.0.0.0/8  192.168.0.0/16"/>');
  });

  it('spans an element with content from its start tag to its end tag', () => {
    const lan = xmlChildElements(document.root!)[1]!;
    expect(lan.selfClosing).toBe(false);
    expect(slice(document, lan.startTag)).toBe('<interface name="lan">');
    expect(slice(document, lan.endTag!)).toBe('</interface>');
    expect(slice(document, lan.span)).toMatch(/^<interface name="lan">.*<\/interface>$/);
  });

  it('keeps comments with their spans where they occur', () => {
    const lan = xmlChildElements(document.root!)[1]!;
    const comment = lan.children[1]!;
    expect(comment).toMatchObject({ kind: 'comment', text: ' inner ' });
    expect(slice(document, comment.span)).toBe('<!-- inner -->');
  });

  it('splits list values into items with their own spans', () => {
    const ip = xmlAttribute(xmlChildElements(document.root!)[0]!, 'ip')!;
    const items = xmlListItems(document, ip);
    expect(items.map((item) => item.text)).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(items.map((item) => slice(document, item.span))).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
  });

  it('splits a value with references after decoding, every item spanning the whole value', () => {
    const withReference = parseXml('<a ip="x &amp; y"/>', 'f.xml');
    const ip = withReference.root!.attributes[0]!;
    expect(xmlListItems(withReference, ip).map((item) => [item.text, slice(withReference, item.span)])).toEqual([
      ['x', 'x &amp; y'],
      ['&', 'x &amp; y'],
      ['y', 'x &amp; y'],
    ]);
  });

  it('decodes the predefined entities and character references, nothing else', () => {
    const decoded = parseXml('<a v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;"/>', 'f.xml');
    expect(decoded.findings).toEqual([]);
    expect(decoded.root!.attributes[0]!.value).toBe('<>&"\'AB\u{1F600}');
  });

  it('keeps text and CDATA, drops whitespace-only text', () => {
    const withText = parseXml('<a>\n  x &lt; y<![CDATA[<raw>]]>\n</a>', 'f.xml');
    expect(withText.root!.children.map((node) => (node.kind === 'text' ? [node.text, node.cdata] : node.kind))).toEqual([
      ['\n  x < y', false],
      ['<raw>', true],
    ]);
  });
});

describe('malformed XML: findings with a location, and the rest is still read', () => {
  it('reports a start tag missing its ">" and reads the next element as a sibling', () => {
    const document = parseXml('<config>\n<route ip="1"\n<route ip="2"/>\n</config>', 'f.xml');
    expect(problems(document)).toEqual(["3:1 syntax-error expected '>' or '/>' to close the start tag, found '<'"]);
    expect(xmlChildElements(document.root!).map((route) => route.attributes[0]!.value)).toEqual(['1', '2']);
  });

  it('treats a start tag missing its ">" as open when a matching end tag follows', () => {
    const document = parseXml('<config><interface name="a"\n<subnet ip="x"/></interface><route/></config>', 'f.xml');
    expect(document.findings.map((finding) => finding.ruleId)).toEqual(['syntax-error']);
    const [iface, route] = xmlChildElements(document.root!);
    expect(iface!.name).toBe('interface');
    expect(elementNames(iface!)).toEqual(['subnet']);
    expect(route!.name).toBe('route');
  });

  it('reports an attribute without a value and keeps the element', () => {
    const document = parseXml('<config><route ip="1" gateway/><route ip="2"/></config>', 'f.xml');
    expect(problems(document)).toEqual(["1:30 syntax-error expected '=', found '/>'"]);
    expect(xmlChildElements(document.root!).map((route) => route.attributes.map((a) => a.name))).toEqual([['ip'], ['ip']]);
  });

  it('reads an unquoted value and reports it, and reports a missing value', () => {
    const document = parseXml('<config><route ip=10.0.0.0/8 gateway=gw/><route ip= /><route ip="2"/></config>', 'f.xml');
    expect(problems(document)).toEqual([
      "1:19 syntax-error the value of 'ip' must be in quotes",
      "1:38 syntax-error the value of 'gateway' must be in quotes",
      "1:53 syntax-error expected a value in quotes, found '/>'",
    ]);
    const routes = xmlChildElements(document.root!);
    expect(routes.map((route) => route.attributes.map((a) => `${a.name}=${a.value}`))).toEqual([['ip=10.0.0.0/8', 'gateway=gw'], [], ['ip=2']]);
    expect(slice(document, routes[0]!.attributes[0]!.valueSpan)).toBe('10.0.0.0/8');
  });

  it('reports an unclosed quote at the value, without swallowing the following tags', () => {
    const document = parseXml('<config><route ip="1/>\n<route ip="2"/></config>', 'f.xml');
    expect(problems(document)[0]).toBe("1:19 syntax-error the value of 'ip' has no closing quote");
    expect(xmlChildElements(document.root!).some((route) => xmlAttribute(route, 'ip')?.value === '2')).toBe(true);
  });

  it('closes elements left open, at the mismatched end tag or at the end of the file', () => {
    const mismatched = parseXml('<config><interface><subnet></interface></config>', 'f.xml');
    expect(problems(mismatched)).toEqual(['1:21 syntax-error <subnet> is not closed before </interface>']);
    expect(elementNames(xmlChildElements(mismatched.root!)[0]!)).toEqual(['subnet']);
    const truncated = parseXml('<config>\n  <interface>', 'f.xml');
    expect(problems(truncated)).toEqual(['1:2 syntax-error <config> is not closed', '2:4 syntax-error <interface> is not closed']);
  });

  it('reports a stray end tag and ignores it', () => {
    const document = parseXml('<config></route><route/></config>', 'f.xml');
    expect(problems(document)).toEqual(['1:9 syntax-error end tag </route> has no matching start tag']);
    expect(elementNames(document.root!)).toEqual(['route']);
  });

  it('keeps the first of two equal attributes', () => {
    const document = parseXml('<a ip="1" ip="2"/>', 'f.xml');
    expect(problems(document)).toEqual(["1:11 syntax-error attribute 'ip' appears twice in <a>; the first one counts"]);
    expect(document.root!.attributes.map((a) => a.value)).toEqual(['1']);
  });

  it('reports a bare "&" and an undefined entity, keeping them as written', () => {
    const document = parseXml('<a v="x & y" w="&nbsp;"/>', 'f.xml');
    expect(problems(document).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['1:9 syntax-error', '1:17 syntax-error']);
    expect(document.root!.attributes.map((a) => a.value)).toEqual(['x & y', '&nbsp;']);
  });

  it('reports character references to characters XML forbids', () => {
    const document = parseXml('<a v="&#0;&#xD800;"/>', 'f.xml');
    expect(document.findings).toHaveLength(2);
    expect(document.root!.attributes[0]!.value).toBe('&#0;&#xD800;');
  });

  it('reports text outside the root, a second root and a late XML declaration', () => {
    const document = parseXml('<a/> text <b/><?xml version="1.0"?>', 'f.xml');
    expect(problems(document)).toEqual([
      '1:5 syntax-error text outside the root element',
      '1:12 syntax-error a document has one root element; <b> comes after <a>',
      '1:15 syntax-error the XML declaration must be at the very start of the file',
    ]);
    expect(document.root!.name).toBe('a');
  });

  it('reports unterminated comments, CDATA and processing instructions', () => {
    expect(problems(parseXml('<a/><!-- open', 'f.xml'))).toEqual(["1:5 syntax-error comment is not closed with '-->'"]);
    expect(problems(parseXml('<a><![CDATA[x</a>', 'f.xml'))).toEqual([
      '1:2 syntax-error <a> is not closed',
      "1:4 syntax-error CDATA section is not closed with ']]>'",
    ]);
    expect(problems(parseXml('<a/><?pi', 'f.xml'))).toEqual(["1:5 syntax-error processing instruction is not closed with '?>'"]);
  });

  it('reports an empty file as having no root element', () => {
    expect(problems(parseXml('', 'f.xml'))).toEqual(['1:1 syntax-error the file has no root element']);
    expect(problems(parseXml('\uFEFF<a/>', 'f.xml'))).toEqual([]);
  });
});
