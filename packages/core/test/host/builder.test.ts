import { describe, expect, it } from 'vitest';
import { buildFreeBsdHost, buildFreeBsdHostFromDirectory } from '../../src/host/builder.js';
import { discoverHost, hostFilesFromList, rcReadingOrder } from '../../src/host/discover.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { HostModel } from '../../src/model/host.js';
import { formatIp, formatPrefix } from '../../src/net/ip.js';
import { tableLines } from './describe-route.js';

function host(files: Record<string, string>): HostModel {
  const prefixed = Object.fromEntries(Object.entries(files).map(([path, text]) => [`/h/${path}`, text]));
  return buildFreeBsdHostFromDirectory(memoryFileSystem(prefixed), '/h');
}

function findings(model: HostModel): string[] {
  return model.findings.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.range.file.replace('/h/', '')}:${finding.range.start.line}:${finding.range.start.column}`);
}

function routes(model: HostModel, table: number): string[] {
  return tableLines(model.routes, table)
    .filter((line) => !line.includes('/etc/rc.d/routing') && !line.includes('/etc/defaults/'))
    .map((line) => line.replace('/h/', ''));
}

const TWO_FIBS = { 'boot/loader.conf': 'net.fibs="2"\n' };

describe('host discovery', () => {
  it('finds the files of a root-shaped directory in boot order', () => {
    const fs = memoryFileSystem({
      '/h/etc/rc.conf': 'pf_rules="/etc/pf/main.conf"\n',
      '/h/etc/rc.conf.local': '',
      '/h/etc/rc.conf.d/routing': '',
      '/h/etc/rc.conf.d/netif': '',
      '/h/usr/local/etc/rc.conf.d/wireguard': '',
      '/h/boot/loader.conf': '',
      '/h/boot/loader.conf.d/fibs.conf': '',
      '/h/boot/loader.conf.d/README': '',
      '/h/etc/sysctl.conf': '',
      '/h/etc/jail.conf': '',
      '/h/usr/local/etc/wireguard/wg0.conf': '',
      '/h/usr/local/etc/wireguard/notes.txt': '',
      '/h/etc/pf/main.conf': '',
      '/h/etc/pf.conf': '',
    });
    expect(discoverHost(fs, '/h')).toEqual({
      name: 'h',
      root: '/h',
      rcConf: ['/h/etc/rc.conf', '/h/etc/rc.conf.local', '/h/etc/rc.conf.d/netif', '/h/etc/rc.conf.d/routing', '/h/usr/local/etc/rc.conf.d/wireguard'],
      loaderConf: ['/h/boot/loader.conf', '/h/boot/loader.conf.d/fibs.conf'],
      sysctlConf: ['/h/etc/sysctl.conf'],
      jailConf: ['/h/etc/jail.conf'],
      wireguard: ['/h/usr/local/etc/wireguard/wg0.conf'],
      pfConf: '/h/etc/pf/main.conf',
    });
  });

  it('falls back to etc/pf.conf, and to nothing when there is none', () => {
    expect(discoverHost(memoryFileSystem({ '/h/etc/rc.conf': '', '/h/etc/pf.conf': '' }), '/h').pfConf).toBe('/h/etc/pf.conf');
    expect(discoverHost(memoryFileSystem({ '/h/etc/rc.conf': '' }), '/h').pfConf).toBeUndefined();
  });

  it('sorts an explicit list of files into roles', () => {
    const files = hostFilesFromList(['x/rc.conf.local', 'x/pf.conf', 'x/rc.conf', 'x/loader.conf', 'x/loader.conf.d/fibs.conf', 'x/wireguard/wg0.conf', 'x/notes.md']);
    expect([files.rcConf, files.loaderConf, files.wireguard, files.pfConf, files.unknown]).toEqual([
      ['x/rc.conf', 'x/rc.conf.local'],
      ['x/loader.conf', 'x/loader.conf.d/fibs.conf'],
      ['x/wireguard/wg0.conf'],
      'x/pf.conf',
      ['x/notes.md'],
    ]);
    // rc.conf.d's files as discoverHost lists them: etc's, then usr/local/etc's, each by name.
    const rcConfD = ['x/usr/local/etc/rc.conf.d/b', 'x/etc/rc.conf.d/routing', 'x/usr/local/etc/rc.conf.d/a', 'x/etc/rc.conf.d/netif', 'x/etc/rc.conf'];
    expect(hostFilesFromList(rcConfD).rcConf).toEqual([
      'x/etc/rc.conf',
      'x/etc/rc.conf.d/netif',
      'x/etc/rc.conf.d/routing',
      'x/usr/local/etc/rc.conf.d/a',
      'x/usr/local/etc/rc.conf.d/b',
    ]);
    const disk = memoryFileSystem(Object.fromEntries(rcConfD.map((path) => [`/${path}`, ''])));
    expect(discoverHost(disk, '/x').rcConf).toEqual(hostFilesFromList(rcConfD.map((path) => `/${path}`)).rcConf);
  });

  it('lists every role of a list given out of order as discoverHost lists the same files', () => {
    const paths = [
      '/x/boot/loader.conf.d/z.conf', '/x/boot/loader.conf.local', '/x/boot/loader.conf.d/a.conf', '/x/boot/loader.conf',
      '/x/etc/sysctl.conf.local', '/x/etc/sysctl.conf',
      '/x/etc/jail.conf.d/www.conf', '/x/etc/jail.conf.d/db.conf', '/x/etc/jail.conf',
      '/x/usr/local/etc/wireguard/wg1.conf', '/x/usr/local/etc/wireguard/wg0.conf', '/x/etc/rc.conf',
    ];
    const discovered = discoverHost(memoryFileSystem(Object.fromEntries(paths.map((path) => [path, '']))), '/x');
    const listed = hostFilesFromList(paths);
    expect(listed.loaderConf).toEqual(['/x/boot/loader.conf', '/x/boot/loader.conf.local', '/x/boot/loader.conf.d/a.conf', '/x/boot/loader.conf.d/z.conf']);
    for (const role of ['rcConf', 'loaderConf', 'sysctlConf', 'jailConf', 'wireguard'] as const) expect(listed[role], role).toEqual(discovered[role]);
  });

  it('keeps the rc.conf files each run of rc reads, the host\'s and each jail\'s own, in reading order', () => {
    const hostFiles = { 'etc/rc.conf.d/routing': 'static_routes=""\n', 'etc/rc.conf.local': 'x=1\n', 'etc/rc.conf': 'x=0\n' };
    const model = host({ ...hostFiles, 'etc/jail.conf': 'www { path = "/jails/www"; }\n', 'jails/www/etc/rc.conf': 'y=1\n' });
    const hostRun = ['/h/etc/rc.conf', '/h/etc/rc.conf.local', '/h/etc/rc.conf.d/routing'];
    expect(rcReadingOrder(model, '/h/etc/rc.conf.d/routing')).toEqual(hostRun);
    expect(rcReadingOrder(model, '/h/jails/www/etc/rc.conf')).toEqual(['/h/jails/www/etc/rc.conf']);
    expect(rcReadingOrder(model, '/h/etc/jail.conf')).toBeUndefined();
    // A list given out of order is read in rc's order.
    const listed = buildFreeBsdHost(memoryFileSystem({ '/x/rc.conf.local': 'x=1\n', '/x/rc.conf': 'x=0\n' }), hostFilesFromList(['/x/rc.conf.local', '/x/rc.conf']));
    expect(rcReadingOrder(listed, '/x/rc.conf.local')).toEqual(['/x/rc.conf', '/x/rc.conf.local']);
  });

  it('reports a listed file that cannot be read', () => {
    const model = buildFreeBsdHost(memoryFileSystem({}), { ...hostFilesFromList(['/nowhere/rc.conf']) });
    expect(findings(model)).toEqual(['file-not-found error /nowhere/rc.conf:1:1']);
    expect(model.files).toEqual([]);
  });
});

describe('rc.conf quirks in the model', () => {
  it('reads rc.conf.d split files after rc.conf, later values winning', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\ndefaultrouter="192.0.2.1"\n',
      'etc/rc.conf.d/routing': 'defaultrouter="192.0.2.254"\n',
    });
    expect(routes(model, 0)).toContain('0.0.0.0/0 via 192.0.2.254 default etc/rc.conf.d/routing:1');
    expect(routes(model, 0).some((line) => line.includes('192.0.2.1 '))).toBe(false);
    expect(findings(model)).toEqual(['repeated-assignment info etc/rc.conf.d/routing:1:1']);
  });

  it('warns about repeated variables and sysrc lines, and still builds', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nifconfig_em0="inet 192.0.2.20/24"\nsysrc gateway_enable=YES\n' });
    expect(findings(model)).toEqual(['repeated-assignment warning etc/rc.conf:2:1', 'not-an-assignment warning etc/rc.conf:3:1']);
    expect(model.interfaces.get('em0')!.addresses.map((address) => formatIp(address.address))).toEqual(['192.0.2.20']);
    expect(model.forwarding.inet.value).toBe(false);
  });

  it('installs IPv6 routes written in static_routes with -inet6', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0_ipv6="inet6 2001:db8::2/64"\nstatic_routes="v6"\nroute_v6="-inet6 2001:db8:1::/48 2001:db8::1"\n',
    });
    expect(routes(model, 0)).toContain('2001:db8:1::/48 via 2001:db8::1 static etc/rc.conf:3');
    expect(findings(model)).toEqual([]);
  });

  it('clears host bits of a -net route and keeps the route', () => {
    const model = host({ 'etc/rc.conf': 'static_routes="lan"\nroute_lan="-net 10.1.2.3/16 -iface em0"\nifconfig_em0="inet 192.0.2.10/24"\n' });
    expect(routes(model, 0)).toContain('10.1.0.0/16 dev em0 static etc/rc.conf:2');
  });

  it('adds no route through a link-local gateway whose scope names no interface, and says so', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_vtnet0_ipv6="inet6 2001:db8::2/64"\nipv6_static_routes="x"\nipv6_route_x="2001:db8:99::/48 fe80::2%em9"\n' });
    expect(routes(model, 0).filter((line) => line.startsWith('2001:db8:99::'))).toEqual([]);
    expect(findings(model)).toEqual(['unknown-interface warning etc/rc.conf:3:32']);
    expect(model.findings[0]!.message).toBe("The gateway's scope `%em9` names no interface on this host, so route(8) adds no route");
    // A scope written as an interface index is taken as it is.
    const byIndex = host({ 'etc/rc.conf': 'ifconfig_vtnet0_ipv6="inet6 2001:db8::2/64"\nipv6_static_routes="x"\nipv6_route_x="2001:db8:99::/48 fe80::2%1"\n' });
    expect(routes(byIndex, 0).filter((line) => line.startsWith('2001:db8:99::'))).toEqual(['2001:db8:99::/48 via fe80::2%1 static etc/rc.conf:3']);
    expect(findings(byIndex)).toEqual([]);
  });

  it('keeps a scoped link-local default router and its interface', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_vtnet0_ipv6="inet6 2001:db8::2/64"\nipv6_defaultrouter="fe80::1%vtnet0"\n' });
    const route = model.routes.find((candidate) => candidate.origin === 'default')!;
    expect(route.target.kind === 'gateway' && formatIp(route.target.gateway)).toBe('fe80::1%vtnet0');
    expect(route.prefix.family).toBe('inet6');
  });

  it('renames interfaces and warns about variables still keyed by the old name', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_vtnet1_name="uplink"\nifconfig_uplink="inet 192.0.2.10/24 -lro -tso"\nifconfig_vtnet1_alias0="inet 192.0.2.11/32"\n' });
    const uplink = model.interfaces.get('uplink')!;
    expect([uplink.originalName, uplink.driver, uplink.addresses.length]).toEqual(['vtnet1', 'vtnet', 1]);
    expect(model.interfaces.has('vtnet1')).toBe(false);
    expect(findings(model)).toEqual(['renamed-interface-variable warning etc/rc.conf:3:1']);
  });

  it('also warns about the obsolete ipv6_ifconfig_ and the ipv4_addrs_/ipv6_prefix_ variables of the old name, not about the rename itself', () => {
    const model = host({
      'etc/rc.conf': [
        'ifconfig_vtnet1_name="uplink"',
        'ifconfig_uplink="inet 192.0.2.10/24"',
        'ipv6_ifconfig_vtnet1="2001:db8::10/64"',
        'ipv6_ifconfig_vtnet1_alias0="2001:db8::11/64"',
        'ipv4_addrs_vtnet1="192.0.2.20/32"',
        'ipv6_prefix_vtnet1="2001:db8:1::"',
        'ifconfig_vtnet10="up"',
        '',
      ].join('\n'),
    });
    expect(findings(model).filter((finding) => finding.startsWith('renamed-interface-variable'))).toEqual([3, 4, 5, 6].map((line) => `renamed-interface-variable warning etc/rc.conf:${line}:1`));
  });

  it("makes the VLANs of a renamed interface from vlans_ under its new name only, as rc asks for them after renaming", () => {
    const text = (vlans: string) => `ifconfig_vtnet1_name="uplink"\nifconfig_uplink="inet 192.0.2.10/24"\n${vlans}="101"\nifconfig_uplink_101="inet 10.101.0.1/24"\n`;
    const stale = host({ 'etc/rc.conf': text('vlans_vtnet1') });
    expect([...stale.interfaces.keys()].filter((name) => name.includes('101'))).toEqual([]);
    expect(findings(stale).filter((finding) => finding.startsWith('renamed-interface-variable'))).toEqual(['renamed-interface-variable warning etc/rc.conf:3:1']);
    const current = host({ 'etc/rc.conf': text('vlans_uplink') });
    expect(current.interfaces.get('uplink.101')?.addresses.map((entry) => formatPrefix(entry.prefix))).toEqual(['10.101.0.0/24']);
    expect(findings(current).filter((finding) => finding.startsWith('renamed-interface-variable'))).toEqual([]);
  });

  it("puts each address's routes in the FIB its interface had when the address was added, as the kernel does", () => {
    const loader = { 'boot/loader.conf': 'net.fibs="2"\n' };
    const alias = host({ ...loader, 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nifconfig_em0_alias0="inet 10.1.0.1/24 fib 1"\n' });
    expect(alias.interfaces.get('em0')!.fib.value).toBe(1);
    expect(routes(alias, 0)).toEqual(['192.0.2.0/24 dev em0 connected etc/rc.conf:1', '192.0.2.10/32 local local-address etc/rc.conf:1']);
    expect(routes(alias, 1)).toEqual(['10.1.0.0/24 dev em0 connected etc/rc.conf:2', '10.1.0.1/32 local local-address etc/rc.conf:2']);
    // `fib 1` in the _ipv6 line, which rc applies after the IPv4 one: the IPv4 network stays in FIB 0.
    const ipv6 = host({ ...loader, 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nifconfig_em0_ipv6="inet6 2001:db8::10/64 fib 1"\n' });
    expect(routes(ipv6, 0).filter((line) => line.startsWith('192.0.2.0/24'))).toEqual(['192.0.2.0/24 dev em0 connected etc/rc.conf:1']);
    expect(routes(ipv6, 1).filter((line) => line.startsWith('2001:db8::/64'))).toEqual(['2001:db8::/64 dev em0 connected etc/rc.conf:2']);
    // With net.add_addr_allfibs every address is in every FIB anyway.
    const all = host({ 'boot/loader.conf': 'net.fibs="2"\nnet.add_addr_allfibs="1"\n', 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nifconfig_em0_alias0="inet 10.1.0.1/24 fib 1"\n' });
    expect(routes(all, 1).filter((line) => line.includes('connected'))).toEqual(['192.0.2.0/24 dev em0 connected etc/rc.conf:1', '10.1.0.0/24 dev em0 connected etc/rc.conf:2']);
  });

  it('reports a bridge member that does not exist, at the addm', () => {
    const model = host({ 'etc/rc.conf': 'cloned_interfaces="bridge0"\nifconfig_bridge0="addm em0 addm epair9a up"\nifconfig_em0="up"\n' });
    expect(findings(model)).toEqual(['unknown-interface warning etc/rc.conf:2:33']);
  });

  it('reports a configured interface nobody creates', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_mybridge="inet 10.0.0.1/24"\n' });
    expect(findings(model)).toEqual(['unknown-interface warning etc/rc.conf:1:1']);
  });

  it('does not install defaultrouter_fibN, as rc.d/routing does not, and says so', () => {
    const model = host({ ...TWO_FIBS, 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24 fib 1"\ndefaultrouter_fib1="192.0.2.1"\n' });
    expect(routes(model, 1).some((line) => line.startsWith('0.0.0.0/0'))).toBe(false);
    expect(findings(model)).toEqual(['defaultrouter-fib-ignored warning etc/rc.conf:2:1']);
    expect(model.tableUses.map((use) => `${use.table} ${use.how}`)).toContain('1 route-fib');
  });

  it('reports static_routes entries without a route_ variable and route_ variables nobody lists', () => {
    const model = host({ 'etc/rc.conf': 'static_routes="a b"\nroute_a="-net 10.0.0.0/8 -iface lo0"\nroute_c="-net 10.1.0.0/16 -iface lo0"\nipv6_route_x="::/0 -iface lo0"\n' });
    expect(findings(model)).toEqual(['route-undefined warning etc/rc.conf:1:18', 'route-unused warning etc/rc.conf:3:1', 'route-unused warning etc/rc.conf:4:1']);
    expect(routes(model, 0)).toEqual(['10.0.0.0/8 dev lo0 static etc/rc.conf:2']);
  });

  it('reports a second route to the same prefix in one table, as route add would fail', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nstatic_routes="dup"\nroute_dup="default 192.0.2.9"\ndefaultrouter="192.0.2.1"\n' });
    expect(routes(model, 0)).toContain('0.0.0.0/0 via 192.0.2.9 static etc/rc.conf:3');
    expect(findings(model)).toEqual(['route-exists warning etc/rc.conf:4:1']);
  });

  it('hands an interface to a jail with the `vnet JAIL` keyword', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em1="vnet www"\nifconfig_em0="inet 192.0.2.10/24"\n' });
    expect([model.interfaces.get('em1')!.jail, model.interfaces.get('em0')!.jail]).toEqual(['www', undefined]);
  });

  it('says when sysctl.conf forwarding is overwritten by gateway_enable', () => {
    const model = host({ 'etc/sysctl.conf': 'net.inet.ip.forwarding=1\n', 'etc/rc.conf': 'hostname="h"\n' });
    expect(model.forwarding.inet.value).toBe(false);
    expect(model.pfEnabled).toEqual({ value: false });
    expect(findings(model)).toEqual(['forwarding-overridden warning etc/sysctl.conf:1:1']);
  });
});

describe('FIBs and tunnels', () => {
  const gif = (extra: string): HostModel =>
    host({
      ...TWO_FIBS,
      'etc/rc.conf': `ifconfig_em0="inet 192.0.2.10/24"\ncloned_interfaces="gif0"\nifconfig_gif0="inet 10.255.0.2 10.255.0.1 netmask 255.255.255.255 tunnel 192.0.2.10 198.51.100.7 ${extra}"\n`,
    });

  it('gives a boot-time tunnel FIB 0 for its outer packets unless tunnelfib says otherwise, whatever its fib', () => {
    const plain = gif('fib 1').interfaces.get('gif0')!;
    expect([plain.fib.value, plain.tunnelFib]).toEqual([1, { value: 0 }]);
    const explicit = gif('fib 1 tunnelfib 1').interfaces.get('gif0')!;
    expect(explicit.tunnelFib?.value).toBe(1);
    expect(explicit.tunnelFib?.source?.start.line).toBe(3);
  });

  it('puts the peer and own address of a point-to-point link in the interface FIB only', () => {
    const model = gif('fib 1');
    expect(routes(model, 1)).toEqual(['10.255.0.1/32 dev gif0 connected etc/rc.conf:3', '10.255.0.2/32 local local-address etc/rc.conf:3']);
    expect(routes(model, 0).some((line) => line.includes('10.255.0'))).toBe(false);
  });

  it('puts interface routes in every FIB with net.add_addr_allfibs=1', () => {
    const model = host({ 'boot/loader.conf': 'net.fibs="2"\nnet.add_addr_allfibs="1"\n', 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\n' });
    expect(model.addAddrAllFibs.value).toBe(true);
    expect(routes(model, 1)).toEqual(['192.0.2.0/24 dev em0 connected etc/rc.conf:1', '192.0.2.10/32 local local-address etc/rc.conf:1']);
  });

  it('installs no route in a FIB beyond net.fibs but records the use', () => {
    const model = host({ 'etc/rc.conf': 'static_routes="x"\nroute_x="default 192.0.2.1 -fib 3"\n' });
    expect(model.tableCount).toBe(1);
    expect(model.routes.some((route) => route.table === 3)).toBe(false);
    expect(model.tableUses.map((use) => `${use.table} ${use.how} ${use.source.start.line}`)).toEqual(['3 route-fib 2']);
  });

  it('creates gif interfaces from gif_interfaces and gifconfig_', () => {
    const model = host({ 'etc/rc.conf': 'gif_interfaces="gif0"\ngifconfig_gif0="192.0.2.10 198.51.100.7"\n' });
    const gif0 = model.interfaces.get('gif0')!;
    expect(gif0.tunnel && formatIp(gif0.tunnel.destination)).toBe('198.51.100.7');
    expect(gif0.mtu.value).toBe(1280);
  });

  it('reads `_aliases` lists and creates VLANs from vlans_<if>', () => {
    const model = host({
      'etc/rc.conf':
        'ifconfig_em0="inet 192.0.2.10/24"\nifconfig_em0_ipv6="inet6 auto_linklocal"\nifconfig_em0_aliases="inet 192.0.2.11/32 inet6 2001:db8::11/64"\nvlans_em0="101 myvlan"\nifconfig_em0_101="inet 10.101.0.1/24"\ncreate_args_myvlan="vlan 102"\n',
    });
    expect(model.interfaces.get('em0')!.addresses.map((address) => formatIp(address.address))).toEqual(['192.0.2.10', '192.0.2.11', '2001:db8::11']);
    expect(['em0.101', 'myvlan'].map((name) => model.interfaces.get(name)?.kind)).toEqual(['vlan', 'vlan']);
    expect(routes(model, 0)).toContain('10.101.0.0/24 dev em0.101 connected etc/rc.conf:5');
    expect(findings(model)).toEqual([]);
  });

  it('adds aliases in numeric order and warns at the first one after a gap', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0_alias10="inet 192.0.2.30/32"\nifconfig_em0_alias0="inet 192.0.2.10/32"\nifconfig_em0_alias1="inet 192.0.2.20/32"\n',
    });
    expect(model.interfaces.get('em0')!.addresses.map((address) => formatIp(address.address))).toEqual(['192.0.2.10', '192.0.2.20', '192.0.2.30']);
    expect(findings(model)).toEqual(['alias-gap warning etc/rc.conf:1:1']);
    expect(findings(host({ 'etc/rc.conf': 'ifconfig_em0_alias0="inet 192.0.2.10/32"\nifconfig_em0_alias1="inet 192.0.2.20/32"\n' }))).toEqual([]);
  });

  it('marks interfaces whose configuration comes from a command substitution', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0="`cat /etc/em0` -lro"\nifconfig_em1="inet 192.0.2.1/24"\n' });
    const em0 = model.interfaces.get('em0')!;
    expect([em0.dynamicConfiguration?.start.line, em0.dynamicConfiguration?.start.column, em0.offload.lro?.value]).toEqual([1, 14, false]);
    expect(model.interfaces.get('em1')!.dynamicConfiguration).toBeUndefined();
  });

  it('gives the usual MTU per kind', () => {
    const model = host({ 'etc/rc.conf': 'cloned_interfaces="gre0 bridge0 epair0 vlan5"\nifconfig_em0="up"\n' });
    expect(['gre0', 'bridge0', 'epair0a', 'epair0b', 'vlan5', 'em0', 'lo0'].map((name) => model.interfaces.get(name)?.mtu.value)).toEqual([1476, 1500, 1500, 1500, 1500, 1500, 16384]);
  });
});

describe('netif details: ifconfig_DEFAULT, network_interfaces, NOAUTO, alias ranges, ipv6_prefix, name collisions', () => {
  const addresses = (model: HostModel, name: string) => model.interfaces.get(name)?.addresses.map((address) => `${formatIp(address.address)}/${address.prefix.length}`);

  it('applies ifconfig_DEFAULT to interfaces without a variable of their own, lo0 included but never with DHCP there', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_DEFAULT="SYNCDHCP -lro"\nifconfig_em0="inet 192.0.2.10/24"\nifconfig_em1_ipv6="inet6 2001:db8::1/64"\ncloned_interfaces="bridge0"\n',
    });
    const get = (name: string) => model.interfaces.get(name)!;
    // ifconfig_DEFAULT also stands in for a missing ifconfig_<if>_ipv6: em0 gets -lro from it, but DHCP only from its main variable.
    expect([get('em0').dhcp, get('em0').offload.lro?.value, get('em0').offload.lro?.source?.start.line]).toEqual([false, false, 1]);
    expect([get('em1').dhcp, get('em1').offload.lro?.value, get('em1').offload.lro?.source?.start.line]).toEqual([true, false, 1]);
    expect([get('bridge0').dhcp, get('bridge0').offload.lro?.value]).toEqual([true, false]);
    expect([get('lo0').dhcp, addresses(model, 'lo0')]).toEqual([false, ['127.0.0.1/8']]);
    // A variable set to the empty string is the interface's own: the default does not apply.
    expect(host({ 'etc/rc.conf': 'ifconfig_DEFAULT="DHCP"\nifconfig_em0=""\nifconfig_em0_ipv6="inet6 2001:db8::1/64"\n' }).interfaces.get('em0')!.dhcp).toBe(false);
  });

  it('leaves an interface missing from an explicit network_interfaces unconfigured, and says so at its variable', () => {
    const model = host({
      'etc/rc.conf': 'network_interfaces="lo0 em0"\ncloned_interfaces="bridge0 epair0"\nifconfig_em0="inet 192.0.2.10/24"\nifconfig_em1="inet 198.51.100.10/24"\nifconfig_bridge0="inet 10.0.0.1/24"\nifconfig_epair0a="inet 10.1.0.1/30"\n',
    });
    expect(['em0', 'em1', 'bridge0', 'epair0a'].map((name) => addresses(model, name))).toEqual([['192.0.2.10/24'], [], ['10.0.0.1/24'], ['10.1.0.1/30']]);
    expect(findings(model)).toEqual(['interface-not-started warning etc/rc.conf:4:1']);
    expect(model.findings[0]!.related?.[0]?.range.start.line).toBe(1);
    expect(['em0', 'em1'].map((name) => model.interfaces.get(name)!.notStarted?.start.line)).toEqual([undefined, 4]);
    expect(routes(model, 0)).not.toContain('198.51.100.0/24 dev em1 connected etc/rc.conf:4');
    // AUTO (the default, any case) starts everything.
    expect(findings(host({ 'etc/rc.conf': 'network_interfaces="AUTO"\nifconfig_em1="inet 198.51.100.10/24"\n' }))).toEqual([]);
  });

  it('does not configure NOAUTO interfaces at boot (info), nor VLANs of an interface that is not started', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24 noauto"\nvlans_em0="101"\nifconfig_em0_101="inet 10.101.0.1/24"\nifconfig_em2="NOAUTO"\n',
    });
    expect(['em0', 'em0.101'].map((name) => addresses(model, name))).toEqual([[], []]);
    expect(findings(model)).toEqual(['interface-not-started info etc/rc.conf:1:34', 'interface-not-started warning etc/rc.conf:3:1', 'interface-not-started info etc/rc.conf:4:15']);
    // In an explicit list NOAUTO does not matter: rc starts what is listed.
    expect(addresses(host({ 'etc/rc.conf': 'network_interfaces="em0"\nifconfig_em0="inet 192.0.2.10/24 NOAUTO"\n' }), 'em0')).toEqual(['192.0.2.10/24']);
  });

  it('expands alias address ranges as network.subr does: first address with the length, the rest /32; IPv6 all alike', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24"\nifconfig_em0_alias0="inet 192.0.2.5-7/24"\nifconfig_em0_aliases="inet 198.51.1-2.9 inet6 2001:db8::a-c/64"\nifconfig_em0_ipv6="inet6 auto_linklocal"\n',
    });
    expect(addresses(model, 'em0')).toEqual([
      '192.0.2.1/24',
      '198.51.1.9/32',
      '198.51.2.9/32',
      '2001:db8::a/64',
      '2001:db8::b/64',
      '2001:db8::c/64',
      '192.0.2.5/24',
      '192.0.2.6/32',
      '192.0.2.7/32',
    ]);
    expect(findings(model)).toEqual([]);
    // ifconfig_<if> itself is not expanded by rc: a range there is just not an address.
    expect(findings(host({ 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.5-7/24"\n' }))).toEqual(['invalid-value error etc/rc.conf:1:20']);
  });

  it('stops a range at netif_ipexpand_max, with a warning', () => {
    const model = host({ 'etc/rc.conf': 'netif_ipexpand_max="3"\nifconfig_em0_alias0="inet 10.0.0.1-100"\n' });
    expect(addresses(model, 'em0')).toEqual(['10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32', '10.0.0.4/32', '10.0.0.5/32']);
    expect(findings(model)).toEqual(['invalid-value warning etc/rc.conf:2:27']);
  });

  it('reads _aliases before aliasN, and the legacy ipv4_addrs_<if> with ranges; ipv4_addrs alone makes the NIC known', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0_alias0="inet 192.0.2.20/32"\nifconfig_em0_aliases="inet 192.0.2.10/32"\nipv4_addrs_em0="192.0.2.30/24 192.0.2.40-41"\nipv4_addrs_em1="198.51.100.1/24"\n',
    });
    expect(addresses(model, 'em0')).toEqual(['192.0.2.10/32', '192.0.2.20/32', '192.0.2.30/24', '192.0.2.40/32', '192.0.2.41/32']);
    expect(addresses(model, 'em1')).toEqual(['198.51.100.1/24']);
    expect(findings(model)).toEqual([]);
  });

  it('ends the alias list at an empty alias, reporting the ones it drops', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0_alias0="inet 192.0.2.10/32"\nifconfig_em0_alias1=""\nifconfig_em0_alias2="inet 192.0.2.30/32"\n',
    });
    expect(addresses(model, 'em0')).toEqual(['192.0.2.10/32']);
    expect(findings(model)).toEqual(['alias-gap warning etc/rc.conf:2:1']);
  });

  it('routes an ipv6_prefix to the interface with an unknown own address; a router also gets the anycast address', () => {
    const files = { 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nipv6_prefix_em0="2001:db8:1:2 2001:db8:3::/56 2001:db8:zz::"\n' };
    const model = host(files);
    expect(routes(model, 0)).toEqual(
      expect.arrayContaining(['2001:db8:1:2::/64 dev em0 connected etc/rc.conf:2', '2001:db8:3::/56 dev em0 connected etc/rc.conf:2']),
    );
    expect(addresses(model, 'em0')).toEqual(['192.0.2.10/24']);
    expect(model.interfaces.get('em0')!.eui64Prefixes?.map(({ prefix, source }) => `${prefix.length}@${source.start.line}:${source.start.column}`)).toEqual(['64@2:18', '56@2:31']);
    // Unknown host part, known prefix: checks may still judge the interface's other settings.
    expect(model.interfaces.get('em0')!.dynamicConfiguration).toBeUndefined();
    expect(findings(model)).toEqual(['invalid-value error etc/rc.conf:2:47']);
    const router = host({ 'etc/rc.conf': `${files['etc/rc.conf']}ipv6_gateway_enable="YES"\n` });
    expect(addresses(router, 'em0')).toEqual(['192.0.2.10/24', '2001:db8:1:2::/64', '2001:db8:3::/56']);
  });

  it('warns when two interface names share their rc variables once . - / + become _', () => {
    const model = host({ 'etc/rc.conf': 'vlans_em0="1"\ncloned_interfaces="bridge0"\nifconfig_bridge0_name="em0_1"\nifconfig_em0_1="inet 10.0.0.1/24"\n' });
    expect(findings(model)).toEqual(['interface-name-collision warning etc/rc.conf:2:20']);
    expect(model.findings[0]!.message).toContain('ifconfig_em0_1');
    expect(findings(host({ 'etc/rc.conf': 'vlans_em0="1"\ncloned_interfaces="bridge0"\nifconfig_bridge0_name="lan0"\n' }))).toEqual([]);
  });
});

describe('IPv6 configuration as network.subr reads it: ifconfig_DEFAULT, legacy variables, ipv6if', () => {
  const addresses = (model: HostModel, name: string) => model.interfaces.get(name)?.addresses.map((address) => `${formatIp(address.address)}/${address.prefix.length}`);
  it('uses ifconfig_DEFAULT for a missing ifconfig_<if>_ipv6 too, never an ifconfig_DEFAULT_ipv6', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_DEFAULT="inet6 2001:db8::1/64"\nifconfig_em0="inet 192.0.2.1/24"\nifconfig_em1_ipv6=""\n' });
    // em0 has its own main variable, so DEFAULT stands in for its IPv6 one only; em1's empty _ipv6 is its own.
    expect(addresses(model, 'em0')).toEqual(['192.0.2.1/24', '2001:db8::1/64']);
    expect(addresses(model, 'em1')).toEqual(['2001:db8::1/64']);
    expect(routes(model, 0)).toContain('2001:db8::/64 dev em0 connected etc/rc.conf:1');
    const noDefaultIpv6 = host({ 'etc/rc.conf': 'ifconfig_DEFAULT_ipv6="inet6 2001:db8::1/64"\nifconfig_em0="inet 192.0.2.1/24"\n' });
    expect(addresses(noDefaultIpv6, 'em0')).toEqual(['192.0.2.1/24']);
  });

  it('applies the obsolete ipv6_ifconfig_<if> as `inet6 VALUE`, with an info finding', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24"\nipv6_ifconfig_em0="2001:db8::2 prefixlen 64"\nipv6_ifconfig_em1="2001:db8:1::2/64"\n' });
    expect(addresses(model, 'em0')).toEqual(['192.0.2.1/24', '2001:db8::2/64']);
    // The legacy variable alone names a NIC rc configures.
    expect(addresses(model, 'em1')).toEqual(['2001:db8:1::2/64']);
    expect(findings(model)).toEqual(['obsolete-rc-syntax info etc/rc.conf:2:1', 'obsolete-rc-syntax info etc/rc.conf:3:1']);
    expect(model.findings[0]!.message).toContain('ifconfig_em0_ipv6="inet6 2001:db8::2 prefixlen 64"');
  });

  it('suggests an alias for the obsolete ipv6_ifconfig_<if> when ifconfig_<if>_ipv6 is set too', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0_ipv6="inet6 auto_linklocal"\nipv6_ifconfig_em0="2001:db8::2/64"\n' });
    expect(addresses(model, 'em0')).toEqual(['2001:db8::2/64']);
    expect(findings(model)).toEqual(['obsolete-rc-syntax info etc/rc.conf:2:1']);
    expect(model.findings[0]!.message).toContain('ifconfig_em0_alias<N>="inet6 2001:db8::2/64"');
  });

  it('adds the obsolete ipv6_ifconfig_<if>_alias<N> as inet6 aliases in numeric order, up to an empty one', () => {
    const model = host({
      'etc/rc.conf':
        'ifconfig_em0_ipv6="inet6 2001:db8::1/64"\nipv6_ifconfig_em0_alias1="2001:db8::b/64"\nipv6_ifconfig_em0_alias0="2001:db8::a-b/64"\nipv6_ifconfig_em0_alias2=""\nipv6_ifconfig_em0_alias3="2001:db8::d/64"\n',
    });
    // A range expands as in the current aliases; the duplicate 2001:db8::b is one address.
    expect(addresses(model, 'em0')).toEqual(['2001:db8::1/64', '2001:db8::a/64', '2001:db8::b/64']);
    expect(findings(model)).toEqual(['alias-gap warning etc/rc.conf:4:1', 'obsolete-rc-syntax info etc/rc.conf:3:1', 'obsolete-rc-syntax info etc/rc.conf:2:1']);
  });

  it('reads an ifconfig_<if>_ipv6 that starts with an address as rc does, with an info finding', () => {
    const model = host({ 'etc/rc.conf': 'ifconfig_em0_ipv6="2001:db8::1/64"\nifconfig_em1_ipv6="inet6 2001:db8:1::1/64"\n' });
    expect(addresses(model, 'em0')).toEqual(['2001:db8::1/64']);
    expect(findings(model)).toEqual(['obsolete-rc-syntax info etc/rc.conf:1:1']);
  });

  it('skips IPv6 aliases of an interface rc does not configure for IPv6, and says so at each address', () => {
    const files = 'ifconfig_em0="inet 192.0.2.1/24"\nifconfig_em0_alias0="inet6 2001:db8::10/64"\nifconfig_em0_aliases="inet 192.0.2.2/32 inet6 2001:db8::11/64"\n';
    const model = host({ 'etc/rc.conf': files });
    expect(addresses(model, 'em0')).toEqual(['192.0.2.1/24', '192.0.2.2/32']);
    expect(findings(model)).toEqual(['ipv6-alias-skipped warning etc/rc.conf:3:47', 'ipv6-alias-skipped warning etc/rc.conf:2:28']);
    expect(routes(model, 0).some((line) => line.includes('2001:db8::'))).toBe(false);
    // An ipv6_prefix, or ifconfig_DEFAULT standing in for _ipv6, is enough to configure IPv6.
    expect(addresses(host({ 'etc/rc.conf': `${files}ipv6_prefix_em0="2001:db8:5::"\n` }), 'em0')).toContain('2001:db8::10/64');
    expect(addresses(host({ 'etc/rc.conf': `${files}ifconfig_DEFAULT="up"\n` }), 'em0')).toContain('2001:db8::11/64');
    // lo0 always is; an explicit ipv6_network_interfaces must list the interface.
    expect(addresses(host({ 'etc/rc.conf': 'ifconfig_lo0_alias0="inet6 fd00::1/128"\n' }), 'lo0')).toContain('fd00::1/128');
    const unlisted = host({ 'etc/rc.conf': `${files}ifconfig_em0_ipv6="inet6 auto_linklocal"\nipv6_network_interfaces="em1"\n` });
    expect(addresses(unlisted, 'em0')).toEqual(['192.0.2.1/24', '192.0.2.2/32']);
    const listed = host({ 'etc/rc.conf': `${files}ifconfig_em0_ipv6="inet6 auto_linklocal"\nipv6_network_interfaces="lo0 em0"\n` });
    expect(addresses(listed, 'em0')).toHaveLength(4);
    expect(findings(listed)).toEqual([]);
  });
});

describe('jails and WireGuard in the model', () => {
  it('adds a non-vnet jail address to its host interface', () => {
    const model = host({
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\n',
      'etc/jail.conf': 'www {\n  ip4.addr = "em0|192.0.2.50/32";\n  exec.fib = 1;\n}\n',
    });
    expect(model.interfaces.get('em0')!.addresses.map((address) => formatIp(address.address))).toEqual(['192.0.2.10', '192.0.2.50']);
    expect(routes(model, 0)).toContain('192.0.2.50/32 local local-address etc/jail.conf:2');
    const [jail] = model.jails;
    expect([jail!.name, jail!.vnet, jail!.fib?.value, jail!.addresses.length]).toEqual(['www', false, 1, 1]);
    expect(model.tableUses.map((use) => `${use.table} ${use.how} ${use.source.start.line}`)).toEqual(['1 jail-exec-fib 3']);
  });

  it('records where each jail names a host interface, with the exact range of the name', () => {
    const text = 'interface = "em0";\nwww {\n  ip4.addr = "em0|192.0.2.50/32", " lo1|127.0.1.1";\n  ip6.addr = "2001:db8::5";\n}\nvpn {\n  vnet;\n  vnet.interface = "epair0b, epair1b";\n}\n';
    const model = host({
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\ncloned_interfaces="lo1 epair0 epair1"\n',
      'etc/jail.conf': text,
    });
    const named = (jail: string): string[] =>
      model.jails
        .find((candidate) => candidate.name === jail)!
        .interfaceReferences.map((reference) => `${reference.parameter} ${reference.name} ${text.slice(reference.range.start.offset, reference.range.end.offset)} ${reference.range.start.line}:${reference.range.start.column}`);
    expect(named('www')).toEqual(['interface em0 em0 1:14', 'ip4.addr em0 em0 3:15', 'ip4.addr lo1 lo1 3:37']);
    expect(named('vpn')).toEqual(['vnet.interface epair0b epair0b 8:21', 'vnet.interface epair1b epair1b 8:30', 'interface em0 em0 1:14']);
    expect(model.interfaces.get('epair1b')?.jail).toBe('vpn');
  });

  it('runs route commands from jail hooks and reports hooks that touch unknown interfaces', () => {
    const model = host({
      ...TWO_FIBS,
      'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\n',
      'etc/jail.conf': 'j {\n  vnet;\n  exec.prestart += "ifconfig epair7a fib 1";\n  exec.poststart += "route add -net 10.9.0.0/16 192.0.2.1 -fib 1; echo done";\n}\n',
    });
    expect(routes(model, 1)).toContain('10.9.0.0/16 via 192.0.2.1 jail etc/jail.conf:4');
    expect(findings(model)).toEqual(['unknown-interface warning etc/jail.conf:3:30']);
  });

  it('routes AllowedIPs in FIB 0 when Table is not off, splitting a default route in two', () => {
    const model = host({
      'etc/rc.conf': 'hostname="h"\n',
      'usr/local/etc/wireguard/wg0.conf': '[Interface]\nAddress = 10.7.0.2/24\n\n[Peer]\nAllowedIPs = 0.0.0.0/0, 10.8.0.0/16\nEndpoint = vpn.example.net:51820\n',
    });
    expect(routes(model, 0).filter((line) => line.includes(' wireguard '))).toEqual([
      '0.0.0.0/1 dev wg0 wireguard usr/local/etc/wireguard/wg0.conf:5',
      '128.0.0.0/1 dev wg0 wireguard usr/local/etc/wireguard/wg0.conf:5',
      '10.8.0.0/16 dev wg0 wireguard usr/local/etc/wireguard/wg0.conf:5',
    ]);
    expect(model.interfaces.get('wg0')!.wireguard!.peers[0]!.endpoint).toEqual(expect.objectContaining({ host: 'vpn.example.net', port: 51820 }));
    expect(findings(model)).toEqual(['interface-not-started info usr/local/etc/wireguard/wg0.conf:1:1']);
    const started = host({
      'etc/rc.conf': 'wireguard_enable="YES"\nwireguard_interfaces="wg0"\n',
      'usr/local/etc/wireguard/wg0.conf': '[Interface]\nAddress = 10.7.0.2/24\n',
    });
    expect(findings(started)).toEqual([]);
  });
});
