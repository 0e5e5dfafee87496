/**
 * The pf.conf syntax tree: what the parser (parser.ts) builds from the token
 * stream, before any expansion. The pf semantics engineer's expansion step
 * (expand*.ts), printer and `pflint print` build on these types, as do the
 * formatter and the language server: change them only by adding.
 *
 * Shape rules:
 * - Every node has `range` (exact source range; see `Atom` for text that came
 *   from a macro). Ranges of a node span its first to its last token.
 * - Leaves are `Atom`s and keep the token's text; nothing is interpreted here
 *   (`10/8`, `80:90`, `em0:network`, `0x42` stay text). Which words are
 *   addresses, services, table options etc. is decided by the expansion step.
 * - Macros are already expanded by the lexer (as pfctl does); atoms produced
 *   by an expansion carry `macro` (the name and the range of the `$name` use).
 * - Comments are not part of statements; they are listed on the file with
 *   their ranges. Blank lines are recoverable from statement/comment ranges.
 * - An `include` keeps the included file's own tree; positions inside it are
 *   positions in that file.
 */
import type { Finding } from '../findings.js';
import type { FileSystem } from '../fs.js';
import type { SourceRange } from '../source.js';
import type { LexedText } from './lexer.js';

export type PfDialect = 'freebsd' | 'openbsd';

export interface SyntaxNode {
  readonly range: SourceRange;
}

/** Where a token came from when a `$name` use produced it. */
export interface MacroOrigin {
  readonly name: string;
  /** The `$name` text in the file that was being read. */
  readonly use: SourceRange;
}

export type AtomKind = 'word' | 'number' | 'quoted' | 'keyword';

/**
 * One token's text. `text` is the value (quotes and escapes removed for
 * quoted strings); `raw` is the token as written (with quotes). For a token
 * produced by a macro, `range` is the range of the `$name` use and `macro`
 * names the macro; `raw` is then the expanded text.
 */
export interface Atom extends SyntaxNode {
  readonly kind: AtomKind;
  readonly text: string;
  readonly raw: string;
  readonly macro?: MacroOrigin;
}

/** `{ a, b, c }`: commas are optional in pf and not recorded. */
export interface BraceList<T> extends SyntaxNode {
  readonly kind: 'list';
  readonly items: readonly T[];
}

export type OneOrList<T> = T | BraceList<T>;

export interface Comment extends SyntaxNode {
  /** The text after `#` up to (not including) the newline; continuation lines included. */
  readonly text: string;
  /** True when a token precedes the comment on its (first) line. */
  readonly trailing: boolean;
}

export interface PfSyntaxFile extends SyntaxNode {
  readonly kind: 'file';
  /** Path as the caller (or the include statement) named it. */
  readonly file: string;
  readonly text: string;
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
}

export type Statement =
  | MacroDefinition
  | IncludeStatement
  | TableDefinition
  | SetStatement
  | ScrubRule
  | TranslationRule
  | TranslationAnchor
  | FilterRule
  | AnchorRule
  | LoadAnchor
  | AntispoofRule
  | AltqDefinition
  | QueueDefinition
  | EtherRule
  | EtherAnchor
  | LimiterDefinition;

// ---------------------------------------------------------------------------
// Macros, include, tables, load anchor

export interface MacroDefinition extends SyntaxNode {
  readonly kind: 'macro-definition';
  readonly name: Atom;
  /** The right-hand side tokens (words, numbers, quoted strings), after definition-time expansion. */
  readonly values: readonly Atom[];
  /** The stored value: the values' texts joined with single spaces, as pfctl stores it. */
  readonly value: string;
  /** True when a `-D name=value` macro of the same name wins over this definition. */
  readonly overridden: boolean;
}

export interface IncludeStatement extends SyntaxNode {
  readonly kind: 'include';
  readonly path: Atom;
  /** The path handed to the file system (after `baseDir`, `root` and `includePaths`); the included tree's `file`. */
  readonly resolvedPath: string;
  /** The included file's tree; undefined when it could not be read or would recurse. */
  readonly included?: PfSyntaxFile;
}

export interface TableDefinition extends SyntaxNode {
  readonly kind: 'table';
  /** The name inside `< >`. */
  readonly name: Atom;
  readonly options: readonly TableOption[];
}

export type TableOption =
  /** `persist`, `const`, `counters`, or any other word (pfctl compares them as text). */
  | (SyntaxNode & { readonly kind: 'flag'; readonly word: Atom })
  | (SyntaxNode & { readonly kind: 'file'; readonly path: Atom })
  /** `{ ... }`: parsed with the host grammar; which hosts a table may hold is a semantic check. */
  | (SyntaxNode & { readonly kind: 'entries'; readonly entries: readonly HostSpec[] })
  /** OpenBSD `timeout N`. */
  | (SyntaxNode & { readonly kind: 'timeout'; readonly value: Atom });

export interface LoadAnchor extends SyntaxNode {
  readonly kind: 'load-anchor';
  readonly name: Atom;
  readonly path: Atom;
}

// ---------------------------------------------------------------------------
// Options (`set ...`)

export interface NameValue extends SyntaxNode {
  readonly name: Atom;
  readonly value: Atom;
}

export type SetStatement = SyntaxNode & { readonly kind: 'set'; readonly keyword: Atom } & (
    | { readonly option: 'timeout' | 'limit'; readonly entries: readonly NameValue[]; readonly braced: boolean }
    | { readonly option: 'skip'; readonly interfaces: InterfaceSpec }
    | { readonly option: 'state-defaults'; readonly stateOptions: readonly StateOption[] }
    | { readonly option: 'keepcounters' }
    | {
        readonly option: 'reassemble';
        readonly value: Atom;
        /** `no-df` after yes/no. */
        readonly noDf?: Atom;
      }
    | {
        readonly option: 'syncookies';
        readonly value: Atom;
        /** `( start 25%, end 75% )`. */
        readonly thresholds: readonly NameValue[];
      }
    | {
        /** Every option with a single value. */
        readonly option:
          | 'loginterface'
          | 'hostid'
          | 'block-policy'
          | 'fail-policy'
          | 'state-policy'
          | 'optimization'
          | 'ruleset-optimization'
          | 'require-order'
          | 'fingerprints'
          | 'debug';
        readonly value: Atom;
      }
  );

export type SetOptionName = SetStatement['option'];

// ---------------------------------------------------------------------------
// Shared pieces of rules

export interface InterfaceItem extends SyntaxNode {
  readonly kind: 'interface';
  readonly negated: boolean;
  readonly name: Atom;
}

export type InterfaceSpec = OneOrList<InterfaceItem>;

/** `on em0`, `on { em0 em1 }`, OpenBSD `on rdomain 1`. */
export type InterfaceClause =
  | (SyntaxNode & { readonly kind: 'on'; readonly interfaces: InterfaceSpec })
  | (SyntaxNode & { readonly kind: 'on-rdomain'; readonly rdomain: Atom });

/** One host of pf's host grammar. `negated` is the `!` before it. */
export type Host =
  | (SyntaxNode & { readonly kind: 'any' })
  /** An address, network (`/len`), host name, interface, group, `self`, `em0:network`... */
  | (SyntaxNode & {
      readonly kind: 'address';
      readonly negated: boolean;
      readonly address: Atom;
      readonly prefixLength?: Atom;
      readonly weight?: Atom;
    })
  /** `a - b`. */
  | (SyntaxNode & {
      readonly kind: 'range';
      readonly negated: boolean;
      readonly from: Atom;
      readonly to: Atom;
      readonly weight?: Atom;
    })
  /** `(em0)`, `(em0:network)`, `(em0)/24`. */
  | (SyntaxNode & {
      readonly kind: 'dynamic';
      readonly negated: boolean;
      readonly interface: Atom;
      readonly prefixLength?: Atom;
      readonly weight?: Atom;
    })
  /** `<name>`. */
  | (SyntaxNode & { readonly kind: 'table'; readonly negated: boolean; readonly name: Atom; readonly weight?: Atom })
  | (SyntaxNode & { readonly kind: 'no-route'; readonly negated: boolean })
  | (SyntaxNode & { readonly kind: 'urpf-failed'; readonly negated: boolean })
  /** OpenBSD `route LABEL`. */
  | (SyntaxNode & { readonly kind: 'route-label'; readonly label: Atom });

export type HostKind = Host['kind'];

/** Host lists nest (`{ $list, 10.0.0.1 }` where $list is itself a list). */
export type HostSpec = Host | BraceList<HostSpec>;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type RangeOperator = '<>' | '><';

/** A port, user or group item: `80`, `= 80`, `!= ssh`, `1024:2048` (one atom), `1000 >< 2000`. */
export type Comparison =
  | (SyntaxNode & {
      readonly kind: 'unary';
      /** Undefined for a bare value (equality, or `:` range inside the atom). */
      readonly operator?: ComparisonOperator;
      readonly value: Atom;
    })
  | (SyntaxNode & {
      readonly kind: 'binary';
      readonly operator: RangeOperator;
      readonly low: Atom;
      readonly high: Atom;
    });

export type ComparisonSpec = OneOrList<Comparison>;

/** One side of `from ... to ...`: hosts and/or `port`. */
export interface Endpoint extends SyntaxNode {
  readonly hosts?: HostSpec;
  readonly ports?: ComparisonSpec;
}

export type Hosts =
  | (SyntaxNode & { readonly kind: 'all' })
  | (SyntaxNode & {
      readonly kind: 'from-to';
      readonly from?: Endpoint;
      /** `os` fingerprint(s), between from and to. */
      readonly os?: OneOrList<Atom>;
      readonly to?: Endpoint;
    });

export interface LogSpec extends SyntaxNode {
  readonly kind: 'log';
  /** `log ( all, user, to pflog1, matches )`: name and, for `to`, the interface. */
  readonly options: readonly (SyntaxNode & { readonly name: Atom; readonly value?: Atom })[];
}

/** A pool option after a redirection/route target: `round-robin`, `source-hash KEY`, `map-e-portset a/b/c`... */
export interface PoolOption extends SyntaxNode {
  readonly name: Atom;
  readonly values: readonly Atom[];
}

/** A FreeBSD route target: `em0` or `(em0 192.0.2.1)`. */
export interface InterfaceRouteTarget extends SyntaxNode {
  readonly kind: 'route-interface';
  readonly interface: Atom;
  readonly nextHop?: Host;
  /** OpenBSD-style `weight N` after the target. */
  readonly weight?: Atom;
}

/** FreeBSD form targets an interface (optionally with a next hop); OpenBSD form targets hosts. */
export type RouteTarget = InterfaceRouteTarget | Host;

export interface RouteOption extends SyntaxNode {
  readonly kind: 'route';
  readonly type: 'route-to' | 'reply-to' | 'dup-to' | 'fastroute';
  readonly keyword: Atom;
  /** Absent for `fastroute`. */
  readonly targets?: OneOrList<RouteTarget>;
  readonly pool: readonly PoolOption[];
}

export type StateOption =
  /** `no-sync`, `sloppy`, `pflow`, `allow-related`, `if-bound`, `floating`. */
  | (SyntaxNode & { readonly kind: 'flag'; readonly name: Atom })
  /** `max N`, `max-src-nodes N`, `max-src-states N`, `max-src-conn N`. */
  | (SyntaxNode & { readonly kind: 'limit'; readonly name: Atom; readonly value: Atom })
  | (SyntaxNode & { readonly kind: 'rate'; readonly name: Atom; readonly count: Atom; readonly seconds: Atom })
  | (SyntaxNode & { readonly kind: 'source-track'; readonly name: Atom; readonly scope?: Atom })
  | (SyntaxNode & {
      readonly kind: 'overload';
      readonly name: Atom;
      readonly table: Atom;
      readonly flush?: Atom;
      readonly global?: Atom;
    })
  /** `tcp.established 60` and the other timeout names. */
  | (SyntaxNode & { readonly kind: 'timeout'; readonly name: Atom; readonly value: Atom });

export interface StateSpec extends SyntaxNode {
  readonly kind: 'state';
  readonly mode: 'no' | 'keep' | 'modulate' | 'synproxy';
  readonly options: readonly StateOption[];
  /** True when `( ... )` was written (even if empty). */
  readonly parenthesised: boolean;
}

/** `icmp-type echoreq code 0`. */
export interface IcmpTypeItem extends SyntaxNode {
  readonly type: Atom;
  readonly code?: Atom;
}

/** An option of a `scrub ( ... )` group or of a legacy scrub rule: `max-mss 1440`, `fragment no reassemble`. */
export interface ScrubOption extends SyntaxNode {
  readonly name: Atom;
  readonly values: readonly Atom[];
  /** `! tagged NAME` in legacy scrub rules. */
  readonly negated?: boolean;
}

/**
 * Options after the hosts part of pass/block/match/anchor rules, in source
 * order. Options made of a keyword and plain values share the `keyword` kind
 * (`label "x"`, `tag T`, `! tagged T`, `rtable 1`, `probability 20%`, `prio 3`,
 * `ridentifier N`, `max-pkt-rate 100/10` → values [100, 10], `max-pkt-size N`,
 * `received-on IF`, `fragment`, `allow-opts`, `once`, `divert-reply`,
 * `divert-packet port N` → values [N], `tos V`).
 */
export type FilterOption =
  | (SyntaxNode & {
      readonly kind: 'keyword';
      readonly name: Atom;
      readonly values: readonly Atom[];
      readonly negated: boolean;
    })
  | (SyntaxNode & { readonly kind: 'user' | 'group'; readonly name: Atom; readonly items: ComparisonSpec })
  | (SyntaxNode & {
      readonly kind: 'flags';
      readonly name: Atom;
      /** `S` of `S/SA`; absent for `/SA` and `any`. */
      readonly set?: Atom;
      readonly mask?: Atom;
      /** The `any` keyword of `flags any`. */
      readonly any?: Atom;
    })
  | (SyntaxNode & {
      readonly kind: 'icmp-type';
      readonly name: Atom;
      readonly family: 'icmp' | 'icmp6';
      readonly items: OneOrList<IcmpTypeItem>;
    })
  | StateSpec
  /** `queue q` / `queue (q1, q2)`. */
  | (SyntaxNode & { readonly kind: 'queue'; readonly name: Atom; readonly queues: readonly Atom[] })
  /** `dnpipe N` / `dnpipe (N, M)`, same for dnqueue. */
  | (SyntaxNode & { readonly kind: 'dummynet'; readonly name: Atom; readonly values: readonly Atom[] })
  /** `set prio 3`, `set tos lowdelay`, `set (prio 1, tos 0x10)`, OpenBSD `set queue q`, `set delay 10`. */
  | (SyntaxNode & {
      readonly kind: 'set';
      readonly name: Atom;
      readonly items: readonly (SyntaxNode & { readonly name: Atom; readonly values: readonly Atom[] })[];
    })
  | (SyntaxNode & { readonly kind: 'scrub'; readonly name: Atom; readonly options: readonly ScrubOption[] })
  /** `divert-to 700`, `divert-to 127.0.0.1 port 700`. */
  | (SyntaxNode & { readonly kind: 'divert-to'; readonly name: Atom; readonly host?: Host; readonly port: Atom })
  | RouteOption
  | TranslationOption
  | AfToOption
  | LimiterOption;

export type FilterOptionKind = FilterOption['kind'];

/** `nat-to`, `rdr-to`, `binat-to` on filter rules. */
export interface TranslationOption extends SyntaxNode {
  readonly kind: 'translation';
  readonly type: 'nat-to' | 'rdr-to' | 'binat-to';
  readonly name: Atom;
  readonly targets: HostSpec;
  readonly port?: Atom;
  readonly pool: readonly PoolOption[];
}

/** `af-to inet6 from 2001:db8::1 [to ...]`. */
export interface AfToOption extends SyntaxNode {
  readonly kind: 'af-to';
  readonly name: Atom;
  readonly family: Atom;
  readonly from: HostSpec;
  readonly to?: HostSpec;
  readonly pool: readonly PoolOption[];
}

/** `state limiter "name" (no-match)`, `source limiter id 1`. */
export interface LimiterOption extends SyntaxNode {
  readonly kind: 'limiter';
  readonly type: 'state' | 'source';
  /** Name (word or quoted) or, as pfctl prints it, absent with `id` given. */
  readonly name?: Atom;
  readonly id?: Atom;
  /** `block` or `no-match` inside parentheses. */
  readonly action?: Atom;
}

export interface BlockReturn extends SyntaxNode {
  readonly keyword: Atom;
  readonly type: 'drop' | 'return' | 'return-rst' | 'return-icmp' | 'return-icmp6';
  /** `return-rst ( ttl N )`. */
  readonly ttl?: Atom;
  /** `return-icmp ( code [, code6] )`, `return-icmp6 ( code )`. */
  readonly codes: readonly Atom[];
}

export interface RuleAction extends SyntaxNode {
  readonly keyword: Atom;
  readonly type: 'pass' | 'block' | 'match';
  readonly blockReturn?: BlockReturn;
}

/** What `pass`/`block`/`match` and `anchor` rules have in common, in pfctl's fixed order. */
export interface FilterHead extends SyntaxNode {
  readonly direction?: Atom;
  readonly log?: LogSpec;
  readonly quick?: Atom;
  readonly on?: InterfaceClause;
  /** FreeBSD position: between the interface and the address family. */
  readonly route?: RouteOption;
  readonly addressFamily?: Atom;
  readonly protocols?: OneOrList<Atom>;
  readonly hosts?: Hosts;
  readonly options: readonly FilterOption[];
}

export interface FilterRule extends FilterHead {
  readonly kind: 'filter-rule';
  readonly action: RuleAction;
}

export interface AnchorBody extends SyntaxNode {
  readonly statements: readonly Statement[];
}

export interface AnchorRule extends FilterHead {
  readonly kind: 'anchor';
  readonly keyword: Atom;
  /** Absent for an unnamed inline anchor. */
  readonly name?: Atom;
  readonly body?: AnchorBody;
}

export interface AntispoofRule extends SyntaxNode {
  readonly kind: 'antispoof';
  readonly keyword: Atom;
  readonly log?: LogSpec;
  readonly quick?: Atom;
  /** `for em0`, `for (em0)`, `for { em0 em1 }`: `dynamic` marks the parenthesised form. */
  readonly interfaces: OneOrList<SyntaxNode & { readonly name: Atom; readonly dynamic: boolean }>;
  readonly addressFamily?: Atom;
  /** `label "x"`, `ridentifier N`, `rtable N` (kind `keyword`). */
  readonly options: readonly FilterOption[];
}

// ---------------------------------------------------------------------------
// Legacy FreeBSD statements: scrub, nat/rdr/binat and their anchors

export interface ScrubRule extends SyntaxNode {
  readonly kind: 'scrub';
  readonly keyword: Atom;
  /** `no scrub`. */
  readonly no?: Atom;
  readonly direction?: Atom;
  readonly log?: LogSpec;
  readonly quick?: Atom;
  readonly on?: InterfaceClause;
  readonly addressFamily?: Atom;
  readonly protocols?: OneOrList<Atom>;
  readonly hosts?: Hosts;
  /** Options written bare (`scrub in all fragment reassemble`) or in `( )`. */
  readonly options: readonly ScrubOption[];
}

/** `-> host [port P]`. */
export interface Redirection extends SyntaxNode {
  readonly targets: HostSpec;
  readonly port?: Atom;
}

export interface TranslationRule extends SyntaxNode {
  readonly kind: 'translation-rule';
  readonly type: 'nat' | 'rdr' | 'binat';
  readonly keyword: Atom;
  readonly no?: Atom;
  readonly pass?: Atom;
  readonly log?: LogSpec;
  readonly on?: InterfaceClause;
  readonly addressFamily?: Atom;
  readonly protocols?: OneOrList<Atom>;
  readonly hosts?: Hosts;
  /** `tag T`, `! tagged T`, `rtable N` (kind `keyword`), in source order. */
  readonly options: readonly FilterOption[];
  readonly redirection?: Redirection;
  readonly pool: readonly PoolOption[];
}

export interface TranslationAnchor extends SyntaxNode {
  readonly kind: 'translation-anchor';
  readonly type: 'nat' | 'rdr' | 'binat';
  readonly keyword: Atom;
  readonly name: Atom;
  readonly on?: InterfaceClause;
  readonly addressFamily?: Atom;
  readonly protocols?: OneOrList<Atom>;
  readonly hosts?: Hosts;
  /** `rtable N`. */
  readonly options: readonly FilterOption[];
}

// ---------------------------------------------------------------------------
// Queueing

/** `cbq(default red)`, `hfsc(linkshare (10% 5 20%))`. */
export interface SchedulerSpec extends SyntaxNode {
  readonly name: Atom;
  readonly options: readonly SchedulerOption[];
  readonly parenthesised: boolean;
}

/** A scheduler option: name and its values (a `( a b c )` service curve gives three values). */
export interface SchedulerOption extends SyntaxNode {
  readonly name: Atom;
  readonly values: readonly Atom[];
}

export type QueueOption =
  | SchedulerSpec
  /** `bandwidth 10Mb`, `priority 3`, `qlimit 50`, `tbrsize N`, OpenBSD `min 1M`, `max 2M burst 3M for 100`, `flows N`, `quantum N`, `default`. */
  | (SyntaxNode & { readonly name: Atom; readonly values: readonly Atom[]; readonly scheduler?: undefined });

export interface AltqDefinition extends SyntaxNode {
  readonly kind: 'altq';
  readonly keyword: Atom;
  readonly interfaces: InterfaceSpec;
  readonly options: readonly QueueOption[];
  readonly queues?: OneOrList<Atom>;
}

/** ALTQ `queue NAME [on IF] opts [children]` and OpenBSD `queue NAME on IF|parent P opts`. */
export interface QueueDefinition extends SyntaxNode {
  readonly kind: 'queue';
  readonly keyword: Atom;
  readonly name: Atom;
  readonly interfaces?: InterfaceSpec;
  /** OpenBSD `parent P`. */
  readonly parent?: Atom;
  readonly options: readonly QueueOption[];
  /** ALTQ child queue names. */
  readonly children?: OneOrList<Atom>;
}

// ---------------------------------------------------------------------------
// FreeBSD layer-2 rules

export interface MacAddress extends SyntaxNode {
  readonly negated: boolean;
  /** `aa:bb:cc:dd:ee:ff` or `aa:..&ff:..` (mask kept inside the word). */
  readonly address: Atom;
  readonly prefixLength?: Atom;
}

export type EtherHosts =
  | (SyntaxNode & { readonly kind: 'all' })
  | (SyntaxNode & {
      readonly kind: 'from-to';
      readonly from?: OneOrList<MacAddress>;
      readonly to?: OneOrList<MacAddress>;
    });

export interface EtherHead extends SyntaxNode {
  readonly direction?: Atom;
  readonly quick?: Atom;
  readonly on?: InterfaceClause;
  readonly bridgeTo?: Atom;
  readonly protocols?: OneOrList<Atom>;
  readonly hosts?: EtherHosts;
  /** `l3 from ... to ...`. */
  readonly l3?: Hosts;
  /** `tag`, `tagged`, `ridentifier`, `label` (kind `keyword`), `queue`, `dnpipe`/`dnqueue`. */
  readonly options: readonly FilterOption[];
}

export interface EtherRule extends EtherHead {
  readonly kind: 'ether-rule';
  readonly keyword: Atom;
  readonly action: Atom;
  readonly type: 'pass' | 'block';
}

export interface EtherAnchor extends EtherHead {
  readonly kind: 'ether-anchor';
  readonly keyword: Atom;
  readonly name?: Atom;
  readonly body?: AnchorBody;
}

// ---------------------------------------------------------------------------
// State and source limiters

/** `state limiter "n" id 1 limit 1000 rate 1/10`, `source limiter "n" id 1 entries 2 limit 3 inet mask 16`. */
export interface LimiterDefinition extends SyntaxNode {
  readonly kind: 'limiter-definition';
  readonly type: 'state' | 'source';
  readonly name: Atom;
  /** `id 1`, `limit 1000`, `rate 1/10` (values [1, 10]), `inet mask 16` (name inet, values [mask, 16]). */
  readonly options: readonly (SyntaxNode & { readonly name: Atom; readonly values: readonly Atom[] })[];
}

export type StatementKind = Statement['kind'];

// ---------------------------------------------------------------------------
// The parse API (implemented by parsePfConf in parser.ts)

export interface PfParseOptions {
  /** The name findings and ranges use for the main file. */
  readonly file: string;
  /** Where `include` reads from; without it every include is a "cannot open" finding. */
  readonly fs?: FileSystem;
  /** Default `freebsd` (14 and 15). */
  readonly dialect?: PfDialect;
  /** pfctl opens include paths as given, i.e. relative to its working directory: relative paths are joined to this. */
  readonly baseDir?: string;
  /**
   * The host directory when the file belongs to a host laid out like a root
   * file system: absolute include paths (`/etc/pf.d/x`) are read inside it,
   * as pfctl on the host would read them.
   */
  readonly root?: string;
  /** `pfctl -D name=value`: persistent macros that win over definitions in the file. */
  readonly macros?: Readonly<Record<string, string>>;
  /**
   * Directories searched, in order, for a relative `include` that is not found
   * where pfctl would open it (`.pflintrc.json` `include`). pfctl has no search
   * path; this lets a checkout keep included files elsewhere than the host's `/`.
   */
  readonly includePaths?: readonly string[];
  /**
   * Called every few hundred statements (`CHECKPOINT_EVERY`) while the text
   * is read: a caller that may want a long parse to stop (the language
   * server, once a newer edit arrives) throws from it, and the parse ends
   * with that exception, leaving nothing kept of it.
   */
  readonly checkpoint?: () => void;
}

export interface PfParseResult {
  readonly tree: PfSyntaxFile;
  /** Syntax errors, undefined macros, unreadable includes... in source order per file. */
  readonly findings: readonly Finding[];
  /** The main file's tokens and comments as lexed, macros unexpanded: the formatter reads them instead of lexing again. */
  readonly lexed: LexedText;
}
