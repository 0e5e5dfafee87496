import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFirebrickHost, parseXml, XML_DEFAULT_LIMITS, type FileSystem, type XmlDocument, type XmlElement } from '@pflint/core';

/*
 * Inputs built to hurt a parser. Each must give a clear finding, finish in
 * bounded time and never throw. Time limits are loose on purpose (the test
 * machine is shared); what they catch is super-linear behaviour, which costs
 * minutes, not a slow second.
 */

function timed<T>(work: () => T): { result: T; milliseconds: number } {
  const start = performance.now();
  const result = work();
  return { result, milliseconds: performance.now() - start };
}

function ruleIds(document: XmlDocument): string[] {
  return [...new Set(document.findings.map((finding) => finding.ruleId))];
}

function depth(element: XmlElement): number {
  let levels = 1;
  let current = element;
  for (;;) {
    const child = current.children.find((node): node is XmlElement => node.kind === 'element');
    if (!child) return levels;
    current = child;
    levels++;
  }
}

describe('hostile XML', () => {
  it('caps 100,000 levels of nesting with one finding instead of overflowing the stack', () => {
    const levels = 100_000;
    const text = '<a>'.repeat(levels) + '</a>'.repeat(levels);
    const { result, milliseconds } = timed(() => parseXml(text, 'deep.xml'));
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `elements are nested more than ${XML_DEFAULT_LIMITS.maxDepth} levels deep; deeper elements are ignored`,
    ]);
    expect(result.findings[0]!.range.start.offset).toBe(XML_DEFAULT_LIMITS.maxDepth * 3);
    expect(depth(result.root!)).toBe(XML_DEFAULT_LIMITS.maxDepth);
    expect(milliseconds).toBeLessThan(15_000);
  }, 60_000);

  it('survives 100,000 unclosed levels', () => {
    const { result } = timed(() => parseXml('<config>' + '<a>'.repeat(100_000), 'deep.xml'));
    expect(ruleIds(result)).toEqual(['syntax-error', 'too-many-errors']);
    expect(result.findings.length).toBeLessThanOrEqual(XML_DEFAULT_LIMITS.maxFindings + 1);
  });

  it('refuses 50 MB of attributes up front with one finding', () => {
    const text = `<config ${'a="xxxxxxxxxxxxxxxxxxxxx" '.repeat(2_000_000)}/>`;
    expect(text.length).toBeGreaterThan(50_000_000);
    const { result, milliseconds } = timed(() => parseXml(text, 'big.xml'));
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['xml-too-large']);
    expect(result.root).toBeUndefined();
    expect(milliseconds).toBeLessThan(1_000);
  });

  it('reads many attributes just under the size limit in bounded time', () => {
    const attributes: string[] = [];
    let length = 0;
    for (let index = 0; length < XML_DEFAULT_LIMITS.maxLength - 100; index++) {
      const attribute = `a${index}="x"`;
      attributes.push(attribute);
      length += attribute.length + 1;
    }
    const { result, milliseconds } = timed(() => parseXml(`<config ${attributes.join(' ')}/>`, 'wide.xml'));
    expect(result.findings).toEqual([]);
    expect(result.root!.attributes).toHaveLength(attributes.length);
    expect(milliseconds).toBeLessThan(30_000);
  }, 60_000);

  it('does not expand a billion-laughs entity bomb', () => {
    let doctype = '<!DOCTYPE config [\n<!ENTITY lol "lol">\n';
    for (let level = 1; level <= 9; level++) doctype += `<!ENTITY lol${level} "${`&lol${level - 1};`.replace('lol0', 'lol').repeat(10)}">\n`;
    const text = `<?xml version="1.0"?>\n${doctype}]>\n<config name="&lol9;">&lol9;</config>`;
    const { result, milliseconds } = timed(() => parseXml(text, 'bomb.xml'));
    expect(ruleIds(result)).toEqual(['xml-doctype-ignored', 'syntax-error']);
    expect(result.findings.filter((finding) => finding.message.includes("'&lol9;' is not defined"))).toHaveLength(2);
    expect(result.root!.attributes[0]!.value).toBe('&lol9;');
    expect(milliseconds).toBeLessThan(1_000);
  });

  it('never reads an external entity: only the configuration itself is opened', () => {
    const opened: string[] = [];
    const files: Record<string, string> = {
      'router.xml': '<?xml version="1.0"?>\n<!DOCTYPE config [ <!ENTITY xxe SYSTEM "secret.txt"> ]>\n<config><route name="&xxe;" ip="10.0.0.0/8" gateway="192.0.2.1"/></config>',
      'secret.txt': 'do not read',
    };
    const fs: FileSystem = {
      readFile: (path) => (opened.push(path), files[path]),
      readDirectory: () => undefined,
      isDirectory: () => false,
    };
    const host = buildFirebrickHost(fs, 'router.xml');
    expect(opened).toEqual(['router.xml']);
    expect(host.routes[0]!.name).toBe('&xxe;');
    expect(host.findings.map((finding) => finding.ruleId)).toEqual(['xml-doctype-ignored', 'syntax-error']);
  });

  it('reports invalid UTF-8 where it is and reads the rest', () => {
    const bytes = Buffer.concat([Buffer.from('<config>\n  <route name="'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('"/>\n</config>')]);
    const result = parseXml(bytes.toString('utf8'), 'bad.xml');
    expect(result.findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.column])).toEqual([['invalid-utf8', 2, 16]]);
    expect(result.findings[0]!.message).toMatch(/not valid UTF-8: 2 characters/);
    expect(result.root!.children).toHaveLength(1);
  });

  it('reports control characters XML does not allow', () => {
    const result = parseXml('<a b="\u0001"/>', 'f.xml');
    expect(result.findings.map((finding) => finding.message)).toEqual(['character U+0001 is not allowed in XML']);
  });

  it('stops after a bounded number of errors on garbage', () => {
    const { result, milliseconds } = timed(() => parseXml('<<<<>>>>&&&&"""'.repeat(20_000), 'garbage.xml'));
    expect(result.findings.some((finding) => finding.ruleId === 'too-many-errors')).toBe(true);
    expect(result.findings.length).toBeLessThanOrEqual(XML_DEFAULT_LIMITS.maxFindings + 2);
    expect(milliseconds).toBeLessThan(10_000);
  });

  it('never throws, and every finding lies inside the text (random markup)', () => {
    const piece = fc.constantFrom('<', '>', '/', '=', '"', "'", '&', ';', '!', '?', '-', '[', ']', ' ', '\n', 'a', 'config', '<!--', '-->', '<![CDATA[', ']]>', '<!DOCTYPE', '&amp;', '&#');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const result = parseXml(text, 'random.xml');
        for (const finding of result.findings) {
          expect(finding.range.start.offset).toBeGreaterThanOrEqual(0);
          expect(finding.range.end.offset).toBeLessThanOrEqual(text.length);
          expect(finding.range.start.offset).toBeLessThanOrEqual(finding.range.end.offset);
        }
      }),
      { numRuns: 300 },
    );
  });
});
