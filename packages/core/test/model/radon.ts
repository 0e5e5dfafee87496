import { parseIp, parsePrefix, type HostModel, type InterfaceAddress, type NetInterface, type Route, type RouteTarget, type SourceRange } from '@pflint/core';

/** A source range on a whole line of a test file. */
export function at(file: string, line: number): SourceRange {
  return { file, start: { line, column: 1, offset: line * 80 }, end: { line, column: 40, offset: line * 80 + 39 } };
}

function address(text: string, length: number, line: number, peer?: string): InterfaceAddress {
  const parsed = parseIp(text)!;
  const base = { address: parsed, prefix: parsePrefix(`${text}/${length}`)!, source: at('etc/rc.conf', line) };
  return peer ? { ...base, peer: parseIp(peer)! } : base;
}

function networkInterface(name: string, fields: Partial<NetInterface>): NetInterface {
  return {
    name,
    kind: 'ethernet',
    fib: { value: 0 },
    addresses: [],
    mtu: { value: 1500 },
    offload: {},
    bridgeMembers: [],
    dhcp: false,
    ...fields,
  };
}

function route(table: number, prefix: string, target: RouteTarget, line: number, extra: Partial<Route> = {}): Route {
  return { table, prefix: parsePrefix(prefix)!, target, localpref: 0, origin: 'static', source: at('etc/rc.conf', line), ...extra };
}

const via = (gateway: string): RouteTarget => ({ kind: 'gateway', gateway: parseIp(gateway)! });
const dev = (name: string): RouteTarget => ({ kind: 'interface', interface: name });

/** Seed 000's radon, built by hand the way the rc.conf front end is meant to build it. */
export function radonHost(): HostModel {
  const interfaces: NetInterface[] = [
    networkInterface('vtnet0', {
      driver: 'vtnet',
      addresses: [address('152.53.147.5', 22, 2), address('2a0a:4cc0:c1:2f90::2', 64, 4)],
      offload: { lro: { value: false, source: at('etc/rc.conf', 2) }, tso: { value: false, source: at('etc/rc.conf', 2) } },
      source: at('etc/rc.conf', 2),
    }),
    networkInterface('gif0', {
      kind: 'gif',
      fib: { value: 1, source: at('etc/rc.conf', 8) },
      tunnelFib: { value: 0, source: at('etc/rc.conf', 8) },
      tunnel: { source: parseIp('152.53.147.5')!, destination: parseIp('128.140.64.181')!, range: at('etc/rc.conf', 8) },
      addresses: [address('10.255.255.6', 32, 9, '10.255.255.5')],
      mtu: { value: 1280 },
      source: at('etc/rc.conf', 7),
    }),
    networkInterface('bastille0', {
      kind: 'bridge',
      originalName: 'bridge0',
      addresses: [address('10.254.254.1', 24, 21)],
      bridgeMembers: ['epair0a'],
      source: at('etc/rc.conf', 7),
    }),
  ];
  const routes: Route[] = [
    route(0, '152.53.144.0/22', dev('vtnet0'), 2, { origin: 'connected' }),
    route(0, '0.0.0.0/0', via('152.53.144.1'), 3, { origin: 'default' }),
    route(0, '::/0', via('fe80::1%vtnet0'), 5, { origin: 'default' }),
    route(1, '10.255.255.5/32', dev('gif0'), 9, { origin: 'connected' }),
    route(1, '::/0', dev('gif0'), 13, { name: 'fib1_v6_default' }),
    route(1, '0.0.0.0/0', via('10.255.255.5'), 14, { name: 'fib1_v4_default' }),
    route(1, '10.254.254.0/24', dev('bastille0'), 16, { name: 'fib1_v4_jailnet' }),
    route(1, '194.28.98.217/32', dev('lo0'), 17, { name: 'fib1_v4_host217' }),
    route(0, '194.28.98.216/32', dev('bastille0'), 19, { name: 'v4_jail216' }),
  ];
  return {
    kind: 'freebsd',
    name: 'radon',
    files: ['etc/rc.conf', 'boot/loader.conf'],
    interfaces: new Map(interfaces.map((item) => [item.name, item])),
    tableCount: 3,
    tableCountSource: at('boot/loader.conf', 1),
    routes,
    forwarding: { inet: { value: true, source: at('etc/rc.conf', 30) }, inet6: { value: false } },
    addAddrAllFibs: { value: false },
    jails: [],
    tableUses: [{ table: 1, how: 'interface-fib', source: at('etc/rc.conf', 8) }],
    routeOverrides: [],
    findings: [
      { ruleId: 'repeated-assignment', severity: 'warning', message: 'gateway_enable is set twice', range: at('etc/rc.conf', 30) },
    ],
  };
}
