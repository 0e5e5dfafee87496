import type { HostAnalysis } from '../analysis.js';
import { formatIp, type AddressFamily, type IpAddress } from '../net/ip.js';
import type { NetInterface } from '../model/host.js';
import { IPPROTO_GRE, IPPROTO_IPV4, IPPROTO_IPV6, IPPROTO_UDP } from '../pf/names.js';
import type { PfRule } from '../pf/ruleset.js';
import type { SourceRange } from '../source.js';
import type { Rule, RuleReport } from './rule.js';
import { evaluateFilter, type EvaluationContext, type ProbePacket } from './support/evaluate.js';
import { loadedPf, skippedInterfaces } from './support/pf.js';
import { routingTablesOf } from './support/routing.js';

/** A source port for flows whose local port is chosen by the kernel. */
const EPHEMERAL_PORT = 51000;

/** The IP protocols that carry a tunnel's inner packets, by the families the tunnel carries. */
function encapsulationProtocols(networkInterface: NetInterface): { protocol: number; name: string }[] {
  if (networkInterface.kind === 'gre') return [{ protocol: IPPROTO_GRE, name: 'GRE (47)' }];
  const inner = new Set<AddressFamily>(networkInterface.addresses.map((entry) => entry.address.family));
  const protocols: { protocol: number; name: string }[] = [];
  if (inner.size === 0 || inner.has('inet6')) protocols.push({ protocol: IPPROTO_IPV6, name: 'IPv6-in-IP (41)' });
  if (inner.size === 0 || inner.has('inet')) protocols.push({ protocol: IPPROTO_IPV4, name: 'IP-in-IP (4)' });
  return protocols;
}

export const tunnelProtoBlocked: Rule = {
  meta: {
    id: 'tunnel-proto-blocked',
    category: 'tunnels',
    severity: 'error',
    summary: "pf blocks a tunnel's encapsulated packets between its endpoints on the outer interface",
    docs: {
      whatItDoes:
        'For every gif and gre tunnel and every WireGuard peer with an endpoint, builds the encapsulated packets ' +
        'that cross the outer interface (the one the far endpoint is routed through): IP protocol 41 for IPv6 ' +
        'inside, 4 for IPv4 inside, 47 for GRE, UDP to the peer\'s port for WireGuard. It runs them through the pf ' +
        'ruleset with pf\'s own semantics (last match wins, `quick` stops, `set skip` interfaces are not filtered) ' +
        'and reports a direction that ends up blocked. Outbound packets may pass on state that inbound ones ' +
        'created; inbound packets must be passed by a rule whenever the far end can start the flow (always for ' +
        'gif and gre, for WireGuard when a `ListenPort` is set), because after a reboot or a state timeout it is ' +
        'the far end that speaks first.',
      whyItMatters:
        'A default-deny ruleset that lists the services it allows is easy to finish without the tunnel itself. ' +
        'The tunnel interface comes up, routes point into it, and every packet is dropped on the physical ' +
        'interface before it is decapsulated. Everything routed through the tunnel is silently black-holed.',
      example: {
        language: 'pf',
        bad: 'block all\npass in on vtnet0 proto tcp to port 22',
        good:
          'block all\npass in on vtnet0 proto tcp to port 22\n' +
          'pass in quick on vtnet0 proto { 41, ipencap } from 128.140.64.181 to 152.53.147.5\n' +
          'pass out quick on vtnet0 proto { 41, ipencap } from 152.53.147.5 to 128.140.64.181',
      },
      fix:
        'Pass the encapsulation protocol between the two endpoints on the outer interface, in both directions, ' +
        'and only between those addresses (anything else sending protocol 41 to you is an attack surface).',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf || analysis.host.kind !== 'freebsd') return;
    const context: EvaluationContext = { pf, interfaces: analysis.host.interfaces };
    const tables = routingTablesOf(analysis);
    const skipped = skippedInterfaces(pf);
    for (const networkInterface of analysis.host.interfaces.values()) {
      for (const flow of encapsulatedFlows(networkInterface)) {
        const outer = tables.resolve(networkInterface.tunnelFib?.value ?? 0, flow.remote).interface;
        if (!outer || outer === networkInterface.name || skipped.has(outer)) continue;
        yield* blockedDirections(context, networkInterface, flow, outer);
      }
    }
  },
};

/** The outer packets of one tunnel towards one far end: what pf on the outer interface must let through. */
interface EncapsulatedFlow {
  readonly remote: IpAddress;
  readonly local?: IpAddress;
  readonly protocols: readonly { readonly protocol: number; readonly name: string }[];
  /** UDP ports for WireGuard: the peer's endpoint port, and ours when we listen. */
  readonly remotePort?: number;
  readonly localPort?: number;
  /** Whether the far end opens the flow too (it does for gif/gre, and for WireGuard when we listen). */
  readonly inboundNeeded: boolean;
  readonly range: SourceRange;
}

function encapsulatedFlows(networkInterface: NetInterface): EncapsulatedFlow[] {
  const tunnel = networkInterface.tunnel;
  if (tunnel && (networkInterface.kind === 'gif' || networkInterface.kind === 'gre')) {
    return [{ remote: tunnel.destination, local: tunnel.source, protocols: encapsulationProtocols(networkInterface), inboundNeeded: true, range: tunnel.range }];
  }
  const wireguard = networkInterface.wireguard;
  if (!wireguard) return [];
  const listen = wireguard.listenPort?.value;
  return wireguard.peers.flatMap((peer) => {
    const endpoint = peer.endpoint;
    if (!endpoint?.address || endpoint.port === undefined) return [];
    return [
      {
        remote: endpoint.address,
        protocols: [{ protocol: IPPROTO_UDP, name: `WireGuard (UDP ${endpoint.port})` }],
        remotePort: endpoint.port,
        ...(listen !== undefined ? { localPort: listen } : {}),
        inboundNeeded: listen !== undefined,
        range: endpoint.source,
      },
    ];
  });
}

/**
 * Outbound packets may ride on state created by inbound ones and vice versa,
 * but only outbound state is enough for inbound traffic when the far end never
 * starts the flow: after a reboot it must be able to reach us first.
 */
function* blockedDirections(context: EvaluationContext, networkInterface: NetInterface, flow: EncapsulatedFlow, outer: string): Iterable<RuleReport> {
  // When a condition cannot be known, assume what lets the tunnel through: no false alarms.
  const optimistic = (rule: { action: string }) => rule.action === 'pass';
  const local = flow.local ?? ownAddressOn(context, outer, flow.remote.family);
  if (!local) return;
  const blocked = new Map<'in' | 'out', { names: string[]; rule?: PfRule }>();
  for (const { protocol, name } of flow.protocols) {
    const base = { interface: outer, family: flow.remote.family, protocol };
    const inbound: ProbePacket = {
      ...base,
      direction: 'in',
      source: flow.remote,
      destination: local,
      ...(flow.remotePort !== undefined ? { sourcePort: flow.remotePort, destinationPort: flow.localPort ?? EPHEMERAL_PORT } : {}),
    };
    const outbound: ProbePacket = {
      ...base,
      direction: 'out',
      source: local,
      destination: flow.remote,
      ...(flow.remotePort !== undefined ? { sourcePort: flow.localPort ?? EPHEMERAL_PORT, destinationPort: flow.remotePort } : {}),
    };
    const inVerdict = evaluateFilter(context, inbound, optimistic);
    const outVerdict = evaluateFilter(context, outbound, optimistic);
    const statefulIn = inVerdict.action === 'pass' && inVerdict.rule !== undefined && inVerdict.rule.state !== 'none';
    const mark = (direction: 'in' | 'out', rule: PfRule | undefined) => {
      const entry = blocked.get(direction) ?? { names: [], ...(rule ? { rule } : {}) };
      entry.names.push(name);
      blocked.set(direction, entry);
    };
    if (flow.inboundNeeded && inVerdict.action === 'block') mark('in', inVerdict.rule);
    if (outVerdict.action === 'block' && !statefulIn) mark('out', outVerdict.rule);
  }
  for (const [direction, { names, rule }] of blocked) {
    const from = direction === 'in' ? flow.remote : local;
    const to = direction === 'in' ? local : flow.remote;
    const protocols = flow.protocols.filter((entry) => names.includes(entry.name)).map((entry) => entry.protocol);
    const port = direction === 'in' ? flow.localPort : flow.remotePort;
    const suggestion =
      `pass ${direction} quick on ${outer} proto ${protocols.length > 1 ? `{ ${protocols.join(', ')} }` : protocols[0]} ` +
      `from ${formatIp(from)} to ${formatIp(to)}${port !== undefined ? ` port ${port}` : ''}`;
    yield {
      range: flow.range,
      message:
        `${networkInterface.name}'s ${names.join(' and ')} packets ${direction === 'in' ? 'arriving from' : 'sent to'} ` +
        `${formatIp(flow.remote)} on ${outer} are blocked by pf; add \`${suggestion}\``,
      ...(rule ? { related: [{ range: rule.origin.range, message: 'this rule blocks them' }] } : {}),
    };
  }
}

/** The host's address on the outer interface, for tunnels that do not name their source (WireGuard). */
function ownAddressOn(context: EvaluationContext, name: string, family: AddressFamily): IpAddress | undefined {
  return context.interfaces.get(name)?.addresses.find((entry) => entry.address.family === family)?.address;
}
