import type { HostAnalysis } from '../analysis.js';
import type { Fix, RelatedLocation } from '../findings.js';
import { ADDRESS_FAMILIES, formatIp, prefixContains, type AddressFamily, type IpAddress, type IpPrefix } from '../net/ip.js';
import type { NetInterface, Route } from '../model/host.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6 } from '../pf/names.js';
import type { PfAddressMatch, PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { Resolution } from '../routing/resolve.js';
import type { RoutingTables } from '../routing/tables.js';
import { startOffsetOf, type SourceRange } from '../source.js';
import type { Rule, RuleReport } from './rule.js';
import { anchorScopes, familiesOf, filterRules, interfaceGroups, loadedPf, macroNote, prefixesOf } from './support/pf.js';
import { internetProbe, routingTablesOf, sampleAddress } from './support/routing.js';

/** The table the host's own sockets answer from: the default FIB, as every process starts in. */
const SOCKET_TABLE = 0;

const TUNNEL_KINDS: ReadonlySet<NetInterface['kind']> = new Set(['gif', 'gre', 'wg', 'tun', 'vxlan']);

export const missingReplyTo: Rule = {
  meta: {
    id: 'missing-reply-to',
    category: 'routing',
    severity: 'warning',
    summary: 'A stateful pass in on a second uplink or tunnel whose replies leave by another interface',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'Looks at every stateful `pass in` rule bound to an interface (`on IF`, a group such as `on gif`, or the ' +
        '`on` of an inline anchor around the rule) that has no `reply-to`, where the interface is a tunnel, sits in a ' +
        'non-default FIB, or is the way out of some default route. It works out ' +
        'the FIB the replies are routed in, as FreeBSD does: the rule\'s `rtable` if it has one (the state applies it ' +
        'to every reply); for connections to the host\'s own addresses, the FIB of the socket that answers (FIB 0, ' +
        'or a non-vnet jail\'s `exec.fib`; for ICMP, which the kernel answers itself, the request\'s FIB); for ' +
        'connections pf passes on, the FIB of the interface the replies come back in by (the one the requests leave ' +
        'by: a jail\'s epair or bridge). Then it asks the routing engine where a reply to the rule\'s sources goes ' +
        'in that FIB. If that is another interface, or nowhere, the rule is reported. `route-to` and `dup-to` act ' +
        'on the requests only, so a rule with them is checked like one without.',
      whyItMatters:
        'The request came in through the tunnel (or the second provider) to an address that belongs to that side. ' +
        'The reply is routed by the ordinary table and leaves through the first provider, with a source address that ' +
        'provider never assigned. Providers drop such packets as spoofed, so the connection hangs after the SYN ' +
        'with no error anywhere: pings through the tunnel fail, web requests time out, and everything looks fine ' +
        'from the host itself.',
      example: {
        language: 'pf',
        bad: 'tun_if = "gif0"\npass in quick on $tun_if inet proto tcp to 194.28.98.217 port 443 keep state',
        good: 'tun_if = "gif0"\ntun_gw_v4 = "10.255.255.5"\npass in quick on $tun_if reply-to ($tun_if $tun_gw_v4) inet proto tcp \\\n    to 194.28.98.217 port 443 keep state',
        note: 'gif0 is in FIB 1 and FIB 0\'s default route points out of vtnet0.',
      },
      fix:
        'Add `reply-to (IF PEER)` right after `on IF`, where PEER is the router at the other end of the interface ' +
        'for the rule\'s address family (the tunnel\'s point-to-point peer, or the gateway of the default route ' +
        'through that interface). Write one rule per address family when the peers differ. pflint\'s fix inserts ' +
        'exactly that, using a macro when one holds the peer address, when the rule has a single address family ' +
        'and the peer is known.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf || analysis.host.kind !== 'freebsd') return;
    const tables = routingTablesOf(analysis);
    // Statement starts already reported, per file, as offset * 2 + (1 for IPv6): one finding per statement and family.
    const reported = new Map<string, Set<number>>();
    // Thousands of rules share a few interfaces and reply addresses: answer each routing question once.
    const mayTakeAnotherPath = new Map<NetInterface, boolean>();
    const replyRoutes = new Map<string, Resolution>();
    const internetReplies = new Map<string, Resolution>();
    // Rules share their address matches (expansion resolves each word once): each is read once per family and table.
    const sourceReplies = new Map<string, Map<PfAddressMatch, Resolution>>();
    const context = { pf, interfaces: analysis.host.interfaces };
    const answeringTables = new AnsweringTables(analysis, tables, context);
    const replies: ReplyRoutes = {
      to(table, address) {
        const key = `${table}:${address.family}:${address.value.toString(16)}`;
        let resolution = replyRoutes.get(key);
        if (!resolution) replyRoutes.set(key, (resolution = tables.resolve(table, address)));
        return resolution;
      },
      toInternet(table, family) {
        const key = `${table}:${family}`;
        let resolution = internetReplies.get(key);
        if (!resolution) internetReplies.set(key, (resolution = this.to(table, internetProbe(tables, table, family))));
        return resolution;
      },
      toSources(table, match, family) {
        const key = `${table}:${family}`;
        let byMatch = sourceReplies.get(key);
        if (!byMatch) sourceReplies.set(key, (byMatch = new Map()));
        let resolution = byMatch.get(match);
        if (!resolution) {
          const sources = prefixesOf(match, family, context);
          // A source the rule names exactly is where the reply goes; otherwise any Internet host may have asked.
          const named = sources && sources.length > 0 && sources[0]!.length > 0 ? sources[0]! : undefined;
          resolution = named ? this.to(table, answeringTables.sampleServer(named)) : this.toInternet(table, family);
          byMatch.set(match, resolution);
        }
        return resolution;
      },
    };
    const fromAnchors = anchorScopes(pf.rules);
    const rules = filterRules(pf.rules);
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]!;
      const scope = rule.interface ? undefined : fromAnchors.get(rule);
      const on = rule.interface ?? scope?.on;
      if (!on || on.negated || !isCandidate(rule)) continue;
      for (const networkInterface of interfacesNamed(analysis.host.interfaces, on.name)) {
        let anotherPath = mayTakeAnotherPath.get(networkInterface);
        if (anotherPath === undefined) mayTakeAnotherPath.set(networkInterface, (anotherPath = repliesMayTakeAnotherPath(networkInterface, tables)));
        if (!anotherPath) continue;
        // The statement's position is read only once something in its file was reported: most rules report nothing.
        const range = rule.origin.range;
        let reportedInFile = reported.get(range.file);
        for (const family of familiesOf(rule, networkInterface)) {
          if (reportedInFile?.has(reportedKey(range, family)) || (scope?.family && scope.family !== family)) continue;
          const report = checkFamily(analysis, pf, tables, replies, rule, networkInterface, family, answeringTables.of(rule, networkInterface, family));
          if (report) {
            if (!reportedInFile) reported.set(range.file, (reportedInFile = new Set()));
            reportedInFile.add(reportedKey(range, family));
            yield report;
          }
        }
      }
    }
  },
};

/** The interfaces an `on NAME` stands for: the interface of that name, else the members of the group. */
function interfacesNamed(interfaces: ReadonlyMap<string, NetInterface>, name: string): readonly NetInterface[] {
  const networkInterface = interfaces.get(name);
  return networkInterface ? [networkInterface] : (interfaceGroups(interfaces).get(name) ?? []);
}

/** Where replies go in a table, asked once per address. */
interface ReplyRoutes {
  to(table: number, address: IpAddress): Resolution;
  /** Replies to "someone on the Internet" of this family. */
  toInternet(table: number, family: AddressFamily): Resolution;
  /** Replies to the sources a rule matches, in this family. */
  toSources(table: number, match: PfAddressMatch, family: AddressFamily): Resolution;
}

/**
 * The FIB the replies to a rule's connections are routed in, on FreeBSD: the
 * rule's `rtable` (its state sets that FIB on every reply); else, for
 * connections to the host's own addresses, the FIB of the socket that
 * answers (the default one, or a non-vnet jail's `exec.fib` for the jail's
 * addresses; for ICMP, which the kernel answers, the request's FIB); else, for connections pf passes on, the FIB of the interface
 * the replies come back in on: the one the requests leave by.
 */
class AnsweringTables {
  /** `family:value` of each local address, with the FIB its sockets answer from. */
  private readonly local = new Map<string, number>();
  private readonly known = new Map<string, Map<PfAddressMatch, number>>();
  private readonly byRoute = new Map<Route, number>();

  constructor(
    private readonly analysis: HostAnalysis,
    private readonly tables: RoutingTables,
    private readonly context: { readonly pf: PfLoadedConfig; readonly interfaces: ReadonlyMap<string, NetInterface> },
  ) {
    for (const networkInterface of analysis.host.interfaces.values()) {
      for (const entry of networkInterface.addresses) this.local.set(addressKey(entry.address), SOCKET_TABLE);
    }
    for (const jail of analysis.host.jails) {
      if (jail.vnet || !jail.fib) continue;
      for (const entry of jail.addresses) this.local.set(addressKey(entry.address), jail.fib.value);
    }
  }

  of(rule: PfRule, arrival: NetInterface, family: AddressFamily): number {
    if (rule.rtable !== undefined) return rule.rtable;
    const icmp = rule.protocol === IPPROTO_ICMP || rule.protocol === IPPROTO_ICMPV6;
    // Rules share their address matches (see `sourceReplies`): each is read once per interface, family and kind.
    const key = `${arrival.name}:${family}:${icmp}`;
    let byMatch = this.known.get(key);
    if (!byMatch) this.known.set(key, (byMatch = new Map()));
    let table = byMatch.get(rule.to.address);
    if (table === undefined) {
      const address = rule.to.address.address;
      const first = prefixesOf(rule.to.address, family, this.context)?.[0];
      if ((address.kind === 'interface' || address.kind === 'dynamic') && address.interface === 'self') table = this.answeredHere(arrival, SOCKET_TABLE, icmp);
      else if (first && first.length > 0) table = this.forDestination(arrival, first, icmp);
      else table = this.forAnyDestination(arrival, family, icmp);
      byMatch.set(rule.to.address, table);
    }
    return table;
  }

  /** The FIB the host answers in: its socket's, except for ICMP, which the kernel answers (icmp_reflect) in the request's. */
  private answeredHere(arrival: NetInterface, socketTable: number, icmp: boolean): number {
    return icmp ? arrival.fib.value : socketTable;
  }

  /** An address in `prefix` that is not the host's own, where there is one: a network's first address often is. */
  sampleServer(prefix: IpPrefix): IpAddress {
    const sample = sampleAddress(prefix);
    const neighbour = { family: sample.family, value: sample.value + 1n };
    return this.local.has(addressKey(sample)) && prefixContains(prefix, neighbour) ? neighbour : sample;
  }

  private forDestination(arrival: NetInterface, destinations: IpPrefix, icmp: boolean): number {
    const destination = this.sampleServer(destinations);
    const owner = this.local.get(addressKey(destination));
    if (owner !== undefined) return this.answeredHere(arrival, owner, icmp);
    // Where a route leads does not depend on which of its destinations asks: resolved once per route.
    const route = this.tables.lookup(arrival.fib.value, destination).routes[0];
    if (!route) return SOCKET_TABLE;
    let table = this.byRoute.get(route);
    if (table === undefined) this.byRoute.set(route, (table = this.fibOf(this.tables.resolve(arrival.fib.value, destination).interface)));
    return table;
  }

  /**
   * `to any`: where the Internet is reached by another interface than the one
   * the rule is on (a jail's epair, a LAN), the connections are passed on and
   * their replies come back in by that interface; where it is the same one
   * (an uplink, a tunnel), they are for the host itself.
   */
  private forAnyDestination(arrival: NetInterface, family: AddressFamily, icmp: boolean): number {
    const leavesBy = this.tables.resolve(arrival.fib.value, internetProbe(this.tables, arrival.fib.value, family)).interface;
    return leavesBy === arrival.name ? this.answeredHere(arrival, SOCKET_TABLE, icmp) : this.fibOf(leavesBy);
  }

  private fibOf(name: string | undefined): number {
    return (name === undefined ? undefined : this.analysis.host.interfaces.get(name)?.fib.value) ?? SOCKET_TABLE;
  }
}

function addressKey(address: IpAddress): string {
  return `${address.family}:${address.value.toString(16)}`;
}

/** A statement and family as one number: its start offset, doubled, plus 1 for IPv6. */
function reportedKey(range: SourceRange, family: AddressFamily): number {
  return startOffsetOf(range) * 2 + (family === 'inet6' ? 1 : 0);
}

/** Stateful pass-in rules; `route-to` and `dup-to` act on the requests only, so they count too. */
function isCandidate(rule: PfRule): boolean {
  return rule.action === 'pass' && rule.direction !== 'out' && rule.state !== 'none' && rule.route?.kind !== 'reply-to';
}

/** Tunnels, interfaces in another FIB, and interfaces some default route leaves by. */
function repliesMayTakeAnotherPath(networkInterface: NetInterface, tables: RoutingTables): boolean {
  if (networkInterface.fib.value !== SOCKET_TABLE || TUNNEL_KINDS.has(networkInterface.kind)) return true;
  return tables.tableNumbers().some((table) =>
    ADDRESS_FAMILIES.some((family) =>
      tables.defaultRoutes(table, family).some((route) => {
        const probe = internetProbe(tables, table, family);
        return route === tables.lookup(table, probe).routes[0] && tables.resolve(table, probe).interface === networkInterface.name;
      }),
    ),
  );
}

function checkFamily(
  analysis: HostAnalysis,
  pf: PfLoadedConfig,
  tables: RoutingTables,
  replies: ReplyRoutes,
  rule: PfRule,
  networkInterface: NetInterface,
  family: AddressFamily,
  table: number,
): RuleReport | undefined {
  const resolution = replies.toSources(table, rule.from.address, family);
  if (resolution.interface === networkInterface.name) return undefined;

  const related: RelatedLocation[] = resolution.steps.map((step) => ({
    range: step.route.source,
    message: `FIB ${step.table}: ${formatIp(step.address)} is routed by this line`,
  }));
  if (networkInterface.fib.source) {
    related.push({ range: networkInterface.fib.source, message: `${networkInterface.name} is put in FIB ${networkInterface.fib.value} here` });
  }
  const where =
    resolution.outcome === 'interface' || resolution.outcome === 'tunnel'
      ? `leave through ${resolution.interface ?? 'another path'}`
      : `find no way out (${resolution.explanation ?? resolution.outcome})`;
  const peer = peerOf(networkInterface, family, tables);
  const replyTo = `reply-to (${networkInterface.name} ${peer ? formatIp(peer) : 'PEER'})`;
  // A rule takes one route option: where it has route-to or dup-to, the reply-to cannot simply be added.
  const fix = peer && !rule.route ? replyToFix(analysis, pf, rule, networkInterface, family, peer) : undefined;
  const advice = rule.route
    ? `its \`${rule.route.kind}\` acts on the requests only; \`${replyTo}\` takes its place, as a rule has one route option`
    : `add \`${replyTo}\``;
  return {
    range: rule.origin.range,
    message:
      `${family === 'inet' ? 'IPv4' : 'IPv6'} replies to connections passed in on ${networkInterface.name} ` +
      `would be routed in FIB ${table} and ${where}, not back through ${networkInterface.name}; ${advice}${macroNote(rule)}`,
    related,
    ...(fix ? { fixes: [fix] } : {}),
  };
}

/** The router at the far end of the interface: its point-to-point peer, or the gateway of a default route through it. */
function peerOf(networkInterface: NetInterface, family: AddressFamily, tables: RoutingTables): IpAddress | undefined {
  const pointToPoint = networkInterface.addresses.find((entry) => entry.address.family === family && entry.peer);
  if (pointToPoint?.peer) return pointToPoint.peer;
  const table = networkInterface.fib.value;
  for (const route of tables.defaultRoutes(table, family)) {
    if (route.target.kind !== 'gateway') continue;
    if (tables.resolve(table, route.target.gateway).interface === networkInterface.name) return route.target.gateway;
  }
  return undefined;
}

/**
 * Inserts `reply-to (IF PEER)` after the rule's `on IF` (FreeBSD) or at the end
 * of the rule (OpenBSD, where route options are trailing and take only the peer).
 * Offered only when the rule is of one family, so one peer is right for all of it.
 */
function replyToFix(
  analysis: HostAnalysis,
  pf: PfLoadedConfig,
  rule: PfRule,
  networkInterface: NetInterface,
  family: AddressFamily,
  peer: IpAddress,
): Fix | undefined {
  if (!rule.family && new Set(networkInterface.addresses.map((entry) => entry.address.family)).size > 1) return undefined;
  // `on` names a group, or comes from an anchor around the rule: which member's peer to write is not the rule's to say.
  if (rule.interface?.name !== networkInterface.name) return undefined;
  const file = analysis.sources.get(rule.origin.range.file);
  if (!file) return undefined;
  const statement = file.text.slice(rule.origin.range.start.offset, rule.origin.range.end.offset);
  const peerText = macroHolding(pf, formatIp(peer)) ?? formatIp(peer);
  if (pf.dialect === 'openbsd') {
    const end = rule.origin.range.end.offset;
    return {
      description: `Add reply-to ${peerText}`,
      safety: 'safe',
      edits: [{ range: file.lines.range(file.path, end, end), newText: ` reply-to ${peerText}` }],
    };
  }
  const on = /\bon\s+(?:\{[^}]*\}|\S+)/.exec(statement);
  if (!on) return undefined;
  const interfaceText = on[0].replace(/^on\s+/, '');
  const at = rule.origin.range.start.offset + on.index + on[0].length;
  const text = `reply-to (${interfaceText.startsWith('{') ? networkInterface.name : interfaceText} ${peerText})`;
  return {
    description: `Add ${text}`,
    safety: 'safe',
    edits: [{ range: file.lines.range(file.path, at, at), newText: ` ${text}` }],
  };
}

/** `$name` of a macro whose whole value is `text`, so a fix reads like the rest of the file. */
function macroHolding(pf: PfLoadedConfig, text: string): string | undefined {
  for (const item of pf.parseTime) {
    if (item.kind === 'macro' && item.value.replace(/^"|"$/g, '').trim() === text) return `$${item.name}`;
  }
  return undefined;
}
