import type { HostAnalysis } from '../analysis.js';
import { formatIp, formatPrefix } from '../net/ip.js';
import { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';

export const gatewayBroadcast: Rule = {
  meta: {
    id: 'gateway-broadcast',
    category: 'routing',
    severity: 'warning',
    summary: 'A route whose gateway is the broadcast address of the subnet it is reached on',
    docs: {
      whatItDoes:
        'Resolves the gateway of every route and reports one that is the last address of the IPv4 subnet it is ' +
        'delivered on (a /30 or larger): the subnet\'s broadcast address, which is never resolved with ARP. ' +
        'FreeBSD hosts and FireBrick routers alike.',
      whyItMatters:
        'Packets for the route are sent as link-layer broadcasts: every host on the subnet receives them, none of ' +
        'them is the router the route meant, and the traffic goes nowhere while flooding the link. It is usually ' +
        'a typo in the gateway or a prefix length that is too short.',
      example: {
        language: 'firebrick',
        bad: '<interface name="lan" port="LAN"><subnet ip="192.168.10.1/24"/></interface>\n<route ip="10.20.0.0/16" gateway="192.168.10.255"/>',
        good: '<interface name="lan" port="LAN"><subnet ip="192.168.10.1/24"/></interface>\n<route ip="10.20.0.0/16" gateway="192.168.10.254"/>',
      },
      fix: 'Correct the gateway address, or the subnet\'s prefix length if the gateway is right. There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (!host.routes.some((route) => route.target.kind === 'gateway' && route.target.gateway.family === 'inet')) return;
    const tables = RoutingTables.forHost(host);
    const table = host.kind === 'firebrick' ? 'routing table' : 'FIB';
    for (const route of host.routes) {
      if (route.target.kind !== 'gateway' || route.target.gateway.family !== 'inet') continue;
      const resolution = tables.resolve(route.table, route.target.gateway);
      const subnet = resolution.steps[resolution.steps.length - 1]?.route;
      // Through another gateway the broadcast next hop is that route's mistake, reported at that route.
      if (!resolution.broadcast || !subnet || resolution.nextHop?.value !== route.target.gateway.value) continue;
      yield {
        range: route.source,
        message: `The gateway ${formatIp(route.target.gateway)} of ${formatPrefix(route.prefix)} in ${table} ${route.table} is the broadcast address of ${formatPrefix(subnet.prefix)}: its packets go to every host on ${resolution.interface}, not to a router`,
        related: [{ range: subnet.source, message: `${formatPrefix(subnet.prefix)} on ${resolution.interface}` }],
      };
    }
  },
};
