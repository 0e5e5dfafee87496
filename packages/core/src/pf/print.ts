import { ADDRESS_BITS, formatIp, type AddressFamily } from '../net/ip.js';
import { IPPROTO_TCP, icmpCodeName, icmpTypeName, protocolName, serviceName, timeoutRank } from './names.js';
import type {
  PfAddress,
  PfAddressMatch,
  PfEtherAddressMatch,
  PfEtherRule,
  PfIdMatch,
  PfLoadedConfig,
  PfNumberMatch,
  PfParseTimeItem,
  PfRule,
  PfRuleset,
  PfPool,
  PfTable,
} from './ruleset.js';
import type { PfDialect } from './syntax.js';

/**
 * Prints a loaded configuration the way `pfctl -o none -nvf` does: first what
 * pfctl echoes while parsing (macros, tables, options), then the rules in load
 * order (ether, scrub, nat, rdr, binat, filter), inline anchors indented by two
 * spaces per level.
 */
export function printLoadedConfig(config: PfLoadedConfig): string {
  const lines: string[] = [];
  for (const item of config.parseTime) lines.push(printParseTimeItem(item));
  printRuleset(config.rules, config.dialect, 0, lines);
  return lines.map((line) => `${line}\n`).join('');
}

function printRuleset(ruleset: PfRuleset, dialect: PfDialect, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const rule of ruleset.ether) lines.push(indent + printEtherRule(rule));
  for (const group of [ruleset.scrub, ruleset.nat, ruleset.rdr, ruleset.binat, ruleset.filter]) {
    for (const rule of group) {
      const body = rule.anchor?.body;
      lines.push(indent + printRule(rule, dialect) + (body ? ' {' : ''));
      if (body) {
        printRuleset(body, dialect, depth + 1, lines);
        lines.push(`${indent}}`);
      }
    }
  }
}

export function printParseTimeItem(item: PfParseTimeItem): string {
  switch (item.kind) {
    case 'macro':
      return `${item.name} = "${item.value}"`;
    case 'table':
      return printTable(item.table);
    case 'option':
      return ['set', item.option.name, ...item.option.words].join(' ');
    case 'limiter': {
      const limiter = item.limiter;
      let text = `${limiter.kind} limiter ${limiter.name} id ${limiter.id}`;
      if (limiter.entries !== undefined) text += ` entries ${limiter.entries}`;
      text += ` limit ${limiter.limit}`;
      if (limiter.rate) text += ` rate ${limiter.rate.limit}/${limiter.rate.seconds}`;
      if (limiter.inetMask !== undefined) text += ` inet mask ${limiter.inetMask}`;
      if (limiter.inet6Mask !== undefined) text += ` inet6 mask ${limiter.inet6Mask}`;
      return text;
    }
    case 'altq':
      return item.text;
    case 'queue': {
      const queue = item.queue;
      let text = `queue ${queue.name}`;
      if (queue.parent) text += ` parent ${queue.parent}`;
      else if (queue.interface) text += ` on ${queue.interface}`;
      // A flow queue (FQ-CoDel) prints its flows instead of service curves.
      if (queue.flows !== undefined) {
        text += ` flows ${queue.flows}`;
        if (queue.quantum !== undefined) text += ` quantum ${queue.quantum}`;
      } else {
        if (queue.bandwidth) text += ` bandwidth ${queue.bandwidth}`;
        if (queue.min) text += ` min ${queue.min}`;
        if (queue.max) text += ` max ${queue.max}`;
        if (queue.burst) text += ` burst ${queue.burst}`;
      }
      if (queue.isDefault) text += ' default';
      if (queue.qlimit !== undefined) text += ` qlimit ${queue.qlimit}`;
      return text;
    }
  }
}

export function printTable(table: PfTable): string {
  let text = `table <${table.name}>`;
  if (table.const) text += ' const';
  if (table.persist) text += ' persist';
  if (table.counters) text += ' counters';
  let openEntries = false;
  for (const source of table.sources) {
    if (source.kind === 'file') {
      if (openEntries) text += ' }';
      openEntries = false;
      text += ` file "${source.path}"`;
      continue;
    }
    // pfctl merges consecutive inline initialisers into one brace group.
    if (!openEntries) text += ' {';
    openEntries = true;
    for (const entry of source.entries) text += (entry.negated ? ' !' : ' ') + printAddress(entry.address, undefined);
  }
  if (openEntries) text += ' }';
  return text;
}

/** An address as pfctl's print_addr writes it: host prefixes without `/len`. */
export function printAddress(address: PfAddress, family: AddressFamily | undefined): string {
  switch (address.kind) {
    case 'any':
      return 'any';
    case 'prefix': {
      const text = formatIp({ family: address.prefix.family, value: address.prefix.network });
      return address.prefix.length === ADDRESS_BITS[address.prefix.family] ? text : `${text}/${address.prefix.length}`;
    }
    case 'range':
      return `${formatIp(address.from)} - ${formatIp(address.to)}`;
    case 'table':
      return `<${address.name}>`;
    case 'dynamic':
    case 'interface': {
      const name = address.interface + address.modifiers.map((modifier) => `:${modifier}`).join('');
      const length =
        address.length !== undefined && (family === undefined || address.length !== ADDRESS_BITS[family])
          ? `/${address.length}`
          : '';
      return (address.kind === 'dynamic' ? `(${name})` : name) + length;
    }
    case 'no-route':
      return 'no-route';
    case 'urpf-failed':
      return 'urpf-failed';
  }
}

function printAddressMatch(match: PfAddressMatch, family: AddressFamily | undefined): string {
  return (match.negated ? '! ' : '') + printAddress(match.address, family);
}

function printOperator(match: PfNumberMatch | PfIdMatch, name: (value: number) => string): string {
  if ('low' in match) {
    return match.operator === ':' ? ` ${match.low}:${match.high}` : ` ${match.low} ${match.operator} ${match.high}`;
  }
  const value = match.value;
  if (typeof value === 'string') return ` ${match.operator} ${value}`;
  const shown = match.operator === '=' || match.operator === '!=' ? name(value) : String(value);
  return ` ${match.operator} ${shown}`;
}

/** FreeBSD's pfctl names `=`/`!=` ports after services(5); OpenBSD's prints numbers unless asked. */
function printPort(port: PfNumberMatch, protocol: number | undefined, dialect: PfDialect): string {
  const serviceProtocol = protocol === IPPROTO_TCP ? 'tcp' : 'udp';
  const name = (value: number) => (dialect === 'freebsd' ? serviceName(value, serviceProtocol) : undefined) ?? String(value);
  return ' port' + printOperator(port, name);
}

function printFromTo(rule: PfRule, dialect: PfDialect): string {
  const { from, to } = rule;
  const unrestricted = (address: PfAddressMatch) => address.address.kind === 'any' && !address.negated;
  if (unrestricted(from.address) && unrestricted(to.address) && !from.port && !to.port && rule.os === undefined) {
    return ' all';
  }
  let text = ' from ' + printAddressMatch(from.address, rule.family);
  if (from.port) text += printPort(from.port, rule.protocol, dialect);
  if (rule.os !== undefined) text += ` os "${rule.os}"`;
  text += ' to ' + printAddressMatch(to.address, rule.family);
  if (to.port) text += printPort(to.port, rule.protocol, dialect);
  return text;
}

/**
 * A pool as pfctl's print_pool writes it. `role` decides the shape of each
 * address (route pools print `(if addr)`) and which port/pool words apply.
 */
export function printPool(
  pool: PfPool,
  family: AddressFamily | undefined,
  role: 'nat' | 'rdr' | 'binat' | 'route',
  dialect: PfDialect,
): string {
  const items = pool.addresses.map((entry) => {
    if (role !== 'route' || dialect === 'openbsd' || entry.interface === undefined) {
      const text = printAddress(entry.address, family);
      return entry.weight !== undefined ? `${text} weight ${entry.weight}` : text;
    }
    // A bare interface (no next hop) prints bare when the family is known, and
    // as pfctl's failed inet_ntop `?` when it is not.
    if (entry.address.kind === 'any') return family ? entry.interface : `(${entry.interface} ?)`;
    return `(${entry.interface} ${printAddress(entry.address, family)})`;
  });
  let text = items.length > 1 ? `{ ${items.join(', ')} }` : (items[0] ?? '');
  if (pool.port && role === 'nat') {
    text += pool.port.low === pool.port.high ? ` port ${pool.port.low}` : ` port ${pool.port.low}:${pool.port.high}`;
  } else if (pool.port && (role === 'rdr' || role === 'binat')) {
    text += ` port ${pool.port.low}`;
    if (pool.port.high !== pool.port.low) text += pool.port.shift && dialect === 'openbsd' ? ':*' : `:${pool.port.high}`;
  }
  if (pool.type === 'source-hash') text += ` source-hash 0x${pool.hashKey ?? '0'.repeat(32)}`;
  else if (pool.type) text += ` ${pool.type}`;
  if (pool.stickyAddress) text += ' sticky-address';
  if (pool.endpointIndependent) text += ' endpoint-independent';
  if (pool.staticPort) text += ' static-port';
  if (pool.preferIpv6NextHop) text += ' prefer-ipv6-nexthop';
  if (pool.mapEPortset) {
    const { offset, length, id } = pool.mapEPortset;
    text += ` map-e-portset ${offset}/${length}/${id}`;
  }
  return text;
}

const ACTION_WORDS: Readonly<Record<PfRule['action'], string>> = {
  pass: 'pass',
  block: 'block',
  match: 'match',
  scrub: 'scrub',
  'no-scrub': 'no scrub',
  nat: 'nat',
  'no-nat': 'no nat',
  rdr: 'rdr',
  'no-rdr': 'no rdr',
  binat: 'binat',
  'no-binat': 'no binat',
};

const ANCHOR_WORDS: Readonly<Record<PfRule['action'], string>> = {
  pass: 'anchor',
  block: 'anchor',
  match: 'anchor',
  scrub: 'anchor',
  'no-scrub': 'anchor',
  nat: 'nat-anchor',
  'no-nat': 'nat-anchor',
  rdr: 'rdr-anchor',
  'no-rdr': 'rdr-anchor',
  binat: 'binat-anchor',
  'no-binat': 'binat-anchor',
};

function printBlockReturn(rule: PfRule): string {
  const policy = rule.blockReturn ?? { kind: 'drop' };
  switch (policy.kind) {
    case 'drop':
      return ' drop';
    case 'return':
      return ' return';
    case 'return-rst':
      return policy.ttl ? ` return-rst(ttl ${policy.ttl})` : ' return-rst';
    case 'return-icmp': {
      const icmp = policy.icmp ?? (3 << 8) | 3;
      const icmp6 = policy.icmp6 ?? (1 << 8) | 4;
      const name4 = icmpCodeName(icmp >> 8, icmp & 255, 'inet') ?? String(icmp & 255);
      const name6 = icmpCodeName(icmp6 >> 8, icmp6 & 255, 'inet6') ?? String(icmp6 & 255);
      if (rule.family === 'inet') return ` return-icmp(${name4})`;
      if (rule.family === 'inet6') return ` return-icmp6(${name6})`;
      return ` return-icmp(${name4}, ${name6})`;
    }
  }
}

function printState(rule: PfRule, dialect: PfDialect): string {
  const options = rule.stateOptions;
  const parts: string[] = [];
  if (options) {
    if (options.max !== undefined) parts.push(`max ${options.max}`);
    if (options.noSync) parts.push('no-sync');
    if (options.sourceTrack) parts.push(`source-track ${options.sourceTrack}`);
    if (options.maxSrcStates !== undefined) parts.push(`max-src-states ${options.maxSrcStates}`);
    if (options.maxSrcConn !== undefined) parts.push(`max-src-conn ${options.maxSrcConn}`);
    if (options.maxSrcConnRate) parts.push(`max-src-conn-rate ${options.maxSrcConnRate.limit}/${options.maxSrcConnRate.seconds}`);
    if (options.maxSrcNodes !== undefined) parts.push(`max-src-nodes ${options.maxSrcNodes}`);
    if (options.overload) {
      parts.push(
        `overload <${options.overload.table}>` + (options.overload.flush ? ' flush' : '') + (options.overload.global ? ' global' : ''),
      );
    }
    if (options.ifBound) parts.push('if-bound');
    if (options.floating) parts.push('floating');
    if (options.sloppy) parts.push('sloppy');
    if (options.pflow) parts.push('pflow');
    if (options.allowRelated) parts.push('allow-related');
    const timeouts = [...options.timeouts].sort((a, b) => timeoutRank(a.name) - timeoutRank(b.name));
    for (const timeout of timeouts) parts.push(`${timeout.name} ${timeout.seconds}`);
  }
  let text = '';
  const isAnchor = rule.anchor !== undefined;
  if (rule.state === 'none' && rule.action === 'pass' && !isAnchor) text = ' no state';
  else if (rule.state === 'keep' && (dialect === 'freebsd' || parts.length > 0)) text = ' keep state';
  else if (rule.state === 'modulate') text = ' modulate state';
  else if (rule.state === 'synproxy') text = ' synproxy state';
  if (rule.limiter) text += ` ${rule.limiter.kind} limiter id ${rule.limiter.id} (${rule.limiter.onLimit})`;
  if (rule.probability !== undefined) text += ` probability ${formatProbability(rule.probability)}%`;
  if (parts.length > 0) text += ` (${parts.join(', ')})`;
  return text;
}

/** pfctl prints the stored 32-bit probability as a percentage with `%f`, trailing zeros dropped. */
function formatProbability(scaled: number): string {
  return ((scaled * 100) / 4294967296).toFixed(6).replace(/\.?0+$/, '');
}

function printIdMatch(keyword: 'user' | 'group', match: PfIdMatch): string {
  return ` ${keyword}` + printOperator(match, String);
}

function hex2(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/** One rule as pfctl's print_rule writes it (without the trailing newline). */
export function printRule(rule: PfRule, dialect: PfDialect): string {
  let text: string;
  if (rule.anchor) {
    const name = rule.anchor.name;
    const hidden = name === undefined || name.startsWith('_') || name.includes('/_');
    text = ANCHOR_WORDS[rule.action] + (hidden ? '' : ` "${name}"`);
  } else {
    text = ACTION_WORDS[rule.action];
    if (rule.translationPass) text += ' pass';
  }
  if (rule.action === 'block') text += printBlockReturn(rule);
  if (rule.direction) text += ` ${rule.direction}`;
  if (rule.log) {
    text += ' log';
    const options: string[] = [];
    if (rule.log.all) options.push('all');
    if (rule.log.matches) options.push('matches');
    if (rule.log.user) options.push('user');
    if (rule.log.interfaceNumber !== undefined) options.push(`to pflog${rule.log.interfaceNumber}`);
    if (options.length > 0) text += ` (${options.join(', ')})`;
  }
  if (rule.quick) text += ' quick';
  if (rule.interface) text += rule.interface.negated ? ` on ! ${rule.interface.name}` : ` on ${rule.interface.name}`;
  if (rule.onRdomain !== undefined) text += ` on rdomain ${rule.onRdomain}`;
  if (rule.route && dialect === 'freebsd') text += ` ${rule.route.kind} ${printPool(rule.route.pool, rule.family, 'route', dialect)}`;
  if (rule.family) text += ` ${rule.family}`;
  if (rule.protocol !== undefined) text += ` proto ${protocolName(rule.protocol) ?? rule.protocol}`;
  text += printFromTo(rule, dialect);
  if (rule.receivedOn) text += ` ${rule.receivedOn.negated ? '!' : ''}received-on ${rule.receivedOn.name}`;
  if (rule.user) text += printIdMatch('user', rule.user);
  if (rule.group) text += printIdMatch('group', rule.group);
  if (rule.flags && (rule.flags.set || rule.flags.mask)) text += ` flags ${rule.flags.set}/${rule.flags.mask}`;
  else if (
    (rule.action === 'pass' || rule.action === 'match') &&
    (rule.protocol === undefined || rule.protocol === IPPROTO_TCP) &&
    !rule.fragment &&
    !rule.anchor &&
    rule.state !== 'none'
  ) {
    text += ' flags any';
  }
  if (rule.icmp) {
    const { family, type, code } = rule.icmp;
    text += family === 'inet6' ? ' icmp6-type' : ' icmp-type';
    text += ` ${icmpTypeName(type, family) ?? type}`;
    if (code !== undefined) text += ` code ${icmpCodeName(type, code, family) ?? code}`;
  }
  if (rule.tos !== undefined) text += ` tos ${hex2(rule.tos)}`;
  if (rule.prio !== undefined) text += ` prio ${rule.prio}`;
  if (rule.maxPktRate) text += ` max-pkt-rate ${rule.maxPktRate.limit}/${rule.maxPktRate.seconds}`;
  if (rule.maxPktSize !== undefined) text += ` max-pkt-size ${rule.maxPktSize}`;
  const setParts: string[] = [];
  if (rule.setPrio) {
    const [first, second] = rule.setPrio;
    setParts.push(first === second ? ` prio ${first}` : ` prio(${first}, ${second})`);
  }
  if (dialect === 'openbsd' && rule.queue) {
    setParts.push(rule.queue.priorityName ? ` queue(${rule.queue.name}, ${rule.queue.priorityName})` : ` queue ${rule.queue.name}`);
  }
  if (rule.setTos !== undefined && !rule.scrub) setParts.push(` tos ${hex2(rule.setTos)}`);
  if (setParts.length > 0) text += ` set (${setParts.join(',')} )`;
  text += printState(rule, dialect);
  if (rule.allowOpts) text += ' allow-opts';
  if (rule.fragment) text += ' fragment';
  if (rule.scrub) text += printScrub(rule);
  if (rule.once) text += ' once';
  for (const label of rule.labels) text += ` label "${label}"`;
  if (rule.ridentifier !== undefined) text += ` ridentifier ${rule.ridentifier}`;
  if (rule.dnpipe) {
    const { kind, forward, reverse } = rule.dnpipe;
    text += reverse !== undefined ? ` ${kind}(${forward}, ${reverse})` : ` ${kind} ${forward}`;
  }
  if (dialect === 'freebsd' && rule.queue) {
    text += rule.queue.priorityName ? ` queue(${rule.queue.name}, ${rule.queue.priorityName})` : ` queue ${rule.queue.name}`;
  }
  if (rule.tag) text += ` tag ${rule.tag}`;
  if (rule.tagged) text += `${rule.tagged.negated ? ' !' : ''} tagged ${rule.tagged.name}`;
  if (rule.rtable !== undefined) text += ` rtable ${rule.rtable}`;
  if (rule.divert) {
    if (rule.divert.kind === 'divert-reply') text += ' divert-reply';
    else if (rule.divert.kind === 'divert-packet') text += ` divert-packet port ${rule.divert.port}`;
    else if (rule.divert.address && dialect === 'openbsd') text += ` divert-to ${formatIp(rule.divert.address)} port ${rule.divert.port}`;
    else text += ` divert-to ${rule.divert.port}`;
  }
  if (rule.route && dialect === 'openbsd') text += ` ${rule.route.kind} ${printPool(rule.route.pool, rule.family, 'route', dialect)}`;
  if (!rule.anchor) {
    if (rule.afTo) {
      text += ` af-to ${rule.afTo.family} from ${printPool(rule.afTo.from, rule.afTo.family, 'binat', dialect)}`;
      if (rule.afTo.to) text += ` to ${printPool(rule.afTo.to, rule.afTo.family, 'binat', dialect)}`;
    }
    if (rule.natTo) text += ` nat-to ${printPool(rule.natTo, rule.family, 'nat', dialect)}`;
    if (rule.rdrTo) text += ` rdr-to ${printPool(rule.rdrTo, rule.family, 'rdr', dialect)}`;
    if (rule.binatTo) text += ` binat-to ${printPool(rule.binatTo, rule.family, 'binat', dialect)}`;
    if (rule.redirect) {
      const role = rule.action === 'nat' ? 'nat' : rule.action === 'rdr' ? 'rdr' : 'binat';
      text += ` -> ${printPool(rule.redirect, rule.family, role, dialect)}`;
    }
  }
  return text;
}

function printScrub(rule: PfRule): string {
  const scrub = rule.scrub!;
  const parts: string[] = [];
  if (rule.action === 'scrub' || rule.action === 'no-scrub') {
    // Legacy scrub statements print their options bare, fragment handling last.
    if (scrub.noDf) parts.push('no-df');
    if (scrub.randomId) parts.push('random-id');
    if (scrub.minTtl !== undefined) parts.push(`min-ttl ${scrub.minTtl}`);
    if (scrub.maxMss !== undefined) parts.push(`max-mss ${scrub.maxMss}`);
    if (scrub.setTos !== undefined) parts.push(`set-tos ${hex2(scrub.setTos)}`);
    if (scrub.reassembleTcp) parts.push('reassemble tcp');
    if (rule.action === 'scrub') {
      const fragment = scrub.fragment ?? 'reassemble';
      parts.push(fragment === 'no-reassemble' ? 'fragment no reassemble' : `fragment ${fragment}`);
    }
    return parts.map((part) => ` ${part}`).join('');
  }
  if (scrub.noDf) parts.push('no-df');
  if (scrub.randomId) parts.push('random-id');
  if (scrub.minTtl !== undefined) parts.push(`min-ttl ${scrub.minTtl}`);
  if (scrub.setTos !== undefined) parts.push(`set-tos ${hex2(scrub.setTos)}`);
  if (scrub.reassembleTcp) parts.push('reassemble tcp');
  if (scrub.maxMss !== undefined) parts.push(`max-mss ${scrub.maxMss}`);
  return ` scrub (${parts.join(', ')})`;
}

function printEtherAddress(match: PfEtherAddressMatch): string {
  const mac = (hex: string) => hex.match(/../g)!.join(':');
  let text = (match.negated ? '! ' : '') + mac(match.address);
  if (match.prefixLength !== undefined) text += `/${match.prefixLength}`;
  else if (match.mask !== undefined) text += `&${mac(match.mask)}`;
  return text;
}

export function printEtherRule(rule: PfEtherRule): string {
  let text = rule.anchor ? `ether anchor${rule.anchor.name ? ` "${rule.anchor.name}"` : ''}` : `ether ${rule.action}`;
  if (rule.direction) text += ` ${rule.direction}`;
  if (rule.quick) text += ' quick';
  if (rule.interface) text += rule.interface.negated ? ` on ! ${rule.interface.name}` : ` on ${rule.interface.name}`;
  if (rule.bridgeTo) text += ` bridge-to ${rule.bridgeTo}`;
  if (rule.etherType !== undefined) text += ` proto 0x${rule.etherType.toString(16).padStart(4, '0')}`;
  if (rule.from) text += ` from ${printEtherAddress(rule.from)}`;
  if (rule.to) text += ` to ${printEtherAddress(rule.to)}`;
  const l3Any = (match: PfAddressMatch) => match.address.kind === 'any' && !match.negated;
  text += ' l3';
  if (l3Any(rule.l3From) && l3Any(rule.l3To)) text += ' all';
  else text += ` from ${printAddressMatch(rule.l3From, undefined)} to ${printAddressMatch(rule.l3To, undefined)}`;
  for (const label of rule.labels) text += ` label "${label}"`;
  if (rule.ridentifier !== undefined) text += ` ridentifier ${rule.ridentifier}`;
  if (rule.queue) text += ` queue ${rule.queue}`;
  if (rule.tag) text += ` tag ${rule.tag}`;
  if (rule.tagged) text += `${rule.tagged.negated ? ' !' : ''} tagged ${rule.tagged.name}`;
  if (rule.dnpipe) text += ` ${rule.dnpipe.kind} ${rule.dnpipe.number}`;
  return text;
}
