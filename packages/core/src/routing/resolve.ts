import { ADDRESS_BITS, formatIp, hostMask, prefixContains, type IpAddress, type IpPrefix } from '../net/ip.js';
import type { Route, RouteCondition, RouteOverride, SessionRule } from '../model/host.js';
import { checkRuleSets, firstMatchingOverride, type SessionFilter, type SessionPacket } from './overrides.js';
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
 *   on a connected prefix, so the kernel refuses the route);
 * - `filtered`: a FireBrick rule-set drops or rejects the new session
 *   (`resolveSession`), so nothing routes it.
 */
export type ResolutionOutcome =
  | 'interface'
  | 'local'
  | 'blackhole'
  | 'reject'
  | 'tunnel'
  | 'loop'
  | 'no-route'
  | 'unreachable-gateway'
  | 'filtered';

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
   * Set when a route on the way depends on a condition (a FireBrick profile
   * or link, `Route.conditions`): where the packet goes while that condition
   * fails, its routes gone (and so on for the next condition that resolution
   * meets).
   */
  readonly whileConditionFails?: { readonly condition: RouteCondition; readonly resolution: Resolution };
  /** For `filtered`: the rule-set decision that drops or rejects the session. */
  readonly filter?: SessionFilter;
}

/** Tunnels inside tunnels are legal; this bounds pathological nesting of distinct tunnels. */
const MAXIMUM_TUNNEL_NESTING = 8;

const SIX_TO_FOUR: IpPrefix = { family: 'inet6', network: 0x2002n << 112n, length: 16 };

export function resolveRoute(tables: RoutingTables, table: number, destination: IpAddress): Resolution {
  return withConditionsFailing(ALL_CONDITIONS_HOLD, (failing) => resolveIn(tables, table, destination, [], failing));
}

/** Keys (`conditionKey`) of the route conditions taken to fail in a resolution. */
type FailingConditions = ReadonlySet<string>;

const ALL_CONDITIONS_HOLD: FailingConditions = new Set();

/** Fallbacks followed for conditional routes; a hostile table of thousands of profiled routes must not cost thousands of resolutions. */
const MAXIMUM_CONDITIONS_FAILING = 8;

function conditionKey(condition: RouteCondition): string {
  return condition.kind === 'profile' ? `profile ${condition.profile}` : `link ${condition.interface}`;
}

/**
 * Runs a resolution, then again with the first condition its routes depend
 * on taken to fail, as long as new conditions turn up: each condition fails
 * once on a path, and at most `MAXIMUM_CONDITIONS_FAILING` of them.
 */
function withConditionsFailing(failing: FailingConditions, run: (failing: FailingConditions) => Resolution): Resolution {
  const resolution = run(failing);
  if (failing.size >= MAXIMUM_CONDITIONS_FAILING) return resolution;
  const condition = resolution.steps.flatMap((step) => step.route.conditions ?? []).find((candidate) => !failing.has(conditionKey(candidate)));
  if (condition === undefined) return resolution;
  const fallback = withConditionsFailing(new Set([...failing, conditionKey(condition)]), run);
  return { ...resolution, whileConditionFails: { condition, resolution: fallback } };
}

/**
 * A new session: the first matching override replaces the table and the
 * address looked up (its gateway, looked up as any gateway is); the
 * destination itself stays what the packet carries. Where the tables track
 * sessions (`interfaceTables`), the reply direction is resolved as well.
 */
export function resolveSession(tables: RoutingTables, packet: SessionPacket): Resolution {
  const forward = resolveDirection(tables, packet, 'new-session');
  const reply = replyDirection(tables, packet, forward);
  return reply ? { ...forward, reply } : forward;
}

/**
 * `new-session`: the first packet, which the rule-sets may drop or reject;
 * `reply`: the answer in a session already set up, for which their rules
 * only set the gateway and table.
 */
function resolveDirection(tables: RoutingTables, packet: SessionPacket, direction: 'new-session' | 'reply'): Resolution {
  const decision = checkRuleSets(tables.ruleSets, packet);
  if (decision.filter && direction === 'new-session') return filtered(packet, decision.filter);
  const ruleSetRules = decision.rules;
  const rule = firstMatchingOverride(tables.overrides, packet);
  if (!rule && ruleSetRules.length === 0) return resolveRoute(tables, packet.table, packet.destination);
  // Overrides come at the end of the rule-sets: what they set wins; the last rule-set rule to set a field comes next.
  const setters = [...ruleSetRules, ...(rule ? [rule] : [])].reverse();
  const table = setters.find((setter) => setter.setTable !== undefined)?.setTable ?? packet.table;
  const gateway = setters.find((setter) => setter.setGateway !== undefined)?.setGateway;
  const resolution = withConditionsFailing(ALL_CONDITIONS_HOLD, (failing) => resolveIn(tables, table, packet.destination, [], failing, gateway));
  return {
    ...resolution,
    ...(ruleSetRules.length > 0 ? { ruleSetRules: { rules: ruleSetRules, fromTable: packet.table } } : {}),
    ...(rule ? { override: { rule, fromTable: packet.table } } : {}),
  };
}

/** A new session the rule-sets end: no route is looked up, and nothing answers. */
function filtered(packet: SessionPacket, filter: SessionFilter): Resolution {
  const ruleSet = filter.ruleSet.name === undefined ? 'a rule-set' : `rule-set '${filter.ruleSet.name}'`;
  const by = filter.rule ? `${filter.rule.name === undefined ? 'a rule' : `rule '${filter.rule.name}'`} of ${ruleSet}` : `the no-match-action of ${ruleSet}`;
  return {
    table: packet.table,
    destination: packet.destination,
    steps: [],
    outcome: 'filtered',
    filter,
    explanation: `${by} ${filter.action === 'drop' ? 'drops' : 'rejects'} the session`,
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
  return { interface: arrival, resolution: resolveDirection(tables, answer, 'reply') };
}

/** Follows `tunnel.outer` to the resolution that finally disposes of the packet. */
export function finalResolution(resolution: Resolution): Resolution {
  let current = resolution;
  while (current.tunnel) current = current.tunnel.outer;
  return current;
}

/**
 * `enclosingTunnels` names the tunnels whose outer packet is being resolved,
 * innermost last: meeting one of them again is tunnel recursion. Routes with
 * a condition in `failing` are taken as absent.
 * `overrideGateway`, when given, is looked up first in place of the destination.
 */
function resolveIn(
  tables: RoutingTables,
  table: number,
  destination: IpAddress,
  enclosingTunnels: readonly string[],
  failing: FailingConditions,
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
        : failing.size > 0
          ? tables.lookupAmong(table, address, (route) => isPresent(route, failing))
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
          }, enclosingTunnels, failing);
        }
        const delivered = { ...base, outcome: 'interface' as const, interface: target.interface, nextHop: address };
        return isBroadcastOf(route.prefix, address) ? { ...delivered, broadcast: true } : delivered;
      }
      case 'tunnel': {
        const key = target.interface ?? `${target.endpoint.value}@${target.endpoint.family}@${target.wrapperTable}`;
        const hop = { key, endpoint: target.endpoint, wrapperTable: target.wrapperTable, sixInFour: false };
        return target.interface
          ? enterTunnel(tables, { ...base, interface: target.interface }, { ...hop, interface: target.interface }, enclosingTunnels, failing)
          : enterTunnel(tables, base, hop, enclosingTunnels, failing);
      }
      case 'gateway': {
        const gateway = target.gateway;
        const sixInFourEndpoint = destination.family === 'inet6' ? sixInFourEndpointOf(gateway) : undefined;
        if (sixInFourEndpoint) {
          const key = `6in4@${sixInFourEndpoint.value}@${table}`;
          return enterTunnel(tables, base, { key, endpoint: sixInFourEndpoint, wrapperTable: table, sixInFour: true }, enclosingTunnels, failing);
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

/** False for a route with a condition that fails. */
function isPresent(route: Route, failing: FailingConditions): boolean {
  return !route.conditions?.some((condition) => failing.has(conditionKey(condition)));
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
  failing: FailingConditions,
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
  const outer = resolveIn(tables, entry.wrapperTable, entry.endpoint, [...enclosingTunnels, key], failing);
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
  // FreeBSD routes carry no conditions: only FireBrick (recursive) lookups take them to fail.
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
