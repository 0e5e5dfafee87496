/**
 * Expanding a new version of a file whose parse kept most statements must give
 * exactly what expanding a fresh parse gives (rules, their order, which rules
 * share an object, tables, findings), while the statements the edit did not
 * touch keep their rules, unless something their expansion read changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandPfConf, type PfExpandOptions, type PfExpandResult } from '../../src/pf/expand.js';
import { parsePfConf } from '../../src/pf/parse.js';
import { printLoadedConfig } from '../../src/pf/print.js';
import { createPfParseCache, type PfParseCache } from '../../src/pf/reparse.js';
import type { PfLoadedConfig, PfRule, PfRuleset } from '../../src/pf/ruleset.js';
import type { PfDialect, PfSyntaxFile } from '../../src/pf/syntax.js';
import { corpusEdits, corpusVersions } from './corpus-edits.js';
import { interfaceAddresses } from './interface-addresses.js';
import { pfTextEdit, type PfTextEdit } from './text-edits.js';

const EM0 = interfaceAddresses({ em0: ['192.0.2.1/24', '2001:db8::1/64'] });

/** Expands each version of one file the way the check session does: parsed through one parse cache, expansions kept. */
class Versions {
  private readonly cache: PfParseCache = createPfParseCache();

  constructor(private readonly dialect: PfDialect = 'freebsd') {}

  /** The version's expansion, checked against a fresh parse's, and its tree. */
  expand(text: string, options: PfExpandOptions = { dialect: this.dialect }): { expanded: PfExpandResult; tree: PfSyntaxFile } {
    const { tree } = this.cache.parse(text, { file: 'pf.conf', dialect: this.dialect });
    const expanded = expandPfConf(tree, { ...options, keepExpansions: true });
    expectSameAsFresh(expanded, text, this.dialect, options);
    return { expanded, tree };
  }
}

function expectSameAsFresh(expanded: PfExpandResult, text: string, dialect: PfDialect, options: PfExpandOptions): void {
  const fresh = expandPfConf(parsePfConf(text, { file: 'pf.conf', dialect }).tree, options);
  expect(expanded.config).toEqual(fresh.config);
  expect(printLoadedConfig(expanded.config)).toBe(printLoadedConfig(fresh.config));
  expect(expanded.findings).toEqual(fresh.findings);
  expect(sharing(expanded.config)).toEqual(sharing(fresh.config));
}

/** Which parts of the rules, pools and tables are one object, each numbered where it first appears. */
function sharing(config: PfLoadedConfig): number[] {
  const numbers = new Map<object, number>();
  const numbered = (value: object | undefined): number => {
    if (value === undefined) return -1;
    let number = numbers.get(value);
    if (number === undefined) numbers.set(value, (number = numbers.size));
    return number;
  };
  const result: number[] = [];
  const visit = (rules: PfRuleset): void => {
    for (const rule of [...rules.scrub, ...rules.nat, ...rules.rdr, ...rules.binat, ...rules.filter]) {
      result.push(numbered(rule), numbered(rule.interface), numbered(rule.from), numbered(rule.from.address), numbered(rule.to), numbered(rule.to.address));
      result.push(numbered(rule.flags), numbered(rule.labels), numbered(rule.from.address.address), numbered(rule.to.address.address));
      for (const pool of [rule.redirect, rule.natTo, rule.rdrTo, rule.binatTo, rule.route?.pool]) {
        for (const entry of pool?.addresses ?? []) result.push(numbered(entry.address));
      }
      if (rule.anchor?.body) visit(rule.anchor.body);
    }
  };
  visit(config.rules);
  for (const table of config.tables.values()) {
    for (const source of table.sources) if (source.kind === 'entries') for (const entry of source.entries) result.push(numbered(entry.address));
  }
  return result;
}

/** The rules made from the statement at `line` (1-based). */
function rulesAt(expanded: PfExpandResult, line: number): PfRule[] {
  const { scrub, nat, rdr, binat, filter } = expanded.config.rules;
  return [...scrub, ...nat, ...rdr, ...binat, ...filter].filter((rule) => rule.origin.range.start.line === line);
}

const RULES = [
  'ext = "em0"',
  'table <admins> { 192.0.2.7, 198.51.100.0/24 }',
  'nat on $ext from 10.0.0.0/8 to any -> ($ext)',
  'block in on $ext from 203.0.113.9 to any',
  'pass in on $ext proto tcp from <admins> to 192.0.2.1 port { 22 443 } label "ssh $dstport"',
  'pass out on $ext from em0 to any',
  'antispoof for em0',
  'block in quick from <admins> to 203.0.113.9',
  '',
].join('\n');

/** Random edits, and lines inserted that change what later rules expand to. */
const editOrSetting: fc.Arbitrary<PfTextEdit> = fc.oneof(
  pfTextEdit,
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '\nset block-policy return\n',
      '\nset state-defaults pflow\n',
      '\nset require-order no\n',
      '\ntable <t> { 10.0.0.1 }\n',
      '\nstate limiter "l" id 1 limit 5\n',
      '\npass in on em0 from em0 to 10.0.0.1 port 22 state limiter "l"\n',
    ),
  }),
);

describe('expansions kept with their statements', () => {
  it('gives the statements an edit did not touch their earlier rules, and the edited one new rules that share their objects', () => {
    const versions = new Versions();
    const first = versions.expand(RULES).expanded;
    const edited = RULES.replace('pass out on $ext from em0 to any', 'pass out on $ext from em0 to 203.0.113.9');
    const second = versions.expand(edited).expanded;
    for (const line of [3, 4, 5, 7, 8]) {
      expect(rulesAt(second, line)).toHaveLength(rulesAt(first, line).length);
      rulesAt(second, line).forEach((rule, index) => expect(rule).toBe(rulesAt(first, line)[index]));
    }
    const [passOut] = rulesAt(second, 6);
    expect(passOut).not.toBe(rulesAt(first, 6)[0]);
    // The new rule names the interface and an address of kept rules: one object each, as in a fresh expansion.
    expect(passOut!.interface).toBe(rulesAt(first, 4)[0]!.interface);
    expect(passOut!.to.address).toBe(rulesAt(first, 4)[0]!.from.address);
  });

  it('expands again the rules below a `set block-policy` or `set state-defaults` that came, changed or went', () => {
    const versions = new Versions();
    versions.expand(RULES);
    const returning = versions.expand(`set block-policy return\n${RULES}`).expanded;
    expect(rulesAt(returning, 5)[0]!.blockReturn).toEqual({ kind: 'return' });
    expect(rulesAt(returning, 8)[0]!.blockReturn).toEqual({ kind: 'return' });
    expect(rulesAt(returning, 9)[0]!.blockReturn).toEqual({ kind: 'return' });
    versions.expand(`set block-policy drop\n${RULES}`);
    versions.expand(RULES);
    const defaults = versions.expand(`set state-defaults pflow\n${RULES}`).expanded;
    expect(rulesAt(defaults, 7)[0]!.stateOptions?.pflow).toBe(true);
    versions.expand(`set state-defaults no-sync\n${RULES}`);
    versions.expand(RULES);
  });

  it('follows require-order and tables that came or went above kept rules', () => {
    const versions = new Versions();
    const late = `${RULES}nat on em1 from 10.1.0.0/16 to any -> em1\n`;
    versions.expand(late);
    const unordered = versions.expand(`set require-order no\n${late}`).expanded;
    expect(unordered.config.rules.nat).toHaveLength(2);
    const ordered = versions.expand(late).expanded;
    expect(ordered.config.rules.nat).toHaveLength(1);
    versions.expand(RULES.replace('table <admins> { 192.0.2.7, 198.51.100.0/24 }\n', ''));
    versions.expand(RULES.replace('table <admins> { 192.0.2.7, 198.51.100.0/24 }', 'table <admins> { 203.0.113.9 }'));
    versions.expand(RULES);
  });

  it('follows the interface addresses and the dialect it is given', () => {
    const versions = new Versions();
    versions.expand(RULES, { dialect: 'freebsd' });
    const withAddresses = versions.expand(RULES, { dialect: 'freebsd', interfaces: EM0 }).expanded;
    expect(rulesAt(withAddresses, 6)).toHaveLength(2);
    versions.expand(RULES, { dialect: 'freebsd', interfaces: interfaceAddresses({ em0: ['198.51.100.1/24'] }) });
    const openbsd = versions.expand(RULES, { dialect: 'openbsd' }).expanded;
    expect(openbsd.findings.length).toBeGreaterThan(0);
    versions.expand(RULES, { dialect: 'freebsd', interfaces: EM0 });
    // Rules that name no address or interface: nothing shared between their rules and others tells the dialect apart.
    const anyDialect = 'scrub in all\npass in proto sctp to port 80\n';
    expect(versions.expand(anyDialect).expanded.findings).toEqual([]);
    expect(versions.expand(anyDialect, { dialect: 'openbsd' }).expanded.findings).toHaveLength(2);
  });

  it('follows limiters defined, redefined or removed above kept rules', () => {
    const versions = new Versions('openbsd');
    const text = 'pass in proto tcp to port 53 state limiter "dns" (no-match)\n';
    const unknown = versions.expand(text).expanded;
    expect(unknown.findings.map((finding) => finding.message)).toEqual(['state limiter dns not defined']);
    const defined = versions.expand(`state limiter "dns" id 1 limit 10\n${text}`).expanded;
    expect(defined.config.rules.filter[0]!.limiter?.id).toBe(1);
    const redefined = versions.expand(`state limiter "dns" id 2 limit 10\n${text}`).expanded;
    expect(redefined.config.rules.filter[0]!.limiter?.id).toBe(2);
    versions.expand(text);
  });

  it('keeps no rules numbered by `$nr`, which pfctl numbers by their place in the ruleset', () => {
    const versions = new Versions();
    const text = 'pass out all\npass in proto tcp to port { 22 80 } label "rule $nr"\npass in proto udp to port 53\n';
    const first = versions.expand(text).expanded;
    const second = versions.expand(`block all\n${text}`).expanded;
    expect(second.config.rules.filter[2]).not.toBe(first.config.rules.filter[1]);
    expect(second.config.rules.filter[4]).toBe(first.config.rules.filter[3]);
    expect([first, second].map((expanded) => expanded.config.rules.filter.flatMap((rule) => rule.labels))).toEqual([
      ['rule 1', 'rule 2'],
      ['rule 2', 'rule 3'],
    ]);
  });

  it('keeps no rules whose tag asks for `$nr` either', () => {
    const versions = new Versions();
    const text = 'pass in all\npass out tag "out-$nr"\n';
    const first = versions.expand(text).expanded;
    const second = versions.expand(`block all\n${text}`).expanded;
    expect([first, second].map((expanded) => expanded.config.rules.filter.flatMap((rule) => (rule.tag ? [rule.tag] : [])))).toEqual([['out-1'], ['out-2']]);
  });

  it('keeps no scrub rules whose tagged name is numbered by `$nr`', () => {
    const versions = new Versions();
    const text = 'scrub in all tagged "s-$nr"\npass in all\n';
    const tagged = (expanded: PfExpandResult) => expanded.config.rules.scrub.map((rule) => rule.tagged?.name);
    const first = versions.expand(text).expanded;
    const second = versions.expand(`scrub out all\n${text}`).expanded;
    expect([tagged(first), tagged(second)]).toEqual([['s-0'], [undefined, 's-1']]);
  });

  it('keeps no antispoof rules numbered by `$nr` either', () => {
    const versions = new Versions();
    const text = 'antispoof for em0 label "spoof $nr"\npass in all\n';
    const first = versions.expand(text).expanded;
    const second = versions.expand(`block all\n${text}`).expanded;
    expect([first, second].map((expanded) => expanded.config.rules.filter.flatMap((rule) => rule.labels))).toEqual([
      ['spoof 0', 'spoof 1'],
      ['spoof 1', 'spoof 2'],
    ]);
  });

  it('keeps nothing of a file that includes another, which a parse cache reads whole for every version', () => {
    const versions = new Versions();
    const text = `include "/etc/pf.d/extra.conf"\n${RULES}`;
    const first = versions.expand(text).expanded;
    const second = versions.expand(text.replace('block in quick', 'block in')).expanded;
    expect(second.config.rules.filter[0]).toEqual(first.config.rules.filter[0]);
    expect(second.config.rules.filter[0]).not.toBe(first.config.rules.filter[0]);
    const tree = parsePfConf(text, { file: 'pf.conf' }).tree;
    expect(expandPfConf(tree, { keepExpansions: true }).config.rules.filter[0]).not.toBe(expandPfConf(tree, { keepExpansions: true }).config.rules.filter[0]);
  });

  it('keeps nothing of a file whose inline anchor body includes another (OpenBSD)', () => {
    const text = `anchor "a" {\n  include "/etc/pf.d/extra.conf"\n  pass\n}\n${RULES}`;
    const tree = parsePfConf(text, { file: 'pf.conf', dialect: 'openbsd' }).tree;
    const again = () => expandPfConf(tree, { dialect: 'openbsd', keepExpansions: true }).config.rules.filter.at(-1);
    expect(again()).toEqual(again());
    expect(again()).not.toBe(again());
    // Without the include, the same body's file keeps its rules.
    const plain = parsePfConf(text.replace('  include "/etc/pf.d/extra.conf"\n', ''), { file: 'pf.conf', dialect: 'openbsd' }).tree;
    const keptAgain = () => expandPfConf(plain, { dialect: 'openbsd', keepExpansions: true }).config.rules.filter.at(-1);
    expect(keptAgain()).toBe(keptAgain());
  });

  it('shares one object per interface and address even between statements whose rules were kept from different expansions', () => {
    const { tree, expanded } = new Versions().expand(RULES);
    const [, , , block, pass] = tree.statements;
    const alone = (statement: (typeof tree.statements)[number], options: PfExpandOptions) =>
      expandPfConf({ ...tree, statements: [statement] }, { ...options, keepExpansions: true }).config.rules.filter[0]!;
    // Expanded alone under other options and then again, the block rule's kept rules hold objects of their own.
    alone(block!, { dialect: 'freebsd', interfaces: EM0 });
    expect(alone(block!, { dialect: 'freebsd' }).interface).not.toBe(rulesAt(expanded, 5)[0]!.interface);
    const together = expandPfConf({ ...tree, statements: [block!, pass!] }, { dialect: 'freebsd', keepExpansions: true }).config.rules.filter;
    expect(together[0]!.interface).toBe(together[1]!.interface);
  });

  it('gives what a fresh expansion gives after any sequence of random edits of pfctl corpus files', () => {
    fc.assert(
      fc.property(corpusEdits(editOrSetting), fc.constantFrom<PfDialect>('freebsd', 'openbsd'), fc.boolean(), (edits, dialect, withInterfaces) => {
        const versions = new Versions(dialect);
        const options: PfExpandOptions = { dialect, ...(withInterfaces ? { interfaces: EM0 } : {}) };
        for (const text of corpusVersions(edits)) versions.expand(text, options);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
