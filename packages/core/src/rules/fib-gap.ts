import type { HostAnalysis } from '../analysis.js';
import type { RelatedLocation } from '../findings.js';
import { ADDRESS_FAMILIES, formatIp, formatPrefix, type AddressFamily, type IpAddress } from '../net/ip.js';
import type { Route, TableUse } from '../model/host.js';
import type { PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';
import { addressPrefixes, familiesOf, filterRules, loadedPf, prefixesOf } from './support/pf.js';
import { internetProbe, routingTablesOf, sampleAddress } from './support/routing.js';

const FAMILY_NAME: Readonly<Record<AddressFamily, string>> = { inet: 'IPv4', inet6: 'IPv6' };

export const fibGap: Rule = {
  meta: {
    id: 'fib-gap',
    category: 'routing',
    severity: 'error',
    summary: 'A FIB in use lacks a default route, or a route to a local network its traffic must reach',
    docs: {
      whatItDoes:
        'For every routing table other than 0 that something uses (`rtable N` in pf.conf, `fib N` on an interface, ' +
        '`-fib N` routes, a jail\'s `exec.fib`, FireBrick `table` and `set-table`), checks three things:\n\n' +
        '1. each address family that traffic in the table carries has a default route, and that route can be ' +
        'installed (its gateway is reachable within the same table);\n' +
        '2. destinations that pf lets in on the table\'s interfaces (including `rdr` targets) and that live on this ' +
        'host (a jail bridge, a loopback address) are routed to the same place as in FIB 0, rather than falling ' +
        'through to the table\'s default route;\n' +
        '3. a tunnel whose outer packets use the table can reach its far endpoint there.\n\n' +
        'For FIB 0, which every host uses, it checks that its default routes can be installed: a `defaultrouter` ' +
        'that no interface\'s network reaches is a typo that leaves the host without a default route.\n\n' +
        'The message names the destination and the route it falls through to.',
      whyItMatters:
        'A FIB other than 0 starts empty: with `net.add_addr_allfibs=0` (the default since FreeBSD 13) it holds only ' +
        'the networks of interfaces placed in it and the routes added with `-fib N`. Traffic from the tunnel to a jail ' +
        'then follows FIB 1\'s default route straight back into the tunnel, or is dropped for lack of any route. ' +
        'The symptom is asymmetric and confusing: the host can reach the Internet through the tunnel, but nothing can ' +
        'reach the jails, or the jails can answer but not start connections.',
      example: {
        language: 'rcconf',
        bad:
          'static_routes="fib1_default"\nroute_fib1_default="-inet default 10.255.255.5 -fib 1"\n' +
          '# pf.conf: pass in on gif0 (FIB 1) to the jail 10.254.254.10 on bastille0',
        good:
          'static_routes="fib1_default fib1_jails"\nroute_fib1_default="-inet default 10.255.255.5 -fib 1"\n' +
          'route_fib1_jails="-net 10.254.254.0/24 -interface bastille0 -fib 1"',
      },
      fix:
        'Add the missing routes to the FIB with `-fib N`: a default route for each family the table carries, and ' +
        '`-net PREFIX -interface IF -fib N` (or `-host ADDRESS -interface IF -fib N`) for each local network or ' +
        'address that its traffic must reach. Alternatively set `net.add_addr_allfibs=1` so that interface networks ' +
        'appear in every FIB.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    const tables = routingTablesOf(analysis);
    const usesByTable = new Map<number, TableUse[]>();
    for (const use of host.tableUses) {
      if (use.table === 0 || use.table >= host.tableCount) continue;
      const uses = usesByTable.get(use.table) ?? [];
      uses.push(use);
      usesByTable.set(use.table, uses);
    }
    const pf = loadedPf(analysis);
    for (const [table, uses] of [...usesByTable].sort(([a], [b]) => a - b)) {
      const trafficUses = uses.filter((use) => use.how !== 'tunnelfib');
      if (trafficUses.length > 0) yield* missingDefaults(analysis, tables, table, trafficUses);
      if (pf && host.kind === 'freebsd') yield* localDestinationsFallingThrough(analysis, pf, tables, table);
    }
    yield* unreachableMainDefaults(tables);
    yield* unreachableTunnelEndpoints(analysis, tables);
  },
};

/** Families the table carries: those of its interfaces' addresses and of the pf rules that select it. */
function familiesCarried(analysis: HostAnalysis, table: number): Set<AddressFamily> {
  const families = new Set<AddressFamily>();
  for (const networkInterface of analysis.host.interfaces.values()) {
    if (networkInterface.fib.value !== table) continue;
    for (const entry of networkInterface.addresses) families.add(entry.address.family);
  }
  for (const jail of analysis.host.jails) {
    if (jail.fib?.value !== table) continue;
    for (const entry of jail.addresses) families.add(entry.address.family);
  }
  const pf = loadedPf(analysis);
  for (const rule of pf ? filterRules(pf.rules) : []) {
    if (rule.rtable === table && rule.family) families.add(rule.family);
  }
  return families;
}

function* missingDefaults(analysis: HostAnalysis, tables: RoutingTables, table: number, uses: readonly TableUse[]): Iterable<RuleReport> {
  const where = uses[0]!;
  const usedAt: RelatedLocation[] = uses.slice(1, 6).map((use) => ({ range: use.source, message: `table ${table} is also used here` }));
  for (const family of [...familiesCarried(analysis, table)].sort()) {
    // A default route, or routes that together cover everything (wg-quick's ::/1 and 8000::/1).
    const probe = internetProbe(tables, table, family);
    const route = tables.lookup(table, probe).routes[0];
    if (!route) {
      yield {
        range: where.source,
        message:
          `table ${table} has no ${FAMILY_NAME[family]} default route: ${FAMILY_NAME[family]} traffic routed in it ` +
          `to anything but its ${tables.routes(table).filter((candidate) => candidate.prefix.family === family).length} ` +
          `specific routes is dropped; add a default route with -fib ${table}`,
        related: usedAt,
      };
      continue;
    }
    const broken = unreachableDefault(tables, table, family, route);
    if (broken) yield { ...broken, related: [{ range: where.source, message: `table ${table} is used here` }, ...usedAt] };
  }
}

/** A default route whose gateway nothing in its table reaches: route(8) fails to add it ("Network is unreachable"). */
function unreachableDefault(tables: RoutingTables, table: number, family: AddressFamily, route: Route): RuleReport | undefined {
  if (route.target.kind !== 'gateway') return undefined;
  const resolution = tables.resolve(table, route.target.gateway);
  // Loops belong to route-loop and tunnelfib-recursion, which say why.
  if (resolution.outcome !== 'unreachable-gateway' && resolution.outcome !== 'no-route') return undefined;
  return {
    range: route.source,
    message:
      `the ${FAMILY_NAME[family]} default route of table ${table} via ${formatIp(route.target.gateway)} cannot work: ` +
      `${resolution.explanation ?? resolution.outcome}; ` +
      (table === 0
        ? 'correct the gateway address, or give an interface an address on its network'
        : `put the interface that reaches the gateway in table ${table} or add an -interface route to the gateway with -fib ${table}`),
  };
}

/** FIB 0 is every host's: its default routes are checked whatever uses it (a mistyped defaultrouter). */
function* unreachableMainDefaults(tables: RoutingTables): Iterable<RuleReport> {
  for (const family of ADDRESS_FAMILIES) {
    for (const route of tables.defaultRoutes(0, family)) {
      const broken = unreachableDefault(tables, 0, family, route);
      if (broken) yield broken;
    }
  }
}

/**
 * Destinations pf admits on the table's interfaces that FIB 0 delivers locally
 * (connected networks, the host's own addresses) but the table sends elsewhere.
 */
function* localDestinationsFallingThrough(analysis: HostAnalysis, pf: PfLoadedConfig, tables: RoutingTables, table: number): Iterable<RuleReport> {
  const interfacesInTable = new Set([...analysis.host.interfaces.values()].filter((entry) => entry.fib.value === table).map((entry) => entry.name));
  if (interfacesInTable.size === 0) return;
  const seen = new Set<string>();
  for (const { rule, destination } of admittedDestinations(analysis, pf, interfacesInTable)) {
    const key = `${destination.family}:${destination.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const home = tables.resolve(0, destination);
    const homeRoute = home.steps[0]?.route;
    if (!homeRoute || homeRoute.prefix.length === 0 || !isLocalDelivery(homeRoute, tables)) continue;
    const here = tables.resolve(table, destination);
    const hereRoute = here.steps[0]?.route;
    if (hereRoute && hereRoute.prefix.length > 0) continue;
    const fallsTo = hereRoute
      ? `falls through to the default route (${here.interface ? `out of ${here.interface}` : here.outcome})`
      : 'has no route at all';
    const suggestion =
      homeRoute.target.kind === 'interface'
        ? `-net ${formatPrefix(homeRoute.prefix)} -interface ${homeRoute.target.interface} -fib ${table}`
        : `-host ${formatIp(destination)} -interface lo0 -fib ${table}`;
    yield {
      range: rule.origin.range,
      message:
        `in table ${table}, ${formatIp(destination)} (let in on ${rule.interface?.name ?? 'the table\'s interfaces'} by this rule) ` +
        `${fallsTo}, but it lives on this host (${describeHome(homeRoute)} in FIB 0); add the route \`${suggestion}\``,
      related: [
        { range: homeRoute.source, message: `FIB 0 delivers ${formatPrefix(homeRoute.prefix)} locally because of this line` },
        ...(hereRoute ? [{ range: hereRoute.source, message: `table ${table} uses this route instead` }] : []),
      ],
    };
  }
}

/** Delivered on this host: to one of its addresses, or onto a local link (not into a tunnel). */
function isLocalDelivery(route: Route, tables: RoutingTables): boolean {
  if (route.target.kind === 'local') return true;
  return route.target.kind === 'interface' && !tables.tunnels.has(route.target.interface);
}

function describeHome(route: Route): string {
  return route.target.kind === 'interface' ? `${formatPrefix(route.prefix)} on ${route.target.interface}` : `a local address`;
}

/** Destinations of inbound pass rules and rdr targets on the given interfaces, with the rule that admits them. */
function* admittedDestinations(
  analysis: HostAnalysis,
  pf: PfLoadedConfig,
  interfaces: ReadonlySet<string>,
): Iterable<{ rule: PfRule; destination: IpAddress }> {
  const context = { pf, interfaces: analysis.host.interfaces };
  const onTable = (rule: PfRule) => rule.interface !== undefined && !rule.interface.negated && interfaces.has(rule.interface.name);
  for (const rule of pf.rules.rdr) {
    if (!onTable(rule) || !rule.redirect) continue;
    for (const target of rule.redirect.addresses) {
      for (const family of ADDRESS_FAMILIES) {
        for (const prefix of addressPrefixes(target.address, family, context) ?? []) {
          if (prefix.length > 0) yield { rule, destination: sampleAddress(prefix) };
        }
      }
    }
  }
  const rules = filterRules(pf.rules);
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    // reply-to and dup-to leave the forward lookup alone; route-to replaces it.
    if (rule.action !== 'pass' || rule.direction === 'out' || !onTable(rule) || rule.route?.kind === 'route-to') continue;
    for (const family of familiesOf(rule, undefined)) {
      for (const prefix of prefixesOf(rule.to.address, family, context) ?? []) {
        if (prefix.length > 0) yield { rule, destination: sampleAddress(prefix) };
      }
    }
  }
}

/** A tunnel whose tunnel FIB has no way at all to its far endpoint. Recursion into itself is `tunnelfib-recursion`. */
function* unreachableTunnelEndpoints(analysis: HostAnalysis, tables: RoutingTables): Iterable<RuleReport> {
  for (const networkInterface of analysis.host.interfaces.values()) {
    if (!networkInterface.tunnel) continue;
    const table = networkInterface.tunnelFib?.value ?? 0;
    const outer = tables.resolve(table, networkInterface.tunnel.destination);
    if (outer.outcome !== 'no-route' && outer.outcome !== 'unreachable-gateway') continue;
    yield {
      range: networkInterface.tunnelFib?.source ?? networkInterface.tunnel.range,
      message:
        `${networkInterface.name}'s far endpoint ${formatIp(networkInterface.tunnel.destination)} is unreachable in ` +
        `FIB ${table}, where its outer packets are routed: ${outer.explanation ?? outer.outcome}`,
      related: outer.steps.map((step) => ({ range: step.route.source, message: `FIB ${table} route on the way` })),
    };
  }
}
