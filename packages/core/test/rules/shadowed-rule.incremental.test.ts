/**
 * shadowed-rule carries its comparison of a ruleset over to the ruleset's
 * next version (the language server's case: a pf.conf parsed through a
 * parse cache and expanded with kept expansions, so the rules of statements
 * an edit did not touch are the same objects). Every version's reports must
 * be exactly those of a fresh comparison of that version.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../src/model/host.js';
import { expandPfConf } from '../../src/pf/expand.js';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache, type PfParseCache } from '../../src/pf/reparse.js';
import type { PfLoadedConfig, PfRule } from '../../src/pf/ruleset.js';
import { loadPfConf } from '../../src/pf/semantic.js';
import { findShadowedRules, wasCarriedOver } from '../../src/rules/shadowed-rule.js';

const ADDRESSES = ['any', '10.0.0.0/30', '10.0.0.4/30', '10.0.0.0/29', '10.0.0.2', '! 10.0.0.0/30', '{ 10.0.0.1, 10.0.0.5 }', '<t1>', '<t2>', '2001:db8::/64'];
const PORTS = ['', 'port 1', 'port 2:3', 'port > 2', 'port { 1, 4 }'];

const ruleLine = fc
  .record({
    action: fc.constantFrom('pass', 'block'),
    quick: fc.boolean(),
    direction: fc.constantFrom('', 'in', 'out'),
    on: fc.constantFrom('', 'on em0', 'on em1', 'on em2', 'on ! em0', 'on { em0, em1 }'),
    family: fc.constantFrom('', 'inet', 'inet6'),
    protocol: fc.constantFrom('', 'tcp', 'udp'),
    from: fc.constantFrom(...ADDRESSES),
    to: fc.constantFrom(...ADDRESSES),
    port: fc.constantFrom(...PORTS),
  })
  .map(({ action, quick, direction, on, family, protocol, from, to, port }) =>
    [action, direction, quick ? 'quick' : '', on, family, protocol ? `proto ${protocol}` : '', `from ${from}`, `to ${to}`, protocol ? port : '']
      .filter((word) => word !== '')
      .join(' '),
  );

/** Lines that change what the comparison rests on: tables, a rule that ends the comparison, an anchor with its own ruleset. */
const OTHER_LINES = [
  'table <t1> { 10.0.0.0/30, 10.0.0.6 }',
  'table <t1> { 10.0.0.0/29 }',
  'table <t2> { 10.0.0.0/29, !10.0.0.2 }',
  'match out on em0 inet from any to any nat-to 10.0.0.9',
  'anchor "x"',
  'anchor "a" {\n  pass in quick inet from 10.0.0.0/30 to any\n  block in inet from 10.0.0.1 to any\n}',
  'pass in quick all',
  '',
];

const line = fc.oneof({ weight: 4, arbitrary: ruleLine }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_LINES) });

type Edit =
  | { readonly kind: 'insert' | 'replace'; readonly at: number; readonly line: string }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'interfaces' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), line }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'interfaces' as const }) },
);

const SOME_INTERFACES = new Map(['em0', 'em1'].map((name) => [name, {} as NetInterface]));
const MORE_INTERFACES = new Map(['em0', 'em1', 'em2'].map((name) => [name, {} as NetInterface]));

function applied(lines: readonly string[], step: Edit): string[] {
  const next = [...lines];
  if (step.kind === 'interfaces') return next;
  const at = step.at % (next.length + (step.kind === 'insert' ? 1 : 0) || 1);
  if (step.kind === 'insert') next.splice(at, 0, step.line);
  else if (step.kind === 'replace') next.splice(at, 1, step.line);
  else next.splice(at, 1);
  return next;
}

/** The version's rules, expanded as the check session expands them: through `cache`, kept expansions on. */
function expanded(cache: PfParseCache, lines: readonly string[]): PfLoadedConfig {
  return expandPfConf(cache.parse(`${lines.join('\n')}\n`, { file: 'pf.conf', dialect: 'openbsd' }).tree, { dialect: 'openbsd', keepExpansions: true }).config;
}

/** What a user sees of the reports: where, what, and which rules they name. */
function seen(config: PfLoadedConfig, interfaces: ReadonlyMap<string, NetInterface>) {
  return [...findShadowedRules(config, interfaces)].map((report) => ({
    line: report.range.start.line,
    message: report.message,
    related: report.related?.map((related) => [related.range.start.line, related.message]),
  }));
}

function fresh(text: string, interfaces: ReadonlyMap<string, NetInterface>) {
  return seen(expandPfConf(parsePfConf(text, { file: 'pf.conf', dialect: 'openbsd' }).tree, { dialect: 'openbsd' }).config, interfaces);
}

describe('shadowed-rule across versions of a ruleset', () => {
  it('reports for every version what a fresh comparison reports, over random edits', () => {
    let carried = 0;
    let reported = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 3, maxLength: 14 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (first, edits) => {
        const cache = createPfParseCache();
        let lines = first;
        let interfaces = SOME_INTERFACES;
        for (const step of [undefined, ...edits]) {
          if (step) lines = applied(lines, step);
          if (step?.kind === 'interfaces') interfaces = interfaces === SOME_INTERFACES ? MORE_INTERFACES : SOME_INTERFACES;
          const config = expanded(cache, lines);
          const reports = seen(config, interfaces);
          expect(reports).toEqual(fresh(`${lines.join('\n')}\n`, interfaces));
          reported += reports.length;
          if (step && wasCarriedOver(config.rules.filter)) carried++;
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // Both must happen often, or the property says little: comparisons carried over, and rules reported.
    expect(carried).toBeGreaterThan(150);
    expect(reported).toBeGreaterThan(150);
  });

  it('looks again for what covers a rule when the rule that covered it is deleted', () => {
    const cache = createPfParseCache();
    const last = 'block out on em1 proto udp to 10.9.9.9';
    // The rule after a deleted one is parsed again; the one after that is kept, and must become the cover.
    const versions = [
      ['pass in quick on em0 proto tcp to any', 'block out on em2 all', 'pass in quick on em0 proto tcp to 10.0.0.0/8', 'pass in on em0 proto tcp to 10.0.0.1', last],
      ['block out on em2 all', 'pass in quick on em0 proto tcp to 10.0.0.0/8', 'pass in on em0 proto tcp to 10.0.0.1', last],
      ['pass in quick on em0 proto tcp to 10.0.0.0/8', 'pass in on em0 proto tcp to 10.0.0.1', last],
      ['pass in on em0 proto tcp to 10.0.0.1', last],
    ];
    const found = versions.map((lines) => {
      const config = expanded(cache, lines);
      const reports = seen(config, SOME_INTERFACES).map(({ line, message }) => [line, message]);
      return { carried: wasCarriedOver(config.rules.filter), reports };
    });
    const decidedFirst = (line: number) => `this rule never decides: every packet it matches is decided first by the quick rule at line ${line}`;
    expect(found).toEqual([
      { carried: false, reports: [[3, decidedFirst(1)], [4, decidedFirst(1)]] },
      { carried: true, reports: [[3, decidedFirst(2)]] },
      { carried: true, reports: [[2, decidedFirst(1)]] },
      { carried: true, reports: [] },
    ]);
  });

  it('compares afresh when a table the rules read changes', () => {
    const cache = createPfParseCache();
    const check = (table: string) => {
      const config = expanded(cache, [table, 'block in quick inet from <t1> to any', 'pass in inet from 10.0.0.1 to any']);
      const lines = seen(config, SOME_INTERFACES).map((report) => report.line);
      return { carried: wasCarriedOver(config.rules.filter), lines };
    };
    expect(check('table <t1> { 10.0.0.0/30 }')).toEqual({ carried: false, lines: [3] });
    expect(check('table <t1> { 10.0.0.4/30 }')).toEqual({ carried: false, lines: [] });
    expect(check('table <t1> { 10.0.0.4/30 } # same members')).toEqual({ carried: true, lines: [] });
  });

  it('compares afresh when rules that end the comparison cut the kept rules differently', () => {
    const cache = createPfParseCache();
    const check = (middle: readonly string[]) => {
      const config = expanded(cache, ['block in quick all', ...middle, 'pass in on em0 inet to 10.0.0.1', 'block out on em1 proto udp to 10.9.9.9']);
      const lines = seen(config, SOME_INTERFACES).map((report) => report.line);
      return { carried: wasCarriedOver(config.rules.filter), lines };
    };
    expect(check([])).toEqual({ carried: false, lines: [2] });
    // Rules after an anchor loaded at run time may see other packets: the quick block no longer covers them.
    expect(check(['anchor "x"'])).toEqual({ carried: false, lines: [] });
    // The anchor's rule is made anew, but it cuts the kept rules where it did.
    expect(check(['anchor "x"', 'pass out all'])).toEqual({ carried: true, lines: [] });
    expect(check(['pass out all'])).toEqual({ carried: false, lines: [3] });
  });

  it('compares afresh when the host gains or loses an interface a negated `on` may stand for', () => {
    const cache = createPfParseCache();
    const lines = ['pass in quick on ! em0 all', 'pass in on em2 inet to 10.0.0.1', 'block out on em1 proto udp to 10.9.9.9'];
    const check = (interfaces: ReadonlyMap<string, NetInterface>) => {
      const config = expanded(cache, lines);
      const reported = seen(config, interfaces).map((report) => report.line);
      return { carried: wasCarriedOver(config.rules.filter), lines: reported };
    };
    expect(check(SOME_INTERFACES)).toEqual({ carried: false, lines: [] });
    expect(check(MORE_INTERFACES)).toEqual({ carried: false, lines: [2] });
    expect(check(MORE_INTERFACES)).toEqual({ carried: true, lines: [2] });
  });

  it('takes a rule that moved, or comes twice, as new: the answers stay right', () => {
    const text = 'block in quick on em0 all\npass in quick on em0 inet to 10.0.0.1\npass in on em1 all\n';
    const { config } = loadPfConf(text, { file: 'pf.conf', dialect: 'openbsd' });
    const [first, second, third] = config.rules.filter as [PfRule, PfRule, PfRule];
    const check = (filter: readonly PfRule[]) => {
      const lines = seen({ ...config, rules: { ...config.rules, filter } }, SOME_INTERFACES).map((report) => report.line);
      return { carried: wasCarriedOver(filter), lines };
    };
    expect(check([first, second, third])).toEqual({ carried: false, lines: [2] });
    // The quick block after the quick pass no longer decides first.
    expect(check([second, first, third])).toEqual({ carried: true, lines: [] });
    // Listed twice, the quick pass decides first at its second place; kept, that answer would be read for its only one.
    expect(check([second, third, second])).toEqual({ carried: true, lines: [2] });
    expect(check([third, second])).toEqual({ carried: true, lines: [] });
  });
  it('carries a comparison over when the rules at the ends of the ruleset are made anew for every version', () => {
    const cache = createPfParseCache();
    const middle = Array.from({ length: 20 }, (_, index) => `pass in on em0 inet proto tcp to 10.0.0.${index + 1} port 22`);
    // Anchor rules are expanded anew each time, so the comparison is found under the rules next to them.
    const carried = [5, 6, 7].map((changed) => {
      const lines = ['anchor "ftp-proxy/*"', ...middle.map((line, index) => (index === 10 ? `${line}${changed}` : line)), 'anchor "relayd/*"'];
      const config = expanded(cache, lines);
      expect(seen(config, SOME_INTERFACES)).toEqual(fresh(`${lines.join('\n')}\n`, SOME_INTERFACES));
      return wasCarriedOver(config.rules.filter);
    });
    expect(carried).toEqual([false, true, true]);
  });
});
