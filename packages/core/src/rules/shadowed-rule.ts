import type { HostAnalysis } from '../analysis.js';
import type { RelatedLocation } from '../findings.js';
import type { NetInterface } from '../model/host.js';
import { ADDRESS_BITS, type AddressFamily } from '../net/ip.js';
import type { PfLoadedConfig, PfRule, PfRuleset } from '../pf/ruleset.js';
import { startOffsetOf } from '../source.js';
import type { Rule, RuleReport } from './rule.js';
import { loadedPf, macroNote } from './support/pf.js';
import { AddressSets, blockKey, PORT_BITS, pointSetCovers, PortSets, type PointSet } from './support/point-sets.js';

const FAMILIES: readonly AddressFamily[] = ['inet', 'inet6'];
const IPPROTO_TCP = 6;
const TCP_FLAG_LETTERS = 'FSRPAUEW';

/** One expanded filter rule seen in one address family: everything containment compares. */
interface Shape {
  readonly position: number;
  readonly rule: PfRule;
  readonly family: AddressFamily;
  readonly source: PointSet;
  readonly destination: PointSet;
  readonly sourcePorts: PointSet;
  readonly destinationPorts: PointSet;
}

/** Why a rule never decides: the rule that decides its packets instead. */
interface Cover {
  readonly by: PfRule;
  readonly how: 'earlier-quick' | 'later';
}

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
  const sets = { addresses: new AddressSets(pf, overloadTargets), ports: new PortSets() };
  for (const rules of rulesets) yield* shadowedIn(rules, sets, interfaces);
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

/** The reports of one ruleset's shadowed statements (a plain function, not a generator: V8 optimises its loops better). */
function shadowedIn(
  rules: readonly PfRule[],
  { addresses, ports }: { readonly addresses: AddressSets; readonly ports: PortSets },
  interfaces: ReadonlyMap<string, NetInterface>,
): RuleReport[] {
  // One pass reads each rule (most of the cost is fetching 30,000 rule objects): where its comparison segment
  // starts, whether it is comparable, and its shape in each family it can match, added to that family's index.
  const ends = new Uint8Array(rules.length);
  const segmentStart = new Int32Array(rules.length);
  const comparable = new Uint8Array(rules.length);
  const bucketKeys = new BucketKeys();
  const indexes: Record<AddressFamily, CoverIndex> = { inet: new CoverIndex('inet', bucketKeys), inet6: new CoverIndex('inet6', bucketKeys) };
  const shapes: Record<AddressFamily, (Shape | undefined)[]> = { inet: new Array(rules.length), inet6: new Array(rules.length) };
  const addShape = (rule: PfRule, position: number, family: AddressFamily) => {
    const shape: Shape = {
      position,
      rule,
      family,
      source: addresses.of(rule.from.address, family),
      destination: addresses.of(rule.to.address, family),
      sourcePorts: ports.of(rule.from.port),
      destinationPorts: ports.of(rule.to.port),
    };
    indexes[family].add(shape);
    shapes[family][position] = shape;
  };
  let start = 0;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    segmentStart[position] = start;
    if (endsComparison(rule)) {
      ends[position] = 1;
      start = position + 1;
    }
    if (!isComparable(rule)) continue;
    comparable[position] = 1;
    if (rule.family !== 'inet6') addShape(rule, position, 'inet');
    if (rule.family !== 'inet') addShape(rule, position, 'inet6');
  }
  const segmentEnd = new Int32Array(rules.length);
  let end = rules.length;
  for (let position = rules.length - 1; position >= 0; position--) {
    if (ends[position]) end = position;
    segmentEnd[position] = end;
  }

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
      if (!comparable[position]) {
        shadowed = false;
        break;
      }
      let anyFamily = false;
      for (let which = 0; which < FAMILIES.length; which++) {
        const family = FAMILIES[which]!;
        const shape = shapes[family][position];
        if (!shape || isEmpty(shape)) continue;
        anyFamily = true;
        const cover = indexes[family].coverOf(shape, segmentStart[position]!, segmentEnd[position]!, interfaces);
        if (!cover) {
          shadowed = false;
          break;
        }
        covers.push(cover);
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

/** A rule that matches nothing in this family (an address of the other family) is no evidence either way. */
function isEmpty(shape: Shape): boolean {
  return shape.source.intervals?.length === 0 || shape.destination.intervals?.length === 0 || shape.destinationPorts.intervals?.length === 0;
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

/**
 * Finds, for one family, the rules that may cover a given rule without
 * comparing it to all others: rules are bucketed by direction, interface and
 * protocol, and within a bucket by the aligned blocks of their source,
 * destination and destination port sets. A rule that covers another must
 * contain that rule's lowest address (or port) in each dimension, so a point
 * lookup in any one dimension yields every rule that may cover it; only those
 * are compared exactly.
 */
class CoverIndex {
  private readonly buckets = new Map<number, Bucket>();
  private readonly searches = new Map<number, readonly Bucket[]>();
  /** Where `coverOf` collects one bucket's candidate lists: reused, as every rule asks. */
  private readonly candidateLists: (readonly Shape[])[] = [];

  constructor(
    private readonly family: AddressFamily,
    private readonly keys: BucketKeys,
  ) {}

  add(shape: Shape): void {
    const key = this.keys.of(shape.rule.direction, positiveInterface(shape.rule), shape.rule.protocol);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(ADDRESS_BITS[this.family]);
      this.buckets.set(key, bucket);
    }
    bucket.add(shape);
  }

  /** The first earlier quick rule, else the first later rule in `[start, end)`, that matches every packet `shape` matches. */
  coverOf(shape: Shape, start: number, end: number, interfaces: ReadonlyMap<string, NetInterface>): Cover | undefined {
    const rule = shape.rule;
    let earlier: Shape | undefined;
    let later: Shape | undefined;
    const buckets = this.bucketsToSearch(rule);
    const lists = this.candidateLists;
    for (let bucket = 0; bucket < buckets.length; bucket++) {
      lists.length = 0;
      buckets[bucket]!.candidateLists(shape, lists);
      for (let which = 0; which < lists.length; which++) {
        const list = lists[which]!;
        const found = firstCovering(list, start, shape.position, shape, true, interfaces);
        if (found && (!earlier || found.position < earlier.position)) earlier = found;
        if (!rule.quick) {
          const after = firstCovering(list, shape.position + 1, end, shape, false, interfaces);
          if (after && (!later || after.position < later.position)) later = after;
        }
      }
    }
    if (earlier) return { by: earlier.rule, how: 'earlier-quick' };
    return later ? { by: later.rule, how: 'later' } : undefined;
  }

  /**
   * The buckets whose rules may cover a rule of this direction, interface and
   * protocol: its own and those that leave any of them open. Asked after every
   * rule is added, and the same for every rule of one bucket, so kept.
   */
  private bucketsToSearch(rule: PfRule): readonly Bucket[] {
    const name = positiveInterface(rule);
    const key = this.keys.of(rule.direction, name, rule.protocol);
    const known = this.searches.get(key);
    if (known) return known;
    const buckets: Bucket[] = [];
    for (const direction of rule.direction ? [undefined, rule.direction] : [undefined])
      for (const interfaceName of name !== undefined ? [undefined, name] : [undefined])
        for (const protocol of rule.protocol !== undefined ? [undefined, rule.protocol] : [undefined]) {
          const bucket = this.buckets.get(this.keys.of(direction, interfaceName, protocol));
          if (bucket) buckets.push(bucket);
        }
    this.searches.set(key, buckets);
    return buckets;
  }
}

/** Bucket keys: direction (3 values), protocol (256 and "any") and interface in one integer, built without a string. */
class BucketKeys {
  /** Interface names as small numbers. */
  private readonly interfaceNumbers = new Map<string, number>();

  of(direction: PfRule['direction'], name: string | undefined, protocol: number | undefined): number {
    let interfaceNumber = 0;
    if (name !== undefined) {
      interfaceNumber = this.interfaceNumbers.get(name) ?? 0;
      if (interfaceNumber === 0) this.interfaceNumbers.set(name, (interfaceNumber = this.interfaceNumbers.size + 1));
    }
    const directionNumber = direction === 'in' ? 1 : direction === 'out' ? 2 : 0;
    return (interfaceNumber * 3 + directionNumber) * 257 + (protocol ?? 256);
  }
}

/** The interface a rule is bucketed by: `on !em0` may match any interface, so it is bucketed as none. */
function positiveInterface(rule: PfRule): string | undefined {
  return rule.interface && !rule.interface.negated ? rule.interface.name : undefined;
}

/** The first shape in `list` (sorted by position) within `[from, to)`, and quick if asked, that covers `inner`. */
function firstCovering(
  list: readonly Shape[],
  from: number,
  to: number,
  inner: Shape,
  quickOnly: boolean,
  interfaces: ReadonlyMap<string, NetInterface>,
): Shape | undefined {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]!.position < from) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < list.length; index++) {
    const candidate = list[index]!;
    if (candidate.position >= to) break;
    if (candidate.position === inner.position || (quickOnly && !candidate.rule.quick)) continue;
    if (shapeCovers(candidate, inner, interfaces)) return candidate;
  }
  return undefined;
}

/**
 * The dimensions a bucket can be searched by, most selective first in
 * typical rulesets: most rules name a destination, fewer a source, and port
 * sets are shared by many rules.
 */
const DIMENSIONS: readonly { readonly setOf: (shape: Shape) => PointSet; readonly ports: boolean }[] = [
  { setOf: (shape) => shape.destination, ports: false },
  { setOf: (shape) => shape.source, ports: false },
  { setOf: (shape) => shape.destinationPorts, ports: true },
];

/** A dimension with this many candidates is searched without looking at (or building) the others. */
const FEW_CANDIDATES = 16;

/** The rules of one bucket and its point-stabbing indexes, one per dimension, each built when first searched. */
class Bucket {
  private readonly shapes: Shape[] = [];
  private readonly dimensions: (Dimension | undefined)[] = DIMENSIONS.map(() => undefined);
  /** Where `candidateLists` collects a dimension that may not be chosen: reused, as every rule asks. */
  private readonly trialLists: (readonly Shape[])[] = [];

  constructor(private readonly addressBits: number) {}

  add(shape: Shape): void {
    this.shapes.push(shape);
  }

  /**
   * Appends to `into` (empty) the candidate lists for `shape` from one
   * dimension: the first with few candidates, else the most selective; none
   * when a dimension has no candidate. Every dimension's candidates include
   * every rule that covers `shape`, so the choice changes only the work,
   * never the answer. Each dimension is looked up once: its lists are kept
   * aside until it proves the best. Asked only after every shape is added,
   * which `shadowedIn` guarantees.
   */
  candidateLists(shape: Shape, into: (readonly Shape[])[]): void {
    let bestSize = this.dimension(0).collect(DIMENSIONS[0]!.setOf(shape), into);
    const trial = this.trialLists;
    for (let which = 1; which < DIMENSIONS.length && bestSize > FEW_CANDIDATES; which++) {
      trial.length = 0;
      const size = this.dimension(which).collect(DIMENSIONS[which]!.setOf(shape), trial);
      if (size < bestSize) {
        bestSize = size;
        into.length = 0;
        for (let list = 0; list < trial.length; list++) into.push(trial[list]!);
      }
    }
  }

  private dimension(which: number): Dimension {
    const { setOf, ports } = DIMENSIONS[which]!;
    return (this.dimensions[which] ??= new Dimension(this.shapes, setOf, ports ? PORT_BITS : this.addressBits));
  }
}

class Dimension {
  /** The block lengths present, and beside each the shapes by the `blockKey` of their blocks of that length. */
  private readonly lengths: number[] = [];
  private readonly byLength: Map<number, Shape[]>[] = [];
  /**
   * Shapes whose set pflint cannot resolve, by what was written: such a set
   * is covered only by itself or the whole space. Known sets are found by
   * their blocks alone.
   */
  private readonly unknownByKey = new Map<string, Shape[]>();

  constructor(
    shapes: readonly Shape[],
    setOf: (shape: Shape) => PointSet,
    private readonly bits: number,
  ) {
    for (let index = 0; index < shapes.length; index++) {
      const shape = shapes[index]!;
      const set = setOf(shape);
      if (!set.intervals) {
        push(this.unknownByKey, set.key, shape);
        continue;
      }
      const blocks = set.blocks;
      for (let which = 0; which < blocks.length; which++) {
        const block = blocks[which]!;
        let level = this.lengths.indexOf(block.length);
        if (level < 0) {
          level = this.lengths.push(block.length) - 1;
          this.byLength.push(new Map());
        }
        push(this.byLength[level]!, block.key, shape);
      }
    }
  }

  /**
   * Appends to `into` the lists of shapes whose set may contain every point
   * of `set`: those holding its lowest point. Returns how many shapes they
   * hold (none are empty, so 0 means nothing was appended). Not remembered
   * per set: most sets belong to one rule, and the lookup is a few map reads.
   */
  collect(set: PointSet, into: (readonly Shape[])[]): number {
    let size = 0;
    if (!set.intervals) {
      const sameKey = this.unknownByKey.get(set.key);
      if (sameKey) {
        size += sameKey.length;
        into.push(sameKey);
      }
      const wholeSpace = this.byLength[this.lengths.indexOf(0)]?.get(0);
      if (wholeSpace) {
        size += wholeSpace.length;
        into.push(wholeSpace);
      }
      return size;
    }
    const point = set.intervals[0]?.[0] ?? 0n;
    for (let level = 0; level < this.lengths.length; level++) {
      const list = this.byLength[level]!.get(blockKey(point, this.lengths[level]!, this.bits));
      if (list) {
        size += list.length;
        into.push(list);
      }
    }
    return size;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether `outer` matches every packet `inner` matches, in their shared family. */
function shapeCovers(outer: Shape, inner: Shape, interfaces: ReadonlyMap<string, NetInterface>): boolean {
  const a = outer.rule;
  const b = inner.rule;
  if (a.direction && a.direction !== b.direction) return false;
  if (a.protocol !== undefined && a.protocol !== b.protocol) return false;
  if (!interfaceCovers(a, b, interfaces)) return false;
  if ((b.protocol === undefined || b.protocol === IPPROTO_TCP) && !flagsCover(a.flags, b.flags)) return false;
  if (a.icmp && !(b.icmp && b.icmp.family === a.icmp.family && b.icmp.type === a.icmp.type && (a.icmp.code === undefined || a.icmp.code === b.icmp.code))) {
    return false;
  }
  for (const condition of ['tos', 'prio', 'onRdomain', 'maxPktSize'] as const) {
    if (a[condition] !== undefined && a[condition] !== b[condition]) return false;
  }
  if (a.fragment !== b.fragment) return false;
  const bits = ADDRESS_BITS[outer.family];
  return (
    pointSetCovers(outer.source, inner.source, bits) &&
    pointSetCovers(outer.destination, inner.destination, bits) &&
    pointSetCovers(outer.sourcePorts, inner.sourcePorts, PORT_BITS) &&
    pointSetCovers(outer.destinationPorts, inner.destinationPorts, PORT_BITS)
  );
}

/** `on !em0` covers `on em1` only when both are interfaces the host has (a group may hold both). */
function interfaceCovers(a: PfRule, b: PfRule, interfaces: ReadonlyMap<string, NetInterface>): boolean {
  if (!a.interface) return true;
  if (!b.interface) return false;
  if (a.interface.negated === b.interface.negated) return a.interface.name === b.interface.name;
  if (!a.interface.negated) return false;
  return a.interface.name !== b.interface.name && interfaces.has(a.interface.name) && interfaces.has(b.interface.name);
}

/** TCP packets matching `inner`'s flags all match `outer`'s: outer checks fewer bits, and agrees on them. */
function flagsCover(outer: PfRule['flags'], inner: PfRule['flags']): boolean {
  const outerMask = flagBits(outer?.mask ?? '');
  if (outerMask === 0) return true;
  const innerMask = flagBits(inner?.mask ?? '');
  if (innerMask === 0) return false;
  const innerSet = flagBits(inner!.set);
  return (outerMask & ~innerMask) === 0 && (innerSet & outerMask) === flagBits(outer!.set);
}

function flagBits(letters: string): number {
  let bits = 0;
  for (const letter of letters) bits |= 1 << TCP_FLAG_LETTERS.indexOf(letter);
  return bits;
}
