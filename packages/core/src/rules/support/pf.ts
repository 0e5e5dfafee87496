import type { HostAnalysis } from '../../analysis.js';
import { ADDRESS_BITS, ADDRESS_FAMILIES, prefixOf, type AddressFamily, type IpPrefix } from '../../net/ip.js';
import { createdName, type NetInterface } from '../../model/host.js';
import type { PfAddress, PfAddressMatch, PfInterfaceMatch, PfLoadedConfig, PfRule, PfRuleset } from '../../pf/ruleset.js';

/** The loaded pf ruleset of the analysed host, when it has a pf.conf that expanded. */
export function loadedPf(analysis: HostAnalysis): PfLoadedConfig | undefined {
  return analysis.pf?.ruleset as PfLoadedConfig | undefined;
}

const FILTER_RULES = new WeakMap<PfRuleset, readonly PfRule[]>();

/**
 * Filter rules in evaluation order, with inline anchor bodies walked in place
 * (where pf evaluates them). Rules of anchors loaded at run time are unknown.
 * Most rules and every probe evaluation walk this list, so it is made once
 * per ruleset.
 */
export function filterRules(ruleset: PfRuleset): readonly PfRule[] {
  let rules = FILTER_RULES.get(ruleset);
  if (!rules) FILTER_RULES.set(ruleset, (rules = ruleset.filter.some(isAnchor) ? collectFilterRules(ruleset, []) : ruleset.filter));
  return rules;
}

/** A ruleset without anchors is its own list: most are, and copying 30,000 rules costs more than looking at them. */
function isAnchor(rule: PfRule): boolean {
  return rule.anchor !== undefined;
}

function collectFilterRules(ruleset: PfRuleset, into: PfRule[]): PfRule[] {
  for (const rule of ruleset.filter) {
    if (rule.anchor?.body) collectFilterRules(rule.anchor.body, into);
    else if (!rule.anchor) into.push(rule);
  }
  return into;
}

/**
 * The prefixes an address match stands for, or `undefined` when pflint cannot
 * know them (a table loaded from a file, an interface it has no addresses
 * for, a negation). `any` is the whole family.
 */
export function prefixesOf(
  match: PfAddressMatch,
  family: AddressFamily,
  context: { readonly pf: PfLoadedConfig; readonly interfaces: ReadonlyMap<string, NetInterface> },
): readonly IpPrefix[] | undefined {
  if (match.negated) return undefined;
  return addressPrefixes(match.address, family, context);
}

/** The prefixes an address stands for, ignoring any negation around it (see `prefixesOf`). */
export function addressPrefixes(
  address: PfAddress,
  family: AddressFamily,
  context: { readonly pf: PfLoadedConfig; readonly interfaces: ReadonlyMap<string, NetInterface> },
): readonly IpPrefix[] | undefined {
  return prefixesOfAddress(address, family, context, undefined);
}

const WHOLE_FAMILY: Readonly<Record<AddressFamily, readonly IpPrefix[]>> = {
  inet: [{ family: 'inet', network: 0n, length: 0 }],
  inet6: [{ family: 'inet6', network: 0n, length: 0 }],
};

const NO_PREFIXES: readonly IpPrefix[] = [];
/** A written prefix as a list, made once: probes ask for every rule's addresses on every check. */
const PREFIX_LISTS = new WeakMap<IpPrefix, readonly IpPrefix[]>();

function prefixList(prefix: IpPrefix): readonly IpPrefix[] {
  let list = PREFIX_LISTS.get(prefix);
  if (!list) PREFIX_LISTS.set(prefix, (list = [prefix]));
  return list;
}

function prefixesOfAddress(
  address: PfAddress,
  family: AddressFamily,
  context: { readonly pf: PfLoadedConfig; readonly interfaces: ReadonlyMap<string, NetInterface> },
  /** Tables already being resolved, made when the first table is met: probes ask for every rule's addresses. */
  seenTables: Set<string> | undefined,
): readonly IpPrefix[] | undefined {
  switch (address.kind) {
    case 'any':
      return WHOLE_FAMILY[family];
    case 'prefix':
      return address.prefix.family === family ? prefixList(address.prefix) : NO_PREFIXES;
    case 'range':
      return undefined;
    case 'table': {
      const table = context.pf.tables.get(address.name);
      if (!table || seenTables?.has(address.name)) return undefined;
      const seen = seenTables ?? new Set<string>();
      seen.add(address.name);
      const prefixes: IpPrefix[] = [];
      for (const source of table.sources) {
        if (source.kind === 'file') return undefined;
        for (const entry of source.entries) {
          if (entry.negated) return undefined;
          const inner = prefixesOfAddress(entry.address, family, context, seen);
          if (!inner) return undefined;
          prefixes.push(...inner);
        }
      }
      return prefixes;
    }
    case 'dynamic':
    case 'interface': {
      const networkInterface = context.interfaces.get(address.interface);
      if (!networkInterface) return undefined;
      const ofFamily = networkInterface.addresses.filter((entry) => entry.address.family === family);
      if (address.modifiers.includes('network')) return ofFamily.map((entry) => entry.prefix);
      if (address.modifiers.includes('peer')) {
        return ofFamily.flatMap((entry) => (entry.peer ? [prefixOf(entry.peer, ADDRESS_BITS[family])] : []));
      }
      const chosen = address.modifiers.includes('0') ? ofFamily.slice(0, 1) : ofFamily;
      return chosen.map((entry) => prefixOf(entry.address, ADDRESS_BITS[family]));
    }
    case 'no-route':
    case 'urpf-failed':
      return undefined;
  }
}

/** The families a rule can match: its own, or those of the interface's addresses when it names none. */
export function familiesOf(rule: PfRule, networkInterface: NetInterface | undefined): readonly AddressFamily[] {
  if (rule.family) return ONE_FAMILY[rule.family];
  if (!networkInterface) return ADDRESS_FAMILIES;
  const families = new Set(networkInterface.addresses.map((entry) => entry.address.family));
  return families.size > 0 ? [...families].sort() : ADDRESS_FAMILIES;
}

/** Lists `familiesOf` gives many rules, made once. */
const ONE_FAMILY: Readonly<Record<AddressFamily, readonly AddressFamily[]>> = { inet: ['inet'], inet6: ['inet6'] };

/** Where a finding about an expanded rule points, and a note naming the macros it came through. */
export function macroNote(rule: PfRule): string {
  const macros = rule.origin.macros;
  return macros.length === 0 ? '' : ` (expanded from ${macros.map((name) => `$${name}`).join(', ')})`;
}

/** Interfaces named in `set skip on ...`: pf does not filter on them at all. */
export function skippedInterfaces(pf: PfLoadedConfig): ReadonlySet<string> {
  const skipped = new Set<string>();
  for (const item of pf.parseTime) {
    if (item.kind !== 'option' || item.option.name !== 'skip') continue;
    for (const word of item.option.words) if (!['on', '{', '}', ','].includes(word)) skipped.add(word.replace(/,$/, ''));
  }
  return skipped;
}

/**
 * The interface groups an interface is in by its kind, as pf names them: the
 * group of the name it was created with (a renamed bridge0 is still in
 * `bridge`) and its driver's (`vtnet`, `em`).
 */
function driverGroupsOf(networkInterface: NetInterface): string[] {
  const groups: string[] = [];
  const created = /^([a-z]+?)\d/.exec(createdName(networkInterface))?.[1];
  if (created) groups.push(created);
  if (networkInterface.driver && networkInterface.driver !== created) groups.push(networkInterface.driver);
  return groups;
}

/** The members of each interface group of `driverGroupsOf`, by group name; made once per host's interfaces. */
export function interfaceGroups(interfaces: ReadonlyMap<string, NetInterface>): ReadonlyMap<string, readonly NetInterface[]> {
  let groups = INTERFACE_GROUPS.get(interfaces);
  if (!groups) {
    const members = new Map<string, NetInterface[]>();
    for (const member of interfaces.values()) {
      for (const group of driverGroupsOf(member)) {
        const list = members.get(group);
        if (list) list.push(member);
        else members.set(group, [member]);
      }
    }
    INTERFACE_GROUPS.set(interfaces, (groups = members));
  }
  return groups;
}

const INTERFACE_GROUPS = new WeakMap<ReadonlyMap<string, NetInterface>, ReadonlyMap<string, readonly NetInterface[]>>();

/** What an inline anchor rule restricts its body's rules to, where they do not say it themselves. */
export interface AnchorScope {
  readonly on: PfInterfaceMatch;
  readonly family?: AddressFamily;
}

/**
 * The interface (and address family) of each rule inside an inline anchor
 * that has no `on` of its own but an anchor around it does: pf evaluates an
 * anchor's rules only for packets the anchor rule matches. Outbound anchors
 * pass nothing on (their body sees no inbound packets). Rules outside
 * anchors are not in it.
 */
export function anchorScopes(ruleset: PfRuleset): ReadonlyMap<PfRule, AnchorScope> {
  let found = ANCHOR_SCOPES.get(ruleset);
  if (!found) ANCHOR_SCOPES.set(ruleset, (found = collectAnchorScopes(ruleset, undefined, new Map())));
  return found;
}

const ANCHOR_SCOPES = new WeakMap<PfRuleset, ReadonlyMap<PfRule, AnchorScope>>();

function collectAnchorScopes(ruleset: PfRuleset, inherited: AnchorScope | undefined, into: Map<PfRule, AnchorScope>): Map<PfRule, AnchorScope> {
  for (const rule of ruleset.filter) {
    if (rule.anchor?.body) {
      const family = rule.family ?? inherited?.family;
      const on = rule.interface ?? inherited?.on;
      const scope = rule.direction === 'out' || !on ? undefined : { on, ...(family ? { family } : {}) };
      collectAnchorScopes(rule.anchor.body, scope, into);
    } else if (!rule.anchor && !rule.interface && inherited) {
      into.set(rule, inherited);
    }
  }
  return into;
}
