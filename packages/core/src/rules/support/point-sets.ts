import { ADDRESS_BITS, ADDRESS_FAMILIES, type AddressFamily } from '../../net/ip.js';
import type { PfAddress, PfAddressMatch, PfLoadedConfig, PfNumberMatch, PfTableEntry } from '../../pf/ruleset.js';

/**
 * Exact sets of addresses and ports as sorted, disjoint, non-adjacent closed
 * intervals, so containment (does rule A match every packet rule B matches?)
 * is a merge walk instead of a packet-by-packet search.
 */
export type Interval = readonly [low: bigint, high: bigint];
export type IntervalSet = readonly Interval[];

export const PORT_BITS = 16;

/** `2^bits - 1` for every width up to IPv6's, computed once: containment tests ask for it per comparison. */
const SPACE_MAXIMA: readonly bigint[] = Array.from({ length: 129 }, (_, bits) => (1n << BigInt(bits)) - 1n);

function spaceMax(bits: number): bigint {
  return SPACE_MAXIMA[bits]!;
}

const PORT_MAX = spaceMax(PORT_BITS);

// The loops over intervals below index instead of destructuring: every rule's sets pass here, and
// destructuring an interval runs the array iterator unless V8 optimises it away.

export function normaliseIntervals(intervals: readonly Interval[]): IntervalSet {
  if (intervals.length === 1) return intervals[0]![0] <= intervals[0]![1] ? intervals : [];
  const sorted = intervals.filter((interval) => interval[0] <= interval[1]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (let index = 0; index < sorted.length; index++) {
    const low = sorted[index]![0];
    const high = sorted[index]![1];
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1n) {
      if (high > last[1]) last[1] = high;
    } else merged.push([low, high]);
  }
  return merged;
}

/** Whether every point of `inner` is in `outer`. */
export function intervalsCover(outer: IntervalSet, inner: IntervalSet): boolean {
  let index = 0;
  for (let which = 0; which < inner.length; which++) {
    const low = inner[which]![0];
    const high = inner[which]![1];
    while (index < outer.length && outer[index]![1] < low) index++;
    const candidate = outer[index];
    if (!candidate || candidate[0] > low || candidate[1] < high) return false;
  }
  return true;
}

export function complementIntervals(set: IntervalSet, bits: number): IntervalSet {
  const result: Interval[] = [];
  let next = 0n;
  for (let index = 0; index < set.length; index++) {
    const low = set[index]![0];
    if (low > next) result.push([next, low - 1n]);
    next = set[index]![1] + 1n;
  }
  if (next <= spaceMax(bits)) result.push([next, spaceMax(bits)]);
  return result;
}

/** The points in both sets. */
export function intersectIntervals(a: IntervalSet, b: IntervalSet): IntervalSet {
  const result: Interval[] = [];
  for (const [low, high] of a) {
    for (const [otherLow, otherHigh] of b) {
      const from = low > otherLow ? low : otherLow;
      const to = high < otherHigh ? high : otherHigh;
      if (from <= to) result.push([from, to]);
    }
  }
  return normaliseIntervals(result);
}

function subtractIntervals(set: IntervalSet, cut: IntervalSet, bits: number): IntervalSet {
  return intersectIntervals(set, complementIntervals(cut, bits));
}

export function isFullSpace(set: IntervalSet, bits: number): boolean {
  return set.length === 1 && set[0]![0] === 0n && set[0]![1] === spaceMax(bits);
}

/** An aligned power-of-two block (a network with the top `length` bits fixed), as point indexes file it. */
export interface AlignedBlock {
  readonly length: number;
  /** `blockKey` of the block's network. */
  readonly key: number;
}

/** Splits intervals into the fewest aligned blocks (CIDR decomposition), for point-stabbing indexes. */
export function alignedBlocks(set: IntervalSet, bits: number): AlignedBlock[] {
  const blocks: AlignedBlock[] = [];
  for (let index = 0; index < set.length; index++) {
    const high = set[index]![1];
    let start = set[index]![0];
    while (start <= high) {
      const size = Math.min(start === 0n ? bits : trailingZeros(start), floorLog2(high - start + 1n));
      blocks.push({ length: bits - size, key: blockKey(start, bits - size, bits) });
      start += 1n << BigInt(size);
    }
  }
  return blocks;
}

/** The number of zero bits below the lowest one of a positive value. */
function trailingZeros(value: bigint): number {
  let zeros = 0;
  for (; (value & 0xffffffffn) === 0n; value >>= 32n) zeros += 32;
  const low = Number(value & 0xffffffffn);
  return zeros + 31 - Math.clz32(low & -low);
}

/** The position of the highest one bit of a positive value. */
function floorLog2(value: bigint): number {
  let bits = 0;
  for (; value > 0xffffffffn; value >>= 32n) bits += 32;
  return bits + 31 - Math.clz32(Number(value));
}

/**
 * The network bits of the block of `length` around `point`, as a number for
 * fast map keys. IPv6 blocks longer than 52 bits share keys with others; that
 * only adds candidates, which an exact comparison then rejects.
 */
export function blockKey(point: bigint, length: number, bits: number): number {
  if (bits <= 32) return Math.floor(Number(point) / 2 ** (bits - length));
  return Number(BigInt.asUintN(52, point >> BigInt(bits - length)));
}

export function blockNetwork(point: bigint, length: number, bits: number): bigint {
  // Networks from expansion have no host bits: one BigInt operation tells so, where shifting costs two.
  const hostPart = point & spaceMax(bits - length);
  return hostPart === 0n ? point : point - hostPart;
}

/**
 * A set of addresses or ports: its exact `intervals` when pflint knows them,
 * else only `key`, what was written (two equal keys are the same set at any
 * moment, even unknown: the same table, the same `(em0)`).
 */
export type PointSet = KnownPoints | UnknownPoints;

export interface KnownPoints {
  readonly intervals: IntervalSet;
  /** `intervals` as aligned blocks, for indexes. */
  readonly blocks: readonly AlignedBlock[];
  readonly key?: undefined;
}

export interface UnknownPoints {
  readonly intervals?: undefined;
  readonly key: string;
}

/** A set whose blocks are split out only when an index first asks: most sets are only compared. */
class KnownSet implements KnownPoints {
  private splitBlocks: readonly AlignedBlock[] | undefined;

  constructor(
    readonly intervals: IntervalSet,
    private readonly bits: number,
  ) {}

  get blocks(): readonly AlignedBlock[] {
    return (this.splitBlocks ??= alignedBlocks(this.intervals, this.bits));
  }
}

/** Whether `outer` holds every point of `inner`; false whenever that cannot be known. */
export function pointSetCovers(outer: PointSet, inner: PointSet, bits: number): boolean {
  if (!outer.intervals) return outer.key === inner.key;
  if (isFullSpace(outer.intervals, bits)) return true;
  return inner.intervals !== undefined && intervalsCover(outer.intervals, inner.intervals);
}

const ALL_PORTS: PointSet = new KnownSet([[0n, PORT_MAX]], PORT_BITS);

/** Port sets, one object per distinct match, so what is derived from a set (its blocks) is computed once. */
export class PortSets {
  /** By `portMatchNumber`: expanded rules make a match object per rule, so a key without a string is what saves work. */
  private readonly cache = new Map<number, PointSet>();

  of(match: PfNumberMatch | undefined): PointSet {
    if (!match) return ALL_PORTS;
    const number = portMatchNumber(match);
    let set = this.cache.get(number);
    if (!set) {
      set = new KnownSet(normaliseIntervals(portIntervals(match)), PORT_BITS);
      this.cache.set(number, set);
    }
    return set;
  }
}

const PORT_OPERATOR_CODES: Readonly<Record<PfNumberMatch['operator'], number>> = { '=': 0, '!=': 1, '<': 2, '<=': 3, '>': 4, '>=': 5, ':': 6, '><': 7, '<>': 8 };

/**
 * A port match as one number, distinct for distinct matches: expansion keeps
 * every port within 0 to 65535, so the operator and one or two ports fit
 * side by side (ranges above every single-port number).
 */
function portMatchNumber(match: PfNumberMatch): number {
  const code = PORT_OPERATOR_CODES[match.operator];
  return 'value' in match ? code * 65536 + match.value : (code * 65536 + match.low) * 65536 + match.high;
}

function portIntervals(match: PfNumberMatch): Interval[] {
  switch (match.operator) {
    case '=':
      return [[BigInt(match.value), BigInt(match.value)]];
    case '!=':
      return [
        [0n, BigInt(match.value) - 1n],
        [BigInt(match.value) + 1n, PORT_MAX],
      ];
    case '<':
      return [[0n, BigInt(match.value) - 1n]];
    case '<=':
      return [[0n, BigInt(match.value)]];
    case '>':
      return [[BigInt(match.value) + 1n, PORT_MAX]];
    case '>=':
      return [[BigInt(match.value), PORT_MAX]];
    case ':':
      return [[BigInt(match.low), BigInt(match.high)]];
    case '><':
      return [[BigInt(match.low) + 1n, BigInt(match.high) - 1n]];
    case '<>':
      return [
        [0n, BigInt(match.low) - 1n],
        [BigInt(match.high) + 1n, PORT_MAX],
      ];
  }
}

/**
 * Resolves address matches of one family to exact sets. Interface addresses
 * (`em0`, `(em0)`) follow the host at run time and tables loaded from files,
 * filled at run time (empty, or an `overload` target) or undefined are not
 * known: those sets keep only their key.
 */
export class AddressSets {
  /** Each table's members per family, by name; `undefined` when they are not known. */
  private readonly tableCache: Readonly<Record<AddressFamily, Map<string, IntervalSet | undefined>>> = { inet: new Map(), inet6: new Map() };
  /** Rules share their match objects (expansion resolves each address word once), so derived data is computed once per word. */
  private readonly byMatch: Readonly<Record<AddressFamily, Map<PfAddressMatch, PointSet>>> = { inet: new Map(), inet6: new Map() };
  private readonly runtimeTables: ReadonlySet<string>;
  /** The tables being resolved right now: a table that contains itself is not known. */
  private readonly resolving = new Set<string>();

  constructor(private readonly pf: PfLoadedConfig, overloadTargets: Iterable<string>) {
    this.runtimeTables = new Set(overloadTargets);
  }

  of(match: PfAddressMatch, family: AddressFamily): PointSet {
    const byMatch = this.byMatch[family];
    let set = byMatch.get(match);
    if (!set) {
      const positive = this.intervalsOf(match.address, family);
      const bits = ADDRESS_BITS[family];
      set = positive
        ? new KnownSet(match.negated ? complementIntervals(positive, bits) : positive, bits)
        : { key: (match.negated ? '!' : '') + unknownAddressKey(match.address) };
      byMatch.set(match, set);
    }
    return set;
  }

  /**
   * Whether every table `earlier` resolved resolves to the same members
   * here: then a set `earlier` made is the set this one would make.
   */
  resolvesTablesAs(earlier: AddressSets): boolean {
    for (const family of ADDRESS_FAMILIES) {
      for (const [name, members] of earlier.tableCache[family]) {
        if (!sameIntervals(this.tableIntervals(name, family), members)) return false;
      }
    }
    return true;
  }

  private intervalsOf(address: PfAddress, family: AddressFamily): IntervalSet | undefined {
    const bits = ADDRESS_BITS[family];
    switch (address.kind) {
      case 'any':
        return [[0n, spaceMax(bits)]];
      case 'prefix': {
        if (address.prefix.family !== family) return [];
        const network = blockNetwork(address.prefix.network, address.prefix.length, bits);
        return [[network, network | spaceMax(bits - address.prefix.length)]];
      }
      case 'range':
        if (address.from.family !== family) return [];
        return normaliseIntervals([[address.from.value, address.to.value]]);
      case 'table':
        return this.tableIntervals(address.name, family);
      default:
        return undefined;
    }
  }

  /** A table's members by pf's longest-match rule: a negated entry removes its block from wider entries. */
  private longestMatchMembers(entries: readonly PfTableEntry[], family: AddressFamily): IntervalSet | undefined {
    const widestFirst = [...entries].sort((a, b) => entryLength(a.address) - entryLength(b.address));
    let members: IntervalSet = [];
    for (const entry of widestFirst) {
      const block = this.intervalsOf(entry.address, family);
      if (!block) return undefined;
      members = entry.negated ? subtractIntervals(members, block, ADDRESS_BITS[family]) : normaliseIntervals([...members, ...block]);
    }
    return members;
  }

  private tableIntervals(name: string, family: AddressFamily): IntervalSet | undefined {
    const cache = this.tableCache[family];
    if (cache.has(name)) return cache.get(name);
    const table = this.pf.tables.get(name);
    let result: IntervalSet | undefined;
    if (table && !this.runtimeTables.has(name) && !this.resolving.has(name)) {
      this.resolving.add(name);
      const fromFile = table.sources.some((source) => source.kind === 'file');
      const entries = table.sources.flatMap((source) => (source.kind === 'entries' ? source.entries : []));
      if (!fromFile && entries.length > 0 && entries.every((entry) => KNOWN_ENTRY_KINDS.has(entry.address.kind))) {
        result = this.longestMatchMembers(entries, family);
      }
      this.resolving.delete(name);
    }
    cache.set(name, result);
    return result;
  }
}

function sameIntervals(a: IntervalSet | undefined, b: IntervalSet | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every(([low, high], index) => low === b[index]![0] && high === b[index]![1]);
}

const KNOWN_ENTRY_KINDS: ReadonlySet<PfAddress['kind']> = new Set(['prefix', 'range', 'table']);

function entryLength(address: PfAddress): number {
  return address.kind === 'prefix' ? address.prefix.length : 0;
}

/**
 * What an address pflint cannot resolve says, as text: equal keys mean the
 * same set at any moment. `any`, prefixes and ranges are always resolved, so
 * they never need one.
 */
function unknownAddressKey(address: PfAddress): string {
  switch (address.kind) {
    case 'table':
      return `<${address.name}>`;
    case 'dynamic':
    case 'interface':
      return `${address.kind}:${address.interface}:${address.modifiers.join(':')}/${address.length ?? ''}`;
    default:
      return address.kind;
  }
}
