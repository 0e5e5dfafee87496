import { describe, expect, it } from 'vitest';
import { formatIp } from '../../src/net/ip.js';
import { parseWgQuick } from '../../src/wireguard/wg-quick.js';

const VPSBIG = `[Interface]
PrivateKey = secret=
Address = 10.77.0.2/32,2001:db8:77::2/128
Table = off
PostUp = route -q -n add -inet 0.0.0.0/0 -interface wg0 -fib 1
PostUp = route -q -n add -inet6 ::/1 -interface %i -fib 1

[Peer]
PublicKey = key=
AllowedIPs = 0.0.0.0/0,::0/0
Endpoint = 203.0.113.10:51820
PersistentKeepalive = 30
`;

describe('wg-quick files', () => {
  it('reads the interface name, addresses, Table and PostUp commands (seed 002)', () => {
    const config = parseWgQuick('/h/usr/local/etc/wireguard/wg0.conf', VPSBIG);
    expect(config.findings).toEqual([]);
    expect(config.interfaceName).toBe('wg0');
    expect(config.addresses.map((address) => `${formatIp(address.address)}/${address.length}`)).toEqual(['10.77.0.2/32', '2001:db8:77::2/128']);
    expect(config.addresses[1]!.range.start.column).toBe(24);
    expect(config.table?.value).toBe('off');
    expect(config.postUp.map((words) => words.map((word) => word.text).join(' '))).toEqual([
      'route -q -n add -inet 0.0.0.0/0 -interface wg0 -fib 1',
      'route -q -n add -inet6 ::/1 -interface wg0 -fib 1',
    ]);
    const fibWord = config.postUp[0]!.find((word) => word.text === '-fib')!;
    expect([fibWord.range.start.line, fibWord.range.start.column]).toEqual([5, 57]);
  });

  it('reads peers with their endpoint and allowed prefixes', () => {
    const [peer] = parseWgQuick('wg0.conf', VPSBIG).peers;
    expect(peer!.endpoint?.value).toEqual({ host: '203.0.113.10', port: 51820, address: expect.objectContaining({ family: 'inet' }) });
    expect(peer!.allowedIps.map((allowed) => allowed.length)).toEqual([0, 0]);
    expect(peer!.range.start.line).toBe(8);
  });

  it('reads MTU, ListenPort and a numeric Table', () => {
    const config = parseWgQuick('wg1.conf', '[Interface]\nAddress = 10.0.0.1/24\nListenPort = 51820\nMTU = 1380\nTable = 3\n');
    expect([config.interfaceName, config.listenPort?.value, config.mtu?.value, config.table?.value]).toEqual(['wg1', 51820, 1380, 3]);
    expect(parseWgQuick('wg2.conf', '[Interface]\nAddress = 10.0.0.1/24\n').table).toBeUndefined();
  });

  it('reports bad values at their position and keeps the rest', () => {
    const config = parseWgQuick('wg0.conf', '[Interface]\nAddress = 10.0.0.1/24, oneOfMyIpv6/128\nTable = main\nListenPort = 99999\n');
    expect(config.findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.column])).toEqual([
      ['invalid-value', 2, 24],
      ['invalid-value', 3, 9],
      ['invalid-value', 4, 14],
    ]);
    expect(config.addresses).toHaveLength(1);
  });
});
