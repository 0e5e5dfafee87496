import type { HostAnalysis } from '../analysis.js';
import type { Route } from '../model/host.js';
import { targetText } from '../model/print.js';
import { formatPrefix } from '../net/ip.js';
import { RoutingTables } from '../routing/tables.js';
import { compareRanges } from './ranges.js';
import type { Rule, RuleReport } from './rule.js';

function describe(route: Route): string {
  return `${formatPrefix(route.prefix)} ${targetText(route.target)}`;
}

export const routeLoop: Rule = {
  meta: {
    id: 'route-loop',
    category: 'routing',
    severity: 'error',
    summary: 'Gateway routes that resolve through each other in a circle, so none of them can forward',
    docs: {
      whatItDoes:
        'Follows the gateway of every route the way the router resolves it: the gateway address is looked up ' +
        'again in the same routing table until a route to an interface (or a local, blackhole or tunnel target) ' +
        'is reached. When that chain comes back to a route already on it, the routes on the circle are reported ' +
        'once, at the first of them, with the others as related locations.\n\n' +
        'This matters on routers that resolve gateways recursively, such as the FireBrick. A FreeBSD kernel only ' +
        'accepts a gateway on a connected network, so there a bad gateway is refused instead of looping. Loops ' +
        'through a tunnel whose outer packets are routed into itself are `tunnelfib-recursion`, not this rule.',
      whyItMatters:
        'Traffic matching any route on the circle has no way out: the router cannot find an interface to send ' +
        'it to, so it is dropped, usually after the route has been in place unnoticed because a more specific ' +
        'route carried the traffic until it was withdrawn.',
      example: {
        language: 'firebrick',
        bad: '<route ip="10.0.0.0/8" gateway="192.168.5.1"/>\n<route ip="192.168.5.0/24" gateway="10.9.9.9"/>',
        good: '<subnet ip="192.168.5.254/24" port="lan"/>\n<route ip="10.0.0.0/8" gateway="192.168.5.1"/>',
        note: 'Each gateway lies inside the other route, so neither resolves to an interface. Put the first gateway on a connected subnet instead.',
      },
      fix:
        'Make one gateway on the circle reachable without the others: give it a connected subnet or a route to ' +
        'an interface, or correct the gateway address if it was mistyped. There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (!host.routes.some((route) => route.target.kind === 'gateway')) return;
    const tables = RoutingTables.forHost(host);
    const reported = new Set<Route>();
    for (const route of host.routes) {
      if (route.target.kind !== 'gateway' || route.target.gateway.zone !== undefined || reported.has(route)) continue;
      const resolution = tables.resolve(route.table, route.target.gateway);
      // Tunnel recursion is tunnelfib-recursion's business; here only gateway chains.
      if (resolution.outcome !== 'loop' || resolution.tunnel || !resolution.loopRoute) continue;
      const stepRoutes = resolution.steps.map((step) => step.route);
      const circle = stepRoutes.slice(stepRoutes.indexOf(resolution.loopRoute));
      if (circle.some((member) => reported.has(member))) continue;
      for (const member of circle) reported.add(member);
      const [first, ...others] = [...circle].sort((a, b) => compareRanges(a.source, b.source));
      const table = host.kind === 'firebrick' ? 'routing table' : 'FIB';
      const path =
        others.length === 0
          ? 'its gateway lies inside the route itself'
          : `its gateway resolves through ${others.map(describe).join(', then ')}, and back through this route`;
      yield {
        range: first!.source,
        message: `Route ${describe(first!)} in ${table} ${first!.table} loops: ${path}`,
        related: others.map((other) => ({ range: other.source, message: `${describe(other)} is on the same circle` })),
      };
    }
  },
};
