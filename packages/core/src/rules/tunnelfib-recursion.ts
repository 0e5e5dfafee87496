import type { HostAnalysis } from '../analysis.js';
import type { RelatedLocation } from '../findings.js';
import { formatIp, formatPrefix } from '../net/ip.js';
import type { NetInterface, Route } from '../model/host.js';
import type { Resolution } from '../routing/resolve.js';
import type { Rule, RuleReport } from './rule.js';
import { routingTablesOf, sampleAddress } from './support/routing.js';

export const tunnelfibRecursion: Rule = {
  meta: {
    id: 'tunnelfib-recursion',
    category: 'tunnels',
    severity: 'error',
    summary: "A tunnel's outer packets are routed back into the tunnel itself",
    docs: {
      whatItDoes:
        'For every tunnel (gif, gre and wg interfaces with `tunnel SRC DST`, FireBrick tunnels, and routes that ' +
        'send IPv6 to an IPv4 gateway as 6in4), looks up the tunnel\'s far endpoint in the table the outer packets ' +
        'are routed in, and reports the tunnel when that lookup leads back into the same tunnel.\n\n' +
        'On FreeBSD the outer packets use the tunnel FIB: the `tunnelfib N` given to ifconfig, otherwise the FIB of ' +
        'the process that created the interface, which is FIB 0 for interfaces created at boot from ' +
        '`cloned_interfaces`. The interface\'s own `fib N` does not change this: it only selects the FIB that ' +
        'packets received on the tunnel (the decapsulated inner packets) are routed in.',
      whyItMatters:
        'An outer packet that is routed into its own tunnel is encapsulated again and again until the kernel gives ' +
        'up (gif reports "max nesting" and drops it). The tunnel comes up, addresses are configured, and no packet ' +
        'ever crosses it; nothing is logged unless you look for it. The classic cause is a default route in the ' +
        'tunnel FIB that points into the tunnel with no more specific route to the far endpoint.',
      example: {
        language: 'rcconf',
        bad: 'cloned_interfaces="gif0"\nifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1 tunnel 152.53.147.5 128.140.64.181 tunnelfib 1"\nstatic_routes="fib1_default"\nroute_fib1_default="-inet default 10.255.255.5 -fib 1"',
        good: 'cloned_interfaces="gif0"\nifconfig_gif0="inet 10.255.255.6 10.255.255.5 fib 1 tunnel 152.53.147.5 128.140.64.181 tunnelfib 0"\nstatic_routes="fib1_default"\nroute_fib1_default="-inet default 10.255.255.5 -fib 1"',
        note: 'FIB 1\'s default route leads into gif0; FIB 0 reaches 128.140.64.181 through the provider (loader.conf sets net.fibs="2").',
      },
      fix:
        'Route the outer packets in a table that reaches the endpoint without the tunnel: set `tunnelfib` to that ' +
        'FIB (usually 0), or add a host route to the endpoint via the physical uplink in the tunnel FIB ' +
        '(`route_x="-host ENDPOINT GATEWAY -fib N"`). On a FireBrick, put the tunnel\'s wrapper in another table ' +
        'or add a more specific route to the endpoint.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const tables = routingTablesOf(analysis);
    for (const networkInterface of analysis.host.interfaces.values()) {
      if (!networkInterface.tunnel) continue;
      const wrapperTable = networkInterface.tunnelFib?.value ?? 0;
      const outer = tables.resolve(wrapperTable, networkInterface.tunnel.destination);
      if (!returnsInto(outer, networkInterface.name)) continue;
      yield {
        range: networkInterface.tunnelFib?.source ?? networkInterface.tunnel.range,
        message:
          `${networkInterface.name}'s outer packets to ${formatIp(networkInterface.tunnel.destination)} are routed in ` +
          `FIB ${wrapperTable}${tunnelFibOrigin(networkInterface)}, and FIB ${wrapperTable} sends them back into ` +
          `${networkInterface.name}: ${fixAdvice(networkInterface, wrapperTable)}`,
        related: chain(outer),
      };
    }
    yield* sixInFourRecursion(analysis);
  },
};

function tunnelFibOrigin(networkInterface: NetInterface): string {
  if (networkInterface.tunnelFib?.source) return ' (its tunnelfib)';
  return ' (no tunnelfib is set, so the FIB of the process that created it at boot)';
}

function fixAdvice(networkInterface: NetInterface, wrapperTable: number): string {
  return wrapperTable === 0
    ? `add a host route to ${formatIp(networkInterface.tunnel!.destination)} through the physical uplink in FIB 0`
    : `set \`tunnelfib 0\` (or a FIB whose route to the endpoint avoids the tunnel)`;
}

/** True when the resolution passes through the tunnel itself. */
function returnsInto(resolution: Resolution, tunnel: string): boolean {
  if (resolution.interface === tunnel) return true;
  if (resolution.outcome === 'loop' && resolution.steps.some((step) => step.route.target.kind === 'interface' && step.route.target.interface === tunnel)) {
    return true;
  }
  return resolution.tunnel ? returnsInto(resolution.tunnel.outer, tunnel) : false;
}

function chain(resolution: Resolution): RelatedLocation[] {
  const steps = resolution.steps.map((step) => ({
    range: step.route.source,
    message: `table ${step.table}: ${formatIp(step.address)} matches ${formatPrefix(step.route.prefix)} here`,
  }));
  return resolution.tunnel ? [...steps, ...chain(resolution.tunnel.outer)] : steps;
}

/** Routes into tunnels without an interface (6in4 gateways, FireBrick tunnel routes) whose wrapper lookup loops back. */
function* sixInFourRecursion(analysis: HostAnalysis): Iterable<RuleReport> {
  const tables = routingTablesOf(analysis);
  const reported = new Set<Route>();
  for (const route of analysis.host.routes) {
    const isTunnel = route.target.kind === 'tunnel' && route.target.interface === undefined;
    const isSixInFour = route.target.kind === 'gateway' && route.prefix.family === 'inet6' && route.target.gateway.family === 'inet';
    if (!isTunnel && !isSixInFour) continue;
    const resolution = tables.resolve(route.table, sampleAddress(route.prefix));
    if (resolution.steps[0]?.route !== route || resolution.outcome !== 'loop' || !resolution.tunnel || reported.has(route)) continue;
    reported.add(route);
    yield {
      range: route.source,
      message: `the tunnel of ${formatPrefix(route.prefix)} in table ${route.table} routes its outer packets back into itself: ${resolution.explanation ?? 'loop'}`,
      related: chain(resolution.tunnel.outer),
    };
  }
}
