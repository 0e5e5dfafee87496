import { prefixContains, type AddressFamily, type IpAddress } from '../../net/ip.js';
import type { NetInterface } from '../../model/host.js';
import type { PfEndpoint, PfLoadedConfig, PfNumberMatch, PfRule } from '../../pf/ruleset.js';
import { addressPrefixes, filterRules } from './pf.js';

/** A packet as the filter sees it, after translation. Omitted fields match any rule condition on them. */
export interface ProbePacket {
  readonly direction: 'in' | 'out';
  readonly interface: string;
  readonly family: AddressFamily;
  readonly protocol: number;
  readonly source: IpAddress;
  readonly destination: IpAddress;
  readonly sourcePort?: number;
  readonly destinationPort?: number;
}

/** Whether a rule matches a packet: `unknown` when it depends on something pflint cannot see (file tables, tags, users). */
export type MatchResult = 'yes' | 'no' | 'unknown';

export interface EvaluationContext {
  readonly pf: PfLoadedConfig;
  readonly interfaces: ReadonlyMap<string, NetInterface>;
}

export interface Verdict {
  /** `pass` or `block` from the deciding rule; `pass` without a rule when nothing matched (pf's default). */
  readonly action: 'pass' | 'block';
  readonly rule?: PfRule;
}

/**
 * Runs the filter rules over a packet with pf's semantics: the last matching
 * rule decides, a matching `quick` rule decides at once. `unknown` matches are
 * resolved by `assume`: checks that must not raise false alarms assume the
 * reading that makes their finding disappear.
 */
export function evaluateFilter(context: EvaluationContext, packet: ProbePacket, assume: (rule: PfRule) => boolean): Verdict {
  let decided: Verdict = { action: 'pass' };
  const rules = filterRules(context.pf.rules);
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.action !== 'pass' && rule.action !== 'block') continue;
    const result = matchRule(context, rule, packet);
    if (result === 'no' || (result === 'unknown' && !assume(rule))) continue;
    decided = { action: rule.action, rule };
    if (rule.quick) break;
  }
  return decided;
}

/** Options of `matchRule`, one object for the calls that give none: evaluations call it for every rule. */
const DEFAULT_MATCH: { readonly ignoreSource?: boolean } = {};

/** `ignoreSource`: compare packets that differ only after the source (translation of the destination). */
export function matchRule(context: EvaluationContext, rule: PfRule, packet: ProbePacket, options = DEFAULT_MATCH): MatchResult {
  if (rule.direction && rule.direction !== packet.direction) return 'no';
  if (rule.family && rule.family !== packet.family) return 'no';
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return 'no';
  // Any `no` decides; otherwise any `unknown` does. Evaluations walk every rule, so nothing is allocated here.
  const onInterface = matchInterface(context, rule, packet);
  if (onInterface === 'no') return 'no';
  const source = options.ignoreSource ? 'yes' : matchEndpoint(context, rule.from, packet.family, packet.source, packet.sourcePort);
  if (source === 'no') return 'no';
  const destination = matchEndpoint(context, rule.to, packet.family, packet.destination, packet.destinationPort);
  if (destination === 'no') return 'no';
  if (rule.tagged || rule.user || rule.group || rule.os || rule.icmp || rule.receivedOn || rule.probability !== undefined) {
    return 'unknown';
  }
  return onInterface === 'unknown' || source === 'unknown' || destination === 'unknown' ? 'unknown' : 'yes';
}

function matchInterface(context: EvaluationContext, rule: PfRule, packet: ProbePacket): MatchResult {
  if (!rule.interface) return 'yes';
  const { name, negated } = rule.interface;
  let same: MatchResult;
  if (name === packet.interface) same = 'yes';
  else if (context.interfaces.has(name)) same = 'no';
  // A group (egress, a driver name such as "vtnet") or an interface pflint does not know.
  else same = 'unknown';
  if (!negated || same === 'unknown') return same;
  return same === 'yes' ? 'no' : 'yes';
}

function matchEndpoint(
  context: EvaluationContext,
  endpoint: PfEndpoint,
  family: AddressFamily,
  address: IpAddress,
  port: number | undefined,
): MatchResult {
  const addressResult = matchAddress(context, endpoint, family, address);
  if (addressResult === 'no' || !endpoint.port) return addressResult;
  if (port === undefined) return 'unknown';
  const portResult: MatchResult = matchNumber(endpoint.port, port) ? 'yes' : 'no';
  return portResult === 'no' ? 'no' : addressResult;
}

function matchAddress(context: EvaluationContext, endpoint: PfEndpoint, family: AddressFamily, address: IpAddress): MatchResult {
  const match = endpoint.address;
  const prefixes = addressPrefixes(match.address, family, context);
  if (!prefixes) return 'unknown';
  let inside = false;
  for (let index = 0; index < prefixes.length && !inside; index++) inside = prefixContains(prefixes[index]!, address);
  return inside !== match.negated ? 'yes' : 'no';
}

export function matchNumber(match: PfNumberMatch, value: number): boolean {
  switch (match.operator) {
    case '=':
      return value === match.value;
    case '!=':
      return value !== match.value;
    case '<':
      return value < match.value;
    case '<=':
      return value <= match.value;
    case '>':
      return value > match.value;
    case '>=':
      return value >= match.value;
    case ':':
      return value >= match.low && value <= match.high;
    case '><':
      return value > match.low && value < match.high;
    case '<>':
      return value < match.low || value > match.high;
  }
}
