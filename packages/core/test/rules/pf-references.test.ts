/**
 * pfReferences keeps what each top-level statement holds by the statement, so
 * that a check after an edit walks only the statements a parse through a
 * `PfParseCache` made anew. Whatever it keeps, the references must be those
 * of a fresh parse of the new text, at the new text's positions.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostAnalysis } from '../../src/analysis.js';
import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache } from '../../src/pf/reparse.js';
import type { PfParseOptions, PfSyntaxFile } from '../../src/pf/syntax.js';
import { pfReferences, type PfReferences } from '../../src/rules/support/pf-references.js';
import { corpusEdits, corpusVersions } from '../pf/corpus-edits.js';

function referencesOf(tree: PfSyntaxFile): PfReferences {
  return pfReferences({ pf: { syntax: tree } } as unknown as HostAnalysis)!;
}

function expectSameAsFresh(references: PfReferences, text: string, options: PfParseOptions): void {
  expect(references).toEqual(referencesOf(parsePfConf(text, options).tree));
}

const RULESET = `ext_if = "em0"
table <admins> { 192.0.2.1, 192.0.2.2 }
pass in on $ext_if proto tcp from <admins> to port 22
block in quick on $ext_if from 198.51.100.0/24 to any
anchor "lan" on em1 {
  pass in on em1 to 10.1.2.3
}
pass out on $ext_if route-to (em2 203.0.113.1) keep state
`;

describe('pfReferences', () => {
  const options = { file: 'pf.conf' };

  it('gives the statements an edit kept their earlier references, at their new lines', () => {
    const cache = createPfParseCache();
    const before = referencesOf(cache.parse(RULESET, options).tree);
    const blockAddress = before.addresses.find((address) => address.text === '198.51.100.0/24')!;
    const text = RULESET.replace('pass in on $ext_if proto tcp', 'pass in on $ext_if proto udp from 192.0.2.9 to any\npass in on em3 proto tcp');
    const after = referencesOf(cache.parse(text, options).tree);
    expectSameAsFresh(after, text, options);
    expect(after.addresses.find((address) => address.text === '198.51.100.0/24')).toBe(blockAddress);
    expect(blockAddress.range.start.line).toBe(5);
    expect(blockAddress.textRange!.start).toMatchObject({ line: 5, column: 32 });
    expect(after.interfaceUses.map((use) => use.name)).toEqual(['em0', 'em3', 'em0', 'em1', 'em1', 'em0', 'em2']);
  });

  it('lists the macro uses of a file included twice once, its other references each time', () => {
    const fs = memoryFileSystem({ '/etc/lan.conf': 'pass in on $ext_if to 10.0.0.1\n' });
    const text = 'ext_if = "em0"\ninclude "/etc/lan.conf"\npass out on $ext_if\ninclude "/etc/lan.conf"\n';
    const references = referencesOf(parsePfConf(text, { file: '/etc/pf.conf', fs }).tree);
    expect(references.macroUses.map((use) => `${use.range.file}:${use.range.start.line}`)).toEqual(['/etc/lan.conf:1', '/etc/pf.conf:3']);
    expect(references.addresses.map((address) => `${address.range.file}:${address.text}`)).toEqual(['/etc/lan.conf:10.0.0.1', '/etc/lan.conf:10.0.0.1']);
  });

  it('the same for a file included inside two anchor bodies (OpenBSD)', () => {
    const fs = memoryFileSystem({ '/etc/lan.conf': 'pass in on $ext_if to 10.0.0.1\n' });
    const text = 'ext_if = "em0"\nanchor "a" {\n  include "/etc/lan.conf"\n}\nanchor "b" {\n  include "/etc/lan.conf"\n}\n';
    const references = referencesOf(parsePfConf(text, { file: '/etc/pf.conf', fs, dialect: 'openbsd' }).tree);
    expect(references.macroUses.map((use) => `${use.range.file}:${use.range.start.line}`)).toEqual(['/etc/lan.conf:1']);
    expect(references.addresses).toHaveLength(2);
  });

  it('gives what a fresh parse gives after any sequence of random edits of pfctl corpus files', () => {
    fc.assert(
      fc.property(corpusEdits(), (edits) => {
        const cache = createPfParseCache();
        const options = { file: 'fuzz.conf', macros: { m2: 'em1' } };
        const [first, ...later] = corpusVersions(edits);
        referencesOf(cache.parse(first!, options).tree);
        for (const text of later) expectSameAsFresh(referencesOf(cache.parse(text, options).tree), text, options);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('gives what a fresh parse gives for line edits of a corpus host, macro definitions included', () => {
    const host = readFileSync(path.resolve(import.meta.dirname, '../../../../corpus/radon/etc/pf.conf'), 'utf8');
    const lines = host.split('\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: lines.length - 1 }), fc.constantFrom('', 'pass in on $ext_if proto tcp to 192.0.2.1 port 22', 'ext_if = "em7"', '# note')), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const cache = createPfParseCache();
          const current = [...lines];
          referencesOf(cache.parse(host, options).tree);
          for (const [line, replacement] of edits) {
            current[line] = replacement;
            const text = current.join('\n');
            expectSameAsFresh(referencesOf(cache.parse(text, options).tree), text, options);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
