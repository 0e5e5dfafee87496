import { describe, expect, it } from 'vitest';
import { emptyHostModel, RoutingTables, parsePrefix, type HostModel, type IpPrefix, type NetInterface } from '@pflint/core';
import { ip, route } from './build.js';

function prefix(text: string): IpPrefix {
  return parsePrefix(text)!;
}

describe('RoutingTables.lookup', () => {
  it('prefers the longest matching prefix over a shorter one, whatever the order given', () => {
    const broad = route(0, '10.0.0.0/8', 'via:192.0.2.1');
    const narrow = route(0, '10.1.0.0/16', 'via:192.0.2.2');
    const host = route(0, '10.1.2.3/32', 'dev:em1');
    for (const routes of [[broad, narrow, host], [host, narrow, broad]]) {
      const tables = RoutingTables.fromRoutes(routes);
      expect(tables.lookup(0, ip('10.1.2.3')).routes).toEqual([host]);
      expect(tables.lookup(0, ip('10.1.2.4')).routes).toEqual([narrow]);
      expect(tables.lookup(0, ip('10.200.0.1')).routes).toEqual([broad]);
      expect(tables.lookup(0, ip('10.1.2.4')).prefix).toEqual(prefix('10.1.0.0/16'));
    }
  });

  it('returns nothing, not a default, when no prefix contains the address', () => {
    const tables = RoutingTables.fromRoutes([route(0, '10.0.0.0/8', 'dev:em0')]);
    const result = tables.lookup(0, ip('11.0.0.1'));
    expect(result.routes).toEqual([]);
    expect(result.prefix).toBeUndefined();
    expect(result.tie).toBeUndefined();
  });

  it('keeps tables apart: a route in table 1 is invisible from table 0', () => {
    const inOne = route(1, '0.0.0.0/0', 'via:10.255.255.5');
    const tables = RoutingTables.fromRoutes([inOne]);
    expect(tables.lookup(0, ip('8.8.8.8')).routes).toEqual([]);
    expect(tables.lookup(1, ip('8.8.8.8')).routes).toEqual([inOne]);
    expect(tables.lookup(7, ip('8.8.8.8')).routes).toEqual([]);
  });

  it('keeps families apart: an IPv4 default does not match IPv6', () => {
    const v4 = route(0, '0.0.0.0/0', 'dev:em0');
    const v6 = route(0, '::/0', 'dev:gif0');
    const tables = RoutingTables.fromRoutes([v4, v6]);
    expect(tables.lookup(0, ip('2001:db8::1')).routes).toEqual([v6]);
    expect(tables.lookup(0, ip('192.0.2.1')).routes).toEqual([v4]);
  });

  it('breaks a prefix tie on the highest localpref and reports the losers as outranked', () => {
    const fallback = route(0, '0.0.0.0/0', 'via:192.168.10.253', { localpref: 100 });
    const primary = route(0, '0.0.0.0/0', 'via:192.168.10.254', { localpref: 200 });
    const tables = RoutingTables.fromRoutes([fallback, primary], { ties: 'nondeterministic' });
    const result = tables.lookup(0, ip('203.0.113.1'));
    expect(result.routes).toEqual([primary]);
    expect(result.outranked).toEqual([fallback]);
    expect(result.tie).toBeUndefined();
  });

  it('does not let localpref beat a longer prefix', () => {
    const preferredDefault = route(0, '0.0.0.0/0', 'via:192.0.2.1', { localpref: 1000 });
    const specific = route(0, '198.51.100.0/24', 'via:192.0.2.2', { localpref: 1 });
    const tables = RoutingTables.fromRoutes([preferredDefault, specific]);
    expect(tables.lookup(0, ip('198.51.100.9')).routes).toEqual([specific]);
  });

  it('returns every route of an exact tie and flags how the host chooses', () => {
    const a = route(0, '0.0.0.0/0', 'via:192.0.2.1', { localpref: 5 });
    const b = route(0, '0.0.0.0/0', 'via:192.0.2.2', { localpref: 5 });
    const low = route(0, '0.0.0.0/0', 'via:192.0.2.3', { localpref: 1 });
    const firebrick = RoutingTables.fromRoutes([a, low, b], { ties: 'nondeterministic' }).lookup(0, ip('9.9.9.9'));
    expect(firebrick.routes).toEqual([a, b]);
    expect(firebrick.tie).toBe('nondeterministic');
    expect(firebrick.outranked).toEqual([low]);
    expect(RoutingTables.fromRoutes([a, b]).lookup(0, ip('9.9.9.9')).tie).toBe('ecmp');
  });

  it('matches host routes exactly, in both families', () => {
    const v4host = route(1, '194.28.98.217/32', 'dev:lo0');
    const v6host = route(1, '2a06:9801:1c:ffff::1/128', 'dev:gif0');
    const tables = RoutingTables.fromRoutes([v4host, v6host]);
    expect(tables.lookup(1, ip('194.28.98.217')).routes).toEqual([v4host]);
    expect(tables.lookup(1, ip('194.28.98.216')).routes).toEqual([]);
    expect(tables.lookup(1, ip('2a06:9801:1c:ffff::1')).routes).toEqual([v6host]);
    expect(tables.lookup(1, ip('2a06:9801:1c:ffff::2')).routes).toEqual([]);
  });
});

describe('RoutingTables helpers for checks', () => {
  const v4default = route(1, '0.0.0.0/0', 'via:10.255.255.5');
  const v6default = route(1, '::/0', 'dev:gif0');
  const jailnet = route(1, '10.254.254.0/24', 'dev:bastille0');
  const jailHost = route(1, '10.254.254.10/32', 'dev:bastille0');
  const other = route(0, '10.254.254.0/24', 'dev:bastille0');
  const tables = RoutingTables.fromRoutes([jailHost, v6default, jailnet, v4default, other]);

  it('finds the default route of each family in a table, and none where there is none', () => {
    expect(tables.defaultRoutes(1, 'inet')).toEqual([v4default]);
    expect(tables.defaultRoutes(1, 'inet6')).toEqual([v6default]);
    expect(tables.defaultRoutes(0, 'inet')).toEqual([]);
    expect(tables.defaultRoutes(3, 'inet6')).toEqual([]);
  });

  it('finds the routes of exactly one prefix, and none for a prefix only covered or only containing others', () => {
    expect(tables.routesFor(1, prefix('10.254.254.0/24'))).toEqual([jailnet]);
    expect(tables.routesFor(1, prefix('10.254.254.0/25'))).toEqual([]);
    expect(tables.routesFor(1, prefix('10.254.0.0/16'))).toEqual([]);
    expect(tables.routesFor(0, prefix('10.254.254.10/32'))).toEqual([]);
  });

  it('lists the routes covering a prefix, longest first', () => {
    expect(tables.routesCovering(1, prefix('10.254.254.0/25'))).toEqual([jailnet, v4default]);
    expect(tables.routesCovering(1, prefix('10.254.254.0/24'))).toEqual([jailnet, v4default]);
    expect(tables.routesCovering(1, prefix('10.0.0.0/8'))).toEqual([v4default]);
  });

  it('lists the routes inside a prefix', () => {
    expect(tables.routesWithin(1, prefix('10.254.0.0/16'))).toEqual([jailnet, jailHost]);
    expect(tables.routesWithin(1, prefix('10.254.254.10/32'))).toEqual([jailHost]);
    expect(tables.routesWithin(1, prefix('10.253.0.0/16'))).toEqual([]);
    expect(tables.routesWithin(1, prefix('0.0.0.0/0'))).toEqual([v4default, jailnet, jailHost]);
  });

  it('lists a table sorted by family then address, and the tables in use', () => {
    expect(tables.routes(1)).toEqual([v4default, jailnet, jailHost, v6default]);
    expect(tables.routes(5)).toEqual([]);
    expect(tables.tableNumbers()).toEqual([0, 1]);
  });
});

describe('RoutingTables.forHost', () => {
  const source = { file: 'wg0.conf', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
  function hostWith(interfaces: NetInterface[]): HostModel {
    return { ...emptyHostModel('h'), interfaces: new Map(interfaces.map((item) => [item.name, item])), tableCount: 2 };
  }
  function wg(peerEndpoints: string[], tunnelFib?: number): NetInterface {
    return {
      name: 'wg0',
      kind: 'wg',
      fib: { value: 0 },
      ...(tunnelFib !== undefined ? { tunnelFib: { value: tunnelFib } } : {}),
      addresses: [],
      mtu: { value: 1420 },
      offload: {},
      bridgeMembers: [],
      dhcp: false,
      wireguard: {
        peers: peerEndpoints.map((endpoint) => ({ endpoint: { host: endpoint, address: ip(endpoint), port: 51820, source }, allowedIps: [], source })),
      },
    };
  }

  it('takes a WireGuard interface with one peer endpoint as a tunnel to it, outer packets in its tunnelfib', () => {
    expect(RoutingTables.forHost(hostWith([wg(['203.0.113.10'])])).tunnels.get('wg0')).toEqual({ endpoint: ip('203.0.113.10'), wrapperTable: 0 });
    expect(RoutingTables.forHost(hostWith([wg(['203.0.113.10', '203.0.113.10'], 1)])).tunnels.get('wg0')).toEqual({ endpoint: ip('203.0.113.10'), wrapperTable: 1 });
  });

  it('does not pick one of several WireGuard endpoints, nor invent one', () => {
    expect(RoutingTables.forHost(hostWith([wg(['203.0.113.10', '198.51.100.7'])])).tunnels.has('wg0')).toBe(false);
    expect(RoutingTables.forHost(hostWith([wg([])])).tunnels.has('wg0')).toBe(false);
  });

  it('uses FireBrick behaviour for a FireBrick and FreeBSD behaviour otherwise', () => {
    const freebsd = RoutingTables.forHost(hostWith([]));
    expect([freebsd.ties, freebsd.gateways]).toEqual(['ecmp', 'on-link']);
    const firebrick = RoutingTables.forHost({ ...hostWith([]), kind: 'firebrick' });
    expect([firebrick.ties, firebrick.gateways]).toEqual(['nondeterministic', 'recursive']);
  });
});
