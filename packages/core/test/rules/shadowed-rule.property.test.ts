import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPfConf, type NetInterface, type PfAddress, type PfAddressMatch, type PfLoadedConfig, type PfNumberMatch, type PfRule } from '@pflint/core';
import { findShadowedRules } from '../../src/rules/shadowed-rule.js';

/**
 * Brute force against the index: small rulesets over a tiny world (eight
 * addresses in 10.0.0.0/29 plus one outside, five ports, three interfaces)
 * are evaluated packet by packet with pf's last-match/quick semantics. A rule
 * the check calls shadowed must decide no packet at all.
 */
const TABLES = ['table <t1> { 10.0.0.0/30, 10.0.0.6 }', 'table <t2> { 10.0.0.0/29, !10.0.0.2 }'];
const ADDRESSES = ['any', '10.0.0.0/30', '10.0.0.4/30', '10.0.0.0/29', '10.0.0.2', '! 10.0.0.0/30', '10.0.0.1 - 10.0.0.5', '<t1>', '<t2>'];
const PORTS = ['', 'port 1', 'port 2:3', 'port > 2', 'port != 2', 'port 1 >< 4', 'port 2 <> 3'];
const INTERFACE_NAMES = ['em0', 'em1', 'em2'];
const INTERFACES = new Map(INTERFACE_NAMES.map((name) => [name, {} as NetInterface]));

const ruleText = fc
  .record({
    action: fc.constantFrom('pass', 'block'),
    quick: fc.boolean(),
    direction: fc.constantFrom('', 'in', 'out'),
    on: fc.constantFrom('', 'on em0', 'on em1', 'on ! em0'),
    protocol: fc.constantFrom('', 'tcp', 'udp'),
    from: fc.constantFrom(...ADDRESSES),
    to: fc.constantFrom(...ADDRESSES),
    port: fc.constantFrom(...PORTS),
    state: fc.constantFrom('', 'flags any', 'flags S/SA', 'no state'),
  })
  .map(({ action, quick, direction, on, protocol, from, to, port, state }) =>
    [
      action,
      direction,
      quick ? 'quick' : '',
      on,
      'inet',
      protocol ? `proto ${protocol}` : '',
      `from ${from}`,
      `to ${to}`,
      protocol ? port : '',
      action === 'pass' || state.startsWith('flags') ? (protocol === 'udp' && state.startsWith('flags') ? '' : state) : '',
    ]
      .filter((word) => word !== '')
      .join(' '),
  );

interface Packet {
  readonly interface: string;
  readonly direction: 'in' | 'out';
  readonly protocol: number;
  readonly source: bigint;
  readonly destination: bigint;
  readonly destinationPort?: number;
  /** TCP flags as letters. */
  readonly flags: string;
}

const BASE = 0x0a000000n;
const WORLD_ADDRESSES = [...Array.from({ length: 8 }, (_, index) => BASE + BigInt(index)), 0xc0000201n];
const WORLD_PORTS = [1, 2, 3, 4, 1000];

function* packets(): Iterable<Packet> {
  for (const networkInterface of INTERFACE_NAMES)
    for (const direction of ['in', 'out'] as const)
      for (const source of WORLD_ADDRESSES)
        for (const destination of WORLD_ADDRESSES) {
          yield { interface: networkInterface, direction, protocol: 1, source, destination, flags: '' };
          for (const destinationPort of WORLD_PORTS) {
            yield { interface: networkInterface, direction, protocol: 17, source, destination, destinationPort, flags: '' };
            for (const flags of ['S', 'SA', 'A']) yield { interface: networkInterface, direction, protocol: 6, source, destination, destinationPort, flags };
          }
        }
}

function inAddress(pf: PfLoadedConfig, address: PfAddress, value: bigint): boolean {
  switch (address.kind) {
    case 'any':
      return true;
    case 'prefix': {
      const shift = BigInt(32 - address.prefix.length);
      return value >> shift === address.prefix.network >> shift;
    }
    case 'range':
      return value >= address.from.value && value <= address.to.value;
    case 'table': {
      // Longest match decides, as in pf's radix tables.
      let best: { length: number; negated: boolean } | undefined;
      for (const source of pf.tables.get(address.name)!.sources) {
        if (source.kind !== 'entries') throw new Error('file tables are not generated');
        for (const entry of source.entries) {
          if (entry.address.kind !== 'prefix' || !inAddress(pf, entry.address, value)) continue;
          if (!best || entry.address.prefix.length > best.length) best = { length: entry.address.prefix.length, negated: entry.negated };
        }
      }
      return best !== undefined && !best.negated;
    }
    default:
      throw new Error(`unexpected address ${address.kind}`);
  }
}

const inMatch = (pf: PfLoadedConfig, match: PfAddressMatch, value: bigint) => inAddress(pf, match.address, value) !== match.negated;

function inPorts(match: PfNumberMatch | undefined, port: number | undefined): boolean {
  if (!match) return true;
  if (port === undefined) return false;
  if ('value' in match) {
    const value = match.value;
    return { '=': port === value, '!=': port !== value, '<': port < value, '<=': port <= value, '>': port > value, '>=': port >= value }[match.operator];
  }
  return { ':': port >= match.low && port <= match.high, '><': port > match.low && port < match.high, '<>': port < match.low || port > match.high }[match.operator];
}

function matches(pf: PfLoadedConfig, rule: PfRule, packet: Packet): boolean {
  if (rule.direction && rule.direction !== packet.direction) return false;
  if (rule.interface && (rule.interface.name === packet.interface) === rule.interface.negated) return false;
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return false;
  if (packet.protocol === 6 && rule.flags && rule.flags.mask) {
    const masked = [...rule.flags.mask].filter((flag) => packet.flags.includes(flag)).sort().join('');
    if (masked !== [...rule.flags.set].sort().join('')) return false;
  }
  return (
    inMatch(pf, rule.from.address, packet.source) &&
    inMatch(pf, rule.to.address, packet.destination) &&
    inPorts(rule.to.port, packet.destinationPort)
  );
}

/** Lines of statements that decide at least one packet of the world. */
function decidingLines(pf: PfLoadedConfig): Set<number> {
  const lines = new Set<number>();
  for (const packet of packets()) {
    let decider: PfRule | undefined;
    for (const rule of pf.rules.filter) {
      if (!matches(pf, rule, packet)) continue;
      decider = rule;
      if (rule.quick) break;
    }
    if (decider) lines.add(decider.origin.range.start.line);
  }
  return lines;
}

describe('shadowed-rule against brute force', () => {
  it('never calls a rule shadowed that decides some packet', () => {
    let reportedAtAll = 0;
    fc.assert(
      fc.property(fc.array(ruleText, { minLength: 2, maxLength: 7 }), (rules) => {
        const loaded = loadPfConf([...TABLES, ...rules, ''].join('\n'), { file: 'pf.conf' });
        expect(loaded.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
        const reported = [...findShadowedRules(loaded.config, INTERFACES)].map((report) => report.range.start.line);
        reportedAtAll += reported.length;
        const deciding = decidingLines(loaded.config);
        expect(reported.filter((line) => deciding.has(line))).toEqual([]);
      }),
      { numRuns: 40, seed: 20261122 },
    );
    // The generator must give the check something to find, or the property says nothing.
    expect(reportedAtAll).toBeGreaterThan(5);
  });

  it('tells a table with a negated entry from the block it excludes, as the brute force does', () => {
    const loaded = loadPfConf([...TABLES, 'block in quick inet from <t2> to any', 'pass in inet from 10.0.0.0/30 to any', ''].join('\n'), { file: 'pf.conf' });
    expect([...findShadowedRules(loaded.config, INTERFACES)].map((report) => report.range.start.line)).toEqual([]);
    expect(decidingLines(loaded.config).has(4)).toBe(true);
    const narrower = loadPfConf([...TABLES, 'block in quick inet from <t2> to any', 'pass in inet from 10.0.0.4/30 to any', ''].join('\n'), { file: 'pf.conf' });
    expect([...findShadowedRules(narrower.config, INTERFACES)].map((report) => report.range.start.line)).toEqual([4]);
    expect(decidingLines(narrower.config).has(4)).toBe(false);
  });

  it('stops at a translating match rule: the rules after it see rewritten packets', () => {
    const lines = (middle: string) =>
      [...findShadowedRules(loadPfConf(['pass in proto tcp to 10.0.0.1 port 22', middle, 'block in all', ''].join('\n'), { file: 'pf.conf', dialect: 'openbsd' }).config, INTERFACES)].map(
        (report) => report.range.start.line,
      );
    expect(lines('match in on em0 proto tcp to 10.0.0.9 port 2222 rdr-to 10.0.0.1 port 22')).toEqual([]);
    expect(lines('match in on em0 proto tcp to 10.0.0.9 port 2222 tag SSH')).toEqual([1]);
  });

  it('compares ICMP types: a type is covered by its protocol, not the other way round', () => {
    const lines = (text: string[]) => [...findShadowedRules(loadPfConf([...text, ''].join('\n'), { file: 'pf.conf' }).config, INTERFACES)].map((report) => report.range.start.line);
    expect(lines(['block in quick inet proto icmp all', 'pass in inet proto icmp icmp-type echoreq'])).toEqual([2]);
    expect(lines(['block in quick inet proto icmp icmp-type echoreq', 'pass in inet proto icmp all'])).toEqual([]);
    expect(lines(['block in quick inet proto icmp icmp-type echoreq', 'pass in inet proto icmp icmp-type unreach'])).toEqual([]);
  });
});
