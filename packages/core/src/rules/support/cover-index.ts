import type { NetInterface } from '../../model/host.js';
import { ADDRESS_BITS, type AddressFamily } from '../../net/ip.js';
import { IPPROTO_TCP, TCP_FLAG_ORDER } from '../../pf/names.js';
import type { PfRule } from '../../pf/ruleset.js';
import { blockKey, PORT_BITS, pointSetCovers, type PointSet } from './point-sets.js';


/** One expanded filter rule seen in one address family: everything containment compares. */
export interface Shape {
  /**
   * Where the rule stands in its ruleset. Not read-only: a shape kept for the
   * next version of the ruleset (see `shadowed-rule.ts`) is renumbered there,
   * and belongs to that version from then on.
   */
  position: number;
  readonly rule: PfRule;
  readonly family: AddressFamily;
  readonly source: PointSet;
  readonly destination: PointSet;
  readonly sourcePorts: PointSet;
  readonly destinationPorts: PointSet;
}

/** Where the rules stand that cover one shape and decide instead of it, as `CoverIndex.coversOf` finds them; -1: none. */
export interface Covers {
  /** The first earlier quick rule that matches every packet the shape matches: it decides first. */
  readonly earlier: number;
  /** The first later rule that does (asked only of rules that are not quick): the last match wins. */
  readonly later: number;
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
export class CoverIndex {
  private readonly buckets = new Map<number, Bucket>();
  private readonly searches = new Map<number, readonly Bucket[]>();
  /** Where `coversOf` collects one bucket's candidate lists: reused, as every rule asks. */
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

  /** The rules in `[start, end)` that cover `shape` (see `Covers`). */
  coversOf(shape: Shape, start: number, end: number, interfaces: ReadonlyMap<string, NetInterface>): Covers {
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
    return { earlier: earlier?.position ?? -1, later: later?.position ?? -1 };
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

/**
 * What `CoverIndex.coversOf` answers, found by testing every shape of the
 * segment in turn: for a few questions, cheaper than building the index.
 * `shapes` is one family's shapes by position.
 */
export function scanCovers(
  shapes: readonly (Shape | undefined)[],
  inner: Shape,
  start: number,
  end: number,
  interfaces: ReadonlyMap<string, NetInterface>,
): Covers {
  let earlier = -1;
  for (let position = start; position < inner.position && earlier < 0; position++) {
    const shape = shapes[position];
    if (shape?.rule.quick && shapeCovers(shape, inner, interfaces)) earlier = position;
  }
  let later = -1;
  for (let position = inner.position + 1; position < end && later < 0 && !inner.rule.quick; position++) {
    const shape = shapes[position];
    if (shape && shapeCovers(shape, inner, interfaces)) later = position;
  }
  return { earlier, later };
}

/** Bucket keys: direction (3 values), protocol (256 and "any") and interface in one integer, built without a string. */
export class BucketKeys {
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
   * which `indexOf` in shadowed-rule.ts guarantees.
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
export function shapeCovers(outer: Shape, inner: Shape, interfaces: ReadonlyMap<string, NetInterface>): boolean {
  const a = outer.rule;
  const b = inner.rule;
  if (a.direction && a.direction !== b.direction) return false;
  if (a.protocol !== undefined && a.protocol !== b.protocol) return false;
  if (!interfaceCovers(a, b, interfaces)) return false;
  // The sets next: rules of one ruleset differ mostly in their addresses and ports.
  const bits = ADDRESS_BITS[outer.family];
  if (
    !pointSetCovers(outer.destination, inner.destination, bits) ||
    !pointSetCovers(outer.source, inner.source, bits) ||
    !pointSetCovers(outer.destinationPorts, inner.destinationPorts, PORT_BITS) ||
    !pointSetCovers(outer.sourcePorts, inner.sourcePorts, PORT_BITS)
  ) {
    return false;
  }
  if ((b.protocol === undefined || b.protocol === IPPROTO_TCP) && !flagsCover(a.flags, b.flags)) return false;
  if (a.icmp && !(b.icmp && b.icmp.family === a.icmp.family && b.icmp.type === a.icmp.type && (a.icmp.code === undefined || a.icmp.code === b.icmp.code))) {
    return false;
  }
  if (a.tos !== undefined && a.tos !== b.tos) return false;
  if (a.prio !== undefined && a.prio !== b.prio) return false;
  if (a.onRdomain !== undefined && a.onRdomain !== b.onRdomain) return false;
  if (a.maxPktSize !== undefined && a.maxPktSize !== b.maxPktSize) return false;
  return a.fragment === b.fragment;
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
  for (const letter of letters) bits |= 1 << TCP_FLAG_ORDER.indexOf(letter);
  return bits;
}
