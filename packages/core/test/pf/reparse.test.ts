/**
 * A parse cache's parse of a new version must be exactly what parsing the new
 * text from scratch gives (statements and their positions, findings, tokens,
 * comments), while keeping the statements an edit did not touch.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache } from '../../src/pf/reparse.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { corpusEdits, corpusVersions } from './corpus-edits.js';
import { edited, expectSameAsFresh, parseVersions } from './fresh-parse.js';

/** A file with macros, a table, lists, an inline anchor and comments, as edited in the tests below. */
const RULESET = `ext_if = "em0"
web = "{ 80, 443 }"
table <admins> { 192.0.2.1, 192.0.2.2 }
# inbound
pass in on $ext_if proto tcp to port $web
block in quick from 198.51.100.0/24 to any
anchor "lan" on em1 {
  pass in proto udp to port 53
}

pass out on $ext_if keep state # outbound
`;

describe('createPfParseCache', () => {
  const options = { file: 'pf.conf' };

  it('keeps the statements before and after a one-line edit and moves the later ones to their new lines', () => {
    const cache = createPfParseCache();
    const first = cache.parse(RULESET, options);
    const [macro, list, table, pass, block, anchor, out] = first.tree.statements;
    const text = edited(RULESET, 'block in quick', 'block in quick log\nblock in quick from 203.0.113.9 to any\nblock in');
    const second = cache.parse(text, options);
    expectSameAsFresh(second, text, options);
    const statements = second.tree.statements;
    expect(statements).toHaveLength(9);
    for (const [index, kept] of [macro, list, table, pass].entries()) expect(statements[index]).toBe(kept);
    expect(statements[4]).not.toBe(block);
    expect(statements[7]).toBe(anchor);
    expect(statements[8]).toBe(out);
    expect(anchor!.range.start.line).toBe(9);
    expect(out!.range.start).toMatchObject({ line: 13, column: 1 });
  });

  it('reads again the statements after a changed macro definition, not after a comment edited beside one', () => {
    const cache = createPfParseCache();
    const first = cache.parse(RULESET, options);
    const text = edited(RULESET, 'ext_if = "em0"', 'ext_if = "em2"');
    const second = cache.parse(text, options);
    expectSameAsFresh(second, text, options);
    expect(second.tree.statements[3]).not.toBe(first.tree.statements[3]);
    const commented = `# uplink\n${text}`;
    const third = cache.parse(commented, options);
    expectSameAsFresh(third, commented, options);
    expect(third.tree.statements[3]).toBe(second.tree.statements[3]);
  });

  it('reads again everything when the file includes another one, which may have changed', () => {
    const cache = createPfParseCache();
    const withInclude = `include "/etc/pf.d/extra.conf"\n${RULESET}`;
    const first = cache.parse(withInclude, options);
    const text = edited(withInclude, 'block in quick', 'block in');
    const second = cache.parse(text, options);
    expectSameAsFresh(second, text, options);
    expect(second.tree.statements.at(-1)).not.toBe(first.tree.statements.at(-1));
  });

  it('reads again when the -D macros of the options object it was given change afterwards', () => {
    const cache = createPfParseCache();
    const text = 'pass on $m\n';
    const dOptions = { file: 'pf.conf', macros: { m: 'em0' } as Record<string, string> };
    cache.parse(text, dOptions);
    dOptions.macros.m = 'em1';
    expectSameAsFresh(cache.parse(text, dOptions), text, dOptions);
  });

  it('gives the earlier result back for the same text and options, and parses afresh for another dialect', () => {
    const cache = createPfParseCache();
    const first = cache.parse(RULESET, options);
    expect(cache.parse(RULESET, options)).toBe(first);
    const openbsd = cache.parse(RULESET, { ...options, dialect: 'openbsd' });
    expect(openbsd.tree.statements[0]).not.toBe(first.tree.statements[0]);
    expectSameAsFresh(openbsd, RULESET, { ...options, dialect: 'openbsd' });
  });

  it('reads a file whole again after forgetting it, and keeps what it holds of other files', () => {
    const cache = createPfParseCache();
    const first = cache.parse(RULESET, options);
    const other = cache.parse(RULESET, { file: 'other.conf' });
    cache.forget('pf.conf');
    const text = edited(RULESET, 'block in quick', 'block in');
    const second = cache.parse(text, options);
    expectSameAsFresh(second, text, options);
    expect(second.tree.statements[0]).not.toBe(first.tree.statements[0]);
    expect(cache.parse(text, { file: 'other.conf' }).tree.statements[0]).toBe(other.tree.statements[0]);
  });

  it('keeps the last parse of as many files as its capacity, the most recently parsed', () => {
    const cache = createPfParseCache(2);
    const first = cache.parse(RULESET, { file: 'a.conf' });
    cache.parse(RULESET, { file: 'b.conf' });
    const third = cache.parse(RULESET, { file: 'c.conf' });
    expect(cache.parse(RULESET, { file: 'c.conf' })).toBe(third);
    expect(cache.parse(RULESET, { file: 'a.conf' })).not.toBe(first);
  });

  it('follows a quote or a continuation line begun by an edit into the rest of the file, and syntax errors', () => {
    const cache = createPfParseCache();
    const versions = [
      edited(RULESET, 'udp', 'tcp'),
      edited(RULESET, '# inbound', '# inbound "'),
      edited(RULESET, 'block in quick', 'block "in quick'),
      edited(RULESET, 'block in quick from', 'block in quick \\\nfrom'),
      edited(RULESET, 'block in quick from', 'block in quick frm'),
      edited(RULESET, 'to any\n', 'to any \\\n'),
      edited(RULESET, 'to any\n', 'to any\n# note \\\n'),
      edited(RULESET, 'to any\n', 'to any port 1\n# note \\\n'),
      edited(RULESET, 'to any\n', 'to any port "1\n'),
      edited(RULESET, 'to any\n', 'to any\n"\n'),
      edited(RULESET, '}\n', '\n'),
      RULESET.slice(0, -1),
    ];
    for (const text of versions) {
      // Each version from the tidy one, and back.
      expectSameAsFresh(cache.parse(RULESET, options), RULESET, options);
      expectSameAsFresh(cache.parse(text, options), text, options);
    }
  });

  it('gives what a fresh parse gives after any sequence of random edits of pfctl corpus files', () => {
    fc.assert(
      fc.property(corpusEdits(), fc.constantFrom<PfDialect>('freebsd', 'openbsd'), (edits, dialect) => {
        parseVersions(corpusVersions(edits), { file: 'fuzz.conf', dialect, macros: { m2: 'em1' } });
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('gives the tokens a fresh parse gives when they are read only after several edits moved them', () => {
    fc.assert(
      fc.property(corpusEdits(), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (edits, readsTokens) => {
        const cache = createPfParseCache();
        const options = { file: 'fuzz.conf' };
        const versions = corpusVersions(edits);
        versions.forEach((text, index) => {
          const result = cache.parse(text, options);
          // The last version's always, the others' as drawn: unread versions leave their moves pending.
          if (readsTokens[index] || index === versions.length - 1) expect(result.lexed).toEqual(parsePfConf(text, options).lexed);
        });
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('gives what a fresh parse gives for line edits of a corpus host, and keeps most statements', () => {
    const host = readFileSync(path.resolve(import.meta.dirname, '../../../../corpus/radon/etc/pf.conf'), 'utf8');
    const lines = host.split('\n');
    // A changed macro definition makes every later statement be read again (the test above).
    const editable = lines.flatMap((line, index) => (/^\s*\w+\s*=/.test(line) || index === lines.length - 1 ? [] : [index]));
    fc.assert(
      fc.property(fc.constantFrom(...editable), fc.constantFrom('', 'pass in on em0 proto tcp to port 22', '# note', 'block'), (line, replacement) => {
        const cache = createPfParseCache();
        const first = cache.parse(host, options);
        const text = [...lines.slice(0, line), replacement, ...lines.slice(line + 1)].join('\n');
        const second = cache.parse(text, options);
        expectSameAsFresh(second, text, options);
        const kept = second.tree.statements.filter((statement) => first.tree.statements.includes(statement));
        expect(kept.length).toBeGreaterThanOrEqual(first.tree.statements.length - 3);
      }),
      { numRuns: 40 },
    );
  });
});
