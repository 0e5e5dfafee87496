import { describe, expect, it } from 'vitest';
import { formatIp, formatPrefix, parseIp, RoutingTables } from '@pflint/core';
import { chain, loadFirebrick, resolve, tableLines } from './support.js';

describe('corpus/firebrick-basic', () => {
  const host = loadFirebrick('corpus/firebrick-basic/router.xml');

  it('reads without findings into one table', () => {
    expect(host.findings).toEqual([]);
    expect(host.kind).toBe('firebrick');
    expect(host.name).toBe('router.xml');
    expect(host.tableCount).toBe(1);
    expect([...host.interfaces.keys()]).toEqual(['lan', 'wan']);
  });

  it('has the routes the subnets and route objects make', () => {
    expect(tableLines(host, 0)).toEqual([
      '0 192.168.10.0/24 iface lan lp=100 subnet lan4',
      '0 192.168.10.1/32 local lp=100 local-address lan4',
      '0 2001:db8:10::/64 iface lan lp=100 subnet lan6',
      '0 2001:db8:10::1/128 local lp=100 local-address lan6',
      '0 198.51.100.0/29 iface wan lp=100 subnet wan4',
      '0 198.51.100.2/32 local lp=100 local-address wan4',
      '0 0.0.0.0/0 via 198.51.100.1 lp=100 subnet-gateway wan4',
      '0 2001:db8:ffff::/64 iface wan lp=100 subnet wan6',
      '0 2001:db8:ffff::2/128 local lp=100 local-address wan6',
      '0 ::/0 via 2001:db8:ffff::1 lp=100 subnet-gateway wan6',
      '0 10.20.0.0/16 via 192.168.10.20 lp=100 static servers',
      '0 10.20.30.0/24 via 192.168.10.21 lp=100 static server-mgmt',
      '0 172.16.0.0/16 via 10.20.0.1 lp=100 static lab',
      '0 172.17.0.0/16 via 10.20.0.1 lp=100 static lab',
      '0 192.0.2.53/32 local lp=100 local-address resolver',
    ]);
  });

  it('records interface addresses with the source of each', () => {
    const lan = host.interfaces.get('lan')!;
    expect(lan.kind).toBe('firebrick-port');
    expect(lan.fib.value).toBe(0);
    expect(lan.addresses.map((address) => `${formatIp(address.address)} ${formatPrefix(address.prefix)} line ${address.source.start.line}`)).toEqual([
      '192.168.10.1 192.168.10.0/24 line 10',
      '2001:db8:10::1 2001:db8:10::/64 line 11',
    ]);
  });

  it('resolves a gateway route recursively until an interface is reached', () => {
    const lab = resolve(host, 0, '172.16.5.5');
    expect(lab.outcome).toBe('interface');
    expect(lab.interface).toBe('lan');
    expect(chain(lab)).toEqual(['lab', 'servers', 'lan4']);
    expect(formatIp(lab.nextHop!)).toBe('192.168.10.20');
    expect(lab.steps.map((step) => step.route.source.start.line)).toEqual([23, 19, 10]);
  });

  it('uses the most specific prefix', () => {
    expect(chain(resolve(host, 0, '10.20.30.7'))).toEqual(['server-mgmt', 'lan4']);
    expect(chain(resolve(host, 0, '10.20.31.7'))).toEqual(['servers', 'lan4']);
    expect(chain(resolve(host, 0, '192.168.10.1'))).toEqual(['lan4']);
    expect(resolve(host, 0, '192.168.10.1').outcome).toBe('local');
  });

  it('sends everything else to the subnets\' gateways', () => {
    const v4 = resolve(host, 0, '9.9.9.9');
    expect([v4.outcome, v4.interface, formatIp(v4.nextHop!)]).toEqual(['interface', 'wan', '198.51.100.1']);
    const v6 = resolve(host, 0, '2001:db8:beef::1');
    expect([v6.outcome, v6.interface, formatIp(v6.nextHop!)]).toEqual(['interface', 'wan', '2001:db8:ffff::1']);
    expect(resolve(host, 0, '192.0.2.53').outcome).toBe('local');
  });
});

describe('corpus/firebrick-multitable', () => {
  const host = loadFirebrick('corpus/firebrick-multitable/router.xml');

  it('reads without findings into two tables', () => {
    expect(host.findings).toEqual([]);
    expect(host.tableCount).toBe(2);
    expect([...host.interfaces.values()].map((networkInterface) => `${networkInterface.name}:${networkInterface.fib.value}`)).toEqual([
      'lan:0',
      'isp-a:0',
      'isp-b:1',
    ]);
    expect(host.tableUses.map((use) => `${use.how} ${use.table} line ${use.source.start.line}`)).toEqual([
      'firebrick-table 1 line 22',
      'firebrick-table 1 line 25',
      'set-table 1 line 45',
      'set-table 0 line 47',
    ]);
  });

  it('keeps table 1 apart from table 0', () => {
    expect(tableLines(host, 1)).toEqual([
      '1 198.51.100.8/30 iface isp-b lp=100 subnet isp-b4',
      '1 198.51.100.10/32 local lp=100 local-address isp-b4',
      '1 0.0.0.0/0 via 198.51.100.9 lp=100 subnet-gateway isp-b4',
      '1 10.0.0.0/8 blackhole lp=100 static bogons-b',
    ]);
    expect(tableLines(host, 0)).toContain('0 0.0.0.0/0 via 203.0.113.1 lp=100 subnet-gateway isp-a4');
    expect(tableLines(host, 0).filter((line) => line.includes('isp-b'))).toEqual([]);
    expect(chain(resolve(host, 0, '8.8.8.8'))).toEqual(['isp-a4', 'isp-a4']);
    expect(chain(resolve(host, 1, '8.8.8.8'))).toEqual(['isp-b4', 'isp-b4']);
  });

  it('breaks a tie on prefix with localpref', () => {
    const lookup = resolve(host, 0, '9.9.9.9').steps[0]!;
    expect(lookup.route.name).toBe('isp-a4');
    expect(lookup.alternatives).toEqual([]);
    expect(tableLines(host, 0)).toContain('0 0.0.0.0/0 via 192.168.20.254 lp=10 static fallback');
  });

  it('reports equal prefix and localpref as a nondeterministic choice, with the backup outranked', () => {
    const vpn = resolve(host, 0, '10.50.1.1');
    expect(vpn.steps[0]!.route.name).toBe('vpn-a');
    expect(vpn.steps[0]!.alternatives.map((route) => route.name)).toEqual(['vpn-b']);
    expect(vpn.steps[0]!.tie).toBe('nondeterministic');
    expect(vpn.steps[0]!.route.attributes).toEqual({ speed: '100M' });
    expect([vpn.outcome, vpn.interface]).toEqual(['interface', 'lan']);
  });

  it('sends an IPv6 destination to the IPv4 gateway as 6in4, the outer packet following table 0', () => {
    const v6 = resolve(host, 0, '2001:db8:beef::1');
    expect(v6.outcome).toBe('tunnel');
    expect(chain(v6)).toEqual(['v6-broker']);
    expect(v6.tunnel!.sixInFour).toBe(true);
    expect(formatIp(v6.tunnel!.endpoint)).toBe('192.0.2.77');
    expect(v6.tunnel!.wrapperTable).toBe(0);
    expect([v6.tunnel!.outer.outcome, v6.tunnel!.outer.interface]).toEqual(['interface', 'isp-a']);
    expect(resolve(host, 0, '2001:db8:20::9').interface).toBe('lan');
  });

  it('routes an overridden session in table 1 via the override\'s gateway', () => {
    expect(host.routeOverrides.map((rule) => rule.name)).toEqual(['guest-web', 'guest-web-replies']);
    const override = host.routeOverrides[0]!;
    expect(override.name).toBe('guest-web');
    expect(override.match).toEqual({ 'source-ip': 'guests', protocol: '6', 'target-port': '80 443' });
    expect(formatIp(override.setGateway!)).toBe('198.51.100.9');
    expect(override.setTable).toBe(1);
    // The IP group is resolved to its addresses, the ports and protocol to numbers.
    expect(override.criteria).toEqual({
      sourceIp: [{ family: 'inet', first: parseIp('192.168.20.128')!.value, last: parseIp('192.168.20.255')!.value }],
      protocols: [6],
      targetPorts: [
        { first: 80, last: 80 },
        { first: 443, last: 443 },
      ],
    });
    const tables = RoutingTables.forHost(host);
    const guestWeb = { table: 0, source: parseIp('192.168.20.130')!, destination: parseIp('93.184.216.34')!, protocol: 6, targetPort: 80 };
    const overridden = tables.resolveSession(guestWeb);
    expect(overridden.override?.rule).toBe(override);
    expect([overridden.table, overridden.outcome, overridden.interface, formatIp(overridden.nextHop!)]).toEqual([1, 'interface', 'isp-b', '198.51.100.9']);
    expect(chain(overridden)).toEqual(['isp-b4']);
    // A LAN host outside the group, or a guest's mail, stays in table 0 and leaves via isp-a.
    for (const session of [{ ...guestWeb, source: parseIp('192.168.20.10')! }, { ...guestWeb, targetPort: 25 }]) {
      expect([tables.resolveSession(session).table, tables.resolveSession(session).interface, tables.resolveSession(session).override]).toEqual([0, 'isp-a', undefined]);
    }
  });

  it('routes the replies of an overridden session back to the LAN through the rule written for them', () => {
    const tables = RoutingTables.forHost(host);
    const guestWeb = { table: 0, source: parseIp('192.168.20.130')!, destination: parseIp('93.184.216.34')!, protocol: 6, sourcePort: 50_000, targetPort: 443 };
    const reply = tables.resolveSession(guestWeb).reply!;
    // They arrive on isp-b, in table 1, and match guest-web-replies (target-ip=guests, source-port 443), which sends them to table 0.
    expect(reply.interface).toBe('isp-b');
    expect(reply.resolution.override?.rule.name).toBe('guest-web-replies');
    expect(reply.resolution.override?.fromTable).toBe(1);
    expect([reply.resolution.table, reply.resolution.outcome, reply.resolution.interface, formatIp(reply.resolution.nextHop!)]).toEqual([0, 'interface', 'lan', '192.168.20.130']);
    // Without that rule, table 1 would send them back out isp-b by its default route.
    const withoutReplyRule = RoutingTables.fromRoutes(host.routes, { ...tables, overrides: host.routeOverrides.slice(0, 1) });
    const lost = withoutReplyRule.resolveSession(guestWeb).reply!;
    expect([lost.resolution.table, lost.resolution.interface, chain(lost.resolution)]).toEqual([1, 'isp-b', ['isp-b4', 'isp-b4']]);
    // A LAN host's own session comes back on isp-a and is routed in table 0 by the subnet route.
    const plain = tables.resolveSession({ ...guestWeb, source: parseIp('192.168.20.10')! }).reply!;
    expect([plain.interface, plain.resolution.table, plain.resolution.interface, plain.resolution.override]).toEqual(['isp-a', 0, 'lan', undefined]);
  });

  it('drops blackholed prefixes silently and "nowhere" prefixes with an error, unless something more specific exists', () => {
    expect(resolve(host, 0, '10.1.2.3').outcome).toBe('blackhole');
    expect(resolve(host, 0, '172.20.0.1').outcome).toBe('blackhole');
    expect(resolve(host, 1, '10.50.1.1').outcome).toBe('blackhole');
    expect(resolve(host, 0, '10.50.1.1').outcome).toBe('interface');
    expect(resolve(host, 0, '192.168.99.5').outcome).toBe('reject');
  });
});

describe('a recursive loop (test fixture)', () => {
  const host = loadFirebrick('packages/core/test/firebrick/fixtures/gateway-loop.xml');

  it('makes the looping routes unusable and leaves the others alone', () => {
    expect(host.findings).toEqual([]);
    const looping = resolve(host, 0, '10.1.5.5');
    expect(looping.outcome).toBe('loop');
    expect(chain(looping)).toEqual(['to-b', 'to-a']);
    expect(looping.loopRoute!.name).toBe('to-b');
    expect(resolve(host, 0, '10.3.0.1').outcome).toBe('loop');
    expect(chain(resolve(host, 0, '10.9.0.1'))).toEqual(['fine', 'lan4']);
  });
});
