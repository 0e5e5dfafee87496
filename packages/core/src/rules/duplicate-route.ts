import type { HostAnalysis } from '../analysis.js';
import type { Route, RouteOrigin } from '../model/host.js';
import { onlyWhile, targetText } from '../model/print.js';
import { formatPrefix } from '../net/ip.js';
import { compareRanges } from './ranges.js';
import type { Rule, RuleReport } from './rule.js';

/** Routes the router makes itself: they have no configuration line to change. */
const BUILT_IN: ReadonlySet<RouteOrigin> = new Set(['loopback-builtin', 'reject-builtin']);

/**
 * Ties the FireBrick resolves on purpose: routes to a gateway that carry a
 * `speed` or `graph` are bonded (traffic shared by speed), and the same subnet
 * on several interfaces is answered on whichever interface replies to ARP/ND.
 */
function deliberateTie(a: Route, b: Route): boolean {
  const bonded = (route: Route): boolean =>
    route.target.kind === 'gateway' && (route.attributes?.['speed'] !== undefined || route.attributes?.['graph'] !== undefined);
  // A conditional route exists only while its profile is on or its link is up: with different conditions (or
  // one without) the two are a schedule or a fallback, and whether both are ever up at once depends on state
  // pflint cannot see.
  const conditional = conditionsText(a) !== conditionsText(b);
  return (bonded(a) && bonded(b)) || (a.origin === 'subnet' && b.origin === 'subnet') || conditional;
}

function conditionsText(route: Route): string {
  return (route.conditions ?? []).map(onlyWhile).sort().join(', ');
}

export const duplicateRoute: Rule = {
  meta: {
    id: 'duplicate-route',
    category: 'routing',
    severity: 'warning',
    summary: 'Two routes with the same prefix and localpref in one FireBrick routing table',
    docs: {
      whatItDoes:
        'Reports a FireBrick route whose prefix and localpref equal those of an earlier route in the same routing ' +
        'table, whether it comes from a `route` element, a `subnet` or a gateway on a subnet. The finding is at ' +
        'the later route and names the earlier one. Routes with different localprefs are a deliberate primary and ' +
        'backup and are not reported, nor are ties the FireBrick resolves on purpose: gateway routes that all carry a ' +
        '`speed` or `graph` are bonded (traffic shared in proportion to speed), and one subnet on several interfaces ' +
        'is answered on the interface that replies to ARP/ND. Routes that depend on different conditions are not ' +
        'reported either (different `profile`s, or one on a profile and one without, or a route into an FB105 tunnel ' +
        'and one that is not): such a route exists only while its profile is on or its tunnel is up, so the two form ' +
        'a schedule or a fallback. FreeBSD hosts are not checked: there equal routes are multipath by design.',
      whyItMatters:
        'The FireBrick picks one of the tied routes and nothing says which: when their targets differ, traffic ' +
        'may leave by either, and the choice can change when the configuration is reloaded. When the targets are ' +
        'the same, the second route is dead weight that will mislead whoever edits one of them next.',
      example: {
        language: 'firebrick',
        bad: '<route ip="0.0.0.0/0" gateway="192.0.2.1"/>\n<route ip="0.0.0.0/0" gateway="198.51.100.1"/>',
        good: '<route ip="0.0.0.0/0" gateway="192.0.2.1" localpref="200"/>\n<route ip="0.0.0.0/0" gateway="198.51.100.1"/>',
        note: 'With distinct localprefs the first route is used while it is up, and the second takes over when it is not.',
      },
      fix:
        'Delete one of the routes, give them different `localpref` values so the preferred one is explicit, or, ' +
        'to share traffic between them on a model that bonds, give each a `speed`. ' +
        'There is no automatic fix: which route should win is your decision.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.kind !== 'firebrick') return;
    const first = new Map<string, Route>();
    const routes = host.routes.filter((route) => !BUILT_IN.has(route.origin)).sort((a, b) => compareRanges(a.source, b.source));
    for (const route of routes) {
      const key = `${route.table}/${route.prefix.family}/${route.prefix.network}/${route.prefix.length}/${route.localpref}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, route);
        continue;
      }
      if (deliberateTie(earlier, route)) continue;
      const same = targetText(route.target) === targetText(earlier.target);
      yield {
        range: route.source,
        message:
          `Route ${formatPrefix(route.prefix)} ${targetText(route.target)} in routing table ${route.table} ties with ` +
          `${formatPrefix(earlier.prefix)} ${targetText(earlier.target)} (localpref ${route.localpref}): ` +
          (same ? 'it is a duplicate' : 'which one the router uses is unpredictable'),
        related: [{ range: earlier.source, message: 'the route it ties with' }],
      };
    }
  },
};
