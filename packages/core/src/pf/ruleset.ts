import type { SourceRange } from '../source.js';
import type { AddressFamily, IpAddress, IpPrefix } from '../net/ip.js';
import type { PfDialect } from './syntax.js';

/**
 * The ruleset pfctl would load: every list expanded into one rule per
 * combination, macros gone, defaults applied. This is what checks and the
 * printer read; the syntax tree keeps what the user typed.
 */

/** Where an expanded object came from, so findings can point at the user's text. */
export interface PfOrigin {
  readonly range: SourceRange;
  /** Macros whose expansion produced part of the statement, in order of first use. */
  readonly macros: readonly string[];
}

/** Interface-address modifiers: `em0:network`, `(em0:0)` and friends. */
export type PfInterfaceModifier = 'network' | 'broadcast' | 'peer' | '0';

export type PfAddress =
  /** `any`: the all-zero address with the all-zero mask. */
  | { readonly kind: 'any' }
  | { readonly kind: 'prefix'; readonly prefix: IpPrefix }
  | { readonly kind: 'range'; readonly from: IpAddress; readonly to: IpAddress }
  | { readonly kind: 'table'; readonly name: string }
  /** `(if)`: follows the interface's addresses at run time. `length` is an explicit `/len`. */
  | {
      readonly kind: 'dynamic';
      readonly interface: string;
      readonly modifiers: readonly PfInterfaceModifier[];
      readonly length?: number;
    }
  /**
   * An interface or group name whose addresses were not supplied by the caller
   * (pfctl would substitute the host's addresses at load time).
   */
  | {
      readonly kind: 'interface';
      readonly interface: string;
      readonly modifiers: readonly PfInterfaceModifier[];
      readonly length?: number;
    }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'urpf-failed' };

export interface PfAddressMatch {
  readonly address: PfAddress;
  readonly negated: boolean;
}

export type PfComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** `><` excludes its bounds, `<>` matches outside them, `:` is pfctl's inclusive range. */
export type PfRangeOperator = '><' | '<>' | ':';

export type PfNumberMatch =
  | { readonly operator: PfComparisonOperator; readonly value: number }
  | { readonly operator: PfRangeOperator; readonly low: number; readonly high: number };

/**
 * A user or group match. Names pfctl would look up in the host's passwd/group
 * stay names; `unknown` is pfctl's value for "no socket owner".
 */
export type PfIdMatch =
  | { readonly operator: PfComparisonOperator; readonly value: number | string }
  | { readonly operator: PfRangeOperator; readonly low: number; readonly high: number };

export interface PfEndpoint {
  readonly address: PfAddressMatch;
  readonly port?: PfNumberMatch;
}

export type PfRuleAction = 'pass' | 'block' | 'match' | 'scrub' | 'no-scrub' | 'nat' | 'no-nat' | 'rdr' | 'no-rdr' | 'binat' | 'no-binat';

export type PfBlockReturn =
  | { readonly kind: 'drop' }
  | { readonly kind: 'return' }
  | { readonly kind: 'return-rst'; readonly ttl?: number }
  /** Codes are `type << 8 | code` as pfctl stores them; undefined means the default (port unreachable). */
  | { readonly kind: 'return-icmp'; readonly icmp?: number; readonly icmp6?: number };

export interface PfLogOptions {
  readonly all: boolean;
  readonly matches: boolean;
  readonly user: boolean;
  /** `to pflogN`: N. */
  readonly interfaceNumber?: number;
}

export interface PfInterfaceMatch {
  readonly name: string;
  readonly negated: boolean;
}

export type PfPoolType = 'bitmask' | 'random' | 'source-hash' | 'round-robin' | 'least-states';

/** One address of a translation or routing pool; `interface` is set for route-to's `(if addr)` form. */
export interface PfPoolAddress {
  readonly address: PfAddress;
  readonly interface?: string;
  readonly weight?: number;
}

export interface PfPool {
  readonly addresses: readonly PfPoolAddress[];
  /** Translation port or range; nat's default proxy range is stored as given (undefined when absent). */
  readonly port?: { readonly low: number; readonly high: number; readonly shift?: boolean };
  readonly type?: PfPoolType;
  /** source-hash key as 32 hex digits (without 0x). */
  readonly hashKey?: string;
  readonly stickyAddress: boolean;
  readonly endpointIndependent: boolean;
  readonly staticPort: boolean;
  readonly preferIpv6NextHop: boolean;
  readonly mapEPortset?: { readonly offset: number; readonly length: number; readonly id: number };
}

export type PfRouteKind = 'route-to' | 'reply-to' | 'dup-to';

export interface PfStateOptions {
  readonly max?: number;
  readonly noSync: boolean;
  readonly sourceTrack?: 'rule' | 'global';
  readonly maxSrcStates?: number;
  readonly maxSrcConn?: number;
  readonly maxSrcConnRate?: { readonly limit: number; readonly seconds: number };
  readonly maxSrcNodes?: number;
  readonly overload?: { readonly table: string; readonly flush: boolean; readonly global: boolean };
  readonly ifBound: boolean;
  readonly floating: boolean;
  readonly sloppy: boolean;
  readonly pflow: boolean;
  readonly allowRelated: boolean;
  /** Per-rule timeouts in the order given, e.g. `tcp.established 60`. */
  readonly timeouts: readonly { readonly name: string; readonly seconds: number }[];
}

export type PfStateKind = 'none' | 'keep' | 'modulate' | 'synproxy';

export interface PfIcmpMatch {
  readonly family: AddressFamily;
  readonly type: number;
  readonly code?: number;
}

export interface PfScrubOptions {
  readonly noDf: boolean;
  readonly randomId: boolean;
  readonly minTtl?: number;
  readonly maxMss?: number;
  readonly setTos?: number;
  readonly reassembleTcp: boolean;
  /** Legacy scrub statements only: `fragment reassemble` (default) or `fragment no reassemble`. */
  readonly fragment?: 'reassemble' | 'no-reassemble' | 'crop' | 'drop-ovl';
}

export interface PfLimiterUse {
  readonly kind: 'state' | 'source';
  readonly name: string;
  readonly id: number;
  readonly onLimit: 'block' | 'no-match';
}

export interface PfAfTranslation {
  readonly family: AddressFamily;
  readonly from: PfPool;
  readonly to?: PfPool;
}

/** One rule after expansion: a single interface, protocol, source, destination, user, group and ICMP type. */
export interface PfRule {
  readonly origin: PfOrigin;
  readonly action: PfRuleAction;
  /** `nat pass`, `rdr pass`, `binat pass`. */
  readonly translationPass: boolean;
  readonly blockReturn?: PfBlockReturn;
  readonly direction?: 'in' | 'out';
  readonly log?: PfLogOptions;
  readonly quick: boolean;
  readonly interface?: PfInterfaceMatch;
  readonly onRdomain?: number;
  readonly route?: { readonly kind: PfRouteKind; readonly pool: PfPool };
  readonly family?: AddressFamily;
  /** IP protocol number. */
  readonly protocol?: number;
  readonly from: PfEndpoint;
  readonly to: PfEndpoint;
  /** `all`: written without from/to (pfctl prints `all` whenever both ends are unrestricted anyway). */
  readonly os?: string;
  readonly receivedOn?: PfInterfaceMatch;
  readonly user?: PfIdMatch;
  readonly group?: PfIdMatch;
  /** TCP flags as letters, e.g. `{ set: 'S', mask: 'SA' }`; `any` is both empty. */
  readonly flags?: { readonly set: string; readonly mask: string };
  readonly icmp?: PfIcmpMatch;
  readonly tos?: number;
  readonly prio?: number;
  readonly setPrio?: readonly [number, number];
  readonly setTos?: number;
  readonly maxPktRate?: { readonly limit: number; readonly seconds: number };
  readonly maxPktSize?: number;
  readonly state: PfStateKind;
  readonly stateOptions?: PfStateOptions;
  readonly limiter?: PfLimiterUse;
  /** Probability as pfctl stores it: a fraction of 2^32. */
  readonly probability?: number;
  readonly allowOpts: boolean;
  readonly fragment: boolean;
  readonly once: boolean;
  readonly scrub?: PfScrubOptions;
  readonly labels: readonly string[];
  readonly ridentifier?: number;
  readonly dnpipe?: { readonly kind: 'dnpipe' | 'dnqueue'; readonly forward: number; readonly reverse?: number };
  readonly queue?: { readonly name: string; readonly priorityName?: string };
  readonly tag?: string;
  readonly tagged?: { readonly name: string; readonly negated: boolean };
  readonly rtable?: number;
  readonly divert?:
    | { readonly kind: 'divert-to'; readonly address?: IpAddress; readonly port: number }
    | { readonly kind: 'divert-reply' }
    | { readonly kind: 'divert-packet'; readonly port: number };
  readonly natTo?: PfPool;
  readonly rdrTo?: PfPool;
  readonly binatTo?: PfPool;
  readonly afTo?: PfAfTranslation;
  /** Translation statements (`nat`/`rdr`/`binat ... ->`): the redirection pool. */
  readonly redirect?: PfPool;
  /** Set when the rule is an anchor call; `body` is the inline ruleset, if written inline. */
  readonly anchor?: PfAnchorCall;
}

export interface PfAnchorCall {
  /** Name as written (may contain `/` and `*`); undefined for an unnamed inline anchor. */
  readonly name?: string;
  readonly body?: PfRuleset;
}

export interface PfEtherAddressMatch {
  readonly negated: boolean;
  /** 48-bit MAC as 12 lowercase hex digits. */
  readonly address: string;
  /** Prefix length, or a mask in 12 hex digits; absent for an exact address. */
  readonly prefixLength?: number;
  readonly mask?: string;
}

export interface PfEtherRule {
  readonly origin: PfOrigin;
  readonly action: 'pass' | 'block';
  readonly direction?: 'in' | 'out';
  readonly quick: boolean;
  readonly interface?: PfInterfaceMatch;
  readonly bridgeTo?: string;
  readonly etherType?: number;
  readonly from?: PfEtherAddressMatch;
  readonly to?: PfEtherAddressMatch;
  readonly l3From: PfAddressMatch;
  readonly l3To: PfAddressMatch;
  readonly labels: readonly string[];
  readonly ridentifier?: number;
  readonly queue?: string;
  readonly tag?: string;
  readonly tagged?: { readonly name: string; readonly negated: boolean };
  readonly dnpipe?: { readonly kind: 'dnpipe' | 'dnqueue'; readonly number: number };
  readonly anchor?: { readonly name?: string; readonly body?: readonly PfEtherRule[] };
}

export interface PfTableEntry {
  readonly negated: boolean;
  readonly address: PfAddress;
}

/** One initialiser of a table, in the order written: inline entries or a file (read lazily). */
export type PfTableSource =
  | { readonly kind: 'entries'; readonly entries: readonly PfTableEntry[] }
  | { readonly kind: 'file'; readonly path: string };

export interface PfTable {
  readonly origin: PfOrigin;
  readonly name: string;
  readonly persist: boolean;
  readonly const: boolean;
  readonly counters: boolean;
  readonly sources: readonly PfTableSource[];
}

/**
 * Something pfctl prints while it parses (macro definitions, tables, options,
 * queues, limiters), in source order. Rules are printed afterwards, grouped.
 */
export type PfParseTimeItem =
  | { readonly kind: 'macro'; readonly origin: PfOrigin; readonly name: string; readonly value: string }
  | { readonly kind: 'table'; readonly table: PfTable }
  | { readonly kind: 'option'; readonly origin: PfOrigin; readonly option: PfOption }
  | { readonly kind: 'limiter'; readonly origin: PfOrigin; readonly limiter: PfLimiter }
  | { readonly kind: 'altq'; readonly origin: PfOrigin; readonly text: string }
  | { readonly kind: 'queue'; readonly origin: PfOrigin; readonly queue: PfQueue };

export interface PfLimiter {
  readonly kind: 'state' | 'source';
  readonly name: string;
  readonly id: number;
  readonly entries?: number;
  readonly limit: number;
  readonly rate?: { readonly limit: number; readonly seconds: number };
  readonly inetMask?: number;
  readonly inet6Mask?: number;
}

/** OpenBSD's queue statement (and FreeBSD ALTQ queues, kept as printed text in `altq`). */
export interface PfQueue {
  readonly name: string;
  readonly interface?: string;
  readonly parent?: string;
  readonly bandwidth?: string;
  readonly min?: string;
  readonly max?: string;
  readonly burst?: string;
  readonly qlimit?: number;
  readonly flows?: number;
  readonly quantum?: number;
  readonly isDefault: boolean;
}

/** A `set` option as pfctl understood it; `value` is already normalised to what pfctl prints. */
export interface PfOption {
  readonly name: string;
  /** The words pfctl prints after `set NAME` (e.g. `['tcp.first', '30']`). */
  readonly words: readonly string[];
}

/** A ruleset (the main one or an anchor's): rules in pfctl's load order. */
export interface PfRuleset {
  readonly ether: readonly PfEtherRule[];
  readonly scrub: readonly PfRule[];
  readonly nat: readonly PfRule[];
  readonly rdr: readonly PfRule[];
  readonly binat: readonly PfRule[];
  readonly filter: readonly PfRule[];
}

export interface PfLoadedConfig {
  readonly dialect: PfDialect;
  readonly parseTime: readonly PfParseTimeItem[];
  readonly tables: ReadonlyMap<string, PfTable>;
  readonly rules: PfRuleset;
}

export function emptyPfRuleset(): PfRuleset {
  return { ether: [], scrub: [], nat: [], rdr: [], binat: [], filter: [] };
}
