import type { HostAnalysis } from '../analysis.js';
import type { RelatedLocation } from '../findings.js';
import type { NetInterface } from '../model/host.js';
import { ADDRESS_FAMILIES, type AddressFamily } from '../net/ip.js';
import type { PfLoadedConfig, PfRule, PfRuleset } from '../pf/ruleset.js';
import { startOffsetOf } from '../source.js';
import type { Rule, RuleReport } from './rule.js';
import { BucketKeys, CoverIndex, scanCovers, shapeCovers, type Shape } from './support/cover-index.js';
import { familiesOf, loadedPf, macroNote } from './support/pf.js';
import { AddressSets, PortSets } from './support/point-sets.js';


export const shadowedRule: Rule = {
  meta: {
    id: 'shadowed-rule',
    category: 'filtering',
    severity: 'warning',
    summary: 'A filter rule that can never decide: an earlier quick rule or a later rule takes every packet it matches',
    docs: {
      whatItDoes:
        'Compares the expanded filter rules of each ruleset (the main one and every inline anchor) and reports a ' +
        '`pass` or `block` statement when every packet it matches is also matched by an earlier `quick` rule, which ' +
        'decides first, or by a later rule, which wins because in pf the last matching rule decides. Exact duplicates ' +
        'are one case of this. The comparison is exact on interfaces (with negation), directions, address families, ' +
        'protocols, addresses (prefixes, ranges, tables written inline, negation), ports with every operator, TCP flags ' +
        'and ICMP types. A statement written with lists is reported only when all of its expanded rules are shadowed, ' +
        'and the finding names the rules that take its packets.',
      whyItMatters:
        'A shadowed rule is dead text that looks alive: the port someone opened stays closed, the block that was meant ' +
        'to stop a scanner never fires, or a later broad rule silently undoes an exception. Reading the ruleset top to ' +
        'bottom does not reveal it, because the decision depends on `quick` and on the order of rules far apart.',
      example: {
        language: 'pf',
        bad: 'block in quick on em0 proto tcp from any to any port 1:1024\npass in on em0 proto tcp from any to 192.0.2.10 port 22',
        good: 'pass in quick on em0 proto tcp from any to 192.0.2.10 port 22\nblock in quick on em0 proto tcp from any to any port 1:1024',
        note: 'The quick block decides every packet to ports 1 to 1024 on em0, so the pass for SSH is never reached.',
      },
      fix:
        'Decide which rule should win. Move the narrower rule before the broader `quick` rule (or make the narrower ' +
        'one `quick` and put it first), narrow the broader rule, or delete the rule that is dead. pflint offers no ' +
        'automatic fix: only the author knows which of the two rules states the intent. Rules whose matching depends on ' +
        'things pflint cannot see (tables loaded from files or filled at run time, tags, users, groups, OS ' +
        'fingerprints, probability, received-on, rate limits) are never reported, and translating `match` rules and ' +
        'anchors without an inline body end the comparison.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf) return;
    yield* findShadowedRules(pf, analysis.host.interfaces);
  },
};

/** Every shadowed statement of `pf`'s filter rules and of its inline anchors, one report per statement. */
export function* findShadowedRules(pf: PfLoadedConfig, interfaces: ReadonlyMap<string, NetInterface>): Iterable<RuleReport> {
  const overloadTargets: string[] = [];
  const rulesets = rulesetsOf(pf.rules, [], overloadTargets);
  const context: Context = { addresses: new AddressSets(pf, overloadTargets), ports: new PortSets(), interfaces };
  for (const rules of rulesets) {
    const comparison = comparisonOf(rules, context);
    const reports = reportsOf(comparison);
    comparison.dropIndex();
    yield* reports;
  }
}

/** What the comparison of rules depends on besides the rules themselves. */
interface Context {
  readonly addresses: AddressSets;
  readonly ports: PortSets;
  /** Only their names count: `on !em0` covers `on em1` when the host has both. */
  readonly interfaces: ReadonlyMap<string, NetInterface>;
}

// The loops over every rule below index rather than use for...of: they run once per check, mostly before V8
// optimises them, and unoptimised for...of allocates an iterator result per rule.

/**
 * The filter rules of `ruleset` and of every inline anchor body in it, one
 * list per ruleset; on the same pass, the tables rules fill at run time
 * (`overload <table>`) go to `overloadTargets`.
 */
function rulesetsOf(ruleset: PfRuleset, into: (readonly PfRule[])[], overloadTargets: string[]): (readonly PfRule[])[] {
  const rules = ruleset.filter;
  into.push(rules);
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    const overload = rule.stateOptions?.overload;
    if (overload) overloadTargets.push(overload.table);
    const body = rule.anchor?.body;
    if (body) rulesetsOf(body, into, overloadTargets);
  }
  return into;
}

/**
 * A rule after which packets may no longer be the packets earlier rules saw:
 * a translating `match` rule rewrites addresses for the rules after it, and an
 * anchor loaded at run time may do that or anything else.
 */
function endsComparison(rule: PfRule): boolean {
  if (rule.anchor) return !rule.anchor.body || rule.anchor.body.filter.some(endsComparison);
  return rule.action === 'match' && Boolean(rule.natTo || rule.rdrTo || rule.binatTo || rule.afTo);
}

/** Rules that decide and whose matching pflint can know entirely. */
function isComparable(rule: PfRule): boolean {
  return (
    (rule.action === 'pass' || rule.action === 'block') &&
    !rule.anchor &&
    !rule.once &&
    !rule.tagged &&
    !rule.user &&
    !rule.group &&
    !rule.os &&
    !rule.receivedOn &&
    rule.probability === undefined &&
    !rule.maxPktRate &&
    !rule.limiter
  );
}

/**
 * Where each rule of one ruleset stands in the comparison, and where it
 * stood in the last version's ruleset (`layoutOf`).
 */
interface Layout {
  readonly comparable: Uint8Array;
  readonly endsComparison: Uint8Array;
  /** Rules are compared only within their segment `[segmentStart, segmentEnd)`, which rules that end the comparison cut. */
  readonly segmentStart: Int32Array;
  readonly segmentEnd: Int32Array;
  /** Per rule, its position in the last version's ruleset; -1 for a rule taken as new. */
  readonly lastPositions: Int32Array;
  /** Per position of the last version's ruleset, where its rule stands now; -1 for a rule gone. */
  readonly positionsNow: Int32Array;
  /** How many rules are taken as new. */
  readonly added: number;
}

/** How many of the last version's rules are searched for each rule: an edit removes a few rules at a time. */
const SEARCH_AHEAD = 64;

const NO_RULES: readonly PfRule[] = [];

/**
 * The layout of `rules`, matched against the last version's rules (if any):
 * each rule is looked for among the next `SEARCH_AHEAD` rules after the one
 * kept before it. A rule found there is kept, and keeps what is known of it;
 * any other (new, moved, or beyond a long removed stretch) is taken as new,
 * which costs work but never changes an answer.
 */
function layoutOf(rules: readonly PfRule[], last: RulesetComparison | undefined): Layout {
  const lastRules = last?.rules ?? NO_RULES;
  const comparable = new Uint8Array(rules.length);
  const ends = new Uint8Array(rules.length);
  const segmentStart = new Int32Array(rules.length);
  const lastPositions = new Int32Array(rules.length);
  const positionsNow = new Int32Array(lastRules.length).fill(-1);
  let expected = 0;
  let added = 0;
  let start = 0;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    let lastPosition = -1;
    const searchEnd = Math.min(lastRules.length, expected + SEARCH_AHEAD);
    for (let candidate = expected; candidate < searchEnd; candidate++) {
      if (lastRules[candidate] === rule) {
        lastPosition = candidate;
        break;
      }
    }
    lastPositions[position] = lastPosition;
    if (lastPosition >= 0) {
      expected = lastPosition + 1;
      positionsNow[lastPosition] = position;
      comparable[position] = last!.layout.comparable[lastPosition]!;
      ends[position] = last!.layout.endsComparison[lastPosition]!;
    } else {
      added++;
      if (isComparable(rule)) comparable[position] = 1;
      if (endsComparison(rule)) ends[position] = 1;
    }
    segmentStart[position] = start;
    if (ends[position]) start = position + 1;
  }
  const segmentEnd = new Int32Array(rules.length);
  let end = rules.length;
  for (let position = rules.length - 1; position >= 0; position--) {
    if (ends[position]) end = position;
    segmentEnd[position] = end;
  }
  return { comparable, endsComparison: ends, segmentStart, segmentEnd, lastPositions, positionsNow, added };
}

/** Per address family, per position. */
type ByFamily<T> = Record<AddressFamily, T>;

function byFamily<T>(make: () => T): ByFamily<T> {
  return { inet: make(), inet6: make() };
}

/**
 * The last comparison of each ruleset, under the rules at its ends.
 * When the language server checks a new version of a pf.conf, expansion
 * keeps the rules of the statements an edit did not touch as the same
 * objects, so the ruleset's comparison is found again under one of them and
 * only the rules added and the answers that named a removed rule are
 * compared again. Module-wide, yet never stale: what is carried over is
 * what is known of rules that are the same objects, in the same order,
 * under the same tables and interface names (`carriedOver`).
 */
const LAST_COMPARISONS = new WeakMap<PfRule, RulesetComparison>();

/**
 * How many rules at each end of a ruleset its comparison is kept under: the
 * rules at the very ends are often made anew for every version (anchors,
 * rules numbering themselves in a `$nr` label), those next to them kept.
 */
const KEYS_AT_EACH_END = 8;

/** The rules a comparison of `rules` is kept under, from the ends inwards. */
function keyRules(rules: readonly PfRule[]): PfRule[] {
  const keys: PfRule[] = [];
  for (let index = 0; index < Math.min(KEYS_AT_EACH_END, rules.length); index++) keys.push(rules[index]!, rules[rules.length - 1 - index]!);
  return keys;
}

/** The comparison of one ruleset: the last one's carried over where it can be, else a fresh one; kept for the next. */
function comparisonOf(rules: readonly PfRule[], context: Context): RulesetComparison {
  let last: RulesetComparison | undefined;
  for (const key of keyRules(rules)) if ((last = LAST_COMPARISONS.get(key))) break;
  // Taken out whatever happens next: `carriedOver` renumbers its shapes, which then belong to the new comparison.
  if (last) last.forget();
  const layout = layoutOf(rules, last);
  const comparison = (last && carriedOver(last, rules, layout, context)) ?? freshComparison(rules, layout, context);
  comparison.remember();
  return comparison;
}

/** Whether the last comparison of `rules` was carried over from the version before (for tests: the answers are the same either way). */
export function wasCarriedOver(rules: readonly PfRule[]): boolean {
  const comparison = rules.length > 0 ? LAST_COMPARISONS.get(rules[0]!) : undefined;
  return comparison?.rules === rules && comparison.carried;
}

/** Added rules up to which carrying a comparison over (each added rule tested against its segment) is cheaper than a fresh one. */
const MOST_ADDED_RULES = 32;

/**
 * Comparisons a carried-over comparison makes by scanning segments, per rule
 * of the ruleset, before it builds its index for the rest: a few questions
 * (the rules an edit added) cost less by scans than the index, many do not.
 */
const SCANS_PER_RULE = 4;

/** What decides instead of one rule in one family, if anything does; `no-packets` when the rule matches nothing there. */
type FamilyAnswer = Cover | 'uncovered' | 'no-packets';

/**
 * One ruleset's shapes and, per shape, the rules that cover it. Answers
 * are found when the reports first ask for them: a statement is reported
 * only when all its rules are shadowed, so most statements' later rules are
 * never asked about.
 */
class RulesetComparison {
  /** Built on the first question a scan should not answer (every one in a fresh comparison). */
  private index: ByFamily<CoverIndex> | undefined;
  /** How many more rules scans may compare (none in a fresh comparison, whose questions are many). */
  private scanBudget: number;

  constructor(
    /** Whether this comparison was carried over from the last one rather than made afresh. */
    readonly carried: boolean,
    readonly rules: readonly PfRule[],
    readonly layout: Layout,
    readonly context: Context,
    readonly shapes: ByFamily<(Shape | undefined)[]>,
    readonly answers: ByFamily<Answers>,
  ) {
    this.scanBudget = carried ? SCANS_PER_RULE * rules.length : 0;
  }

  answerAt(family: AddressFamily, position: number): FamilyAnswer {
    const shape = this.shapes[family][position];
    if (!shape || isEmpty(shape)) return 'no-packets';
    const answers = this.answers[family];
    if (!answers.asked[position]) {
      const start = this.layout.segmentStart[position]!;
      const end = this.layout.segmentEnd[position]!;
      this.scanBudget -= end - start;
      const covers =
        this.index || this.scanBudget < 0
          ? (this.index ??= indexOf(this.shapes))[family].coversOf(shape, start, end, this.context.interfaces)
          : scanCovers(this.shapes[family], shape, start, end, this.context.interfaces);
      answers.asked[position] = 1;
      answers.earlier[position] = covers.earlier;
      answers.later[position] = covers.later;
    }
    const earlier = answers.earlier[position]!;
    if (earlier >= 0) return { by: this.rules[earlier]!, how: 'earlier-quick' };
    const later = answers.later[position]!;
    return later >= 0 ? { by: this.rules[later]!, how: 'later' } : 'uncovered';
  }

  /**
   * The index is valid for this version's positions only, and is most of
   * what the comparison holds: kept for the next version, the comparison
   * would hold it for nothing as long as its rules live (on the command
   * line, while the other rules run over them).
   */
  dropIndex(): void {
    this.index = undefined;
  }

  remember(): void {
    for (const key of keyRules(this.rules)) LAST_COMPARISONS.set(key, this);
  }

  forget(): void {
    for (const key of keyRules(this.rules)) if (LAST_COMPARISONS.get(key) === this) LAST_COMPARISONS.delete(key);
  }
}

/** Per position of one family: whether the covers were looked up, and the positions found (-1: none). */
interface Answers {
  readonly asked: Uint8Array;
  readonly earlier: Int32Array;
  readonly later: Int32Array;
}

function noAnswers(length: number): Answers {
  return { asked: new Uint8Array(length), earlier: new Int32Array(length), later: new Int32Array(length) };
}

function freshComparison(rules: readonly PfRule[], layout: Layout, context: Context): RulesetComparison {
  const shapes = byFamily(() => new Array<Shape | undefined>(rules.length));
  for (let position = 0; position < rules.length; position++) {
    if (!layout.comparable[position]) continue;
    const rule = rules[position]!;
    const families = familiesOf(rule, undefined);
    for (let which = 0; which < families.length; which++) shapes[families[which]!][position] = shapeOf(rule, position, families[which]!, context);
  }
  return new RulesetComparison(false, rules, layout, context, shapes, byFamily(() => noAnswers(rules.length)));
}

function shapeOf(rule: PfRule, position: number, family: AddressFamily, { addresses, ports }: Context): Shape {
  return {
    position,
    rule,
    family,
    source: addresses.of(rule.from.address, family),
    destination: addresses.of(rule.to.address, family),
    sourcePorts: ports.of(rule.from.port),
    destinationPorts: ports.of(rule.to.port),
  };
}

function indexOf(shapes: ByFamily<readonly (Shape | undefined)[]>): ByFamily<CoverIndex> {
  const keys = new BucketKeys();
  const indexes = { inet: new CoverIndex('inet', keys), inet6: new CoverIndex('inet6', keys) };
  for (const family of ADDRESS_FAMILIES) {
    const index = indexes[family];
    const list = shapes[family];
    for (let position = 0; position < list.length; position++) {
      const shape = list[position];
      if (shape) index.add(shape);
    }
  }
  return indexes;
}

/**
 * `last`'s comparison carried over to `rules`, a later version of its
 * ruleset; undefined when a fresh comparison is due. Rules kept from `last`
 * keep their shapes and answers: what covered a rule still covers it, and
 * still comes first among the kept rules, as long as the kept rules are in
 * the same order (`layoutOf` keeps only such), the rules that end the
 * comparison cut them into the same groups, and the tables and interface
 * names the shapes were made from resolve the same. Then an answer changes
 * only through the added rules, each tested against its segment, or by
 * naming a rule that is gone, which is looked up again when asked.
 */
function carriedOver(last: RulesetComparison, rules: readonly PfRule[], layout: Layout, context: Context): RulesetComparison | undefined {
  if (layout.added > MOST_ADDED_RULES || !sameInterfaceNames(last.context.interfaces, context.interfaces)) return undefined;
  if (!context.addresses.resolvesTablesAs(last.context.addresses)) return undefined;
  const { lastPositions, positionsNow } = layout;
  // Consecutive kept rules share a segment now exactly when they did: rules that end the comparison may come
  // and go (an anchor's rule is made anew for every version), as long as they cut the kept rules alike.
  let previous = -1;
  for (let position = 0; position < rules.length; position++) {
    const lastPosition = lastPositions[position]!;
    if (lastPosition < 0) continue;
    if (previous >= 0) {
      const sharedThen = last.layout.segmentStart[lastPosition] === last.layout.segmentStart[lastPositions[previous]!];
      if (sharedThen !== (layout.segmentStart[position] === layout.segmentStart[previous])) return undefined;
    }
    previous = position;
  }

  const shapes = byFamily(() => new Array<Shape | undefined>(rules.length));
  const answers = byFamily(() => noAnswers(rules.length));
  for (let position = 0; position < rules.length; position++) {
    if (!layout.comparable[position]) continue;
    const lastPosition = lastPositions[position]!;
    const rule = rules[position]!;
    const families = familiesOf(rule, undefined);
    for (let which = 0; which < families.length; which++) {
      const family = families[which]!;
      if (lastPosition < 0) {
        shapes[family][position] = shapeOf(rule, position, family, context);
        continue;
      }
      const shape = last.shapes[family][lastPosition]!;
      shape.position = position;
      shapes[family][position] = shape;
      const known = last.answers[family];
      if (!known.asked[lastPosition]) continue;
      const earlier = known.earlier[lastPosition]!;
      const later = known.later[lastPosition]!;
      const earlierNow = earlier < 0 ? -1 : positionsNow[earlier]!;
      const laterNow = later < 0 ? -1 : positionsNow[later]!;
      // An answer naming a rule that is gone is looked up again, when asked.
      if ((earlier >= 0 && earlierNow < 0) || (later >= 0 && laterNow < 0)) continue;
      answers[family].asked[position] = 1;
      answers[family].earlier[position] = earlierNow;
      answers[family].later[position] = laterNow;
    }
  }
  for (let position = 0; position < rules.length; position++) {
    if (lastPositions[position]! >= 0) continue;
    for (let family = 0; family < ADDRESS_FAMILIES.length; family++) {
      const shape = shapes[ADDRESS_FAMILIES[family]!][position];
      if (shape) fitAddedRule(shape, shapes[shape.family], answers[shape.family], layout, context.interfaces);
    }
  }
  return new RulesetComparison(true, rules, layout, context, shapes, answers);
}

/** Makes `added`, a rule new in this version, the answer of every known answer in its segment it now comes first in. */
function fitAddedRule(
  added: Shape,
  shapes: readonly (Shape | undefined)[],
  answers: Answers,
  layout: Layout,
  interfaces: ReadonlyMap<string, NetInterface>,
): void {
  const { segmentStart, segmentEnd } = layout;
  const at = added.position;
  const end = segmentEnd[at]!;
  for (let position = segmentStart[at]!; position < end; position++) {
    if (!answers.asked[position] || position === at) continue;
    const inner = shapes[position]!;
    if (at < position) {
      if (!added.rule.quick) continue;
      const earlier = answers.earlier[position]!;
      if ((earlier < 0 || at < earlier) && shapeCovers(added, inner, interfaces)) answers.earlier[position] = at;
    } else {
      if (inner.rule.quick) continue;
      const later = answers.later[position]!;
      if ((later < 0 || at < later) && shapeCovers(added, inner, interfaces)) answers.later[position] = at;
    }
  }
}

function sameInterfaceNames(a: ReadonlyMap<string, NetInterface>, b: ReadonlyMap<string, NetInterface>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const name of a.keys()) if (!b.has(name)) return false;
  return true;
}

/** A rule that matches nothing in this family (an address of the other family) is no evidence either way. */
function isEmpty(shape: Shape): boolean {
  return shape.source.intervals?.length === 0 || shape.destination.intervals?.length === 0 || shape.destinationPorts.intervals?.length === 0;
}

/** Why a rule never decides: the rule that decides its packets instead. */
interface Cover {
  readonly by: PfRule;
  readonly how: 'earlier-quick' | 'later';
}

/** The reports of one ruleset's shadowed statements (a plain function, not a generator: V8 optimises its loops better). */
function reportsOf(comparison: RulesetComparison): RuleReport[] {
  const { rules, layout } = comparison;
  // Expanded rules of one statement are adjacent; a statement is reported only when all of them are shadowed.
  const reports: RuleReport[] = [];
  let statementStart = 0;
  while (statementStart < rules.length) {
    const origin = rules[statementStart]!.origin.range;
    let statementEnd = statementStart + 1;
    while (statementEnd < rules.length && sameStart(rules[statementEnd]!.origin.range, origin)) statementEnd++;
    const covers: Cover[] = [];
    let shadowed = true;
    for (let position = statementStart; position < statementEnd && shadowed; position++) {
      if (!layout.comparable[position]) {
        shadowed = false;
        break;
      }
      let anyFamily = false;
      for (let which = 0; which < ADDRESS_FAMILIES.length; which++) {
        const answer = comparison.answerAt(ADDRESS_FAMILIES[which]!, position);
        if (answer === 'no-packets') continue;
        anyFamily = true;
        if (answer === 'uncovered') {
          shadowed = false;
          break;
        }
        covers.push(answer);
      }
      if (!anyFamily) shadowed = false;
    }
    if (shadowed && covers.length > 0) reports.push(report(rules[statementStart]!, covers));
    statementStart = statementEnd;
  }
  return reports;
}

/** The expanded rules of one statement share its range object: offsets are compared only between statements. */
function sameStart(a: PfRule['origin']['range'], b: PfRule['origin']['range']): boolean {
  return a === b || (a.file === b.file && startOffsetOf(a) === startOffsetOf(b));
}

function report(rule: PfRule, covers: readonly Cover[]): RuleReport {
  const byStatement = new Map<string, Cover>();
  for (const cover of covers) {
    if (sameStart(cover.by.origin.range, rule.origin.range)) continue;
    const key = `${cover.by.origin.range.file}:${cover.by.origin.range.start.offset}`;
    if (!byStatement.has(key)) byStatement.set(key, cover);
  }
  const named = [...byStatement.values()];
  const related: RelatedLocation[] = named.map((cover) => ({
    range: cover.by.origin.range,
    message: cover.how === 'earlier-quick' ? 'this quick rule decides first' : 'this later rule matches the same packets and wins',
  }));
  const first = named[0];
  const where = first ? `line ${first.by.origin.range.start.line}` : 'another expansion of the same statement';
  const duplicate = first !== undefined && named.length === 1 && sameMatching(first.by, rule);
  const reason = duplicate
    ? `it duplicates the rule at ${where}`
    : first?.how === 'earlier-quick'
      ? `every packet it matches is decided first by the quick rule at ${where}`
      : `every packet it matches also matches the later rule at ${where}, which wins (last match decides)`;
  const others = named.length > 1 ? ` (and ${named.length - 1} more rule${named.length > 2 ? 's' : ''})` : '';
  return { range: rule.origin.range, message: `this rule never decides: ${reason}${others}${macroNote(rule)}`, related };
}

/** Equal in everything but where they were written. */
function sameMatching(a: PfRule, b: PfRule): boolean {
  const text = (rule: PfRule) => JSON.stringify({ ...rule, origin: undefined }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  return text(a) === text(b);
}
