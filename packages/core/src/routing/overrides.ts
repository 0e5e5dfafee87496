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
 * The rule-set rules that set a new session's gateway or table, in the order
 * the FireBrick meets them: rule-sets in order, each entered only when its
 * own criteria match; in one, the first matching rule decides, and unless its
 * action is `continue` no further rule-set is checked. When no rule of an
 * entered rule-set matches, its `no-match-action` ends the checking unless
 * it is absent or `continue`. Later rules override earlier ones field by field.
 */
export function matchingRuleSetRules(ruleSets: readonly RuleSet[], packet: SessionPacket): SessionRule[] {
  const applied: SessionRule[] = [];
  for (const ruleSet of ruleSets) {
    if (!matches(ruleSet.entry, packet)) continue;
    const rule = ruleSet.rules.find((candidate) => candidate.criteria !== undefined && matches(candidate.criteria, packet));
    if (!rule) {
      if (ruleSet.noMatchAction === undefined || ruleSet.noMatchAction === 'continue') continue;
      break;
    }
    if (rule.setGateway || rule.setTable !== undefined) applied.push(rule);
    if (rule.action !== 'continue') break;
  }
  return applied;
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
