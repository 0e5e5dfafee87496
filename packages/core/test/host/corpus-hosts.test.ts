import { describe, expect, it } from 'vitest';
import { defaultHostBuilders } from '../../src/check-builders.js';
import { buildFreeBsdHostAnalysis } from '../../src/host/analysis.js';
import { buildFreeBsdHostFromDirectory } from '../../src/host/builder.js';
import { discoverHost } from '../../src/host/discover.js';
import type { HostModel } from '../../src/model/host.js';
import { formatIp, formatPrefix, parseIp } from '../../src/net/ip.js';
import type { PfLoadedConfig } from '../../src/pf/ruleset.js';
import { RoutingTables } from '../../src/routing/tables.js';
import type { Resolution } from '../../src/routing/resolve.js';
import { corpusHost } from './corpus.js';
import { tableLines } from './describe-route.js';

function build(host: string): HostModel {
  return buildFreeBsdHostFromDirectory(corpusHost(host), `/${host}`);
}

/** A resolution as `table:prefix@line` steps, the outcome, and the outer resolution of a tunnel. */
function chain(resolution: Resolution): string {
  const steps = resolution.steps.map((step) => `${step.table}:${formatPrefix(step.route.prefix)}@${step.route.source.start.line}`).join(' > ');
  const end = resolution.interface ? `${resolution.outcome} ${resolution.interface}` : resolution.outcome;
  const outer = resolution.tunnel ? ` | outer ${chain(resolution.tunnel.outer)}` : '';
  return `${steps} => ${end}${outer}`;
}

function lookup(host: HostModel, table: number, destination: string): string {
  return chain(RoutingTables.forHost(host).resolve(table, parseIp(destination)!));
}

const BUILTIN_V6 = [
  '::1/128 dev lo0 loopback-builtin /etc/rc.d/routing:1',
  '::ffff:0:0/96 reject reject-builtin /etc/rc.d/routing:1',
  '::/96 reject reject-builtin /etc/rc.d/routing:1',
  'fe80::/10 reject reject-builtin /etc/rc.d/routing:1',
  'ff02::/16 reject reject-builtin /etc/rc.d/routing:1',
];

describe('radon (seed 000)', () => {
  const radon = build('radon');
  const rc = '/radon/etc/rc.conf';

  it('reads all its files and finds nothing wrong', () => {
    expect(radon.files).toEqual(['/radon/boot/loader.conf', rc]);
    expect(radon.findings).toEqual([]);
    expect(radon.tableCount).toBe(2);
    expect(radon.tableCountSource?.file).toBe('/radon/boot/loader.conf');
    expect(radon.forwarding.inet.value).toBe(true);
    expect(radon.forwarding.inet6.value).toBe(true);
    expect(radon.addAddrAllFibs).toEqual({ value: false });
    expect([radon.pfEnabled?.value, radon.pfEnabled?.source?.start.line]).toEqual([true, 40]);
  });

  it('models the interfaces after the rename, with the tunnel semantics of the kernel', () => {
    const gif0 = radon.interfaces.get('gif0')!;
    expect(gif0.kind).toBe('gif');
    expect(gif0.fib.value).toBe(1);
    expect(gif0.tunnelFib?.value).toBe(0);
    expect(gif0.tunnelFib?.source?.start.line).toBe(13);
    expect(gif0.tunnel && [formatIp(gif0.tunnel.source), formatIp(gif0.tunnel.destination)]).toEqual(['152.53.147.5', '128.140.64.181']);
    expect(gif0.mtu).toEqual({ value: 1280 });
    expect(gif0.addresses.map((address) => `${formatIp(address.address)} -> ${formatIp(address.peer!)}`).sort()).toEqual([
      '10.255.255.6 -> 10.255.255.5',
      '2a06:9801:1c:ffff::2 -> 2a06:9801:1c:ffff::1',
    ]);
    const bastille = radon.interfaces.get('bastille0')!;
    expect([bastille.originalName, bastille.kind]).toEqual(['bridge0', 'bridge']);
    expect(radon.interfaces.has('bridge0')).toBe(false);
    const vtnet0 = radon.interfaces.get('vtnet0')!;
    expect([vtnet0.kind, vtnet0.driver, vtnet0.offload.lro?.value, vtnet0.offload.tso?.value, vtnet0.mtu.value]).toEqual(['ethernet', 'vtnet', false, false, 1500]);
    expect(radon.interfaces.get('lo0')!.mtu.value).toBe(16384);
  });

  it('has exactly these routes in FIB 0', () => {
    expect(tableLines(radon.routes, 0).sort()).toEqual(
      [
        `0.0.0.0/0 via 152.53.144.1 default ${rc}:5`,
        `::/0 via fe80::1%vtnet0 default ${rc}:7`,
        `127.0.0.1/32 local local-address /etc/defaults/rc.conf:1`,
        `194.28.98.217/32 local local-address ${rc}:18`,
        `152.53.144.0/22 dev vtnet0 connected ${rc}:4`,
        `152.53.147.5/32 local local-address ${rc}:4`,
        `2a0a:4cc0:c1:2f90::/64 dev vtnet0 connected ${rc}:6`,
        `2a0a:4cc0:c1:2f90::2/128 local local-address ${rc}:6`,
        `10.254.254.0/24 dev bastille0 connected ${rc}:22`,
        `10.254.254.1/32 local local-address ${rc}:22`,
        `2a06:9801:1c:1000::/64 dev bastille0 connected ${rc}:23`,
        `2a06:9801:1c:1000::1/128 local local-address ${rc}:23`,
        `194.28.98.216/32 dev bastille0 static ${rc}:35`,
        ...BUILTIN_V6,
      ].sort(),
    );
  });

  it('has exactly these routes in FIB 1: defaults, jail networks, host routes, the tunnel link', () => {
    expect(tableLines(radon.routes, 1).sort()).toEqual(
      [
        `0.0.0.0/0 via 10.255.255.5 static ${rc}:28`,
        `::/0 dev gif0 static ${rc}:27`,
        `10.254.254.0/24 dev bastille0 static ${rc}:31`,
        `2a06:9801:1c:1000::/64 dev bastille0 static ${rc}:30`,
        `194.28.98.217/32 dev lo0 static ${rc}:33`,
        `194.28.98.216/32 dev bastille0 static ${rc}:34`,
        `10.255.255.5/32 dev gif0 connected ${rc}:14`,
        `10.255.255.6/32 local local-address ${rc}:14`,
        `2a06:9801:1c:ffff::1/128 dev gif0 connected ${rc}:15`,
        `2a06:9801:1c:ffff::2/128 local local-address ${rc}:15`,
        '127.0.0.1/32 dev lo0 loopback-builtin /etc/rc.d/routing:1',
        ...BUILTIN_V6,
      ].sort(),
    );
    expect(radon.routes.find((route) => route.table === 1 && route.prefix.length === 0 && route.prefix.family === 'inet')?.name).toBe('fib1_v4_default');
  });

  it('records every FIB number it uses', () => {
    expect(radon.tableUses.map((use) => `${use.table} ${use.how} ${use.source.start.line}`)).toEqual([
      '1 interface-fib 13',
      '0 tunnelfib 13',
      '1 route-fib 27',
      '1 route-fib 30',
      '1 route-fib 28',
      '1 route-fib 31',
      '1 route-fib 33',
      '1 route-fib 34',
    ]);
  });

  it('routes chosen destinations through the expected chains', () => {
    // FIB 1 sends IPv4 to the BGP router's inner address on gif0; the outer packets go out vtnet0 in FIB 0.
    expect(lookup(radon, 1, '9.9.9.9')).toBe('1:0.0.0.0/0@28 > 1:10.255.255.5/32@14 => tunnel gif0 | outer 0:0.0.0.0/0@5 > 0:152.53.144.0/22@4 => interface vtnet0');
    expect(lookup(radon, 1, '2001:4860::8888')).toBe('1:::/0@27 => tunnel gif0 | outer 0:0.0.0.0/0@5 > 0:152.53.144.0/22@4 => interface vtnet0');
    expect(lookup(radon, 1, '10.254.254.10')).toBe('1:10.254.254.0/24@31 => interface bastille0');
    expect(lookup(radon, 1, '2a06:9801:1c:1000::10')).toBe('1:2a06:9801:1c:1000::/64@30 => interface bastille0');
    expect(lookup(radon, 1, '194.28.98.217')).toBe('1:194.28.98.217/32@33 => interface lo0');
    expect(lookup(radon, 0, '194.28.98.216')).toBe('0:194.28.98.216/32@35 => interface bastille0');
    expect(lookup(radon, 0, '9.9.9.9')).toBe('0:0.0.0.0/0@5 > 0:152.53.144.0/22@4 => interface vtnet0');
    expect(lookup(radon, 0, '2001:4860::8888')).toBe('0:::/0@7 => interface vtnet0');
    expect(lookup(radon, 0, '194.28.98.217')).toBe('0:194.28.98.217/32@18 => local');
    // FIB 0 does not know the tunnel's inner addresses: they live in FIB 1 only (net.add_addr_allfibs=0).
    expect(lookup(radon, 0, '10.255.255.5')).toBe('0:0.0.0.0/0@5 > 0:152.53.144.0/22@4 => interface vtnet0');
  });

  it('locates pf.conf from pf_rules', () => {
    expect(discoverHost(corpusHost('radon'), '/radon').pfConf).toBe('/radon/etc/pf.conf');
  });

  it('keeps the DNS64 af-to rule in the ruleset the host builder joins', () => {
    // Reported once as lost when built through the host builder: it is there, translated to IPv4 from vtnet0's address.
    const built = defaultHostBuilders.freebsdHost!(corpusHost('radon'), '/radon', { dialect: 'freebsd', layout: {}, includePaths: [] });
    const ruleset = built.analysis.pf!.ruleset as PfLoadedConfig;
    const translating = ruleset.rules.filter.filter((rule) => rule.afTo !== undefined);
    expect(translating.map((rule) => `${rule.origin.range.start.line} ${rule.family} -> ${rule.afTo!.family}`)).toEqual(['56 inet6 -> inet']);
    expect(translating[0]!.afTo!.from.addresses).toEqual([{ address: { kind: 'dynamic', interface: 'vtnet0', modifiers: [] } }]);
  });
});

describe('uirig-a (seed 001)', () => {
  const host = build('uirig-a');
  const rc = '/uirig-a/etc/rc.conf';

  it('reports only that the backtick values cannot be known', () => {
    expect(host.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    const dynamic = host.findings.filter((finding) => finding.ruleId === 'dynamic-value' && finding.range.file === rc);
    expect(dynamic.map((finding) => finding.range.start.line)).toEqual([4, 5, 7]);
    expect(host.routes.some((route) => route.origin === 'default')).toBe(false);
  });

  it('renames the NICs, bridges and epairs and wires the bridges', () => {
    const xnic = host.interfaces.get('xnic')!;
    expect([xnic.originalName, xnic.kind, xnic.driver, xnic.addresses.length]).toEqual(['em0', 'ethernet', 'em', 0]);
    expect(host.interfaces.get('inic')!.offload.vlanhwtag?.value).toBe(true);
    // Their real settings are in files read at boot: the model says it cannot know them.
    expect(['xnic', 'inic', 'xbridge'].map((name) => host.interfaces.get(name)!.dynamicConfiguration?.start.line)).toEqual([4, 5, undefined]);
    expect(host.interfaces.get('xbridge')!.bridgeMembers).toEqual(['ngx_a', 'node_a', 'pg_a']);
    expect(host.interfaces.get('ibridge')!.bridgeMembers).toEqual(['inic', 'inode_a', 'ipg_a']);
    expect([host.interfaces.get('ngx_node_b')!.originalName, host.interfaces.get('ngx_node_b')!.kind]).toEqual(['epair3b', 'epair']);
    for (const gone of ['em0', 'bridge0', 'epair0a', 'epair6b']) expect(host.interfaces.has(gone), gone).toBe(false);
    expect(host.interfaces.size).toBe(19);
  });

  it('gives each jail its vnet interfaces and reads its own rc.conf', () => {
    expect(host.jails.map((jail) => [jail.name, jail.vnet, jail.path, jail.interfaces])).toEqual([
      ['pg_j', true, '/jails/pg_j', ['pg_b', 'node_pg_b', 'ipg_b']],
      ['node_j', true, '/jails/node_j', ['node_b', 'ngx_node_b', 'node_pg_a', 'inode_b']],
      ['nginx_j', true, '/jails/nginx_j', ['ngx_b', 'ngx_node_a']],
    ]);
    expect(host.interfaces.get('ngx_b')!.jail).toBe('nginx_j');
    const nginx = host.jails.find((jail) => jail.name === 'nginx_j')!.host!;
    const jailRc = '/uirig-a/jails/nginx_j/etc/rc.conf';
    expect(tableLines(nginx.routes, 0).filter((line) => !line.includes('/etc/rc.d/routing')).sort()).toEqual(
      [
        `0.0.0.0/0 via 10.0.2.1 default ${jailRc}:6`,
        `10.0.2.0/24 dev ngx_b connected ${jailRc}:3`,
        `10.0.2.20/32 local local-address ${jailRc}:3`,
        `10.0.3.0/24 dev ngx_node_a connected ${jailRc}:4`,
        `10.0.3.20/32 local local-address ${jailRc}:4`,
        '127.0.0.1/32 local local-address /etc/defaults/rc.conf:1',
      ].sort(),
    );
    expect(nginx.interfaces.get('ngx_b')!.originalName).toBe('epair0b');
    expect(lookup(nginx, 0, '1.1.1.1')).toBe(`0:0.0.0.0/0@6 > 0:10.0.2.0/24@3 => interface ngx_b`);
    // The jails' addresses are in their own stacks, not the host's.
    expect(host.routes.some((route) => formatPrefix(route.prefix) === '10.0.3.0/24')).toBe(false);
    const node = host.jails.find((jail) => jail.name === 'node_j')!.host!;
    expect(node.interfaces.get('inode_b')!.addresses).toEqual([]);
    expect(host.files).toContain('/uirig-a/jails/pg_j/etc/rc.conf');
  });

  it('has only the host bridge address and the built-ins in FIB 0', () => {
    expect(tableLines(host.routes, 0).sort()).toEqual(
      [
        '127.0.0.1/32 local local-address /etc/defaults/rc.conf:1',
        `10.0.2.0/24 dev xbridge connected ${rc}:56`,
        `10.0.2.1/32 local local-address ${rc}:56`,
        ...BUILTIN_V6,
      ].sort(),
    );
    expect(host.tableCount).toBe(1);
    expect(host.tableUses).toEqual([]);
  });
});

describe('vpsbig (seed 002)', () => {
  const host = build('vpsbig');
  const rc = '/vpsbig/etc/rc.conf';
  const wg = '/vpsbig/usr/local/etc/wireguard/wg0.conf';
  const jails = '/vpsbig/etc/jail.conf';

  it('reads sysctl.conf, rc.conf, wg0.conf, jail.conf and the jail root', () => {
    expect(host.findings).toEqual([]);
    expect(host.files).toEqual(['/vpsbig/etc/sysctl.conf', rc, wg, jails, '/vpsbig/jails/web/etc/rc.conf']);
    expect(host.tableCount).toBe(2);
  });

  it('models wg0 and the jail epair with the FIB and MTU set by jail.conf', () => {
    const wg0 = host.interfaces.get('wg0')!;
    expect([wg0.kind, wg0.mtu.value, wg0.tunnelFib?.value, wg0.fib.value]).toEqual(['wg', 1420, 0, 0]);
    expect(wg0.wireguard?.peers[0]?.endpoint && [formatIp(wg0.wireguard.peers[0].endpoint.address!), wg0.wireguard.peers[0].endpoint.port]).toEqual(['203.0.113.10', 51820]);
    const epair0a = host.interfaces.get('epair0a')!;
    expect([epair0a.fib.value, epair0a.fib.source?.file, epair0a.fib.source?.start.line]).toEqual([1, jails, 12]);
    const epair0b = host.interfaces.get('epair0b')!;
    expect([epair0b.mtu.value, epair0b.jail]).toEqual([1380, 'web']);
    expect(host.interfaces.get('bridge0')!.bridgeMembers).toEqual(['epair0a']);
    const web = host.jails[0]!;
    expect(web.host!.interfaces.get('epair0b')!.mtu.value).toBe(1380);
  });

  it('has exactly these routes in FIB 1: the PostUp routes and the jail networks', () => {
    expect(tableLines(host.routes, 1).sort()).toEqual(
      [
        `0.0.0.0/0 dev wg0 wireguard ${wg}:5`,
        `::/1 dev wg0 wireguard ${wg}:6`,
        `8000::/1 dev wg0 wireguard ${wg}:7`,
        `192.168.123.0/24 dev bridge0 static ${rc}:15`,
        `2001:db8:77:100::/72 dev bridge0 static ${rc}:17`,
        '127.0.0.1/32 dev lo0 loopback-builtin /etc/rc.d/routing:1',
        ...BUILTIN_V6,
      ].sort(),
    );
  });

  it('keeps FIB 0 for the host: its uplink, the bridge and the wg addresses', () => {
    expect(tableLines(host.routes, 0).sort()).toEqual(
      [
        `0.0.0.0/0 via 10.10.10.1 default ${rc}:5`,
        `10.10.10.0/24 dev vtnet0 connected ${rc}:4`,
        `10.10.10.20/32 local local-address ${rc}:4`,
        `192.168.123.0/24 dev bridge0 connected ${rc}:9`,
        `192.168.123.1/32 local local-address ${rc}:9`,
        `2001:db8:77:100::/72 dev bridge0 connected ${rc}:10`,
        `2001:db8:77:100::1/128 local local-address ${rc}:10`,
        `10.77.0.2/32 local local-address ${wg}:3`,
        `2001:db8:77::2/128 local local-address ${wg}:3`,
        '127.0.0.1/32 local local-address /etc/defaults/rc.conf:1',
        ...BUILTIN_V6,
      ].sort(),
    );
  });

  it('records the FIB uses of the interface, the routes and the wg hooks', () => {
    expect(host.tableUses.map((use) => `${use.table} ${use.how} ${use.source.file}:${use.source.start.line}`)).toEqual([
      `1 interface-fib ${jails}:12`,
      `1 route-fib ${rc}:15`,
      `1 route-fib ${rc}:17`,
      `1 route-fib ${wg}:5`,
      `1 route-fib ${wg}:6`,
      `1 route-fib ${wg}:7`,
    ]);
  });

  it('routes the jails through wg0 in FIB 1 and the host through vtnet0 in FIB 0', () => {
    // wg0's outer (UDP) packets to the peer's endpoint are routed in FIB 0, out of vtnet0.
    const outer = 'tunnel wg0 | outer 0:0.0.0.0/0@5 > 0:10.10.10.0/24@4 => interface vtnet0';
    expect(lookup(host, 1, '9.9.9.9')).toBe(`1:0.0.0.0/0@5 => ${outer}`);
    expect(lookup(host, 1, '2001:4860::8888')).toBe(`1:::/1@6 => ${outer}`);
    expect(lookup(host, 1, 'fd00::1')).toBe(`1:8000::/1@7 => ${outer}`);
    expect(lookup(host, 1, '192.168.123.10')).toBe('1:192.168.123.0/24@15 => interface bridge0');
    expect(lookup(host, 0, '203.0.113.10')).toBe('0:0.0.0.0/0@5 > 0:10.10.10.0/24@4 => interface vtnet0');
  });

  it('gives the check driver the model and every file as a source', () => {
    const { analysis, pfConf } = buildFreeBsdHostAnalysis(corpusHost('vpsbig'), '/vpsbig');
    expect(pfConf).toBe('/vpsbig/etc/pf.conf');
    expect(analysis.complete).toBe(true);
    expect([...analysis.sources.keys()]).toEqual(host.files);
  });
});
