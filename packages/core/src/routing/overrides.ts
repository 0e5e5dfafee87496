import type { IpAddress } from '../net/ip.js';
import type { AddressInterval, PortInterval, RouteOverride, RuleSet, SessionCriteria, SessionRule } from '../model/host.js';

/**
 * The first packet of a session, as far as route overrides look at it. Fields
 * left out are unknown: a rule that tests one of them does not match.
 */
export interface SessionPacket {
  /** The table of the interface the packet arrived on. */
  readonly table: number;
  readonly destination: IpAddress;
  readonly source?: IpAddress;
  /** IP protocol number (6 TCP, 17 UDP, ...). */
  readonly protocol?: number;
  readonly sourcePort?: number;
  readonly targetPort?: number;
  /** The interface the packet arrived on. */
  readonly interface?: string;
}

/**
 * The rule that decides a new session: the first whose criteria all match,
 * as the FireBrick scans its override rules. A rule without readable criteria,
 * or with one pflint cannot evaluate, never matches.
 */
export function firstMatchingOverride(overrides: readonly RouteOverride[], packet: SessionPacket): RouteOverride | undefined {
  return overrides.find((rule) => rule.criteria !== undefined && matches(rule.criteria, packet));
}

/**
 * A rule-set decision that ends a new session before anything routes it: a
 * matching rule whose action is `drop` or `reject`, or an entered rule-set's
 * `no-match-action` of either when none of its rules matched.
 */
export interface SessionFilter {
  readonly action: FilterAction;
  readonly ruleSet: RuleSet;
  /** The rule whose action it is; absent when the rule-set's `no-match-action` decided. */
  readonly rule?: SessionRule;
}

export type FilterAction = 'drop' | 'reject';

/** What the rule-sets decide for a new session. */
export interface RuleSetDecision {
  /** The rules met that set the session's gateway or table, in order; later ones override earlier ones field by field. */
  readonly rules: readonly SessionRule[];
  /** Set when the decision drops or rejects the session: it is not routed at all. */
  readonly filter?: SessionFilter;
}

/**
 * Checks a new session against the rule-sets as the FireBrick does:
 * rule-sets in order, each entered only when its own criteria match; in one,
 * the first matching rule decides, and unless its action is `continue` no
 * further rule-set is checked. When no rule of an entered rule-set matches,
 * its `no-match-action` ends the checking unless it is absent or `continue`.
 * A `drop` or `reject` that ends the checking filters the session.
 */
export function checkRuleSets(ruleSets: readonly RuleSet[], packet: SessionPacket): RuleSetDecision {
  const rules: SessionRule[] = [];
  const filter = walkRuleSets(
    ruleSets,
    (criteria) => (matches(criteria, packet) ? 'all' : 'none'),
    (rule) => {
      if (rule.setGateway || rule.setTable !== undefined) rules.push(rule);
    },
  );
  return filter && filter !== 'open' ? { rules, filter } : { rules };
}

/**
 * The rule-set walk of {@link checkRuleSets} and {@link filterOfEverySession}:
 * how the checking ends for the sessions `test` tells the coverage of (all of
 * them, some, none). `decided` sees each rule that decides in an entered
 * rule-set. 'open' when some of the sessions, not all, meet a rule-set or rule
 * on the way.
 */
function walkRuleSets(
  ruleSets: readonly RuleSet[],
  test: (criteria: SessionCriteria) => Coverage,
  decided?: (rule: SessionRule) => void,
): SessionFilter | 'open' | undefined {
  for (const ruleSet of ruleSets) {
    const entry = test(ruleSet.entry);
    if (entry === 'none') continue;
    if (entry === 'some') return 'open';
    let rule: SessionRule | undefined;
    for (const candidate of ruleSet.rules) {
      const matched = candidate.criteria ? test(candidate.criteria) : 'none';
      if (matched === 'some') return 'open';
      if (matched === 'all') {
        rule = candidate;
        break;
      }
    }
    if (rule) decided?.(rule);
    const action = rule ? rule.action : ruleSet.noMatchAction;
    if (action === 'continue' || (!rule && action === undefined)) continue;
    return isFilterAction(action) ? { action, ruleSet, ...(rule ? { rule } : {}) } : undefined;
  }
  return undefined;
}

function isFilterAction(action: string | undefined): action is FilterAction {
  return action === 'drop' || action === 'reject';
}

/**
 * The decision that drops or rejects every session matching `criteria`, when
 * the rule-sets treat all of them alike; undefined when some of them may get
 * through, or when that depends on something pflint cannot evaluate. A
 * rule-set or rule that matches only some of those sessions (or tests
 * something unknown) leaves the answer open.
 */
export function filterOfEverySession(ruleSets: readonly RuleSet[], criteria: SessionCriteria): SessionFilter | undefined {
  const filter = walkRuleSets(ruleSets, (rule) => coverage(rule, criteria));
  return filter === 'open' ? undefined : filter;
}

type Coverage = 'all' | 'some' | 'none';

/**
 * How many of the sessions `sessions` describes a rule with `rule` criteria
 * matches. Criteria of `sessions` pflint cannot read only narrow it, so they
 * are left out; a rule criterion it cannot read makes the answer `some`.
 */
function coverage(rule: SessionCriteria, sessions: SessionCriteria): Coverage {
  if (rule.unknown && rule.unknown.length > 0) return 'some';
  const fields = [
    fieldCoverage(rule.sourceIp, sessions.sourceIp, intervalsOverlap, intervalInside),
    fieldCoverage(rule.targetIp, sessions.targetIp, intervalsOverlap, intervalInside),
    fieldCoverage(rule.protocols, sessions.protocols, equal, equal),
    fieldCoverage(rule.sourcePorts, sessions.sourcePorts, intervalsOverlap, intervalInside),
    fieldCoverage(rule.targetPorts, sessions.targetPorts, intervalsOverlap, intervalInside),
    fieldCoverage(rule.sourceInterfaces, sessions.sourceInterfaces, equal, equal),
  ];
  if (fields.includes('none')) return 'none';
  return fields.every((field) => field === 'all') ? 'all' : 'some';
}

/**
 * One criterion: a rule without it matches every session; sessions without it
 * can have any value, of which a rule that has it matches only some.
 */
function fieldCoverage<T>(
  rule: readonly T[] | undefined,
  sessions: readonly T[] | undefined,
  overlap: (a: T, b: T) => boolean,
  inside: (item: T, container: T) => boolean,
): Coverage {
  if (rule === undefined) return 'all';
  if (sessions === undefined) return 'some';
  if (sessions.every((item) => rule.some((wanted) => inside(item, wanted)))) return 'all';
  return sessions.some((item) => rule.some((wanted) => overlap(item, wanted))) ? 'some' : 'none';
}

interface Interval<V> {
  readonly family?: string;
  readonly first: V;
  readonly last: V;
}

function intervalsOverlap<V extends number | bigint>(a: Interval<V>, b: Interval<V>): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

function intervalInside<V extends number | bigint>(item: Interval<V>, container: Interval<V>): boolean {
  return item.family === container.family && item.first >= container.first && item.last <= container.last;
}

function equal<T>(a: T, b: T): boolean {
  return a === b;
}

function matches(criteria: SessionCriteria, packet: SessionPacket): boolean {
  if (criteria.unknown && criteria.unknown.length > 0) return false;
  return (
    within(criteria.sourceIp, packet.source, inAddressInterval) &&
    within(criteria.targetIp, packet.destination, inAddressInterval) &&
    within(criteria.protocols, packet.protocol, (protocol, wanted) => protocol === wanted) &&
    within(criteria.sourcePorts, packet.sourcePort, inPortInterval) &&
    within(criteria.targetPorts, packet.targetPort, inPortInterval) &&
    within(criteria.sourceInterfaces, packet.interface, (name, wanted) => name === wanted)
  );
}

/** An absent criterion matches anything; a present one needs the value, and one item of the list to accept it. */
function within<V, I>(items: readonly I[] | undefined, value: V | undefined, accepts: (value: V, item: I) => boolean): boolean {
  if (items === undefined) return true;
  return value !== undefined && items.some((item) => accepts(value, item));
}

function inAddressInterval(address: IpAddress, interval: AddressInterval): boolean {
  return address.family === interval.family && address.value >= interval.first && address.value <= interval.last;
}

function inPortInterval(port: number, interval: PortInterval): boolean {
  return port >= interval.first && port <= interval.last;
}
