import type { HostAnalysis } from '../analysis.js';
import type { TextEdit } from '../findings.js';
import type { AddressInterval, PortInterval, RouteOverride, SessionCriteria } from '../model/host.js';
import { ADDRESS_FAMILIES, formatIp, type IpAddress } from '../net/ip.js';
import { finalResolution, type Resolution } from '../routing/resolve.js';
import type { SessionPacket } from '../routing/overrides.js';
import type { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';
import { intersectIntervals, type Interval, type IntervalSet } from './support/point-sets.js';
import { internetProbe, routingTablesOf } from './support/routing.js';

/** A client port for the sessions a rule stands for, when the rule does not name one. */
const EPHEMERAL_PORT = 49152;

/** Match attributes of the session's first packet and the attribute that matches them on its replies. */
const MIRRORED: readonly (readonly [string, string])[] = [
  ['source-ip', 'target-ip'],
  ['target-ip', 'source-ip'],
  ['source-port', 'target-port'],
  ['target-port', 'source-port'],
  ['protocol', 'protocol'],
];

/** A rule that moves sessions: a route-override rule, or a rule of a rule-set (whose entry criteria also apply). */
interface MovingRule {
  readonly rule: RouteOverride;
  readonly criteria: SessionCriteria | undefined;
  readonly inRuleSet: boolean;
}

function label({ rule, inRuleSet }: MovingRule): string {
  const kind = inRuleSet ? 'rule-set rule' : 'route override rule';
  return rule.name ? `${kind} '${rule.name}'` : `this ${kind}`;
}

/** Route-override rules, then rule-set rules that set a gateway or table, each with what a session must match to reach it. */
function movingRules(analysis: HostAnalysis): MovingRule[] {
  const { host } = analysis;
  const fromRuleSets = (host.ruleSets ?? []).flatMap((ruleSet) =>
    ruleSet.rules
      .filter((rule) => rule.setGateway || rule.setTable !== undefined)
      .flatMap((rule) => {
        // A session reaches the rule only through the rule-set's entry; when none can, the rule moves nothing.
        const criteria = rule.criteria && criteriaIntersection(ruleSet.entry, rule.criteria);
        return criteria ? [{ rule, criteria, inRuleSet: true }] : [];
      }),
  );
  return [...host.routeOverrides.map((rule) => ({ rule, criteria: rule.criteria, inRuleSet: false })), ...fromRuleSets];
}

/**
 * The sessions that match both `a` and `b`, field by field (a field only one
 * of them restricts is that one's), each field lowest first; undefined when
 * no session does.
 */
function criteriaIntersection(a: SessionCriteria, b: SessionCriteria): SessionCriteria | undefined {
  const fields = {
    sourceIp: fieldIntersection(a.sourceIp, b.sourceIp, addressIntersection),
    targetIp: fieldIntersection(a.targetIp, b.targetIp, addressIntersection),
    protocols: fieldIntersection(a.protocols, b.protocols, valueIntersection),
    sourcePorts: fieldIntersection(a.sourcePorts, b.sourcePorts, portIntersection),
    targetPorts: fieldIntersection(a.targetPorts, b.targetPorts, portIntersection),
    sourceInterfaces: fieldIntersection(a.sourceInterfaces, b.sourceInterfaces, valueIntersection),
  };
  if (Object.values(fields).some((items) => items?.length === 0)) return undefined;
  const unknown = [...(a.unknown ?? []), ...(b.unknown ?? [])];
  return {
    ...(Object.fromEntries(Object.entries(fields).filter(([, items]) => items !== undefined)) as SessionCriteria),
    ...(unknown.length > 0 ? { unknown } : {}),
  };
}

/**
 * One field of both: undefined when neither restricts it. A field only one
 * restricts is intersected with itself, which puts it in the same order
 * (lowest first), so that the session checked does not depend on which side
 * restricts what.
 */
function fieldIntersection<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, intersect: (a: readonly T[], b: readonly T[]) => readonly T[]): readonly T[] | undefined {
  if (a === undefined && b === undefined) return undefined;
  return intersect(a ?? b!, b ?? a!);
}

function addressIntersection(a: readonly AddressInterval[], b: readonly AddressInterval[]): AddressInterval[] {
  return ADDRESS_FAMILIES.flatMap((family) => {
    const ofFamily = (intervals: readonly AddressInterval[]): IntervalSet =>
      intervals.filter((interval) => interval.family === family).map((interval): Interval => [interval.first, interval.last]);
    return intersectIntervals(ofFamily(a), ofFamily(b)).map(([first, last]) => ({ family, first, last }));
  });
}

function portIntersection(a: readonly PortInterval[], b: readonly PortInterval[]): PortInterval[] {
  const asSet = (intervals: readonly PortInterval[]): IntervalSet => intervals.map((interval): Interval => [BigInt(interval.first), BigInt(interval.last)]);
  return intersectIntervals(asSet(a), asSet(b)).map(([first, last]) => ({ first: Number(first), last: Number(last) }));
}

/** The values in both, lowest first like the addresses and ports: the session checked has the lowest protocol and interface both allow. */
function valueIntersection<T extends number | string>(a: readonly T[], b: readonly T[]): T[] {
  return a.filter((value) => b.includes(value)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

export const overrideReplyLost: Rule = {
  meta: {
    id: 'override-reply-lost',
    category: 'routing',
    severity: 'warning',
    summary: "A FireBrick route override whose sessions' replies are not routed back to the clients",
    docs: {
      whatItDoes:
        'Follows a session that a `<route-override>` rule sends elsewhere (its `set-table`, its `set-gateway`) as the ' +
        'router does: the first packet leaves by some interface, the replies arrive on that interface and are routed ' +
        'in that interface\'s table, with the override rules scanned again for them. It reports a rule whose clients ' +
        '(its `source-ip`) would not get the replies back on the interface they are on: the reply table has no route ' +
        'to them, or routes them somewhere else (typically out of the same uplink again). Rules of a `<rule-set>` that ' +
        'set a gateway or table are checked the same way, for the sessions that match both the rule-set\'s own match ' +
        'attributes and the rule\'s (none, when the two have no address, port, protocol or interface in common: then ' +
        'there is nothing to check). Rules without a `source-ip` (theirs or their rule-set\'s) are not checked: who ' +
        'the clients are is then unknown. The session checked is the rule\'s first client address with its first ' +
        'protocol and ports (for a rule of a rule-set, the lowest of those it shares with its rule-set); when a ' +
        'rule-set drops or rejects that session, it is never set up and nothing answers it, so there is nothing to report.',
      whyItMatters:
        'The first packet goes out and the far end answers, but the answers leave again by the second uplink or are ' +
        'dropped, so every matching connection hangs in its handshake. It is the FireBrick form of a missing ' +
        '`reply-to` on a dual-uplink FreeBSD host: the forward direction is configured, the return path is not.',
      example: {
        language: 'firebrick',
        bad:
          '<interface name="lan" port="LAN"><subnet ip="192.168.20.1/24"/></interface>\n' +
          '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30" gateway="198.51.100.9"/></interface>\n' +
          '<route-override><rule name="guest-web" source-ip="192.168.20.128/25" protocol="6" target-port="80 443" set-table="1"/></route-override>',
        good:
          '<interface name="lan" port="LAN"><subnet ip="192.168.20.1/24"/></interface>\n' +
          '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30" gateway="198.51.100.9"/></interface>\n' +
          '<route-override><rule name="guest-web" source-ip="192.168.20.128/25" protocol="6" target-port="80 443" set-table="1"/>\n' +
          '<rule name="guest-web-replies" target-ip="192.168.20.128/25" protocol="6" source-port="80 443" set-table="0"/></route-override>',
        note: 'Table 1 has only isp-b\'s subnet and its default route: without the second rule the replies, which arrive on isp-b, go back out of isp-b.',
      },
      fix:
        'Add a rule for the replies after it: the same match with source and target swapped, and `set-table` the ' +
        "clients' table. pflint offers that rule as an unsafe fix (review the table and where to put it).",
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.routeOverrides.length === 0 && (host.ruleSets ?? []).length === 0) return;
    const tables = routingTablesOf(analysis);
    if (!tables.interfaceTables) return;
    for (const moving of movingRules(analysis)) {
      const report = lostReplies(analysis, tables, moving);
      if (report) yield report;
    }
  },
};

function lostReplies(analysis: HostAnalysis, tables: RoutingTables, moving: MovingRule): RuleReport | undefined {
  const { rule: override } = moving;
  const packet = firstPacket(tables, moving);
  if (!packet?.source) return undefined;
  const session = tables.resolveSession(packet);
  // Another rule decides these sessions (an override also replaces what rule-sets set), or they never leave: nothing of this rule's to answer.
  const decided = moving.inRuleSet ? session.override === undefined && session.ruleSetRules?.rules.includes(override) : session.override?.rule === override;
  if (!decided || !session.reply) return undefined;
  const client = finalResolution(tables.resolve(packet.table, packet.source));
  if (client.outcome !== 'interface' || client.interface === undefined) return undefined;
  const back = finalResolution(session.reply.resolution);
  if ((back.outcome === 'interface' || back.outcome === 'tunnel') && back.interface === client.interface) return undefined;
  const replyTable = session.reply.resolution.table;
  const arrival = session.reply.interface;
  const last = back.steps[back.steps.length - 1];
  // A reply rule inside a rule-set would also need the set's entry to match the replies: only overrides get the fix.
  const fix = moving.inRuleSet ? undefined : replyRuleFix(analysis, override, packet.table);
  return {
    range: override.source,
    message:
      `Replies to the sessions ${label(moving)} sends on arrive on ${arrival} and are routed in table ${replyTable}, ` +
      `${where(back)}, not back to ${formatIp(packet.source)} on ${client.interface}: add a rule for the replies that sets table ${packet.table}`,
    ...(last ? { related: [{ range: last.route.source, message: `the route the replies take in table ${back.table}` }] } : {}),
    ...(fix ? { fixes: [fix] } : {}),
  };
}

/** What happens to the replies, for the message. */
function where(back: Resolution): string {
  if (back.outcome === 'interface' || back.outcome === 'tunnel') return `which sends them out of ${back.interface ?? 'a tunnel'}`;
  return `where they are dropped (${back.explanation ?? `${back.outcome} route`})`;
}

/** A first packet the rule matches: its first source and target addresses, protocol and ports, arriving where its clients are. */
function firstPacket(tables: RoutingTables, { rule: override, criteria }: MovingRule): SessionPacket | undefined {
  const sources = criteria?.sourceIp;
  if (!criteria || !sources || sources.length === 0 || (criteria.unknown?.length ?? 0) > 0) return undefined;
  const source = clientAddress(tables, sources[0]!);
  if (!source) return undefined;
  const arrival = criteria.sourceInterfaces?.[0] ?? finalResolution(tables.resolve(0, source)).interface;
  const table = (arrival !== undefined ? tables.interfaceTables?.get(arrival) : undefined) ?? 0;
  const target = criteria.targetIp?.find((candidate) => candidate.family === source.family);
  const destination: IpAddress = target ? { family: target.family, value: target.first } : internetProbe(tables, override.setTable ?? table, source.family);
  return {
    table,
    source,
    destination,
    ...(criteria.protocols?.[0] !== undefined ? { protocol: criteria.protocols[0] } : {}),
    sourcePort: criteria.sourcePorts?.[0]?.first ?? EPHEMERAL_PORT,
    ...(criteria.targetPorts?.[0] !== undefined ? { targetPort: criteria.targetPorts[0].first } : {}),
    ...(arrival !== undefined ? { interface: arrival } : {}),
  };
}

/** A client in the range that table 0 reaches on an interface: not the network address where there is room, not one of the router's own. */
function clientAddress(tables: RoutingTables, interval: AddressInterval): IpAddress | undefined {
  const offsets = interval.last > interval.first ? [1n, 2n, 3n] : [0n];
  for (const offset of offsets) {
    const value = interval.first + offset;
    if (value > interval.last) break;
    const candidate: IpAddress = { family: interval.family, value };
    if (finalResolution(tables.resolve(0, candidate)).outcome === 'interface') return candidate;
  }
  return undefined;
}

/** The rule for the replies, written after the rule on a line of its own, indented as it is. */
function replyRuleFix(analysis: HostAnalysis, override: RouteOverride, clientTable: number) {
  const text = analysis.sources.get(override.source.file)?.text;
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', override.source.start.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, override.source.start.offset))![0];
  const attributes = [
    ...(override.name ? [`name="${override.name}-replies"`] : []),
    ...MIRRORED.flatMap(([forward, reply]) => (override.match[forward] !== undefined ? [`${reply}="${escapeAttribute(override.match[forward])}"`] : [])),
    `set-table="${clientTable}"`,
  ];
  const end = override.source.end;
  const edit: TextEdit = { range: { file: override.source.file, start: end, end }, newText: `\n${indent}<rule ${attributes.join(' ')}/>` };
  return { description: `Add a rule that routes the replies in table ${clientTable}`, safety: 'unsafe' as const, edits: [edit] };
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
