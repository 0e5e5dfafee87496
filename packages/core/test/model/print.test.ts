import { describe, expect, it } from 'vitest';
import { MODEL_JSON_VERSION, formatHostModel, hostModelToJson, parseIp, parsePrefix, type HostModel, type NetInterface } from '@pflint/core';
import { at, radonHost } from './radon.js';

describe('formatHostModel (text)', () => {
  const text = formatHostModel(radonHost());
  const lines = text.split('\n');

  it('heads with the host, its files, the FIB count with its source and the switches', () => {
    expect(lines.slice(0, 5)).toEqual([
      'FreeBSD host radon',
      'files: etc/rc.conf, boot/loader.conf',
      'FIBs (net.fibs): 3 (boot/loader.conf:1)',
      'forwarding: inet yes (etc/rc.conf:30), inet6 no (default)',
      'net.add_addr_allfibs: no (default)',
    ]);
  });

  it('lists interfaces by name with rename, fib, tunnelfib, endpoints, addresses, MTU and offloads', () => {
    const start = lines.indexOf('interfaces (3):');
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toBe('  bastille0: bridge, was bridge0, fib 0 (default), mtu 1500 (default)  etc/rc.conf:7');
    expect(lines[start + 2]).toBe('    inet  10.254.254.1/24  etc/rc.conf:21');
    expect(lines[start + 3]).toBe('    members: epair0a');
    expect(lines[start + 4]).toBe(
      '  gif0: gif, fib 1 (etc/rc.conf:8), tunnelfib 0 (etc/rc.conf:8), tunnel 152.53.147.5 → 128.140.64.181 (etc/rc.conf:8), mtu 1280 (default)  etc/rc.conf:7',
    );
    expect(lines[start + 5]).toBe('    inet  10.255.255.6/32 → 10.255.255.5  etc/rc.conf:9');
    expect(lines[start + 6]).toBe('  vtnet0: ethernet (vtnet), fib 0 (default), mtu 1500 (default)  etc/rc.conf:2');
    expect(lines[start + 7]).toBe('    inet   152.53.147.5/22          etc/rc.conf:2');
    expect(lines[start + 8]).toBe('    inet6  2a0a:4cc0:c1:2f90::2/64  etc/rc.conf:4');
    expect(lines[start + 9]).toBe('    offload: -lro (etc/rc.conf:2) -tso (etc/rc.conf:2)');
  });

  it('prints each FIB’s routes sorted by family and prefix, each with the line that made it', () => {
    const fib1 = lines.indexOf('FIB 1 (5 routes):');
    expect(lines.slice(fib1 + 1, fib1 + 6)).toEqual([
      '  inet   0.0.0.0/0         via 10.255.255.5  static     name fib1_v4_default  etc/rc.conf:14',
      '  inet   10.254.254.0/24   dev bastille0     static     name fib1_v4_jailnet  etc/rc.conf:16',
      '  inet   10.255.255.5/32   dev gif0          connected                        etc/rc.conf:9',
      '  inet   194.28.98.217/32  dev lo0           static     name fib1_v4_host217  etc/rc.conf:17',
      '  inet6  ::/0              dev gif0          static     name fib1_v6_default  etc/rc.conf:13',
    ]);
    const fib0 = lines.indexOf('FIB 0 (4 routes):');
    expect(lines.slice(fib0 + 1, fib0 + 5)).toEqual([
      '  inet   0.0.0.0/0         via 152.53.144.1    default                     etc/rc.conf:3',
      '  inet   152.53.144.0/22   dev vtnet0          connected                   etc/rc.conf:2',
      '  inet   194.28.98.216/32  dev bastille0       static     name v4_jail216  etc/rc.conf:19',
      '  inet6  ::/0              via fe80::1%vtnet0  default                     etc/rc.conf:5',
    ]);
  });

  it('shows an empty FIB instead of leaving it out', () => {
    const fib2 = lines.indexOf('FIB 2 (0 routes):');
    expect(fib2).toBeGreaterThan(0);
    expect(lines[fib2 + 1]).toBe('');
  });

  it('marks a table that routes name but the host does not have', () => {
    const host = radonHost();
    const extra = { ...host.routes[0]!, table: 7, source: at('etc/rc.conf', 40) };
    const out = formatHostModel({ ...host, routes: [...host.routes, extra] });
    expect(out).toContain('FIB 7 (1 route) — does not exist (3 configured):');
  });

  it('ends with the findings met while reading', () => {
    expect(text.endsWith('findings while reading (1):\n  etc/rc.conf:30:1 warning gateway_enable is set twice [repeated-assignment]\n')).toBe(true);
  });

  it('uses FireBrick words for a FireBrick and prints targets, localpref and overrides', () => {
    const host: HostModel = {
      ...radonHost(),
      kind: 'firebrick',
      name: 'router.xml',
      files: ['router.xml'],
      tableCount: 2,
      interfaces: new Map(),
      findings: [],
      routes: [
        {
          table: 0,
          prefix: parsePrefix('0.0.0.0/0')!,
          target: { kind: 'gateway', gateway: parseIp('192.168.10.254')! },
          localpref: 200,
          origin: 'static',
          name: 'primary',
          attributes: { speed: '100M' },
          source: at('router.xml', 12),
        },
        { table: 1, prefix: parsePrefix('10.0.0.0/8')!, target: { kind: 'blackhole' }, localpref: 0, origin: 'static', source: at('router.xml', 20) },
        {
          table: 1,
          prefix: parsePrefix('0.0.0.0/0')!,
          target: { kind: 'tunnel', interface: 'l2tp1', endpoint: parseIp('81.187.0.1')!, wrapperTable: 0 },
          localpref: 0,
          origin: 'static',
          source: at('router.xml', 21),
        },
      ],
      routeOverrides: [{ name: 'vip', match: { 'source-ip': 'vip-hosts' }, setGateway: parseIp('198.51.100.1')!, setTable: 1, source: at('router.xml', 30) }],
    };
    const out = formatHostModel(host);
    expect(out.startsWith('FireBrick router.xml\nfiles: router.xml\ntables: 2 (boot/loader.conf:1)\n')).toBe(true);
    // Without a source the count is what the configuration uses, not a default.
    const { tableCountSource: _unused, ...derived } = host;
    expect(formatHostModel(derived).split('\n')[2]).toBe('tables: 2 (the highest table used + 1)');
    expect(out).not.toContain('add_addr_allfibs');
    expect(out).toContain('table 0 (1 route):\n  inet  0.0.0.0/0  via 192.168.10.254  static  localpref 200, name primary, speed 100M  router.xml:12\n');
    expect(out).toContain('  inet  0.0.0.0/0   tunnel l2tp1 to 81.187.0.1 (outer in table 0)  static  router.xml:21');
    expect(out).toContain('  inet  10.0.0.0/8  blackhole');
    expect(out).toContain('route overrides (1):\n  vip: source-ip=vip-hosts → set-gateway 198.51.100.1, set-table 1  router.xml:30\n');
  });
});

describe('hostModelToJson', () => {
  const json = hostModelToJson(radonHost());

  it('is tagged with a format and version and survives a JSON round trip unchanged', () => {
    expect(json.format).toBe('pflint-model');
    expect(json.version).toBe(MODEL_JSON_VERSION);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('gives settings with and without a source', () => {
    expect(json.tableCount).toEqual({ value: 3, source: { file: 'boot/loader.conf', line: 1, column: 1 } });
    expect(json.forwarding.inet6).toEqual({ value: false });
    expect(json.addAddrAllFibs).toEqual({ value: false });
  });

  it('describes interfaces with strings for addresses and omits what is not set', () => {
    const gif0 = json.interfaces.find((item) => item.name === 'gif0')!;
    expect(gif0).toEqual({
      name: 'gif0',
      kind: 'gif',
      fib: { value: 1, source: { file: 'etc/rc.conf', line: 8, column: 1 } },
      tunnelFib: { value: 0, source: { file: 'etc/rc.conf', line: 8, column: 1 } },
      tunnel: { source: '152.53.147.5', destination: '128.140.64.181', location: { file: 'etc/rc.conf', line: 8, column: 1 } },
      addresses: [
        { family: 'inet', address: '10.255.255.6', prefix: '10.255.255.6/32', peer: '10.255.255.5', source: { file: 'etc/rc.conf', line: 9, column: 1 } },
      ],
      mtu: { value: 1280 },
      offload: {},
      bridgeMembers: [],
      dhcp: false,
      source: { file: 'etc/rc.conf', line: 7, column: 1 },
    });
    expect(json.interfaces.map((item) => item.name)).toEqual(['bastille0', 'gif0', 'vtnet0']);
    expect(json.interfaces[0]!.originalName).toBe('bridge0');
    expect(json.interfaces[2]!.offload).toEqual({
      lro: { value: false, source: { file: 'etc/rc.conf', line: 2, column: 1 } },
      tso: { value: false, source: { file: 'etc/rc.conf', line: 2, column: 1 } },
    });
  });

  it('lists every table, empty ones included, with routes in address order', () => {
    expect(json.tables.map((table) => [table.table, table.exists, table.routes.length])).toEqual([
      [0, true, 4],
      [1, true, 5],
      [2, true, 0],
    ]);
    expect(json.tables[1]!.routes.map((item) => item.prefix)).toEqual(['0.0.0.0/0', '10.254.254.0/24', '10.255.255.5/32', '194.28.98.217/32', '::/0']);
    expect(json.tables[0]!.routes[3]).toEqual({
      family: 'inet6',
      prefix: '::/0',
      target: { kind: 'gateway', gateway: 'fe80::1%vtnet0' },
      localpref: 0,
      origin: 'default',
      source: { file: 'etc/rc.conf', line: 5, column: 1 },
    });
  });

  it('carries findings with their location', () => {
    expect(json.findings).toEqual([
      { ruleId: 'repeated-assignment', severity: 'warning', message: 'gateway_enable is set twice', source: { file: 'etc/rc.conf', line: 30, column: 1 } },
    ]);
  });
});

describe('jails in the printed model', () => {
  const jailHost: HostModel = { ...radonHost(), name: 'testvnet', files: ['jails/testvnet/etc/rc.conf'], jails: [], findings: [] };
  const host: HostModel = {
    ...radonHost(),
    jails: [
      {
        name: 'testvnet',
        vnet: true,
        fib: { value: 1, source: at('etc/jail.conf', 3) },
        interfaces: ['epair0b'],
        interfaceReferences: [{ name: 'epair0b', range: at('etc/jail.conf', 2), parameter: 'vnet.interface' }],
        addresses: [],
        path: '/jails/testvnet',
        source: at('etc/jail.conf', 1),
        host: jailHost,
      },
    ],
  };

  it('prints each jail with its FIB and its own model indented under it', () => {
    const lines = formatHostModel(host).split('\n');
    const start = lines.indexOf('jails (1):');
    expect(lines[start + 1]).toBe('  testvnet: vnet, exec.fib 1 (etc/jail.conf:3), interfaces epair0b, path /jails/testvnet  etc/jail.conf:1');
    expect(lines[start + 2]).toBe('    | FreeBSD host testvnet');
    expect(lines.filter((line) => line.startsWith('    | FIB 1 ('))).toHaveLength(1);
  });

  it('nests the jail’s model in JSON with the same shape', () => {
    const json = hostModelToJson(host);
    expect(json.jails[0]).toMatchObject({ name: 'testvnet', vnet: true, fib: { value: 1 }, interfaces: ['epair0b'], path: '/jails/testvnet' });
    expect(json.jails[0]!.host).toMatchObject({ format: 'pflint-model', name: 'testvnet', files: ['jails/testvnet/etc/rc.conf'] });
    expect(hostModelToJson(radonHost()).jails).toEqual([]);
  });
});

describe('WireGuard, pf_enable and boot-time commands in the printed model', () => {
  const base = radonHost();
  const wg0: NetInterface = {
    name: 'wg0',
    kind: 'wg',
    fib: { value: 0 },
    tunnelFib: { value: 0 },
    addresses: [],
    mtu: { value: 1420 },
    offload: {},
    bridgeMembers: [],
    dhcp: false,
    dynamicConfiguration: at('etc/rc.conf', 50),
    wireguard: {
      listenPort: { value: 51820, source: at('usr/local/etc/wireguard/wg0.conf', 4) },
      peers: [
        {
          endpoint: { host: '198.51.100.7', address: parseIp('198.51.100.7')!, port: 51820, source: at('usr/local/etc/wireguard/wg0.conf', 9) },
          allowedIps: [parsePrefix('0.0.0.0/0')!, parsePrefix('::/0')!],
          source: at('usr/local/etc/wireguard/wg0.conf', 7),
        },
        { allowedIps: [], source: at('usr/local/etc/wireguard/wg0.conf', 11) },
      ],
    },
  };
  const host: HostModel = { ...base, pfEnabled: { value: true, source: at('etc/rc.conf', 40) }, interfaces: new Map([['wg0', wg0]]) };

  it('prints pf_enable, the listen port, each peer and the boot-time command warning', () => {
    const text = formatHostModel(host);
    expect(text).toContain('\npf_enable: yes (etc/rc.conf:40)\n');
    expect(text).toContain(
      [
        '  wg0: wg, fib 0 (default), tunnelfib 0 (default), mtu 1420 (default)',
        '    partly set by a boot-time command (etc/rc.conf:50): the model may be incomplete',
        '    listen port 51820 (usr/local/etc/wireguard/wg0.conf:4)',
        '    peer: endpoint 198.51.100.7:51820, allowed 0.0.0.0/0 ::/0  usr/local/etc/wireguard/wg0.conf:7',
        '    peer: no endpoint, allowed nothing  usr/local/etc/wireguard/wg0.conf:11',
      ].join('\n'),
    );
    expect(formatHostModel(base)).not.toContain('pf_enable');
  });

  it('puts the same facts in JSON', () => {
    const json = hostModelToJson(host);
    expect(json.pfEnabled).toEqual({ value: true, source: { file: 'etc/rc.conf', line: 40, column: 1 } });
    expect(json.interfaces[0]!.dynamicConfiguration).toEqual({ file: 'etc/rc.conf', line: 50, column: 1 });
    expect(json.interfaces[0]!.wireguard).toEqual({
      listenPort: { value: 51820, source: { file: 'usr/local/etc/wireguard/wg0.conf', line: 4, column: 1 } },
      peers: [
        {
          endpoint: { host: '198.51.100.7', address: '198.51.100.7', port: 51820, source: { file: 'usr/local/etc/wireguard/wg0.conf', line: 9, column: 1 } },
          allowedIps: ['0.0.0.0/0', '::/0'],
          source: { file: 'usr/local/etc/wireguard/wg0.conf', line: 7, column: 1 },
        },
        { allowedIps: [], source: { file: 'usr/local/etc/wireguard/wg0.conf', line: 11, column: 1 } },
      ],
    });
    expect(hostModelToJson(base).pfEnabled).toBeUndefined();
  });
});


describe('EUI-64 prefixes and interfaces rc does not start, in the printed model', () => {
  const base = radonHost();
  const em1: NetInterface = {
    name: 'em1',
    kind: 'ethernet',
    driver: 'em',
    fib: { value: 0 },
    addresses: [{ address: parseIp('192.0.2.1')!, prefix: parsePrefix('192.0.2.0/24')!, source: at('etc/rc.conf', 60) }],
    eui64Prefixes: [{ prefix: parsePrefix('2001:db8:1:2::/64')!, source: at('etc/rc.conf', 61) }],
    mtu: { value: 1500 },
    offload: {},
    bridgeMembers: [],
    dhcp: false,
    notStarted: at('etc/rc.conf', 62),
  };
  const host: HostModel = { ...base, interfaces: new Map([['em1', em1]]) };

  it('prints the prefix beside the addresses and says the interface is not configured at boot', () => {
    expect(formatHostModel(host)).toContain(
      [
        '  em1: ethernet (em), fib 0 (default), mtu 1500 (default)',
        `    inet   ${'192.0.2.1/24'.padEnd(66)}  etc/rc.conf:60`,
        '    inet6  2001:db8:1:2::/64 (EUI-64 address, host part from the MAC at boot)  etc/rc.conf:61',
        '    not configured at boot (etc/rc.conf:62)',
      ].join('\n'),
    );
  });

  it('puts both into the JSON, and leaves them out when absent', () => {
    const [json] = hostModelToJson(host).interfaces;
    expect(json).toMatchObject({ eui64Prefixes: [{ prefix: '2001:db8:1:2::/64', source: { file: 'etc/rc.conf', line: 61 } }], notStarted: { line: 62 } });
    expect(hostModelToJson(base).interfaces.some((entry) => 'eui64Prefixes' in entry || 'notStarted' in entry)).toBe(false);
  });
});
