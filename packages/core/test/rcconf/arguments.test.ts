import { describe, expect, it } from 'vitest';
import { formatIp, formatPrefix } from '../../src/net/ip.js';
import { expandAliasRanges } from '../../src/rcconf/alias-ranges.js';
import { parseIfconfigArguments } from '../../src/rcconf/ifconfig-args.js';
import { parseRcConf } from '../../src/rcconf/parser.js';
import { parseRouteArguments, parseRouteCommand, parseFibList } from '../../src/rcconf/route-args.js';
import { RcVariables } from '../../src/rcconf/variables.js';
import { literalValue, splitWords, type ArgWord } from '../../src/rcconf/value.js';
import { LineIndex } from '../../src/source.js';

function words(text: string): ArgWord[] {
  return splitWords(literalValue(text, 0), 'test', new LineIndex(text));
}

function columns(range: { start: { column: number }; end: { column: number } }): string {
  return `${range.start.column}-${range.end.column}`;
}

describe('ifconfig arguments', () => {
  it('reads `inet A netmask M`', () => {
    const [address] = parseIfconfigArguments(words('inet 152.53.147.5 netmask 255.255.252.0 -lro -tso')).addresses;
    expect(formatIp(address!.address)).toBe('152.53.147.5');
    expect(address!.length).toBe(22);
    expect(address!.explicitLength).toBe(true);
    expect(columns(address!.range)).toBe('6-40');
  });

  it('reads A/len with and without the inet keyword', () => {
    expect(parseIfconfigArguments(words('inet 10.254.254.1/24')).addresses[0]!.length).toBe(24);
    const bare = parseIfconfigArguments(words('10.0.2.1/24 addm ngx_a addm node_a'));
    expect(bare.addresses.map((address) => `${formatIp(address.address)}/${address.length}`)).toEqual(['10.0.2.1/24']);
    expect(bare.addMembers.map((member) => member.value)).toEqual(['ngx_a', 'node_a']);
  });

  it('reads a point-to-point pair and `inet6 A B prefixlen N`', () => {
    const v4 = parseIfconfigArguments(words('inet 10.255.255.6 10.255.255.5')).addresses[0]!;
    expect([formatIp(v4.address), formatIp(v4.peer!), v4.length]).toEqual(['10.255.255.6', '10.255.255.5', 32]);
    const v6 = parseIfconfigArguments(words('inet6 2a06:9801:1c:ffff::2 2a06:9801:1c:ffff::1 prefixlen 128'), 'inet6').addresses[0]!;
    expect([formatIp(v6.address), formatIp(v6.peer!), v6.length]).toEqual(['2a06:9801:1c:ffff::2', '2a06:9801:1c:ffff::1', 128]);
  });

  it('defaults IPv6 to /64 and IPv4 without a mask to its class', () => {
    expect(parseIfconfigArguments(words('inet6 2001:db8::1')).addresses[0]!.length).toBe(64);
    const classful = parseIfconfigArguments(words('inet 10.1.2.3')).addresses[0]!;
    expect([classful.length, classful.explicitLength]).toEqual([8, false]);
  });

  it('marks `-alias` and `delete` as removals', () => {
    const parsed = parseIfconfigArguments(words('inet 192.0.2.9/32 -alias'));
    expect(parsed.addresses[0]!.remove).toBe(true);
    expect(parseIfconfigArguments(words('inet 192.0.2.9/32 alias')).addresses[0]!.remove).toBe(false);
  });

  it('reads fib, tunnelfib, tunnel, mtu, offloads, up and DHCP', () => {
    const parsed = parseIfconfigArguments(words('fib 1 tunnel 152.53.147.5 128.140.64.181 tunnelfib 0 mtu 1480 -lro tso -txcsum -rxcsum vlanhwtag up'));
    expect(parsed.fib?.value).toBe(1);
    expect(columns(parsed.fib!.range)).toBe('1-6');
    expect(parsed.tunnelFib?.value).toBe(0);
    expect(parsed.tunnel && [formatIp(parsed.tunnel.value.source), formatIp(parsed.tunnel.value.destination)]).toEqual(['152.53.147.5', '128.140.64.181']);
    expect(parsed.mtu?.value).toBe(1480);
    expect(Object.fromEntries(Object.entries(parsed.offload).map(([flag, setting]) => [flag, setting.value]))).toEqual({
      lro: false,
      tso: true,
      txcsum: false,
      rxcsum: false,
      vlanhwtag: true,
    });
    expect(parsed.up).toBe(true);
    expect(parsed.dhcp).toBe(false);
    expect(parsed.findings).toEqual([]);
    expect(parseIfconfigArguments(words('SYNCDHCP -lro')).dhcp).toBe(true);
    expect(parseIfconfigArguments(words('dhcp')).dhcp).toBe(true);
  });

  it('reports bad numbers, masks, addresses and tunnels where they are written', () => {
    const cases: [string, string][] = [
      ['fib one', '5-8'],
      ['inet 10.0.0.300/24', '6-19'],
      ['inet 10.0.0.1 netmask 255.0.255.0', '23-34'],
      ['tunnel 192.0.2.1', '1-17'],
      ['tunnel 192.0.2.1 2001:db8::1', '1-29'],
      ['inet6 10.0.0.1', '7-15'],
      ['mtu', '1-4'],
    ];
    for (const [text, where] of cases) {
      const parsed = parseIfconfigArguments(words(text));
      expect(parsed.findings.map((finding) => [finding.ruleId, columns(finding.range)]), text).toEqual([['invalid-value', where]]);
    }
  });

  it('points inside the quoted rc.conf value', () => {
    const rc = new RcVariables([parseRcConf('rc.conf', 'ifconfig_gif0="fib 1 tunnel 152.53.147.5 128.140.64.181 tunnelfib 0"\n')]);
    const parsed = parseIfconfigArguments(rc.words('ifconfig_gif0'));
    expect(columns(parsed.fib!.range)).toBe('16-21');
    expect(columns(parsed.tunnelFib!.range)).toBe('57-68');
    expect(columns(parsed.tunnel!.range)).toBe('22-56');
  });
});

describe('route arguments', () => {
  const route = (text: string, family?: 'inet' | 'inet6') => {
    const parsed = parseRouteArguments(words(text), family);
    expect(parsed.findings, text).toEqual([]);
    return parsed.route!;
  };

  it('reads -net, -host and default with gateways', () => {
    const net = route('-net 10.2.0.0/16 192.0.2.254');
    expect([formatPrefix(net.destination), net.gateway?.kind, net.isDefault, net.fibs]).toEqual(['10.2.0.0/16', 'address', false, undefined]);
    expect(formatPrefix(route('-host 194.28.98.217 -interface lo0 -fib 1').destination)).toBe('194.28.98.217/32');
    const def = route('-inet default 10.255.255.5 -fib 1');
    expect([formatPrefix(def.destination), def.isDefault, def.fibs?.value]).toEqual(['0.0.0.0/0', true, [1]]);
  });

  it('reads -6/-inet6 routes, including from static_routes', () => {
    const v6default = route('-6 default -interface gif0 -fib 1');
    expect([v6default.family, formatPrefix(v6default.destination), v6default.gateway]).toEqual(['inet6', '::/0', expect.objectContaining({ kind: 'interface', name: 'gif0' })]);
    expect(formatPrefix(route('-inet6 2a06:9801:1c:1000::/64 -interface bastille0').destination)).toBe('2a06:9801:1c:1000::/64');
    expect(formatPrefix(route('2001:db8:1c:1000:: -prefixlen 64 -iface bridge0', 'inet6').destination)).toBe('2001:db8:1c:1000::/64');
  });

  it('infers the IPv4 network of a destination without a length as route(8) does: its trailing zero bytes', () => {
    const inferred: readonly (readonly [string, string])[] = [
      ['10.0.0.0', '10.0.0.0/8'],
      ['10.1.2.3', '10.1.2.3/32'],
      ['-net 10.1.0.0', '10.1.0.0/16'],
      // Not the classful /24: route(8) counts zero bytes, once the classful host part says it is a network.
      ['192.168.0.0', '192.168.0.0/16'],
      ['-net 192.168.0.0', '192.168.0.0/16'],
      ['172.16.0.0', '172.16.0.0/16'],
      ['192.0.2.0', '192.0.2.0/24'],
      // 10.1.0.0's classful (class A) host part is not zero: without -net it is one host.
      ['10.1.0.0', '10.1.0.0/32'],
      ['-net 10.1.2.0', '10.1.2.0/24'],
      // Fewer than four numbers, as route(8)'s manual writes networks.
      ['-net 10.1', '10.1.0.0/16'],
      ['-net 128.32', '128.32.0.0/16'],
      ['10.1/16', '10.1.0.0/16'],
    ];
    for (const [destination, prefix] of inferred) expect(formatPrefix(route(`${destination} 192.0.2.1`).destination), destination).toBe(prefix);
    // Without -net or a length, route(8) reads `10.1` as the host 10.0.0.1 (inet_aton); pflint does not guess.
    expect(parseRouteArguments(words('10.1 192.0.2.1')).findings.map((finding) => finding.message)).toEqual(['`10.1` is not a valid destination']);
    expect(formatPrefix(route('-net 10.0.0.0 -netmask 255.255.255.0 192.0.2.1').destination)).toBe('10.0.0.0/24');
    expect(formatPrefix(route('-net 2001:db8:: 2001:db8::1').destination)).toBe('2001:db8::/64');
  });

  it('clears host bits of a -net destination and says they were set', () => {
    const parsed = route('-net 10.254.254.1/24 -interface bastille0');
    expect(formatPrefix(parsed.destination)).toBe('10.254.254.0/24');
    expect(parsed.hostBitsSet).toBe(true);
    expect(route('-net 10.254.254.0/24 -interface bastille0').hostBitsSet).toBe(false);
  });

  it('keeps the scope of a link-local gateway', () => {
    const parsed = route('-inet6 default fe80::1%vtnet0');
    expect(parsed.gateway?.kind === 'address' && formatIp(parsed.gateway.address)).toBe('fe80::1%vtnet0');
    const unscoped = route('-inet6 default fe80::1');
    expect(unscoped.gateway?.kind === 'address' && unscoped.gateway.address.zone).toBeUndefined();
  });

  it('reads -fib lists and ranges, -blackhole and -reject', () => {
    expect(route('-net 192.0.2.0/24 -blackhole -fib 0,2-3').fibs?.value).toEqual([0, 2, 3]);
    expect(route('-net 192.0.2.0/24 -reject').reject).toBe(true);
    expect(parseFibList('1,3-5')).toEqual([1, 3, 4, 5]);
    expect(parseFibList('3-1')).toBeUndefined();
    expect(parseFibList('x')).toBeUndefined();
  });

  it('tells an interface name from an -interface address', () => {
    expect(route('-net 10.0.0.0/24 -interface 192.0.2.1').gateway?.kind).toBe('interface-address');
    expect(route('-net 10.0.0.0/24 -iface wg0').gateway?.kind).toBe('interface');
  });

  it('reports what route(8) would reject', () => {
    const cases: [string, string][] = [
      ['-net 10.0.0.0/24 -fib', '-fib'],
      ['-net 10.0.0.0/24 -bogus 192.0.2.1', 'Unknown route option'],
      ['-net 10.0.0.0/24', 'has no gateway'],
      ['-net 10.0.0.0/24 gif0', 'not a gateway address'],
      ['-inet6 10.0.0.0/24 192.0.2.1', 'not a valid IPv6'],
      ['-net 10.0.0.0/33 192.0.2.1', 'too long'],
      ['-fib 1', 'no destination'],
    ];
    for (const [text, message] of cases) {
      const parsed = parseRouteArguments(words(text));
      expect(parsed.findings.map((finding) => finding.message).join(' | '), text).toContain(message);
    }
  });

  it('recognises route commands in hooks and ignores other commands', () => {
    const parsed = parseRouteCommand(words('route -q -n add -inet 0.0.0.0/0 -interface wg0 -fib 1'));
    expect(parsed?.route && [formatPrefix(parsed.route.destination), parsed.route.fibs?.value]).toEqual(['0.0.0.0/0', [1]]);
    expect(parseRouteCommand(words('/sbin/route add -net 10.0.0.0/8 192.0.2.1'))?.route).toBeDefined();
    expect(parseRouteCommand(words('route delete default'))).toBeUndefined();
    expect(parseRouteCommand(words('ifconfig wg0 up'))).toBeUndefined();
  });
});

describe('alias address ranges', () => {
  const expand = (text: string, limit?: number) => {
    const result = expandAliasRanges(words(text), limit);
    return { text: result.words.map((word) => word.text).join(' '), findings: result.findings.map((finding) => finding.ruleId) };
  };

  it('expands a range in any one octet, keeping the length on the first address only', () => {
    expect(expand('inet 10.1-3.0.1/16 netmask 255.255.0.0')).toEqual({ text: 'inet 10.1.0.1/16 inet 10.2.0.1/32 inet 10.3.0.1/32 netmask 255.255.0.0', findings: [] });
  });

  it('expands an IPv6 group in hexadecimal, each address with the length (default /64)', () => {
    expect(expand('inet6 2001:db8:9-b::1').text).toBe('inet6 2001:db8:0009::1/64 inet6 2001:db8:000a::1/64 inet6 2001:db8:000b::1/64');
  });

  it('keeps every source range of the range word, and leaves other words and non-ranges alone', () => {
    const result = expandAliasRanges(words('inet 10.0.0.1-2 up inet 10.0.0.9/32'));
    expect(result.words.map((word) => `${word.text}@${columns(word.range)}`)).toEqual([
      'inet@1-5',
      '10.0.0.1/32@6-16',
      'inet@6-16',
      '10.0.0.2/32@6-16',
      'up@17-19',
      'inet@20-24',
      '10.0.0.9/32@25-36',
    ]);
  });

  it('adds nothing for a reversed range, and does not treat -- or a range without a family keyword as one', () => {
    expect(expand('inet 10.0.0.9-2').text).toBe('inet');
    expect(expand('inet 10.0.0.1--2').text).toBe('inet 10.0.0.1--2');
    expect(expand('10.0.0.1-2').text).toBe('10.0.0.1-2');
  });

  it('stops after limit + 2 addresses, as network.subr counts, and says so', () => {
    expect(expand('inet 10.0.0.1-50', 2)).toEqual({ text: 'inet 10.0.0.1/32 inet 10.0.0.2/32 inet 10.0.0.3/32 inet 10.0.0.4/32', findings: ['invalid-value'] });
    expect(expand('inet 10.0.0.1-4', 2).findings).toEqual([]);
  });
});
