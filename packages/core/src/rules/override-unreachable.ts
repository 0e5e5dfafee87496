import type { HostAnalysis } from '../analysis.js';
import type { RouteCondition, RouteOverride } from '../model/host.js';
import { conditionFailsText } from '../model/print.js';
import { formatIp } from '../net/ip.js';
import { filterOfEverySession } from '../routing/overrides.js';
import type { Resolution } from '../routing/resolve.js';
import { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';

/** Outcomes after which the overridden sessions' packets never leave the router. */
const DEAD_ENDS = new Set(['no-route', 'unreachable-gateway', 'loop', 'blackhole', 'reject']);

/**
 * When the dead end hangs on conditional routes and the gateway is reached
 * once some of their conditions fail: those conditions, in the order the
 * resolution takes them away.
 */
function conditionsThatReach(resolution: Resolution): RouteCondition[] | undefined {
  const failing: RouteCondition[] = [];
  for (let fallback = resolution.whileConditionFails; fallback; fallback = fallback.resolution.whileConditionFails) {
    failing.push(fallback.condition);
    if (!DEAD_ENDS.has(fallback.resolution.outcome)) return failing;
  }
  return undefined;
}

function label(override: RouteOverride): string {
  return override.name ? `Route override rule '${override.name}'` : 'This route override rule';
}

export const overrideUnreachable: Rule = {
  meta: {
    id: 'override-unreachable',
    category: 'routing',
    severity: 'error',
    summary: 'A FireBrick route override that sends sessions to a gateway or table that cannot carry them',
    docs: {
      whatItDoes:
        'Resolves each `<route-override>` rule\'s target the way the router does for a session it matches: its ' +
        '`set-gateway` is looked up in its `set-table`, recursively, down to an interface. It reports a rule whose ' +
        'gateway has no route there, resolves in a loop, or ends in a blackhole or `nowhere`, and a rule that jumps ' +
        'into a table with no routes at all. A rule without `set-table` is looked up in the table of the interface ' +
        'the session arrives on, which depends on the traffic, so it is not checked. Nor is a rule whose sessions ' +
        'are all dropped or rejected by a `<rule-set>` before the overrides are applied: they are never routed.\n\n' +
        'Routes that exist only while a `profile` is on or an FB105 tunnel is up are taken as present. When the ' +
        'dead end hangs on such a route and the gateway is reached while it is gone, the message says so ("except ' +
        'while profile night is off"). A gateway reached only through such a route is not reported: routing a spare ' +
        'address into a tunnel is how the FireBrick documentation points an override at a tunnel, and where its ' +
        'sessions go while the tunnel is down (a fallback route for that address, or none) is the configuration\'s choice.',
      whyItMatters:
        'Every session the rule matches is routed by it, in both directions, for as long as the session lives. ' +
        'If its target cannot be reached in that table, all of those sessions fail, while everything else on the ' +
        'router keeps working, which makes the fault easy to miss.',
      example: {
        language: 'firebrick',
        bad: '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30"/></interface>\n<route-override><rule source-ip="192.168.20.128/25" set-gateway="198.51.200.9" set-table="1"/></route-override>',
        good: '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30"/></interface>\n<route-override><rule source-ip="192.168.20.128/25" set-gateway="198.51.100.9" set-table="1"/></route-override>',
        note: 'Table 1 only knows 198.51.100.8/30: the mistyped gateway has no route there.',
      },
      fix:
        'Correct the gateway or the table, or give the table a route to the gateway (a subnet on an interface in ' +
        'that table, or a route to an interface). There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.routeOverrides.length === 0) return;
    const tables = RoutingTables.forHost(host);
    const ruleSets = host.ruleSets ?? [];
    for (const override of host.routeOverrides) {
      if (override.setTable === undefined) continue;
      if (override.criteria && filterOfEverySession(ruleSets, override.criteria)) continue;
      const table = override.setTable;
      if (!override.setGateway) {
        if (tables.routes(table).length === 0) {
          yield { range: override.source, message: `${label(override)} moves sessions into routing table ${table}, which has no routes: their packets are dropped` };
        }
        continue;
      }
      const resolution = tables.resolve(table, override.setGateway);
      if (!DEAD_ENDS.has(resolution.outcome)) continue;
      const why = resolution.explanation ?? `it ends in a ${resolution.outcome === 'reject' ? 'nowhere (reject)' : resolution.outcome} route`;
      const last = resolution.steps[resolution.steps.length - 1];
      const reachedWhile = conditionsThatReach(resolution);
      const except = reachedWhile ? `, except while ${reachedWhile.map(conditionFailsText).join(' and ')}` : '';
      yield {
        range: override.source,
        message: `${label(override)} sends sessions to ${formatIp(override.setGateway)} in routing table ${table}, which cannot reach it: ${why}${except}`,
        ...(last ? { related: [{ range: last.route.source, message: `the route that ${formatIp(override.setGateway)} resolves through in table ${table}` }] } : {}),
      };
    }
  },
};
