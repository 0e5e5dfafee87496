import { formatIp, formatPrefix } from '../net/ip.js';
import type { SourceRange } from '../source.js';
import type { Finding, Severity } from '../findings.js';
import { RoutingTables } from '../routing/tables.js';
import type { Resolution, ResolutionStep } from '../routing/resolve.js';
import type { FilterAction, SessionFilter } from '../routing/overrides.js';
import type {
  AddressInterval,
  HostModel,
  InterfaceAddress,
  Jail,
  NetInterface,
  PortInterval,
  Route,
  RouteCondition,
  RouteOverride,
  RouteTarget,
  SessionCriteria,
  SessionRule,
  Setting,
  TableUse,
  WireguardSettings,
} from './host.js';

/*
 * What `pflint model` prints: the host model as people read it (text) and as
 * programs read it (JSON). Both list interfaces by name and every table's
 * routes in address order, each with the place in the configuration that
 * made it.
 */

/** Bumped whenever a field of the JSON shape changes meaning or disappears; additions keep it. */
export const MODEL_JSON_VERSION = 1;

/** `file:line:column`, 1-based, of where something was written. */
export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface JsonSetting<T> {
  readonly value: T;
  /** Absent for built-in defaults. */
  readonly source?: JsonLocation;
}

export interface JsonAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  /** The connected prefix, `network/length`. */
  readonly prefix: string;
  readonly peer?: string;
  readonly source: JsonLocation;
}

export interface JsonInterface {
  readonly name: string;
  readonly originalName?: string;
  readonly kind: string;
  readonly driver?: string;
  readonly fib: JsonSetting<number>;
  readonly tunnelFib?: JsonSetting<number>;
  readonly tunnel?: { readonly source: string; readonly destination: string; readonly location: JsonLocation };
  readonly addresses: readonly JsonAddress[];
  readonly mtu: JsonSetting<number>;
  /** Only the offloads the configuration sets; absent ones are the driver's default. */
  readonly offload: Readonly<Record<string, JsonSetting<boolean>>>;
  readonly bridgeMembers: readonly string[];
  readonly jail?: string;
  readonly dhcp: boolean;
  readonly source?: JsonLocation;
  /** Where a boot-time command supplies part of the configuration, so the model may be incomplete. */
  readonly dynamicConfiguration?: JsonLocation;
  /** `ipv6_prefix_<if>` prefixes whose own address rc derives from the MAC at boot (EUI-64). */
  readonly eui64Prefixes?: readonly { readonly prefix: string; readonly source: JsonLocation }[];
  /** rc does not configure the interface at boot; where that is decided. */
  readonly notStarted?: JsonLocation;
  readonly wireguard?: {
    readonly listenPort?: JsonSetting<number>;
    readonly peers: readonly {
      readonly endpoint?: { readonly host: string; readonly address?: string; readonly port?: number; readonly source: JsonLocation };
      readonly allowedIps: readonly string[];
      readonly source: JsonLocation;
    }[];
  };
}

export type JsonRouteTarget =
  | { readonly kind: 'interface'; readonly interface: string }
  | { readonly kind: 'gateway'; readonly gateway: string }
  | { readonly kind: 'local' | 'blackhole' | 'reject' }
  | { readonly kind: 'tunnel'; readonly interface?: string; readonly endpoint: string; readonly wrapperTable: number };

export interface JsonRoute {
  readonly family: 'inet' | 'inet6';
  readonly prefix: string;
  readonly target: JsonRouteTarget;
  readonly localpref: number;
  readonly origin: string;
  readonly name?: string;
  /** As written on the element (`speed`, `graph`, `profile`). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** What the route depends on: it exists only while each holds (a profile is on, a link is up). */
  readonly conditions?: readonly RouteCondition[];
  readonly source: JsonLocation;
}

export interface JsonTable {
  readonly table: number;
  /** False for a table that routes use but the host does not have (number ≥ the table count). */
  readonly exists: boolean;
  readonly routes: readonly JsonRoute[];
}

export interface JsonJail {
  readonly name: string;
  readonly vnet: boolean;
  readonly fib?: JsonSetting<number>;
  readonly interfaces: readonly string[];
  readonly addresses: readonly JsonAddress[];
  readonly path?: string;
  readonly source: JsonLocation;
  /** The jail's own model when its root was part of the host. */
  readonly host?: JsonHostModel;
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly source: JsonLocation;
}

/** The documented output of `pflint model --format json`. */
export interface JsonHostModel {
  readonly format: 'pflint-model';
  readonly version: typeof MODEL_JSON_VERSION;
  readonly kind: HostModel['kind'];
  readonly name: string;
  readonly files: readonly string[];
  readonly tableCount: JsonSetting<number>;
  readonly forwarding: { readonly inet: JsonSetting<boolean>; readonly inet6: JsonSetting<boolean> };
  readonly addAddrAllFibs: JsonSetting<boolean>;
  readonly pfEnabled?: JsonSetting<boolean>;
  readonly interfaces: readonly JsonInterface[];
  readonly tables: readonly JsonTable[];
  readonly jails: readonly JsonJail[];
  readonly tableUses: readonly { readonly table: number; readonly how: TableUse['how']; readonly source: JsonLocation }[];
  readonly routeOverrides: readonly JsonRouteOverride[];
  /** FireBrick rule-sets, when the file has any. */
  readonly ruleSets?: readonly JsonRuleSet[];
  readonly findings: readonly JsonFinding[];
}

export interface JsonRuleSet {
  readonly name?: string;
  readonly entry: NonNullable<JsonRouteOverride['criteria']>;
  readonly noMatchAction?: string;
  readonly rules: readonly (JsonRouteOverride & { readonly action?: string })[];
  readonly source: JsonLocation;
}

export interface JsonRouteOverride {
  readonly name?: string;
  readonly match: Readonly<Record<string, string>>;
  readonly setGateway?: string;
  readonly setTable?: number;
  readonly source: JsonLocation;
  /** The match as the routing engine compares it: ranges as `first-last` (or one value), IP groups resolved. */
  readonly criteria?: {
    readonly sourceIp?: readonly string[];
    readonly targetIp?: readonly string[];
    readonly protocols?: readonly number[];
    readonly sourcePorts?: readonly string[];
    readonly targetPorts?: readonly string[];
    readonly sourceInterfaces?: readonly string[];
    readonly unknown?: readonly string[];
  };
}

export interface JsonResolutionStep {
  readonly table: number;
  readonly address: string;
  readonly reason: ResolutionStep['reason'];
  readonly route: JsonRoute;
  readonly alternatives: readonly JsonRoute[];
  readonly tie?: string;
}

/** `pflint model --resolve` as JSON: a `Resolution` with addresses as strings and routes as in `tables`. */
export interface JsonResolution {
  readonly table: number;
  readonly destination: string;
  readonly outcome: Resolution['outcome'];
  readonly interface?: string;
  readonly nextHop?: string;
  readonly explanation?: string;
  /** The next hop is the IPv4 subnet's broadcast address. */
  readonly broadcast?: true;
  /** The route override that decided the session, and the table the packet arrived in. */
  readonly override?: JsonRouteOverride & { readonly fromTable: number };
  /** The rule-set rules that set the session's gateway or table, and the table the packet arrived in. */
  readonly ruleSetRules?: { readonly rules: readonly JsonRouteOverride[]; readonly fromTable: number };
  readonly steps: readonly JsonResolutionStep[];
  readonly tunnel?: {
    readonly interface?: string;
    readonly endpoint: string;
    readonly wrapperTable: number;
    readonly sixInFour: boolean;
    readonly outer: JsonResolution;
  };
  /** How the session's replies come back: the interface they arrive on, and their own resolution. */
  readonly reply?: { readonly interface: string; readonly resolution: JsonResolution };
  /** Where the packet goes while a profile a route on the way depends on is off. */
  readonly whileProfileOff?: { readonly profile: string; readonly resolution: JsonResolution };
  /** Where the packet goes while a link (an FB105 tunnel) a route on the way depends on is down. */
  readonly whileLinkDown?: { readonly interface: string; readonly resolution: JsonResolution };
  /** For outcome `filtered`: the rule-set, and the rule unless its `no-match-action` decided, that drops or rejects the session. */
  readonly filter?: {
    readonly action: FilterAction;
    readonly ruleSet: { readonly name?: string; readonly source: JsonLocation };
    readonly rule?: JsonRouteOverride & { readonly action?: string };
  };
}

export function resolutionToJson(resolution: Resolution): JsonResolution {
  const { tunnel } = resolution;
  return {
    table: resolution.table,
    destination: formatIp(resolution.destination),
    outcome: resolution.outcome,
    ...(resolution.interface !== undefined ? { interface: resolution.interface } : {}),
    ...(resolution.nextHop ? { nextHop: formatIp(resolution.nextHop) } : {}),
    ...(resolution.explanation !== undefined ? { explanation: resolution.explanation } : {}),
    ...(resolution.broadcast ? { broadcast: true as const } : {}),
    ...(resolution.ruleSetRules ? { ruleSetRules: { rules: resolution.ruleSetRules.rules.map(overrideToJson), fromTable: resolution.ruleSetRules.fromTable } } : {}),
    ...(resolution.override ? { override: { ...overrideToJson(resolution.override.rule), fromTable: resolution.override.fromTable } } : {}),
    steps: resolution.steps.map((step) => ({
      table: step.table,
      address: formatIp(step.address),
      reason: step.reason,
      route: routeToJson(step.route),
      alternatives: step.alternatives.map(routeToJson),
      ...(step.tie ? { tie: step.tie } : {}),
    })),
    ...(tunnel
      ? {
          tunnel: {
            ...(tunnel.interface !== undefined ? { interface: tunnel.interface } : {}),
            endpoint: formatIp(tunnel.endpoint),
            wrapperTable: tunnel.wrapperTable,
            sixInFour: tunnel.sixInFour,
            outer: resolutionToJson(tunnel.outer),
          },
        }
      : {}),
    ...(resolution.reply ? { reply: { interface: resolution.reply.interface, resolution: resolutionToJson(resolution.reply.resolution) } } : {}),
    ...(resolution.whileConditionFails ? whileConditionFailsToJson(resolution.whileConditionFails) : {}),
    ...(resolution.filter ? { filter: filterToJson(resolution.filter) } : {}),
  };
}

function whileConditionFailsToJson({ condition, resolution }: NonNullable<Resolution['whileConditionFails']>): Pick<JsonResolution, 'whileProfileOff' | 'whileLinkDown'> {
  return condition.kind === 'profile'
    ? { whileProfileOff: { profile: condition.profile, resolution: resolutionToJson(resolution) } }
    : { whileLinkDown: { interface: condition.interface, resolution: resolutionToJson(resolution) } };
}

function filterToJson(filter: SessionFilter): NonNullable<JsonResolution['filter']> {
  const { ruleSet, rule } = filter;
  return {
    action: filter.action,
    ruleSet: { ...(ruleSet.name ? { name: ruleSet.name } : {}), source: location(ruleSet.source) },
    ...(rule ? { rule: sessionRuleToJson(rule) } : {}),
  };
}

/** The host model as a plain JSON value (stable field order, interfaces by name, routes by address). */
export function hostModelToJson(host: HostModel): JsonHostModel {
  const tableCount: JsonSetting<number> = host.tableCountSource
    ? { value: host.tableCount, source: location(host.tableCountSource) }
    : { value: host.tableCount };
  return {
    format: 'pflint-model',
    version: MODEL_JSON_VERSION,
    kind: host.kind,
    name: host.name,
    files: [...host.files],
    tableCount,
    forwarding: { inet: setting(host.forwarding.inet), inet6: setting(host.forwarding.inet6) },
    addAddrAllFibs: setting(host.addAddrAllFibs),
    ...(host.pfEnabled ? { pfEnabled: setting(host.pfEnabled) } : {}),
    interfaces: sortedInterfaces(host).map(interfaceToJson),
    tables: tablesOf(host).map(({ table, exists, routes }) => ({ table, exists, routes: routes.map(routeToJson) })),
    jails: host.jails.map(jailToJson),
    tableUses: host.tableUses.map((use) => ({ table: use.table, how: use.how, source: location(use.source) })),
    routeOverrides: host.routeOverrides.map(overrideToJson),
    ...(host.ruleSets
      ? {
          ruleSets: host.ruleSets.map((ruleSet) => ({
            ...(ruleSet.name ? { name: ruleSet.name } : {}),
            entry: criteriaToJson(ruleSet.entry),
            ...(ruleSet.noMatchAction !== undefined ? { noMatchAction: ruleSet.noMatchAction } : {}),
            rules: ruleSet.rules.map(sessionRuleToJson),
            source: location(ruleSet.source),
          })),
        }
      : {}),
    findings: host.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      source: location(finding.range),
    })),
  };
}

/** The host model for people: one section per interface and per table, `file:line` on every line. */
export function formatHostModel(host: HostModel): string {
  const out: string[] = [];
  const tableWord = host.kind === 'freebsd' ? 'FIB' : 'table';
  out.push(`${host.kind === 'freebsd' ? 'FreeBSD host' : 'FireBrick'} ${host.name}`);
  if (host.files.length > 0) out.push(`files: ${host.files.join(', ')}`);
  // A FireBrick has no table count setting: its tables are the ones its configuration uses.
  const countSource = host.tableCountSource ? ` (${where(host.tableCountSource)})` : host.kind === 'firebrick' ? ' (the highest table used + 1)' : ' (default)';
  out.push(`${host.kind === 'freebsd' ? 'FIBs (net.fibs)' : 'tables'}: ${host.tableCount}${countSource}`);
  out.push(`forwarding: inet ${yesNo(host.forwarding.inet)}, inet6 ${yesNo(host.forwarding.inet6)}`);
  if (host.kind === 'freebsd') out.push(`net.add_addr_allfibs: ${yesNo(host.addAddrAllFibs)}`);
  if (host.pfEnabled) out.push(`pf_enable: ${yesNo(host.pfEnabled)}`);

  const interfaces = sortedInterfaces(host);
  out.push('', `interfaces (${interfaces.length}):`);
  for (const networkInterface of interfaces) out.push(...interfaceLines(networkInterface, host.kind));

  for (const { table, exists, routes } of tablesOf(host)) {
    const missing = exists ? '' : ` — does not exist (${host.tableCount} configured)`;
    out.push('', `${tableWord} ${table} (${routes.length} route${routes.length === 1 ? '' : 's'})${missing}:`);
    out.push(...aligned(routes.map(routeCells)).map((line) => `  ${line}`));
  }

  if (host.jails.length > 0) {
    out.push('', `jails (${host.jails.length}):`);
    for (const jail of host.jails) out.push(...jailLines(jail));
  }
  const routingRuleSets = (host.ruleSets ?? []).filter((ruleSet) => ruleSet.rules.some((rule) => rule.setGateway || rule.setTable !== undefined));
  if (routingRuleSets.length > 0) {
    out.push('', `rule-sets that route (${routingRuleSets.length}):`);
    for (const ruleSet of routingRuleSets) {
      const entry = Object.keys(ruleSet.entry).length > 0 ? ' (entered by matching sessions only)' : '';
      out.push(`  ${ruleSet.name ?? '(unnamed)'}${entry}  ${where(ruleSet.source)}`);
      for (const rule of ruleSet.rules) out.push(`    ${overrideText(rule)}${rule.action !== undefined ? `, action ${rule.action}` : ''}  ${where(rule.source)}`);
    }
  }
  if (host.routeOverrides.length > 0) {
    out.push('', `route overrides (${host.routeOverrides.length}):`);
    for (const override of host.routeOverrides) out.push(`  ${overrideText(override)}  ${where(override.source)}`);
  }
  if (host.findings.length > 0) {
    out.push('', `findings while reading (${host.findings.length}):`);
    for (const finding of host.findings) out.push(`  ${findingText(finding)}`);
  }
  return `${out.join('\n')}\n`;
}

/** How a resolution is worded: `FIB` for FreeBSD, `table` for FireBrick. */
export interface ResolutionWording {
  readonly table: 'FIB' | 'table';
}

/**
 * "In table N, where does X go, and why": the outcome on the first line, then
 * each route on the way with the line that made it; a tunnel's outer packet
 * follows, indented.
 */
export function formatResolution(resolution: Resolution, wording: ResolutionWording = { table: 'FIB' }): string {
  return `${resolutionLines(resolution, wording, '').join('\n')}\n`;
}

function resolutionLines(resolution: Resolution, wording: ResolutionWording, indent: string): string[] {
  const heading = `${indent}${wording.table} ${resolution.table}: ${formatIp(resolution.destination)} → ${outcomeText(resolution, wording)}`;
  const rows = resolution.steps.map((step) => stepCells(step));
  const lines = [heading, ...aligned(rows).map((line) => `${indent}  ${line}`)];
  const override = resolution.override;
  const ruleLines = [
    ...(resolution.ruleSetRules?.rules ?? []).map((rule) => `${indent}  rule-set rule ${overrideText(rule)} from ${wording.table} ${resolution.ruleSetRules!.fromTable}  ${where(rule.source)}`),
    ...(override ? [`${indent}  route override ${overrideText(override.rule)} from ${wording.table} ${override.fromTable}  ${where(override.rule.source)}`] : []),
  ];
  lines.splice(1, 0, ...ruleLines);
  if (resolution.tunnel) lines.push(...resolutionLines(resolution.tunnel.outer, wording, `${indent}  `));
  const fallback = resolution.whileConditionFails;
  if (fallback) {
    lines.push(`${indent}while ${conditionFailsText(fallback.condition)}:`);
    lines.push(...resolutionLines(fallback.resolution, wording, `${indent}  `));
  }
  const reply = resolution.reply;
  if (reply) {
    lines.push(`${indent}replies arrive on ${reply.interface} and are routed as a new direction of the session:`);
    lines.push(...resolutionLines(reply.resolution, wording, `${indent}  `));
  }
  return lines;
}

function outcomeText(resolution: Resolution, wording: ResolutionWording): string {
  switch (resolution.outcome) {
    case 'interface':
      return `out ${resolution.interface} to ${resolution.nextHop ? formatIp(resolution.nextHop) : '?'}${resolution.broadcast ? ' (the subnet broadcast address)' : ''}`;
    case 'local':
      return 'delivered to this host';
    case 'blackhole':
      return 'dropped silently (blackhole)';
    case 'reject':
      return 'dropped with an ICMP unreachable (reject)';
    case 'no-route':
      return 'no route: dropped';
    case 'filtered':
      return `not routed: ${resolution.explanation ?? ''}`;
    case 'tunnel':
    case 'loop':
    case 'unreachable-gateway': {
      const tunnel = resolution.tunnel;
      const into = tunnel
        ? `into ${tunnel.sixInFour ? '6in4' : `tunnel ${tunnel.interface ?? ''}`.trimEnd()} to ${formatIp(tunnel.endpoint)}, outer packets in ${wording.table} ${tunnel.wrapperTable}`
        : '';
      if (resolution.outcome === 'tunnel') return into;
      const label = resolution.outcome === 'loop' ? 'loop' : 'unreachable gateway';
      return `${label}: ${resolution.explanation ?? ''}${into ? ` (${into})` : ''}`;
    }
  }
}

function stepCells(step: ResolutionStep): string[] {
  const tie = step.tie ? `${step.tie} with ${step.alternatives.length} other${step.alternatives.length === 1 ? '' : 's'}` : '';
  const notes = [tie, ...(step.route.conditions ?? []).map(onlyWhile)].filter((text) => text !== '').join(', ');
  return [formatIp(step.address), formatPrefix(step.route.prefix), targetText(step.route.target), notes, where(step.route.source)];
}

/** A conditional FireBrick route is there only while its condition holds: `only while profile day is on`. */
export function onlyWhile(condition: RouteCondition): string {
  return condition.kind === 'profile' ? `only while profile ${condition.profile} is on` : `only while link ${condition.interface} is up`;
}

/** The state in which a conditional route is gone: `profile day is off`, `link hq is down`. */
export function conditionFailsText(condition: RouteCondition): string {
  return condition.kind === 'profile' ? `profile ${condition.profile} is off` : `link ${condition.interface} is down`;
}

interface TableListing {
  readonly table: number;
  readonly exists: boolean;
  readonly routes: readonly Route[];
}

/** Every table the host has (even empty ones: an empty FIB is news) plus any a route names beyond them. */
function tablesOf(host: HostModel): TableListing[] {
  const tables = RoutingTables.fromRoutes(host.routes);
  const numbers = new Set<number>(tables.tableNumbers());
  for (let table = 0; table < host.tableCount; table++) numbers.add(table);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((table) => ({ table, exists: table < host.tableCount, routes: tables.routes(table) }));
}

function sortedInterfaces(host: HostModel): NetInterface[] {
  return [...host.interfaces.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

function interfaceLines(networkInterface: NetInterface, kind: HostModel['kind']): string[] {
  const facts: string[] = [networkInterface.kind + (networkInterface.driver ? ` (${networkInterface.driver})` : '')];
  if (networkInterface.originalName) facts.push(`was ${networkInterface.originalName}`);
  // Each platform's own words: ifconfig's `fib`/`tunnelfib`, FireBrick's `table` and wrapper table.
  facts.push(`${kind === 'freebsd' ? 'fib' : 'table'} ${settingText(networkInterface.fib)}`);
  if (networkInterface.tunnelFib) facts.push(`${kind === 'freebsd' ? 'tunnelfib' : 'wrapper table'} ${settingText(networkInterface.tunnelFib)}`);
  if (networkInterface.tunnel) {
    const { source, destination, range } = networkInterface.tunnel;
    facts.push(`tunnel ${formatIp(source)} → ${formatIp(destination)} (${where(range)})`);
  }
  facts.push(`mtu ${settingText(networkInterface.mtu)}`);
  if (networkInterface.dhcp) facts.push('DHCP');
  if (networkInterface.jail) facts.push(`jail ${networkInterface.jail}`);
  const header = `  ${networkInterface.name}: ${facts.join(', ')}${networkInterface.source ? `  ${where(networkInterface.source)}` : ''}`;
  const lines = [header];
  const eui64 = (networkInterface.eui64Prefixes ?? []).map(({ prefix, source }) => ['inet6', `${formatPrefix(prefix)} (EUI-64 address, host part from the MAC at boot)`, where(source)]);
  lines.push(...aligned([...networkInterface.addresses.map(addressCells), ...eui64]).map((line) => `    ${line}`));
  if (networkInterface.notStarted) lines.push(`    not configured at boot (${where(networkInterface.notStarted)})`);
  const offloads = Object.entries(networkInterface.offload).filter((entry): entry is [string, Setting<boolean>] => entry[1] !== undefined);
  if (offloads.length > 0) {
    lines.push(`    offload: ${offloads.map(([name, value]) => `${value.value ? '' : '-'}${name}${value.source ? ` (${where(value.source)})` : ''}`).join(' ')}`);
  }
  if (networkInterface.bridgeMembers.length > 0) lines.push(`    members: ${networkInterface.bridgeMembers.join(' ')}`);
  if (networkInterface.dynamicConfiguration) {
    lines.push(`    partly set by a boot-time command (${where(networkInterface.dynamicConfiguration)}): the model may be incomplete`);
  }
  const wireguard = networkInterface.wireguard;
  if (wireguard?.listenPort) lines.push(`    listen port ${settingText(wireguard.listenPort)}`);
  for (const peer of wireguard?.peers ?? []) {
    const endpoint = peer.endpoint ? `endpoint ${peer.endpoint.host}${peer.endpoint.port !== undefined ? `:${peer.endpoint.port}` : ''}` : 'no endpoint';
    lines.push(`    peer: ${endpoint}, allowed ${peer.allowedIps.map(formatPrefix).join(' ') || 'nothing'}  ${where(peer.source)}`);
  }
  return lines;
}

function jailLines(jail: Jail): string[] {
  const facts = [jail.vnet ? 'vnet' : 'shared stack'];
  if (jail.fib) facts.push(`exec.fib ${settingText(jail.fib)}`);
  if (jail.interfaces.length > 0) facts.push(`interfaces ${jail.interfaces.join(' ')}`);
  if (jail.path) facts.push(`path ${jail.path}`);
  const lines = [`  ${jail.name}: ${facts.join(', ')}  ${where(jail.source)}`];
  lines.push(...aligned(jail.addresses.map(addressCells)).map((line) => `    ${line}`));
  if (jail.host) {
    // The jail's own network stack, indented under it.
    lines.push(...formatHostModel(jail.host).trimEnd().split('\n').map((line) => `    | ${line}`));
  }
  return lines;
}

function addressCells(address: InterfaceAddress): string[] {
  const peer = address.peer ? ` → ${formatIp(address.peer)}` : '';
  return [address.address.family, `${formatIp(address.address)}/${address.prefix.length}${peer}`, where(address.source)];
}

function routeCells(route: Route): string[] {
  const extras = [
    route.localpref !== 0 ? `localpref ${route.localpref}` : '',
    route.name ? `name ${route.name}` : '',
    // The profile is shown as the condition it is.
    ...Object.entries(route.attributes ?? {}).flatMap(([key, value]) => (key === 'profile' ? [] : [`${key} ${value}`])),
    ...(route.conditions ?? []).map(onlyWhile),
  ].filter((text) => text !== '');
  return [
    route.prefix.family,
    formatPrefix(route.prefix),
    targetText(route.target),
    route.origin,
    extras.join(', '),
    where(route.source),
  ];
}

export function targetText(target: RouteTarget): string {
  switch (target.kind) {
    case 'interface':
      return `dev ${target.interface}`;
    case 'gateway':
      return `via ${formatIp(target.gateway)}`;
    case 'tunnel':
      return `tunnel${target.interface ? ` ${target.interface}` : ''} to ${formatIp(target.endpoint)} (outer in table ${target.wrapperTable})`;
    default:
      return target.kind;
  }
}

function overrideText(override: RouteOverride): string {
  const match = Object.entries(override.match).map(([key, value]) => `${key}=${value}`);
  const actions = [
    override.setGateway ? `set-gateway ${formatIp(override.setGateway)}` : '',
    override.setTable !== undefined ? `set-table ${override.setTable}` : '',
  ].filter((text) => text !== '');
  return `${override.name ?? '(unnamed)'}: ${match.length > 0 ? match.join(' ') : 'any'} → ${actions.join(', ') || 'routing unchanged'}`;
}

function findingText(finding: Finding): string {
  return `${where(finding.range)}:${finding.range.start.column} ${finding.severity} ${finding.message} [${finding.ruleId}]`;
}

/** Pads every column but the last to its widest cell; empty middle columns collapse. */
function aligned(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .filter((cell, column) => widths[column]! > 0 || column === row.length - 1)
      .join('  ')
      .trimEnd(),
  );
}

function where(range: SourceRange): string {
  return `${range.file}:${range.start.line}`;
}

function settingText(value: Setting<number>): string {
  return `${value.value}${value.source ? ` (${where(value.source)})` : ' (default)'}`;
}

function yesNo(value: Setting<boolean>): string {
  return `${value.value ? 'yes' : 'no'}${value.source ? ` (${where(value.source)})` : ' (default)'}`;
}

function location(range: SourceRange): JsonLocation {
  return { file: range.file, line: range.start.line, column: range.start.column };
}

function setting<T>(value: Setting<T>): JsonSetting<T> {
  return value.source ? { value: value.value, source: location(value.source) } : { value: value.value };
}

function addressToJson(address: InterfaceAddress): JsonAddress {
  const base = {
    family: address.address.family,
    address: formatIp(address.address),
    prefix: formatPrefix(address.prefix),
  };
  return address.peer ? { ...base, peer: formatIp(address.peer), source: location(address.source) } : { ...base, source: location(address.source) };
}

function interfaceToJson(networkInterface: NetInterface): JsonInterface {
  const offload: Record<string, JsonSetting<boolean>> = {};
  for (const [name, value] of Object.entries(networkInterface.offload)) if (value) offload[name] = setting(value);
  return {
    name: networkInterface.name,
    ...(networkInterface.originalName ? { originalName: networkInterface.originalName } : {}),
    kind: networkInterface.kind,
    ...(networkInterface.driver ? { driver: networkInterface.driver } : {}),
    fib: setting(networkInterface.fib),
    ...(networkInterface.tunnelFib ? { tunnelFib: setting(networkInterface.tunnelFib) } : {}),
    ...(networkInterface.tunnel
      ? {
          tunnel: {
            source: formatIp(networkInterface.tunnel.source),
            destination: formatIp(networkInterface.tunnel.destination),
            location: location(networkInterface.tunnel.range),
          },
        }
      : {}),
    addresses: networkInterface.addresses.map(addressToJson),
    mtu: setting(networkInterface.mtu),
    offload,
    bridgeMembers: [...networkInterface.bridgeMembers],
    ...(networkInterface.jail ? { jail: networkInterface.jail } : {}),
    dhcp: networkInterface.dhcp,
    ...(networkInterface.source ? { source: location(networkInterface.source) } : {}),
    ...(networkInterface.dynamicConfiguration ? { dynamicConfiguration: location(networkInterface.dynamicConfiguration) } : {}),
    ...(networkInterface.eui64Prefixes
      ? { eui64Prefixes: networkInterface.eui64Prefixes.map(({ prefix, source }) => ({ prefix: formatPrefix(prefix), source: location(source) })) }
      : {}),
    ...(networkInterface.notStarted ? { notStarted: location(networkInterface.notStarted) } : {}),
    ...(networkInterface.wireguard ? { wireguard: wireguardToJson(networkInterface.wireguard) } : {}),
  };
}

function wireguardToJson(wireguard: WireguardSettings): NonNullable<JsonInterface['wireguard']> {
  return {
    ...(wireguard.listenPort ? { listenPort: setting(wireguard.listenPort) } : {}),
    peers: wireguard.peers.map((peer) => ({
      ...(peer.endpoint
        ? {
            endpoint: {
              host: peer.endpoint.host,
              ...(peer.endpoint.address ? { address: formatIp(peer.endpoint.address) } : {}),
              ...(peer.endpoint.port !== undefined ? { port: peer.endpoint.port } : {}),
              source: location(peer.endpoint.source),
            },
          }
        : {}),
      allowedIps: peer.allowedIps.map(formatPrefix),
      source: location(peer.source),
    })),
  };
}

function targetToJson(target: RouteTarget): JsonRouteTarget {
  switch (target.kind) {
    case 'interface':
      return { kind: 'interface', interface: target.interface };
    case 'gateway':
      return { kind: 'gateway', gateway: formatIp(target.gateway) };
    case 'tunnel':
      return {
        kind: 'tunnel',
        ...(target.interface ? { interface: target.interface } : {}),
        endpoint: formatIp(target.endpoint),
        wrapperTable: target.wrapperTable,
      };
    default:
      return { kind: target.kind };
  }
}

function routeToJson(route: Route): JsonRoute {
  return {
    family: route.prefix.family,
    prefix: formatPrefix(route.prefix),
    target: targetToJson(route.target),
    localpref: route.localpref,
    origin: route.origin,
    ...(route.name ? { name: route.name } : {}),
    ...(route.attributes ? { attributes: { ...route.attributes } } : {}),
    ...(route.conditions ? { conditions: route.conditions.map((condition) => ({ ...condition })) } : {}),
    source: location(route.source),
  };
}

function jailToJson(jail: Jail): JsonJail {
  return {
    name: jail.name,
    vnet: jail.vnet,
    ...(jail.fib ? { fib: setting(jail.fib) } : {}),
    interfaces: [...jail.interfaces],
    addresses: jail.addresses.map(addressToJson),
    ...(jail.path ? { path: jail.path } : {}),
    source: location(jail.source),
    ...(jail.host ? { host: hostModelToJson(jail.host) } : {}),
  };
}

function sessionRuleToJson(rule: SessionRule): JsonRouteOverride & { readonly action?: string } {
  return { ...overrideToJson(rule), ...(rule.action !== undefined ? { action: rule.action } : {}) };
}

function overrideToJson(override: RouteOverride): JsonRouteOverride {
  return {
    ...(override.name ? { name: override.name } : {}),
    match: { ...override.match },
    ...(override.setGateway ? { setGateway: formatIp(override.setGateway) } : {}),
    ...(override.setTable !== undefined ? { setTable: override.setTable } : {}),
    source: location(override.source),
    ...(override.criteria ? { criteria: criteriaToJson(override.criteria) } : {}),
  };
}

function criteriaToJson(criteria: SessionCriteria): NonNullable<JsonRouteOverride['criteria']> {
  const range = <T>(first: T, last: T, text: (value: T) => string): string => (first === last ? text(first) : `${text(first)}-${text(last)}`);
  const addresses = (intervals: readonly AddressInterval[]): string[] =>
    intervals.map((interval) => range(interval.first, interval.last, (value) => formatIp({ family: interval.family, value })));
  const ports = (intervals: readonly PortInterval[]): string[] => intervals.map((interval) => range(interval.first, interval.last, String));
  return {
    ...(criteria.sourceIp ? { sourceIp: addresses(criteria.sourceIp) } : {}),
    ...(criteria.targetIp ? { targetIp: addresses(criteria.targetIp) } : {}),
    ...(criteria.protocols ? { protocols: [...criteria.protocols] } : {}),
    ...(criteria.sourcePorts ? { sourcePorts: ports(criteria.sourcePorts) } : {}),
    ...(criteria.targetPorts ? { targetPorts: ports(criteria.targetPorts) } : {}),
    ...(criteria.sourceInterfaces ? { sourceInterfaces: [...criteria.sourceInterfaces] } : {}),
    ...(criteria.unknown ? { unknown: [...criteria.unknown] } : {}),
  };
}
