import type { SourceRange } from '../source.js';
import type { AddressFamily, IpAddress, IpPrefix } from '../net/ip.js';
import type { Finding } from '../findings.js';

/**
 * The typed model of one host (a FreeBSD machine or a FireBrick router):
 * what every front end produces and every check reads. Front ends differ
 * (rc.conf, jail.conf, FireBrick XML); this shape does not.
 *
 * Routing tables are numbered: FreeBSD FIBs and FireBrick routing tables are
 * the same idea and share one engine (see ../routing/).
 */
export interface HostModel {
  readonly kind: 'freebsd' | 'firebrick';
  /** Display name: the host directory's name or the XML file's name. */
  readonly name: string;
  /** Files that went into the model, in the order they were read. */
  readonly files: readonly string[];
  /**
   * FreeBSD: the rc.conf files rc sources (rc.conf, rc.conf.local,
   * rc.conf.d/*, or the configured layout's), in the order it reads them. A
   * jail's are in the jail's own model: its rc is a run of its own.
   */
  readonly rcFiles?: readonly string[];
  readonly interfaces: ReadonlyMap<string, NetInterface>;
  /** Number of routing tables (`net.fibs`; FireBrick: highest table used + 1). */
  readonly tableCount: number;
  /** Where the table count came from (loader.conf/sysctl.conf line), if set explicitly. */
  readonly tableCountSource?: SourceRange;
  readonly routes: readonly Route[];
  readonly forwarding: Readonly<Record<AddressFamily, Setting<boolean>>>;
  /** FreeBSD `net.add_addr_allfibs` (default false on 13+). */
  readonly addAddrAllFibs: Setting<boolean>;
  readonly jails: readonly Jail[];
  /** Every place a table number is used (rtable, fib, -fib, exec.fib, table=, set-table=). */
  readonly tableUses: readonly TableUse[];
  /** FireBrick route overrides; empty on FreeBSD. */
  readonly routeOverrides: readonly RouteOverride[];
  /** FireBrick rule-sets, in order: their rules can set a session's gateway and table too (before the route overrides). */
  readonly ruleSets?: readonly RuleSet[];
  /** Problems found while building the model (unknown names, unparsable values, ...). */
  readonly findings: readonly Finding[];
  /** FreeBSD `pf_enable` (rc.conf; default NO): whether pf loads its rules at boot. */
  readonly pfEnabled?: Setting<boolean>;
}

/** The name an interface was created with, which renames (on the host or in a jail) leave alone. */
export function createdName(networkInterface: Pick<NetInterface, 'name' | 'originalName'>): string {
  return networkInterface.originalName ?? networkInterface.name;
}

/** A FreeBSD host with nothing known about it: where a front end failed, or a document is read on its own. */
export function emptyHostModel(name: string, files: readonly string[] = []): HostModel {
  const unset = { value: false };
  return {
    kind: 'freebsd',
    name,
    files,
    interfaces: new Map(),
    tableCount: 1,
    routes: [],
    forwarding: { inet: unset, inet6: unset },
    addAddrAllFibs: unset,
    jails: [],
    tableUses: [],
    routeOverrides: [],
    findings: [],
  };
}

/** A value and the line that set it; `source` is absent for built-in defaults. */
export interface Setting<T> {
  readonly value: T;
  readonly source?: SourceRange;
}

export type InterfaceKind =
  | 'ethernet'
  | 'loopback'
  | 'bridge'
  | 'epair'
  | 'gif'
  | 'gre'
  | 'wg'
  | 'vlan'
  | 'lagg'
  | 'tun'
  | 'vxlan'
  | 'firebrick-port'
  /** A FireBrick tunnel object (FB105): its outer packets are routed in its wrapper table. */
  | 'firebrick-tunnel'
  | 'unknown';

export interface InterfaceAddress {
  readonly address: IpAddress;
  /** The connected prefix (`A/len`); a /32 or /128 for point-to-point links. */
  readonly prefix: IpPrefix;
  /** Point-to-point peer (`inet A B`). */
  readonly peer?: IpAddress;
  readonly source: SourceRange;
}

export interface NetInterface {
  /** Name after renames (`ifconfig_X_name`). */
  readonly name: string;
  /** Name at creation, if renamed (`bridge0` for `bastille0`). */
  readonly originalName?: string;
  readonly kind: InterfaceKind;
  /** Driver for physical NICs (`vtnet`, `em`, `igb`, ...), used for offload checks. */
  readonly driver?: string;
  /** Table that packets received on this interface are routed in (`fib N`, FireBrick `table`). */
  readonly fib: Setting<number>;
  /** Table the tunnel's outer packets are routed in; for tunnels only. */
  readonly tunnelFib?: Setting<number>;
  readonly tunnel?: { readonly source: IpAddress; readonly destination: IpAddress; readonly range: SourceRange };
  readonly addresses: readonly InterfaceAddress[];
  readonly mtu: Setting<number>;
  /** Offloads as configured; `undefined` = driver default (on for drivers that support it). */
  readonly offload: Readonly<Partial<Record<'lro' | 'tso' | 'txcsum' | 'rxcsum' | 'vlanhwtag', Setting<boolean>>>>;
  readonly bridgeMembers: readonly string[];
  /** Jail that owns the interface (vnet.interface), if any. */
  readonly jail?: string;
  readonly dhcp: boolean;
  /** Where the interface is created or first configured. */
  readonly source?: SourceRange;
  /** WireGuard (wg-quick) interfaces: the UDP port and peers, whose endpoints are the outer destinations. */
  readonly wireguard?: WireguardSettings;
  /**
   * Set when part of the interface's configuration comes from a command run at
   * boot (`ifconfig_xnic="`cat /etc/xnic`"`): its addresses, offload flags and
   * other settings may differ from what the model shows, so checks must not
   * conclude anything from their absence. Points at the value.
   */
  readonly dynamicConfiguration?: SourceRange;
  /**
   * Prefixes on which rc adds an address whose host part it derives at boot
   * from the MAC (EUI-64, `ipv6_prefix_<if>`): the connected route is known,
   * the address is not.
   */
  readonly eui64Prefixes?: readonly { readonly prefix: IpPrefix; readonly source: SourceRange }[];
  /**
   * Set when rc does not configure the interface at boot (left out of
   * `network_interfaces`, `NOAUTO`, a VLAN of such an interface): it exists
   * but is down, with nothing from its `ifconfig_*` variables. Points at why.
   */
  readonly notStarted?: SourceRange;
}

export interface WireguardSettings {
  readonly listenPort?: Setting<number>;
  readonly peers: readonly WireguardPeer[];
}

export interface WireguardPeer {
  /** `Endpoint = host:port`; `address` when the host is a literal address. */
  readonly endpoint?: { readonly host: string; readonly address?: IpAddress; readonly port?: number; readonly source: SourceRange };
  readonly allowedIps: readonly IpPrefix[];
  readonly source: SourceRange;
}

export interface Jail {
  readonly name: string;
  readonly vnet: boolean;
  readonly fib?: Setting<number>;
  readonly interfaces: readonly string[];
  /**
   * Where jail.conf names a host interface for this jail: the words of
   * `vnet.interface`, the `interface` value and the `IF` of an
   * `ip4.addr`/`ip6.addr` item `IF|address` (named whether or not jail(8)
   * uses it: an editor renames and lists them all). A parameter set outside
   * the jail's block is listed by every jail it applies to.
   */
  readonly interfaceReferences: readonly JailInterfaceReference[];
  readonly addresses: readonly InterfaceAddress[];
  /** The jail's root path on the host, when known. */
  readonly path?: string;
  readonly source: SourceRange;
  /** The jail's own host model, when its root (with an rc.conf) is part of the host directory. */
  readonly host?: HostModel;
}

export interface JailInterfaceReference {
  readonly name: string;
  readonly range: SourceRange;
  readonly parameter: 'vnet.interface' | 'interface' | 'ip4.addr' | 'ip6.addr';
}

export type RouteTarget =
  /** Directly connected: deliver on this interface (ARP/ND, or point-to-point). */
  | { readonly kind: 'interface'; readonly interface: string }
  /** Via a next hop, resolved recursively in the same table. */
  | { readonly kind: 'gateway'; readonly gateway: IpAddress }
  /** The host's own address. */
  | { readonly kind: 'local' }
  /** Silent drop (`-blackhole`, FireBrick `blackhole`). */
  | { readonly kind: 'blackhole' }
  /** Drop with an ICMP unreachable (`-reject`, FireBrick `nowhere`). */
  | { readonly kind: 'reject' }
  /** Encapsulated into a tunnel whose outer packets are routed in `wrapperTable` (6in4, FB tunnels). */
  | { readonly kind: 'tunnel'; readonly interface?: string; readonly endpoint: IpAddress; readonly wrapperTable: number };

export type RouteOrigin =
  | 'connected'
  | 'local-address'
  | 'static'
  | 'default'
  | 'loopback-builtin'
  | 'reject-builtin'
  | 'subnet'
  | 'subnet-gateway'
  | 'wireguard'
  | 'jail';

export interface Route {
  readonly table: number;
  readonly prefix: IpPrefix;
  readonly target: RouteTarget;
  /** FireBrick localpref (higher wins between equal prefixes); FreeBSD routes use 0. */
  readonly localpref: number;
  readonly origin: RouteOrigin;
  /** The line that created the route (an rc.conf variable, an XML element, ...). */
  readonly source: SourceRange;
  /** Optional display name (`route_fib1_v4_default` → `fib1_v4_default`, FireBrick `name`). */
  readonly name?: string;
  /**
   * FireBrick `speed`, `graph` (bonding and shaping) and `profile`, as
   * written on the element that made the route. What the route depends on is
   * `conditions`, not these.
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * What must hold for the FireBrick to have the route: it installs the route
   * only while every condition holds and removes it otherwise. Lookups take
   * such routes as present; resolutions say where the packet goes while a
   * condition on the way fails.
   */
  readonly conditions?: readonly RouteCondition[];
}

/** Something a FireBrick route depends on (seed 004, "Conditional routes"). */
export type RouteCondition =
  /** `profile` on the route, or on the subnet, sink or tunnel that makes it: present while the profile is on. */
  | { readonly kind: 'profile'; readonly profile: string }
  /** A route into a stateful link (an FB105 tunnel): present while the link is up. */
  | { readonly kind: 'link-up'; readonly interface: string };

export interface TableUse {
  readonly table: number;
  readonly how: 'rtable' | 'interface-fib' | 'tunnelfib' | 'route-fib' | 'jail-exec-fib' | 'firebrick-table' | 'set-table';
  readonly source: SourceRange;
}

/** A FireBrick route-override rule (first match per new session). */
export interface RouteOverride {
  readonly name?: string;
  readonly match: Readonly<Record<string, string>>;
  readonly setGateway?: IpAddress;
  readonly setTable?: number;
  readonly source: SourceRange;
  /** `match` read into values the routing engine compares (IP groups resolved); absent when the front end gives none. */
  readonly criteria?: SessionCriteria;
}

/**
 * A FireBrick rule-set: a session that matches `entry` (the rule-set's own
 * match attributes) is checked against `rules` in order.
 */
export interface RuleSet {
  readonly name?: string;
  readonly entry: SessionCriteria;
  /** `no-match-action`: what happens when no rule matches (absent or `continue`: the next rule-set is checked). */
  readonly noMatchAction?: string;
  readonly rules: readonly SessionRule[];
  readonly source: SourceRange;
}

/** A rule of a rule-set: what a route-override rule has, and its `action` (`continue` leaves the rule-set; any other ends the checking). */
export interface SessionRule extends RouteOverride {
  readonly action?: string;
}

/** An inclusive range of addresses of one family (a prefix, `A-B`, or one address). */
export interface AddressInterval {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/** An inclusive range of port numbers. */
export interface PortInterval {
  readonly first: number;
  readonly last: number;
}

/**
 * What a session must look like for a rule to apply. Every criterion present
 * must match; a list matches when any of its items does.
 */
export interface SessionCriteria {
  readonly sourceIp?: readonly AddressInterval[];
  readonly targetIp?: readonly AddressInterval[];
  readonly protocols?: readonly number[];
  readonly sourcePorts?: readonly PortInterval[];
  readonly targetPorts?: readonly PortInterval[];
  /** Interfaces the session's first packet arrives on. */
  readonly sourceInterfaces?: readonly string[];
  /**
   * Match attributes that depend on something pflint does not know (a profile's
   * state, the egress interface, an undefined IP group): a rule with any of
   * these is never taken to match.
   */
  readonly unknown?: readonly string[];
}
