import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firebrickHostFromText } from '../../src/firebrick/build.js';
import { formattableFiles } from '../../src/format/index.js';
import { formatFirebrickXml } from '../../src/format/xml.js';
import type { FileSystem } from '../../src/fs.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatOptions } from '../../src/format/types.js';
import { hostModelToJson } from '../../src/model/print.js';
import { parseXml } from '../../src/xml/document.js';
import type { XmlNode } from '../../src/xml/types.js';
import { withoutPositions } from './model-compare.js';

/** The document as data: names, attributes as written, text, comments; no whitespace between markup. */
function structure(text: string): unknown {
  const document = parseXml(text, 'router.xml');
  const describe = (node: XmlNode): unknown => {
    switch (node.kind) {
      case 'element':
        return {
          name: node.name,
          attributes: node.attributes.map((attribute) => [attribute.name, text.slice(attribute.valueSpan.start, attribute.valueSpan.end)]),
          children: node.children.map(describe),
        };
      case 'text':
        return { text: node.text, cdata: node.cdata };
      default:
        return text.slice(node.span.start, node.span.end);
    }
  };
  return document.children.map(describe);
}

function expectGuarantees(text: string, layout: Partial<FormatOptions> = {}): void {
  const options = { ...DEFAULT_FORMAT_OPTIONS, indent: 2, ...layout };
  const once = formatFirebrickXml('router.xml', text, options);
  if (!once.ok) {
    expect(once.errors.length).toBeGreaterThan(0);
    return;
  }
  expect(formatFirebrickXml('router.xml', once.text, options), 'idempotent').toEqual(once);
  expect(structure(once.text), 'same document').toEqual(structure(text));
  // Nothing but whitespace between markup may change.
  expect(once.text.replace(/\s+/g, ''), 'no token lost').toBe(text.replace(/\s+/g, ''));
  expect(withoutPositions(hostModelToJson(firebrickHostFromText(once.text, 'router.xml'))), 'same FireBrick model').toEqual(
    withoutPositions(hostModelToJson(firebrickHostFromText(text, 'router.xml'))),
  );
}

// Generous time limits: the suite runs on a shared two-core machine, next to everyone else's tests.
describe('FireBrick XML formatting over the corpus', { timeout: 120_000 }, () => {
  const corpus = fileURLToPath(new URL('../../../../corpus/', import.meta.url));
  const routers = formattableFiles(nodeFileSystem(corpus), '/').filter((file) => file.endsWith('.xml'));

  it('finds the corpus routers', () => {
    expect(routers).toEqual(expect.arrayContaining(['/firebrick-basic/router.xml', '/firebrick-multitable/router.xml']));
  });

  for (const router of routers) {
    it(`${router}: idempotent, nothing lost, same model`, () => {
      const text = readFileSync(path.join(corpus, router), 'utf8');
      for (const layout of [{ indent: 2 }, { indent: 4 }, { indentStyle: 'tab', maxLineLength: 40 } as const]) expectGuarantees(text, layout);
    });
  }
});

/** The corpus directory as a read-only FileSystem rooted at `/`. */
function nodeFileSystem(root: string): FileSystem {
  const real = (file: string): string => path.join(root, file);
  return {
    readFile: (file) => (existsSync(real(file)) && statSync(real(file)).isFile() ? readFileSync(real(file), 'utf8') : undefined),
    readDirectory: (directory) => (existsSync(real(directory)) && statSync(real(directory)).isDirectory() ? readdirSync(real(directory)).sort() : undefined),
    isDirectory: (directory) => existsSync(real(directory)) && statSync(real(directory)).isDirectory(),
  };
}

describe('FireBrick XML formatting of generated input', { timeout: 120_000 }, () => {
  const gap = fc.constantFrom('', ' ', '\n', '\n\n\n', '\t\n  ', '\r\n');
  const attribute = fc.tuple(
    fc.constantFrom('ip', 'gateway', 'name', 'table', 'x'),
    fc.constantFrom('"10.0.0.0/8"', "'192.0.2.1'", '"a &amp; b"', '""', '"two\n lines"'),
    gap,
  );
  const leaf = fc.oneof(
    fc.constantFrom('<!-- c -->', '<!--\n  multi\n-->', 'text', ' spaced text ', '<![CDATA[ x ]]>', '<?pi x?>', '<route/>'),
    fc.tuple(fc.constantFrom('route', 'subnet'), fc.uniqueArray(attribute, { selector: ([name]) => name, maxLength: 3 }), gap).map(
      ([name, attributes, closing]) => `<${name}${attributes.map(([key, value, space]) => ` ${space}${key}=${value}`).join('')}${closing}/>`,
    ),
  );
  const tree = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('system', 'services'), fc.array(fc.tuple(gap, tie('node')), { maxLength: 4 }), gap).map(
        ([name, children, closing]) => `<${name}>${children.map(([space, child]) => space + child).join('')}${closing}</${name}>`,
      ),
    ),
  }));
  const document = fc
    .tuple(fc.constantFrom('', '<?xml version="1.0"?>\n', '\uFEFF', '<!-- head -->'), fc.array(fc.tuple(gap, tree.node), { maxLength: 5 }), gap)
    .map(([prolog, children, end]) => `${prolog}<config>${children.map(([space, child]) => space + child).join('')}${end}</config>${end}`);

  it('generated documents: idempotent, nothing lost, same model, or refused', () => {
    fc.assert(
      fc.property(
        document,
        fc.record({ indent: fc.constantFrom(0, 2, 4), indentStyle: fc.constantFrom('space', 'tab'), maxLineLength: fc.constantFrom(20, 100) }),
        (text, layout) => expectGuarantees(text, layout),
      ),
      { numRuns: 300 },
    );
  });

  it('generated documents with a range: same document, nothing lost, nothing before the range changes', () => {
    fc.assert(
      fc.property(document, fc.nat(), fc.nat(), (text, a, b) => {
        const [start, end] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [number, number];
        const result = formatFirebrickXml('router.xml', text, { ...DEFAULT_FORMAT_OPTIONS, indent: 2, range: { start, end } });
        if (!result.ok) return;
        expect(structure(result.text)).toEqual(structure(text));
        expect(result.text.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        const firstLine = text.lastIndexOf('\n', start - 1) + 1;
        expect(result.text.startsWith(text.slice(0, firstLine)), 'before the range').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('text from a small alphabet: never throws, and keeps the guarantees when it formats', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[<>/a =" \n!-]{0,30}$/), (text) => expectGuarantees(`<config>${text}</config>`)),
      { numRuns: 500 },
    );
  });
});
