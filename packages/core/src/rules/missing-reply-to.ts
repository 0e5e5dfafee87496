import type { HostAnalysis } from '../analysis.js';
import type { Fix, RelatedLocation } from '../findings.js';
import { ADDRESS_FAMILIES, formatIp, type AddressFamily, type IpAddress } from '../net/ip.js';
import type { NetInterface } from '../model/host.js';
import type { PfAddressMatch, PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { Resolution } from '../routing/resolve.js';
import type { RoutingTables } from '../routing/tables.js';
import { startOffsetOf, type SourceRange } from '../source.js';
import type { Rule, RuleReport } from './rule.js';
import { familiesOf, filterRules, loadedPf, macroNote, prefixesOf } from './support/pf.js';
import { internetProbe, routingTablesOf, sampleAddress } from './support/routing.js';

/** The table replies are routed in: sockets and jails behind a FIB 0 bridge use the default FIB. */
const REPLY_TABLE = 0;

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
        'Looks at every stateful `pass in` rule bound to one interface (`on IF`) that has no `reply-to`, where the ' +
        'interface is a tunnel, sits in a non-default FIB, or is the way out of some default route. It asks the ' +
        'routing engine where a reply to the rule\'s sources would go in FIB 0, the table that sockets and jails ' +
        'behind a FIB 0 bridge route their replies in. If that is another interface, or nowhere, the rule is reported.',
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
    const internetReplies = new Map<AddressFamily, Resolution>();
    // Rules share their address matches (expansion resolves each word once): each is read once per family.
    const sourceReplies: Readonly<Record<AddressFamily, Map<PfAddressMatch, Resolution>>> = { inet: new Map(), inet6: new Map() };
    const context = { pf, interfaces: analysis.host.interfaces };
    const replies: ReplyRoutes = {
      to(address) {
        const key = `${address.family}:${address.value.toString(16)}`;
        let resolution = replyRoutes.get(key);
        if (!resolution) replyRoutes.set(key, (resolution = tables.resolve(REPLY_TABLE, address)));
        return resolution;
      },
      toInternet(family) {
        let resolution = internetReplies.get(family);
        if (!resolution) internetReplies.set(family, (resolution = this.to(internetProbe(tables, REPLY_TABLE, family))));
        return resolution;
      },
      toSources(match, family) {
        let resolution = sourceReplies[family].get(match);
        if (!resolution) {
          const sources = prefixesOf(match, family, context);
          // A source the rule names exactly is where the reply goes; otherwise any Internet host may have asked.
          resolution = sources && sources.length > 0 && sources[0]!.length > 0 ? this.to(sampleAddress(sources[0]!)) : this.toInternet(family);
          sourceReplies[family].set(match, resolution);
        }
        return resolution;
      },
    };
    const rules = filterRules(pf.rules);
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]!;
      if (!isCandidate(rule)) continue;
      const networkInterface = analysis.host.interfaces.get(rule.interface!.name);
      if (!networkInterface) continue;
      let anotherPath = mayTakeAnotherPath.get(networkInterface);
      if (anotherPath === undefined) mayTakeAnotherPath.set(networkInterface, (anotherPath = repliesMayTakeAnotherPath(networkInterface, tables)));
      if (!anotherPath) continue;
      // The statement's position is read only once something in its file was reported: most rules report nothing.
      const range = rule.origin.range;
      let reportedInFile = reported.get(range.file);
      for (const family of familiesOf(rule, networkInterface)) {
        if (reportedInFile?.has(reportedKey(range, family))) continue;
        const report = checkFamily(analysis, pf, tables, replies, rule, networkInterface, family);
        if (report) {
          if (!reportedInFile) reported.set(range.file, (reportedInFile = new Set()));
          reportedInFile.add(reportedKey(range, family));
          yield report;
        }
      }
    }
  },
};

/** Where replies go in the reply table, asked once per address. */
interface ReplyRoutes {
  to(address: IpAddress): Resolution;
  /** Replies to "someone on the Internet" of this family. */
  toInternet(family: AddressFamily): Resolution;
  /** Replies to the sources a rule matches, in this family. */
  toSources(match: PfAddressMatch, family: AddressFamily): Resolution;
}

/** A statement and family as one number: its start offset, doubled, plus 1 for IPv6. */
function reportedKey(range: SourceRange, family: AddressFamily): number {
  return startOffsetOf(range) * 2 + (family === 'inet6' ? 1 : 0);
}

function isCandidate(rule: PfRule): boolean {
  return (
    rule.action === 'pass' &&
    rule.direction !== 'out' &&
    rule.state !== 'none' &&
    rule.interface !== undefined &&
    !rule.interface.negated &&
    rule.route?.kind !== 'reply-to' &&
    rule.route?.kind !== 'route-to'
  );
}

/** Tunnels, interfaces in another FIB, and interfaces some default route leaves by. */
function repliesMayTakeAnotherPath(networkInterface: NetInterface, tables: RoutingTables): boolean {
  if (networkInterface.fib.value !== REPLY_TABLE || TUNNEL_KINDS.has(networkInterface.kind)) return true;
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
): RuleReport | undefined {
  const resolution = replies.toSources(rule.from.address, family);
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
  const fix = peer ? replyToFix(analysis, pf, rule, networkInterface, family, peer) : undefined;
  const advice = peer ? `add \`reply-to (${networkInterface.name} ${formatIp(peer)})\`` : `add \`reply-to (${networkInterface.name} PEER)\``;
  return {
    range: rule.origin.range,
    message:
      `${family === 'inet' ? 'IPv4' : 'IPv6'} replies to connections passed in on ${networkInterface.name} ` +
      `would be routed in FIB ${REPLY_TABLE} and ${where}, not back through ${networkInterface.name}; ${advice}${macroNote(rule)}`,
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
