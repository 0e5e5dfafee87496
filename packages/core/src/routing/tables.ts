import type { AddressFamily, IpAddress, IpPrefix } from '../net/ip.js';
import type { HostModel, NetInterface, Route, RouteOverride, RuleSet } from '../model/host.js';
import type { SessionPacket } from './overrides.js';
import { PrefixTrie } from './prefix-trie.js';
import { resolveRoute, resolveSession, type Resolution } from './resolve.js';

/** How a host uses several routes that tie on prefix and localpref. */
export type TieBehaviour =
  /** FreeBSD multipath: traffic is spread over all of them. */
  | 'ecmp'
  /** FireBrick: one of them is used and nobody can say which (bonding aside). */
  | 'nondeterministic';

/**
 * How a gateway route finds its way out:
 * - `on-link` (FreeBSD): the gateway must lie on a connected prefix or a
 *   non-default `-interface` route; the kernel does not resolve further.
 * - `recursive` (FireBrick): the gateway is looked up again in the same table
 *   until a route that is not to an IP address is reached.
 */
export type GatewayResolution = 'on-link' | 'recursive';

/** Where a tunnel interface sends its encapsulated (outer) packets. */
export interface TunnelEndpoint {
  readonly endpoint: IpAddress;
  /** The table the outer packets are routed in (FreeBSD `tunnelfib`, default 0). */
  readonly wrapperTable: number;
}

export interface RoutingOptions {
  readonly ties?: TieBehaviour;
  readonly gateways?: GatewayResolution;
  /** Interfaces that encapsulate: a route out of one continues as a lookup of its endpoint. */
  readonly tunnels?: ReadonlyMap<string, TunnelEndpoint>;
  /** Per-session rules that replace the lookup target and table (FireBrick route-override), in order. */
  readonly overrides?: readonly RouteOverride[];
  /** FireBrick rule-sets, whose rules can set the gateway and table before the overrides are applied. */
  readonly ruleSets?: readonly RuleSet[];
  /**
   * The table of each interface, for a router that tracks sessions
   * (FireBrick): given, `resolveSession` also routes the session's replies
   * from the table of the interface they arrive on.
   */
  readonly interfaceTables?: ReadonlyMap<string, number>;
}

/** The answer to "which routes in table T match address A". */
export interface LookupResult {
  readonly table: number;
  readonly destination: IpAddress;
  /** The prefix that won (longest match), when any route matched. */
  readonly prefix?: IpPrefix;
  /** Routes at the longest matching prefix with the highest localpref, in the order they were given. */
  readonly routes: readonly Route[];
  /** Set when more than one route tied: how the host chooses between them. */
  readonly tie?: TieBehaviour;
  /** Routes for the same prefix that lost on localpref, kept so explanations can mention them. */
  readonly outranked: readonly Route[];
}

interface FamilyTries {
  readonly inet: PrefixTrie<Route>;
  readonly inet6: PrefixTrie<Route>;
}

/**
 * The routing tables of one host, one prefix trie per table and family.
 * Pure and immutable after construction: it knows routes and tunnel
 * endpoints, nothing about the files they came from.
 */
export class RoutingTables {
  readonly ties: TieBehaviour;
  readonly gateways: GatewayResolution;
  readonly tunnels: ReadonlyMap<string, TunnelEndpoint>;
  readonly overrides: readonly RouteOverride[];
  readonly ruleSets: readonly RuleSet[];
  readonly interfaceTables: ReadonlyMap<string, number> | undefined;
  private readonly tries = new Map<number, FamilyTries>();

  private constructor(routes: readonly Route[], options: RoutingOptions) {
    this.ties = options.ties ?? 'ecmp';
    this.gateways = options.gateways ?? 'on-link';
    this.tunnels = options.tunnels ?? new Map();
    this.overrides = options.overrides ?? [];
    this.ruleSets = options.ruleSets ?? [];
    this.interfaceTables = options.interfaceTables;
    for (const route of routes) this.insert(route);
  }

  /** Defaults to FreeBSD behaviour (ECMP ties, on-link gateways, no tunnel interfaces). */
  static fromRoutes(routes: readonly Route[], options: RoutingOptions = {}): RoutingTables {
    return new RoutingTables(routes, options);
  }

  /** The tables of a host model, with the behaviour of its platform and its tunnel interfaces. */
  static forHost(host: HostModel): RoutingTables {
    const tunnels = new Map<string, TunnelEndpoint>();
    for (const [name, networkInterface] of host.interfaces) {
      const endpoint = networkInterface.tunnel?.destination ?? soleWireguardEndpoint(networkInterface);
      if (endpoint) tunnels.set(name, { endpoint, wrapperTable: networkInterface.tunnelFib?.value ?? 0 });
    }
    if (host.kind === 'freebsd') return new RoutingTables(host.routes, { ties: 'ecmp', gateways: 'on-link', tunnels });
    const interfaceTables = new Map([...host.interfaces].map(([name, networkInterface]) => [name, networkInterface.fib.value]));
    return new RoutingTables(host.routes, { ties: 'nondeterministic', gateways: 'recursive', tunnels, overrides: host.routeOverrides, ruleSets: host.ruleSets ?? [], interfaceTables });
  }

  /** Numbers of the tables that hold at least one route, ascending. */
  tableNumbers(): number[] {
    return [...this.tries.keys()].sort((a, b) => a - b);
  }

  /** Every route of a table: IPv4 before IPv6, then by address, shorter prefix first, best localpref first. */
  routes(table: number): Route[] {
    const tries = this.tries.get(table);
    if (!tries) return [];
    return [...tries.inet.entries(), ...tries.inet6.entries()].flatMap((entry) => byPreference(entry.values));
  }

  /** Longest prefix first, then highest localpref; ties are all returned and flagged. */
  lookup(table: number, destination: IpAddress): LookupResult {
    const match = this.trie(table, destination.family)?.longestMatch(destination.value);
    return this.lookupResult(table, destination, match?.prefix, match?.values ?? []);
  }

  /** `lookup` as if only the routes `admit` accepts were in the table. */
  lookupAmong(table: number, destination: IpAddress, admit: (route: Route) => boolean): LookupResult {
    for (const entry of this.trie(table, destination.family)?.matches(destination.value) ?? []) {
      const admitted = entry.values.filter(admit);
      if (admitted.length > 0) return this.lookupResult(table, destination, entry.prefix, admitted);
    }
    return this.lookupResult(table, destination, undefined, []);
  }

  /** Every route whose prefix contains `destination`, longest prefix first, best localpref first. */
  matchingRoutes(table: number, destination: IpAddress): Route[] {
    const entries = this.trie(table, destination.family)?.matches(destination.value) ?? [];
    return entries.flatMap((entry) => byPreference(entry.values));
  }

  /** Where a packet to `destination` in `table` goes, as the chain of routes that decide it. */
  resolve(table: number, destination: IpAddress): Resolution {
    return resolveRoute(this, table, destination);
  }

  /**
   * Where the first packet of a new session goes: as `resolve`, unless a
   * route override matches it; then its target and table are looked up
   * instead (the packet's destination address is not changed). With
   * `interfaceTables`, the resolution also says where the replies go.
   */
  resolveSession(packet: SessionPacket): Resolution {
    return resolveSession(this, packet);
  }

  /** Routes whose prefix covers `prefix` (the same prefix or a shorter one), longest first. */
  routesCovering(table: number, prefix: IpPrefix): Route[] {
    const entries = this.trie(table, prefix.family)?.covering(prefix) ?? [];
    return entries.flatMap((entry) => byPreference(entry.values));
  }

  /** Routes whose prefix lies inside `prefix` (the same prefix or a longer one), in address order. */
  routesWithin(table: number, prefix: IpPrefix): Route[] {
    const entries = this.trie(table, prefix.family)?.within(prefix) ?? [];
    return entries.flatMap((entry) => byPreference(entry.values));
  }

  /** The routes stored under exactly `prefix` in a table, best localpref first. */
  routesFor(table: number, prefix: IpPrefix): Route[] {
    return byPreference(this.trie(table, prefix.family)?.exact(prefix)?.values ?? []);
  }

  /** The default routes (`0.0.0.0/0` or `::/0`) of a family in a table, best localpref first: the trie's root, not a walk of the table. */
  defaultRoutes(table: number, family: AddressFamily): Route[] {
    return this.routesFor(table, { family, network: 0n, length: 0 });
  }

  private lookupResult(table: number, destination: IpAddress, prefix: IpPrefix | undefined, candidates: readonly Route[]): LookupResult {
    if (!prefix || candidates.length === 0) return { table, destination, routes: [], outranked: [] };
    const ordered = byPreference(candidates);
    const bestPreference = ordered[0]!.localpref;
    const routes = ordered.filter((route) => route.localpref === bestPreference);
    const outranked = ordered.filter((route) => route.localpref !== bestPreference);
    const result = { table, destination, prefix, routes, outranked };
    return routes.length > 1 ? { ...result, tie: this.ties } : result;
  }

  private trie(table: number, family: AddressFamily): PrefixTrie<Route> | undefined {
    return this.tries.get(table)?.[family];
  }

  private insert(route: Route): void {
    let tries = this.tries.get(route.table);
    if (!tries) {
      tries = { inet: new PrefixTrie<Route>('inet'), inet6: new PrefixTrie<Route>('inet6') };
      this.tries.set(route.table, tries);
    }
    tries[route.prefix.family].insert(route.prefix, route);
  }
}

/**
 * A WireGuard interface sends to the peer whose AllowedIPs match, so it is one
 * tunnel with one outer destination only when a single endpoint address is
 * known; with several, the outer destination depends on the packet and the
 * interface is left as a plain one.
 */
function soleWireguardEndpoint(networkInterface: NetInterface): IpAddress | undefined {
  const endpoints = (networkInterface.wireguard?.peers ?? []).flatMap((peer) => (peer.endpoint?.address ? [peer.endpoint.address] : []));
  const first = endpoints[0];
  if (!first) return undefined;
  return endpoints.every((endpoint) => endpoint.family === first.family && endpoint.value === first.value) ? first : undefined;
}

/** Highest localpref first; the sort is stable, so equal routes keep the order they were given in. */
function byPreference(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => b.localpref - a.localpref);
}
