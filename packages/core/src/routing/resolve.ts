import { ADDRESS_BITS, formatIp, hostMask, prefixContains, type IpAddress, type IpPrefix } from '../net/ip.js';
import type { Route, RouteOverride, SessionRule } from '../model/host.js';
import { firstMatchingOverride, matchingRuleSetRules, type SessionPacket } from './overrides.js';
import type { LookupResult, RoutingTables, TieBehaviour } from './tables.js';

/**
 * What finally happens to a packet in a table:
 * - `interface`: sent out of `interface` to `nextHop` (ARP/ND or point-to-point);
 * - `local`: delivered to the host itself;
 * - `blackhole` / `reject`: dropped silently / with an ICMP unreachable;
 * - `tunnel`: encapsulated; `tunnel.outer` says where the outer packet goes;
 * - `loop`: a gateway resolves through a route already on the chain, or a
 *   tunnel's outer packet is routed back into the same tunnel; the route is unusable;
 * - `no-route`: nothing in the table matches the destination;
 * - `unreachable-gateway`: a gateway has no usable route (FreeBSD: it is not
 *   on a connected prefix, so the kernel refuses the route).
 */
export type ResolutionOutcome =
  | 'interface'
  | 'local'
  | 'blackhole'
  | 'reject'
  | 'tunnel'
  | 'loop'
  | 'no-route'
  | 'unreachable-gateway';

/** One route on the way, and why it was looked up. */
export interface ResolutionStep {
  readonly table: number;
  /** The address looked up: the destination, a gateway, or (in an outer resolution) a tunnel endpoint. */
  readonly address: IpAddress;
  readonly reason: 'destination' | 'gateway';
  readonly route: Route;
  /** Routes that tied with `route` (same prefix and localpref); the chain follows the first. */
  readonly alternatives: readonly Route[];
  readonly tie?: TieBehaviour;
}

export interface TunnelHop {
  /** The tunnel interface, when the tunnel is one (gif0, a FireBrick tunnel); absent for ad hoc 6in4. */
  readonly interface?: string;
  readonly endpoint: IpAddress;
  readonly wrapperTable: number;
  /** True for IPv6 sent to an IPv4 (or 2002::/16) gateway: protocol 41 without a tunnel object. */
  readonly sixInFour: boolean;
  /** Where the encapsulated packet goes: a resolution of `endpoint` in `wrapperTable`. */
  readonly outer: Resolution;
}

export interface Resolution {
  readonly table: number;
  readonly destination: IpAddress;
  readonly outcome: ResolutionOutcome;
  /** Every route on the way, in order; each carries its `source`. */
  readonly steps: readonly ResolutionStep[];
  /** Egress interface for `interface`; the tunnel interface for `tunnel` when it has one. */
  readonly interface?: string;
  /** The address handed to the link layer: the destination, or the last gateway. */
  readonly nextHop?: IpAddress;
  readonly tunnel?: TunnelHop;
  /** For `loop`: the route at which the chain came back on itself. */
  readonly loopRoute?: Route;
  /** A sentence for the outcomes that are failures. */
  readonly explanation?: string;
  /**
   * Set when `nextHop` is the last address of the IPv4 subnet the packet
   * leaves on: the subnet's broadcast address, sent to every host on the
   * link and never resolved with ARP.
   */
  readonly broadcast?: true;
  /** The route override that decided the session (`resolveSession`): the lookup ran in its table, for its gateway. */
  readonly override?: { readonly rule: RouteOverride; readonly fromTable: number };
  /**
   * The rule-set rules that set the session's gateway or table
   * (`resolveSession`), in the order met; a matching route override, applied
   * after them, replaces what it sets.
   */
  readonly ruleSetRules?: { readonly rules: readonly SessionRule[]; readonly fromTable: number };
  /**
   * How the session's answers come back (`resolveSession` on a router that
   * tracks sessions): a new direction of the same session, arriving on the
   * interface the first packet left by and routed from that interface's
   * table, with the override rules scanned again for it.
   */
  readonly reply?: { readonly interface: string; readonly resolution: Resolution };
  /**
   * Set when a route on the way exists only while a FireBrick profile is on
   * (`attributes.profile`): where the packet goes while that profile is off,
   * the route gone (and so on for the next profile that resolution meets).
   */
  readonly whileProfileOff?: { readonly profile: string; readonly resolution: Resolution };
}

/** Tunnels inside tunnels are legal; this bounds pathological nesting of distinct tunnels. */
const MAXIMUM_TUNNEL_NESTING = 8;

const SIX_TO_FOUR: IpPrefix = { family: 'inet6', network: 0x2002n << 112n, length: 16 };

export function resolveRoute(tables: RoutingTables, table: number, destination: IpAddress): Resolution {
  return withProfilesOff(NO_PROFILES_OFF, (profilesOff) => resolveIn(tables, table, destination, [], profilesOff));
}

const NO_PROFILES_OFF: ReadonlySet<string> = new Set();

/** Fallbacks followed for routes on profiles; a hostile table of thousands of profiled routes must not cost thousands of resolutions. */
const MAXIMUM_PROFILES_OFF = 8;

/**
 * Runs a resolution, then again with the first profile its routes depend on
 * switched off, as long as new profiles turn up: each profile is switched off
 * once on a path, and at most `MAXIMUM_PROFILES_OFF` of them.
 */
function withProfilesOff(profilesOff: ReadonlySet<string>, run: (profilesOff: ReadonlySet<string>) => Resolution): Resolution {
  const resolution = run(profilesOff);
  if (profilesOff.size >= MAXIMUM_PROFILES_OFF) return resolution;
  const profile = resolution.steps.map((step) => step.route.attributes?.['profile']).find((name) => name !== undefined && !profilesOff.has(name));
  if (profile === undefined) return resolution;
  return { ...resolution, whileProfileOff: { profile, resolution: withProfilesOff(new Set([...profilesOff, profile]), run) } };
}

/**
 * A new session: the first matching override replaces the table and the
 * address looked up (its gateway, looked up as any gateway is); the
 * destination itself stays what the packet carries. Where the tables track
 * sessions (`interfaceTables`), the reply direction is resolved as well.
 */
export function resolveSession(tables: RoutingTables, packet: SessionPacket): Resolution {
  const forward = resolveDirection(tables, packet);
  const reply = replyDirection(tables, packet, forward);
  return reply ? { ...forward, reply } : forward;
}

function resolveDirection(tables: RoutingTables, packet: SessionPacket): Resolution {
  const ruleSetRules = matchingRuleSetRules(tables.ruleSets, packet);
  const rule = firstMatchingOverride(tables.overrides, packet);
  if (!rule && ruleSetRules.length === 0) return resolveRoute(tables, packet.table, packet.destination);
  // Overrides come at the end of the rule-sets: what they set wins; the last rule-set rule to set a field comes next.
  const setters = [...ruleSetRules, ...(rule ? [rule] : [])].reverse();
  const table = setters.find((setter) => setter.setTable !== undefined)?.setTable ?? packet.table;
  const gateway = setters.find((setter) => setter.setGateway !== undefined)?.setGateway;
  const resolution = withProfilesOff(NO_PROFILES_OFF, (profilesOff) => resolveIn(tables, table, packet.destination, [], profilesOff, gateway));
  return {
    ...resolution,
    ...(ruleSetRules.length > 0 ? { ruleSetRules: { rules: ruleSetRules, fromTable: packet.table } } : {}),
    ...(rule ? { override: { rule, fromTable: packet.table } } : {}),
  };
}

/**
 * FireBrick scans the override rules for each direction of a session and
 * routes each packet in the table of the interface it arrives on: the answer
 * to a packet that left by interface I arrives on I, from the destination to
 * the source, ports swapped. Only a packet that leaves by an interface has
 * answers to route; without a source address there is nothing to answer to.
 */
function replyDirection(tables: RoutingTables, packet: SessionPacket, forward: Resolution): Resolution['reply'] {
  const arrival = forward.interface;
  if (!tables.interfaceTables || !packet.source || arrival === undefined || (forward.outcome !== 'interface' && forward.outcome !== 'tunnel')) return undefined;
  const answer: SessionPacket = {
    table: tables.interfaceTables.get(arrival) ?? forward.table,
    destination: packet.source,
    source: packet.destination,
    ...(packet.protocol !== undefined ? { protocol: packet.protocol } : {}),
    ...(packet.targetPort !== undefined ? { sourcePort: packet.targetPort } : {}),
    ...(packet.sourcePort !== undefined ? { targetPort: packet.sourcePort } : {}),
    interface: arrival,
  };
  return { interface: arrival, resolution: resolveDirection(tables, answer) };
}

/** Follows `tunnel.outer` to the resolution that finally disposes of the packet. */
export function finalResolution(resolution: Resolution): Resolution {
  let current = resolution;
  while (current.tunnel) current = current.tunnel.outer;
  return current;
}

/**
 * `enclosingTunnels` names the tunnels whose outer packet is being resolved,
 * innermost last: meeting one of them again is tunnel recursion. Routes on a
 * profile in `profilesOff` are taken as absent.
 * `overrideGateway`, when given, is looked up first in place of the destination.
 */
function resolveIn(
  tables: RoutingTables,
  table: number,
  destination: IpAddress,
  enclosingTunnels: readonly string[],
  profilesOff: ReadonlySet<string>,
  overrideGateway?: IpAddress,
): Resolution {
  const steps: ResolutionStep[] = [];
  const visited = new Set<Route>();
  const base = { table, destination, steps };
  let address = overrideGateway ?? destination;
  let reason: ResolutionStep['reason'] = overrideGateway ? 'gateway' : 'destination';

  for (;;) {
    const found: LookupResult =
      reason === 'gateway' && tables.gateways === 'on-link'
        ? onLinkLookup(tables, table, address)
        : profilesOff.size > 0
          ? tables.lookupAmong(table, address, (route) => isPresent(route, profilesOff))
          : tables.lookup(table, address);
    const route = found.routes[0];
    if (!route) {
      if (reason === 'destination') return { ...base, outcome: 'no-route', explanation: `no route in table ${table} matches ${formatIp(address)}` };
      const why = tables.gateways === 'on-link' ? 'is not on a connected prefix' : 'has no route';
      return { ...base, outcome: 'unreachable-gateway', explanation: `gateway ${formatIp(address)} ${why} in table ${table}` };
    }
    if (visited.has(route)) {
      return { ...base, outcome: 'loop', loopRoute: route, explanation: `gateway ${formatIp(address)} resolves through a route already on the chain` };
    }
    visited.add(route);
    const step = { table, address, reason, route, alternatives: found.routes.slice(1) };
    steps.push(found.tie ? { ...step, tie: found.tie } : step);

    const target = route.target;
    switch (target.kind) {
      case 'local':
      case 'blackhole':
      case 'reject':
        return { ...base, outcome: target.kind };
      case 'interface': {
        const tunnel = tables.tunnels.get(target.interface);
        if (tunnel) {
          return enterTunnel(tables, { ...base, interface: target.interface, nextHop: address }, {
            key: target.interface,
            interface: target.interface,
            endpoint: tunnel.endpoint,
            wrapperTable: tunnel.wrapperTable,
            sixInFour: false,
          }, enclosingTunnels, profilesOff);
        }
        const delivered = { ...base, outcome: 'interface' as const, interface: target.interface, nextHop: address };
        return isBroadcastOf(route.prefix, address) ? { ...delivered, broadcast: true } : delivered;
      }
      case 'tunnel': {
        const key = target.interface ?? `${target.endpoint.value}@${target.endpoint.family}@${target.wrapperTable}`;
        const hop = { key, endpoint: target.endpoint, wrapperTable: target.wrapperTable, sixInFour: false };
        return target.interface
          ? enterTunnel(tables, { ...base, interface: target.interface }, { ...hop, interface: target.interface }, enclosingTunnels, profilesOff)
          : enterTunnel(tables, base, hop, enclosingTunnels, profilesOff);
      }
      case 'gateway': {
        const gateway = target.gateway;
        const sixInFourEndpoint = destination.family === 'inet6' ? sixInFourEndpointOf(gateway) : undefined;
        if (sixInFourEndpoint) {
          const key = `6in4@${sixInFourEndpoint.value}@${table}`;
          return enterTunnel(tables, base, { key, endpoint: sixInFourEndpoint, wrapperTable: table, sixInFour: true }, enclosingTunnels, profilesOff);
        }
        // A scoped address (fe80::1%vtnet0) names its link: it is on-link there by definition.
        if (gateway.zone !== undefined) return { ...base, outcome: 'interface', interface: gateway.zone, nextHop: gateway };
        address = gateway;
        reason = 'gateway';
        break;
      }
    }
  }
}

/** False for a route on a profile that is switched off. */
function isPresent(route: Route, profilesOff: ReadonlySet<string>): boolean {
  const profile = route.attributes?.['profile'];
  return profile === undefined || !profilesOff.has(profile);
}

interface TunnelEntry {
  /** Identity for recursion detection: the interface name, or endpoint and table for anonymous tunnels. */
  readonly key: string;
  readonly interface?: string;
  readonly endpoint: IpAddress;
  readonly wrapperTable: number;
  readonly sixInFour: boolean;
}

function enterTunnel(
  tables: RoutingTables,
  inner: Omit<Resolution, 'outcome'>,
  entry: TunnelEntry,
  enclosingTunnels: readonly string[],
  profilesOff: ReadonlySet<string>,
): Resolution {
  const { key, ...hop } = entry;
  if (enclosingTunnels.includes(key)) {
    const closing = inner.steps[inner.steps.length - 1];
    return {
      ...inner,
      outcome: 'loop',
      ...(closing ? { loopRoute: closing.route } : {}),
      explanation: `the tunnel's outer packets are routed back into the same tunnel`,
    };
  }
  if (enclosingTunnels.length >= MAXIMUM_TUNNEL_NESTING) {
    return { ...inner, outcome: 'loop', explanation: `tunnels nested more than ${MAXIMUM_TUNNEL_NESTING} deep` };
  }
  const outer = resolveIn(tables, entry.wrapperTable, entry.endpoint, [...enclosingTunnels, key], profilesOff);
  const tunnel: TunnelHop = { ...hop, outer };
  // A packet whose outer copy loops never leaves: the loop is this route's fate too.
  if (outer.outcome === 'loop') return { ...inner, outcome: 'loop', tunnel, explanation: outer.explanation };
  return { ...inner, outcome: 'tunnel', tunnel };
}

/**
 * The FreeBSD kernel accepts a gateway only if it lies on a connected prefix
 * (an interface's subnet or point-to-point peer, or a non-default `-interface`
 * route); it then hands packets to that interface. The host's own /32 or /128
 * is skipped because the subnet around it is what makes the gateway on-link.
 */
function onLinkLookup(tables: RoutingTables, table: number, gateway: IpAddress): LookupResult {
  // FreeBSD routes carry no profiles: only FireBrick (recursive) lookups switch them off.
  const found = tables.lookupAmong(table, gateway, (route) => route.target.kind !== 'local');
  const onLink = found.routes.every((route) => route.target.kind === 'interface' && route.prefix.length > 0);
  return onLink ? found : { table, destination: gateway, routes: [], outranked: [] };
}

/** True when `address` is the broadcast address of the IPv4 subnet `prefix` (/31 and /32 have none). */
function isBroadcastOf(prefix: IpPrefix, address: IpAddress): boolean {
  return (
    prefix.family === 'inet' &&
    address.family === 'inet' &&
    prefix.length > 0 &&
    prefix.length < ADDRESS_BITS.inet - 1 &&
    address.value === (prefix.network | hostMask('inet', prefix.length))
  );
}

/** The IPv4 endpoint of IPv6 sent to `gateway`, if that makes it 6in4 (an IPv4 gateway, or one in 2002::/16). */
function sixInFourEndpointOf(gateway: IpAddress): IpAddress | undefined {
  if (gateway.family === 'inet') return gateway;
  if (prefixContains(SIX_TO_FOUR, gateway)) return { family: 'inet', value: (gateway.value >> 80n) & 0xffff_ffffn };
  return undefined;
}
