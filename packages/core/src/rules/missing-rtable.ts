import type { HostAnalysis } from '../analysis.js';
import type { Fix } from '../findings.js';
import { formatPrefix, prefixCovers, type IpPrefix } from '../net/ip.js';
import type { Route } from '../model/host.js';
import type { PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';
import { anchorScopes, filterRules, loadedPf, macroNote, prefixesOf } from './support/pf.js';
import { isNotGloballyRouted, routingTablesOf } from './support/routing.js';

const DEFAULT_TABLE = 0;

/** A block of public addresses that a non-default FIB delivers to a local interface: only that FIB's uplink may source it. */
interface TunnelSideBlock {
  readonly prefix: IpPrefix;
  readonly table: number;
  /** The local interface the FIB routes the block to (a bridge, an epair), or undefined for the host's own address. */
  readonly interface?: string;
  readonly route: Route;
}

export const missingRtable: Rule = {
  meta: {
    id: 'missing-rtable',
    category: 'routing',
    severity: 'warning',
    summary: 'Traffic from tunnel-side addresses passes in on a local interface without rtable or route-to',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'Finds the public address blocks that a non-default FIB routes to a local interface (a jail bridge, an epair, ' +
        'the loopback) and that FIB 0 does not own: the addresses that only the tunnel side of the host may use as a ' +
        'source. Then it reports every `pass` rule that lets traffic from such a block in on that interface without ' +
        '`rtable N` or `route-to`, unless the traffic is for the host\'s own networks or the interface is in that ' +
        'FIB itself (`ifconfig IF fib N`: what arrives on it is routed there). `dup-to` does not count: it sends ' +
        'a copy, and the packet itself is routed as usual. A rule inside an inline anchor that names no interface ' +
        'takes the anchor\'s `on IF` and family.',
      whyItMatters:
        'Traffic a jail starts from its tunnel-side address arrives on the bridge, is routed in FIB 0 like everything ' +
        'else, and leaves through the first provider. That provider did not assign the address and drops the packet ' +
        'as spoofed. Inbound connections may still work (reply-to takes care of those), so the failure shows up only ' +
        'for connections the jail opens itself: package updates, DNS lookups, outgoing mail.',
      example: {
        language: 'pf',
        bad: 'bgp_net_v6 = "2a06:9801:1c:1000::/64"\npass in quick on bastille0 inet6 from $bgp_net_v6 to any keep state',
        good: 'bgp_net_v6 = "2a06:9801:1c:1000::/64"\npass in quick on bastille0 inet6 from $bgp_net_v6 to any rtable 1 keep state',
        note: 'FIB 1 routes 2a06:9801:1c:1000::/64 to bastille0 and has its default route through the tunnel.',
      },
      fix:
        'Add `rtable N` (the FIB whose default route leads out through the side that owns the addresses) to the rule, ' +
        'or a `route-to` to that side\'s next hop. pflint\'s fix inserts `rtable N` at the end of the rule\'s ' +
        'options, before any trailing `keep state`.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf || analysis.host.kind !== 'freebsd' || analysis.host.tableCount < 2) return;
    const tables = routingTablesOf(analysis);
    const blocks = tunnelSideBlocks(tables).filter((block) => !isTranslatedOnTheWayOut(pf, analysis, block));
    if (blocks.length === 0) return;
    const reported = new Set<string>();
    const context = { pf, interfaces: analysis.host.interfaces };
    const rules = filterRules(pf.rules);
    const scopes = anchorScopes(pf.rules);
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]!;
      // route-to and reply-to send the packet themselves; dup-to only sends a copy, the packet is routed as usual.
      if (rule.action !== 'pass' || rule.direction === 'out' || rule.rtable !== undefined || (rule.route && rule.route.kind !== 'dup-to')) continue;
      // Translated traffic leaves with an address the uplink owns: nothing to spoof.
      if (rule.natTo || rule.afTo || rule.binatTo) continue;
      // A rule in an inline anchor applies on the anchor's interface and family where it names none itself.
      const scope = rule.interface ? undefined : scopes.get(rule);
      const on = rule.interface ?? scope?.on;
      const family = rule.family ?? scope?.family;
      if (on?.negated) continue;
      // Packets are routed in the FIB of the interface they arrive on (`ifconfig IF fib N`) unless a rule sets another.
      const arrivalTable = on ? analysis.host.interfaces.get(on.name)?.fib.value : undefined;
      for (let which = 0; which < blocks.length; which++) {
        const block = blocks[which]!;
        if (on && block.interface && on.name !== block.interface) continue;
        if (arrivalTable === block.table) continue;
        if (family && family !== block.prefix.family) continue;
        const sources = prefixesOf(rule.from.address, block.prefix.family, context);
        // `from any` is left alone: the rule may be meant for other sources, and an earlier rule may route these.
        if (!sources?.some((source) => source.length > 0 && overlaps(source, block.prefix))) continue;
        if (isForLocalNetworks(rule, pf, analysis, tables, block)) continue;
        const key = `${rule.origin.range.file}:${rule.origin.range.start.offset}:${block.table}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const fix = rtableFix(analysis, rule, block.table);
        yield {
          range: rule.origin.range,
          message:
            `traffic from ${formatPrefix(block.prefix)} passes in${on ? ` on ${on.name}` : ''} ` +
            `without \`rtable ${block.table}\` or \`route-to\`: it is routed in FIB ${DEFAULT_TABLE} and leaves through ` +
            `the default uplink, which will drop it as spoofed; add \`rtable ${block.table}\`${macroNote(rule)}`,
          related: [{ range: block.route.source, message: `FIB ${block.table} routes ${formatPrefix(block.prefix)} here` }],
          ...(fix ? { fixes: [fix] } : {}),
        };
      }
    }
  },
};

function overlaps(a: IpPrefix, b: IpPrefix): boolean {
  return prefixCovers(a, b) || prefixCovers(b, a);
}

/**
 * Public blocks that a non-default FIB delivers locally and that FIB 0 does
 * not hold as one of its own connected networks (the first provider's space).
 */
function tunnelSideBlocks(tables: RoutingTables): TunnelSideBlock[] {
  const blocks: TunnelSideBlock[] = [];
  for (const table of tables.tableNumbers()) {
    if (table === DEFAULT_TABLE) continue;
    for (const route of tables.routes(table)) {
      if (route.prefix.length === 0 || isNotGloballyRouted(route.prefix)) continue;
      const target = route.target;
      if (target.kind !== 'interface' && target.kind !== 'local') continue;
      if (target.kind === 'interface' && tables.tunnels.has(target.interface)) continue;
      if (providerOwns(tables, route.prefix)) continue;
      blocks.push({ prefix: route.prefix, table, route, ...(target.kind === 'interface' ? { interface: target.interface } : {}) });
    }
  }
  return blocks;
}

/** A `nat` (or `binat`) rule whose sources cover the block: its traffic leaves FIB 0 with the uplink's address. */
function isTranslatedOnTheWayOut(pf: PfLoadedConfig, analysis: HostAnalysis, block: TunnelSideBlock): boolean {
  return [...pf.rules.nat, ...pf.rules.binat].some((rule) => {
    if (rule.action !== 'nat' && rule.action !== 'binat') return false;
    const sources = prefixesOf(rule.from.address, block.prefix.family, { pf, interfaces: analysis.host.interfaces });
    return sources?.some((source) => prefixCovers(source, block.prefix)) ?? false;
  });
}

/** True when FIB 0's default route leaves by an interface whose connected network holds the block. */
function providerOwns(tables: RoutingTables, prefix: IpPrefix): boolean {
  const defaults = tables.defaultRoutes(DEFAULT_TABLE, prefix.family);
  return defaults.some((route) => {
    if (route.target.kind !== 'gateway') return false;
    const uplink = tables.resolve(DEFAULT_TABLE, route.target.gateway).interface;
    return tables
      .routesCovering(DEFAULT_TABLE, prefix)
      .some((covering) => covering.origin === 'connected' && covering.target.kind === 'interface' && covering.target.interface === uplink);
  });
}

/** Traffic to the host's own networks (routed in FIB 0 to a local interface, not to a gateway) needs no other FIB. */
function isForLocalNetworks(rule: PfRule, pf: PfLoadedConfig, analysis: HostAnalysis, tables: RoutingTables, block: TunnelSideBlock): boolean {
  if (rule.to.address.negated) return false;
  const destinations = prefixesOf(rule.to.address, block.prefix.family, { pf, interfaces: analysis.host.interfaces });
  if (!destinations || destinations.length === 0) return false;
  return destinations.every((destination) => {
    if (destination.length === 0) return false;
    const covering = tables.routesCovering(DEFAULT_TABLE, destination)[0];
    return covering !== undefined && covering.prefix.length > 0 && (covering.target.kind === 'interface' || covering.target.kind === 'local');
  });
}

/** Inserts `rtable N` before the rule's state clause (where pfctl prints it), or at its end. */
function rtableFix(analysis: HostAnalysis, rule: PfRule, table: number): Fix | undefined {
  const file = analysis.sources.get(rule.origin.range.file);
  if (!file) return undefined;
  const statement = file.text.slice(rule.origin.range.start.offset, rule.origin.range.end.offset);
  const stateClause = /\s(?:keep|modulate|synproxy|no)\s+state\b/.exec(statement);
  const at = rule.origin.range.start.offset + (stateClause ? stateClause.index : statement.replace(/\s+$/, '').length);
  return {
    description: `Add rtable ${table}`,
    safety: 'safe',
    edits: [{ range: file.lines.range(file.path, at, at), newText: ` rtable ${table}` }],
  };
}
