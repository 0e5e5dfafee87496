import type { HostAnalysis } from '../analysis.js';
import { formatIp, parsePrefix, prefixContains, type IpAddress } from '../net/ip.js';
import type { PfSyntaxFile } from '../pf/syntax.js';
import type { Rule, RuleReport } from './rule.js';
import { addressLiteral, pfStatements, routeTargetsOf } from './support/pf-references.js';

const LINK_LOCAL = parsePrefix('fe80::/10')!;

function isUnscopedLinkLocal(address: IpAddress): boolean {
  return prefixContains(LINK_LOCAL, address) && !address.zone;
}

export const linkLocalNoScope: Rule = {
  meta: {
    id: 'link-local-no-scope',
    category: 'addressing',
    severity: 'error',
    summary: 'An IPv6 link-local gateway without %interface',
    docs: {
      whatItDoes:
        'Reports an IPv6 link-local address (fe80::/10) used as a next hop without the `%interface` that says ' +
        'which link it is on: the gateway of an rc.conf route (`ipv6_defaultrouter`, `ipv6_route_*`, ' +
        '`route_*`, routes added by jail hooks and wg-quick), and a pf.conf `route-to`/`reply-to`/`dup-to` ' +
        'target written as a bare address. The FreeBSD form `route-to (em0 fe80::1)` names the interface, so ' +
        'it is left alone.',
      whyItMatters:
        'Every interface has its own fe80::/64, so a link-local address alone does not say where the router is. ' +
        'route(8) refuses the route, and at boot the host comes up without its IPv6 default route: IPv4 works, ' +
        'IPv6 does not, and nothing says why except a line in the boot messages.',
      example: {
        language: 'rcconf',
        bad: 'ipv6_defaultrouter="fe80::1"',
        good: 'ipv6_defaultrouter="fe80::1%vtnet0"',
      },
      fix: 'Add `%` and the interface that faces the router. There is no automatic fix: pflint cannot know which link it is.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.kind === 'freebsd') {
      for (const route of host.routes) {
        if (route.target.kind !== 'gateway' || !isUnscopedLinkLocal(route.target.gateway)) continue;
        yield {
          range: route.source,
          message: `gateway ${formatIp(route.target.gateway)} is link-local but names no interface: route(8) cannot tell which link it is on; write ${formatIp(route.target.gateway)}%IF`,
        };
      }
    }
    const tree = analysis.pf?.syntax as PfSyntaxFile | undefined;
    if (!tree) return;
    const statements = pfStatements(tree.statements);
    for (let index = 0; index < statements.length; index++) {
      const statement = statements[index]!;
      if (statement.kind !== 'filter-rule' && statement.kind !== 'anchor') continue;
      const targets = routeTargetsOf(statement);
      for (let which = 0; which < targets.length; which++) {
        const { target } = targets[which]!;
        if (target.kind === 'route-interface') continue;
        const literal = addressLiteral(target);
        if (!literal || !isUnscopedLinkLocal(literal.address)) continue;
        yield {
          range: literal.range,
          message: `next hop ${literal.text}${literal.macro ? ` (from $${literal.macro})` : ''} is link-local but names no interface: write it as (IF ${literal.text})`,
        };
      }
    }
  },
};
