import type { HostAnalysis } from '../analysis.js';
import { formatIp, type AddressFamily } from '../net/ip.js';
import type { NetInterface } from '../model/host.js';
import type { Rule, RuleReport } from './rule.js';
import { evaluateFilter, type EvaluationContext, type ProbePacket } from './support/evaluate.js';
import { loadedPf, skippedInterfaces } from './support/pf.js';
import { routingTablesOf } from './support/routing.js';

const IPV6_IN_IP = 41;
const IP_IN_IP = 4;
const GRE = 47;

/** The IP protocols that carry a tunnel's inner packets, by the families the tunnel carries. */
function encapsulationProtocols(networkInterface: NetInterface): { protocol: number; name: string }[] {
  if (networkInterface.kind === 'gre') return [{ protocol: GRE, name: 'GRE (47)' }];
  const inner = new Set<AddressFamily>(networkInterface.addresses.map((entry) => entry.address.family));
  const protocols: { protocol: number; name: string }[] = [];
  if (inner.size === 0 || inner.has('inet6')) protocols.push({ protocol: IPV6_IN_IP, name: 'IPv6-in-IP (41)' });
  if (inner.size === 0 || inner.has('inet')) protocols.push({ protocol: IP_IN_IP, name: 'IP-in-IP (4)' });
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
        'For every gif and gre tunnel, builds the encapsulated packets that cross the outer interface (the one the ' +
        'far endpoint is routed through): IP protocol 41 for IPv6 inside, 4 for IPv4 inside, 47 for GRE, in both ' +
        'directions between the tunnel\'s endpoints. It runs them through the pf ruleset with pf\'s own rules ' +
        '(last match wins, `quick` stops, state created by one direction lets the other through, `set skip` ' +
        'interfaces are not filtered) and reports a direction that ends up blocked.',
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
    // When a condition cannot be known, assume what lets the tunnel through: no false alarms.
    const optimistic = (rule: { action: string }) => rule.action === 'pass';
    for (const networkInterface of analysis.host.interfaces.values()) {
      const tunnel = networkInterface.tunnel;
      if (!tunnel || (networkInterface.kind !== 'gif' && networkInterface.kind !== 'gre')) continue;
      const outer = tables.resolve(networkInterface.tunnelFib?.value ?? 0, tunnel.destination).interface;
      if (!outer || outer === networkInterface.name || skipped.has(outer)) continue;
      for (const { protocol, name } of encapsulationProtocols(networkInterface)) {
        const base = { interface: outer, family: tunnel.destination.family, protocol };
        const inbound: ProbePacket = { ...base, direction: 'in', source: tunnel.destination, destination: tunnel.source };
        const outbound: ProbePacket = { ...base, direction: 'out', source: tunnel.source, destination: tunnel.destination };
        const inVerdict = evaluateFilter(context, inbound, optimistic);
        const outVerdict = evaluateFilter(context, outbound, optimistic);
        const statefulIn = inVerdict.action === 'pass' && inVerdict.rule !== undefined && inVerdict.rule.state !== 'none';
        const statefulOut = outVerdict.action === 'pass' && outVerdict.rule !== undefined && outVerdict.rule.state !== 'none';
        const blocked = [
          ...(inVerdict.action === 'block' && !statefulOut ? [{ verdict: inVerdict, direction: 'in' as const, packet: inbound }] : []),
          ...(outVerdict.action === 'block' && !statefulIn ? [{ verdict: outVerdict, direction: 'out' as const, packet: outbound }] : []),
        ];
        for (const { verdict, direction, packet } of blocked) {
          const suggestion = `pass ${direction} quick on ${outer} proto ${protocol} from ${formatIp(packet.source)} to ${formatIp(packet.destination)}`;
          yield {
            range: tunnel.range,
            message:
              `${networkInterface.name}'s ${name} packets ${direction === 'in' ? 'arriving from' : 'sent to'} ` +
              `${formatIp(tunnel.destination)} on ${outer} are blocked by pf; add \`${suggestion}\``,
            ...(verdict.rule ? { related: [{ range: verdict.rule.origin.range, message: 'this rule blocks them' }] } : {}),
          };
        }
      }
    }
  },
};
