import type { HostAnalysis } from '../analysis.js';
import { formatIp, formatPrefix, type AddressFamily } from '../net/ip.js';
import type { Atom, Endpoint, FilterHead, Host, PfSyntaxFile, Statement } from '../pf/syntax.js';
import type { Rule, RuleReport } from './rule.js';
import { addressLiteral, flattenHosts, pfStatements, possibleLiteralFamily, routeTargetsOf, type PfAddressLiteral } from './support/pf-references.js';

const FAMILY_NAME: Readonly<Record<AddressFamily, string>> = { inet: 'IPv4', inet6: 'IPv6' };

export const afMismatch: Rule = {
  meta: {
    id: 'af-mismatch',
    category: 'addressing',
    severity: 'warning',
    summary: 'An address of the other family than its rule or route, silently left out',
    docs: {
      whatItDoes:
        'In pf.conf, reports an address literal of one family in a rule that says `inet` or `inet6` for the ' +
        'other: in `from`/`to` lists and among `route-to`/`reply-to`/`dup-to` next hops (an IPv6 next hop on an ' +
        '`inet` rule with `prefer-ipv6-nexthop` is allowed). When every address of a list is of the wrong family, ' +
        'pfctl itself rejects the rule, and that is reported as `pf-semantic` instead. In rc.conf, reports a ' +
        'route whose gateway is of the other family than its destination.',
      whyItMatters:
        'pfctl drops the combinations whose families disagree without a word: `pass in inet from { 10.0.0.0/8, ' +
        '2001:db8::/32 }` loads only the IPv4 rule, and a `reply-to` list loses its IPv6 gateway. The traffic the ' +
        'dropped address was meant for is then blocked or routed the default way. route(8) refuses a gateway of ' +
        'the other family outright, so the route is missing after boot.',
      example: {
        language: 'pf',
        bad: 'pass in quick inet proto tcp from { 192.0.2.0/24, 2001:db8:5::/48 } to any port ssh',
        good: 'pass in quick proto tcp from { 192.0.2.0/24, 2001:db8:5::/48 } to any port ssh',
        note: 'The bad rule loads for 192.0.2.0/24 only: the IPv6 network is left out without a word. Without `inet` pfctl makes one rule per family.',
      },
      fix: 'Move the address to a rule of its own family (or drop the `inet`/`inet6`), or use a gateway of the right family. There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.kind === 'freebsd') {
      for (const route of host.routes) {
        if (route.target.kind !== 'gateway' || route.target.gateway.family === route.prefix.family) continue;
        yield {
          range: route.source,
          message: `the route to ${formatPrefix(route.prefix)} (${FAMILY_NAME[route.prefix.family]}) has the ${FAMILY_NAME[route.target.gateway.family]} gateway ${formatIp(route.target.gateway)}: route(8) rejects it`,
        };
      }
    }
    const tree = analysis.pf?.syntax as PfSyntaxFile | undefined;
    if (!tree) return;
    const statements = pfStatements(tree.statements);
    for (let index = 0; index < statements.length; index++) {
      const statement = statements[index]!;
      let reports = STATEMENT_MISMATCHES.get(statement);
      if (!reports) STATEMENT_MISMATCHES.set(statement, (reports = statementMismatches(statement)));
      if (reports.length > 0) yield* reports;
    }
  },
};

/**
 * Each statement's reports, by the statement: a parse through a
 * `PfParseCache` keeps the statements an edit did not touch, so a check
 * after an edit reads only the new ones. The reports read nothing but the
 * statement, and their ranges are its own, which move with it.
 */
const STATEMENT_MISMATCHES = new WeakMap<Statement, readonly RuleReport[]>();

function statementMismatches(statement: Statement): readonly RuleReport[] {
  if (!('addressFamily' in statement) || !statement.addressFamily) return NO_REPORTS;
  const family = familyOf(statement.addressFamily);
  if (!family) return NO_REPORTS;
  const hosts = 'hosts' in statement && statement.hosts?.kind === 'from-to' ? statement.hosts : undefined;
  const inFrom = endpointMismatches(hosts?.from, family);
  const inTo = endpointMismatches(hosts?.to, family);
  const inNextHops = statement.kind === 'filter-rule' || statement.kind === 'anchor' ? nextHopMismatches(statement, family) : NO_REPORTS;
  // Kept for every statement: most have none, and share one empty list.
  return inFrom.length + inTo.length + inNextHops.length === 0 ? NO_REPORTS : [...inFrom, ...inTo, ...inNextHops];
}

function nextHopMismatches(rule: FilterHead, family: AddressFamily): readonly RuleReport[] {
  const targets = routeTargetsOf(rule);
  if (targets.length === 0) return NO_REPORTS;
  const preferIpv6 = targets.some(({ option }) => option.pool.some((pool) => pool.name.text === 'prefer-ipv6-nexthop'));
  const nextHops = targets.flatMap(({ target }) => {
    const host = target.kind === 'route-interface' ? target.nextHop : target;
    return host ? [host] : [];
  });
  const allowed = preferIpv6 && family === 'inet' ? nextHops.filter((host) => addressLiteral(host)?.address.family !== 'inet6') : nextHops;
  return mismatches(allowed, family, 'the next hops');
}

function familyOf(atom: Atom): AddressFamily | undefined {
  return atom.text === 'inet' || atom.text === 'inet6' ? atom.text : undefined;
}

/**
 * Addresses of the other family in an endpoint's host list. Only a brace
 * list can have any: a single host is its whole list, which `mismatches`
 * leaves to pfctl. Most endpoints are one host, so they cost nothing here.
 */
function endpointMismatches(endpoint: Endpoint | undefined, family: AddressFamily): readonly RuleReport[] {
  return endpoint?.hosts?.kind === 'list' ? mismatches(flattenHosts(endpoint.hosts), family, 'the rule') : NO_REPORTS;
}

/**
 * Addresses of the other family in one list of hosts. A list where nothing
 * can match is left to pfctl's own error (`pf-semantic`): reporting it twice
 * helps nobody. Every list of the ruleset passes here, so the usual case
 * (none) returns the same empty array.
 */
function mismatches(hosts: readonly Host[], family: AddressFamily, what: string): readonly RuleReport[] {
  let wrongCount = 0;
  for (const host of hosts) if (otherFamilyLiteral(host, family)) wrongCount++;
  if (wrongCount === 0 || wrongCount === hosts.length) return NO_REPORTS;
  return hosts
    .map((host) => otherFamilyLiteral(host, family))
    .filter((literal): literal is PfAddressLiteral => literal !== undefined)
    .map((literal) => ({
      range: literal.range,
      message: `${literal.text}${literal.macro ? ` (from $${literal.macro})` : ''} is ${FAMILY_NAME[literal.address.family]} but the rule is \`${family}\`: pfctl silently leaves it out of ${what}`,
    }));
}

const NO_REPORTS: readonly RuleReport[] = [];

/** The literal `host` writes when it is an address of the other family than `family`; only such hosts are parsed. */
function otherFamilyLiteral(host: Host, family: AddressFamily): PfAddressLiteral | undefined {
  const possible = possibleLiteralFamily(host);
  if (possible === undefined || possible === family) return undefined;
  const literal = addressLiteral(host);
  return literal && literal.address.family !== family ? literal : undefined;
}
