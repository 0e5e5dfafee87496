import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFirebrickHost, formatIp, isFirebrickXml, memoryFileSystem, parseIp, FIREBRICK_SCHEMA, RoutingTables } from '@pflint/core';
import { chain, findingLines, hostFrom, hostWith, resolve, tableLines } from './support.js';

describe('subnets', () => {
  it('make the prefix route, the router\'s own host route and a default route via the gateway', () => {
    const host = hostWith('<interface name="x" port="P" table="3"><subnet ip="10.0.0.1/24 2001:db8::1/64" gateway="10.0.0.254" localpref="7"/></interface>');
    expect(host.findings).toEqual([]);
    expect(tableLines(host, 3)).toEqual([
      '3 10.0.0.0/24 iface x lp=7 subnet',
      '3 10.0.0.1/32 local lp=7 local-address',
      '3 2001:db8::/64 iface x lp=7 subnet',
      '3 2001:db8::1/128 local lp=7 local-address',
      '3 0.0.0.0/0 via 10.0.0.254 lp=7 subnet-gateway',
    ]);
    expect(host.tableCount).toBe(4);
    expect(host.interfaces.get('x')!.addresses.map((address) => formatIp(address.address))).toEqual(['10.0.0.1', '2001:db8::1']);
  });

  it('take their table from the interface unless they name one', () => {
    const host = hostWith('<interface name="x" port="P" table="2"><subnet ip="10.0.0.1/24"/><subnet ip="10.1.0.1/24" table="5"/></interface>');
    expect(host.routes.map((route) => route.table)).toEqual([2, 2, 5, 5]);
    expect(host.tableUses.map((use) => use.table)).toEqual([2, 5]);
  });

  it('warn when the ip is the network address instead of the router\'s own', () => {
    const host = hostWith('<interface name="x" port="P"><subnet ip="10.0.0.0/24"/></interface>');
    expect(findingLines(host)).toEqual(['2:42 warning subnet-network-address']);
  });

  it('warn when the ip is the IPv4 broadcast address, but not on /31 links or for an address below it', () => {
    const host = hostWith('<interface name="x" port="P"><subnet ip="10.0.0.255/24 10.0.1.254/24 10.0.2.1/31 2001:db8::ffff/112"/></interface>');
    expect(findingLines(host)).toEqual(['2:42 warning subnet-network-address']);
    expect(host.findings[0]!.message).toMatch(/broadcast address/);
  });

  it('warn about a missing prefix length and read a host prefix', () => {
    const host = hostWith('<interface name="x" port="P"><subnet ip="10.0.0.1"/></interface>');
    expect(findingLines(host)).toEqual(['2:42 warning invalid-value']);
    expect(tableLines(host, 0)).toEqual(['0 10.0.0.1/32 iface x lp=100 subnet', '0 10.0.0.1/32 local lp=100 local-address']);
  });

  it('name an unnamed interface after its port and VLAN', () => {
    const host = hostWith('<interface port="WAN" vlan="12"/><interface port="LAN"/>');
    expect([...host.interfaces.keys()]).toEqual(['WAN.12', 'LAN']);
  });

  it('give an unnamed interface without a port a name from its VLAN, never from its line', () => {
    const elements = '<interface vlan="7"><subnet ip="10.7.0.1/24"/></interface><interface><subnet ip="10.8.0.1/24"/></interface><interface/>';
    const host = hostWith(elements);
    expect([...host.interfaces.keys()]).toEqual(['vlan7', 'interface', 'interface#2']);
    expect(host.findings).toEqual([]);
    // Lines and comments added before them change nothing.
    const moved = hostFrom(`<config>\n<!-- a\nlong\ncomment -->\n\n${elements.replaceAll('><', '>\n<')}\n</config>`);
    expect([...moved.interfaces.keys()]).toEqual(['vlan7', 'interface', 'interface#2']);
    expect(tableLines(moved, 0)).toEqual(expect.arrayContaining(['0 10.8.0.0/24 iface interface lp=100 subnet']));
  });

  it('never give a made-up name to an interface when the file writes that name on another, before or after it', () => {
    const host = hostWith(
      [
        '<interface port="LAN"><subnet ip="192.168.1.1/24"/></interface>',
        '<interface name="LAN" port="WAN" table="1"><subnet ip="198.51.100.2/24"/></interface>',
        '<interface name="WAN.5" port="DMZ"/>',
        '<interface port="WAN" vlan="5"/>',
        '<route-override><rule source-interface="LAN" set-table="0"/></route-override>',
      ].join('\n'),
    );
    expect([...host.interfaces.keys()]).toEqual(['LAN#2', 'LAN', 'WAN.5', 'WAN.5#2']);
    expect(host.findings).toEqual([]);
    // The written name keeps what the file says of it: its table, its subnet, the rules that name it.
    expect(host.interfaces.get('LAN')!.fib.value).toBe(1);
    expect(tableLines(host, 1)).toEqual(expect.arrayContaining(['1 198.51.100.0/24 iface LAN lp=100 subnet']));
    const session = RoutingTables.forHost(host).resolveSession({ table: 1, destination: parseIp('192.168.1.9')!, interface: 'LAN' });
    expect([session.override?.rule.setTable, session.outcome, session.interface]).toEqual([0, 'interface', 'LAN#2']);
  });
});

describe('routes and sinks', () => {
  it('make one route per prefix with table, localpref and the attributes kept for display', () => {
    const host = hostWith('<route name="r" ip="10.0.0.0/8 192.0.2.7" gateway="198.51.100.1" table="1" localpref="300" speed="10M" profile="day"/>');
    expect(host.findings).toEqual([]);
    expect(tableLines(host, 1)).toEqual(['1 10.0.0.0/8 via 198.51.100.1 lp=300 static r', '1 192.0.2.7/32 via 198.51.100.1 lp=300 static r']);
    expect(host.routes[0]!.attributes).toEqual({ speed: '10M', profile: 'day' });
    expect(host.routes[0]!.conditions).toEqual([{ kind: 'profile', profile: 'day' }]);
    expect(host.routes[0]!.source.start.line).toBe(2);
  });

  it("make a profile on a route, subnet or sink a condition of each route it makes, and leave an interface's profile off its subnets", () => {
    const host = hostWith(
      [
        '<interface name="lan" port="LAN" profile="day"><subnet ip="192.168.1.1/24" gateway="192.168.1.254" profile="night"/><subnet ip="10.0.0.1/24"/></interface>',
        '<blackhole ip="172.16.0.0/12" profile="night"/>',
        '<route ip="0.0.0.0/0" gateway="192.168.1.253"/>',
      ].join('\n'),
    );
    const night = [{ kind: 'profile', profile: 'night' }];
    // The reference does not say what an interface's profile does to its subnets' routes: they stay unconditional.
    expect(host.routes.map((route) => route.conditions)).toEqual([night, night, night, undefined, undefined, night, undefined]);
  });

  it('make loopback, blackhole and nowhere routes to the router, a silent drop and a rejecting drop', () => {
    const host = hostWith('<loopback ip="192.0.2.1"/><blackhole ip="10.0.0.0/8" table="2"/><nowhere ip="2001:db8::/32"/>');
    expect(host.routes.map((route) => `${route.table} ${route.target.kind}`)).toEqual(['0 local', '2 blackhole', '0 reject']);
  });

  it('refuse IP groups in route and subnet ip, pointing at the group name', () => {
    const host = hostWith(
      '<ip-group name="office" ip="10.0.0.0/24 10.0.1.5-10.0.1.9"/>\n<route ip="10.9.0.0/16 office" gateway="192.0.2.1"/>\n<interface name="x" port="P"><subnet ip="office"/></interface>',
    );
    expect(findingLines(host)).toEqual(['3:24 error ip-group-not-allowed', '4:42 error ip-group-not-allowed']);
    expect(host.findings[0]!.message).toBe("'office' is an IP group; <route> takes prefixes only (IP groups can be used in rules)");
    expect(tableLines(host, 0)).toEqual(['0 10.9.0.0/16 via 192.0.2.1 lp=100 static']);
  });

  it('reject ranges and junk in route ip as invalid values', () => {
    const host = hostWith('<route ip="10.0.0.1-10.0.0.9 10.0.0.0/33 banana" gateway="192.0.2.1"/>');
    expect(host.findings.map((finding) => finding.message)).toEqual([
      "'10.0.0.1-10.0.0.9' is a range; routing takes CIDR prefixes",
      "'10.0.0.0/33' is not an IP prefix",
      "'banana' is not an IP prefix",
    ]);
    expect(host.routes).toEqual([]);
  });

  it('report a route without gateway or ip, and bad numbers, without making routes', () => {
    const host = hostWith('<route ip="10.0.0.0/8"/>\n<route gateway="192.0.2.1"/>\n<route ip="10.0.0.0/8" gateway="192.0.2.1" table="70000" localpref="high"/>\n<route ip="10.0.0.0/8" gateway="10.0.0.300"/>');
    expect(findingLines(host)).toEqual(['2:2 error missing-attribute', '3:2 error missing-attribute', '4:51 error invalid-value', '4:69 error invalid-value', '5:33 error invalid-value']);
    // table and localpref fall back to their defaults; the bad gateway makes no route.
    expect(tableLines(host, 0)).toEqual(['0 10.0.0.0/8 via 192.0.2.1 lp=100 static']);
    expect(host.tableCount).toBe(1);
  });

  it('routes IPv6 to a 2002::/16 gateway as 6in4 to the IPv4 address inside it', () => {
    const host = hostWith('<interface name="wan" port="P"><subnet ip="192.0.2.2/24"/></interface><route ip="::/0" gateway="2002:c633:6401::1"/>');
    const v6 = resolve(host, 0, '2001:db8::1');
    expect(v6.outcome).toBe('tunnel');
    expect(v6.tunnel!.sixInFour).toBe(true);
    expect(formatIp(v6.tunnel!.endpoint)).toBe('198.51.100.1');
  });
});

describe('route overrides and rules', () => {
  it('keep each override rule in order with its match, gateway and table', () => {
    const host = hostWith(
      '<ip-group name="g" ip="10.0.0.0/24"/><route-override name="o"><rule source-ip="g" target-ip="192.0.2.0/24" set-gateway="10.0.0.1"/><rule name="second" set-table="4"/></route-override>',
    );
    expect(host.findings).toEqual([]);
    expect(host.routeOverrides.map((rule) => [rule.name, rule.match, rule.setGateway && formatIp(rule.setGateway), rule.setTable])).toEqual([
      ['o', { 'source-ip': 'g', 'target-ip': '192.0.2.0/24' }, '10.0.0.1', undefined],
      ['second', {}, undefined, 4],
    ]);
    expect(host.tableUses.map((use) => `${use.how} ${use.table}`)).toEqual(['set-table 4']);
    expect(host.tableCount).toBe(5);
  });

  it('read rule-sets apart from the overrides: entry criteria, rules with their action, set-table a table use', () => {
    const host = hostWith('<rule-set name="rs" source-interface="lan" no-match-action="continue"><rule target-port="25" set-table="2" action="accept"/><rule name="rest" action="drop"/></rule-set>');
    expect(host.routeOverrides).toEqual([]);
    expect(host.tableUses.map((use) => `${use.how} ${use.table}`)).toEqual(['set-table 2']);
    const [ruleSet] = host.ruleSets!;
    expect(ruleSet).toMatchObject({ name: 'rs', entry: { sourceInterfaces: ['lan'] }, noMatchAction: 'continue' });
    expect(ruleSet!.rules.map((rule) => [rule.name, rule.action, rule.setTable, rule.criteria])).toEqual([
      [undefined, 'accept', 2, { targetPorts: [{ first: 25, last: 25 }] }],
      ['rest', 'drop', undefined, {}],
    ]);
    // A rule-set rule that routes nothing is an ordinary firewall rule, not a route override without target.
    expect(host.findings).toEqual([]);
    expect(hostWith('<route ip="10.0.0.0/8" gateway="192.0.2.1"/>').ruleSets).toBeUndefined();
  });

  it('read each override rule\'s match into criteria, with IP groups (nested too) resolved to address ranges', () => {
    const host = hostWith(
      [
        '<ip-group name="office" ip="192.0.2.0/25 staff"/>',
        '<ip-group name="staff" ip="198.51.100.10-198.51.100.20"/>',
        '<route-override><rule source-ip="office" protocol="udp 6" source-port="1024-65535" target-port="53" source-interface="lan" set-table="1"/></route-override>',
      ].join('\n'),
    );
    expect(host.findings).toEqual([]);
    const interval = (first: string, last: string) => ({ family: 'inet', first: parseIp(first)!.value, last: parseIp(last)!.value });
    expect(host.routeOverrides[0]!.criteria).toEqual({
      sourceIp: [interval('192.0.2.0', '192.0.2.127'), interval('198.51.100.10', '198.51.100.20')],
      protocols: [17, 6],
      sourcePorts: [{ first: 1024, last: 65535 }],
      targetPorts: [{ first: 53, last: 53 }],
      sourceInterfaces: ['lan'],
    });
  });

  it('mark criteria pflint cannot evaluate: unknown groups, group cycles, bad ports, target-interface, profile', () => {
    const host = hostWith(
      [
        '<ip-group name="a" ip="b"/><ip-group name="b" ip="a"/>',
        '<route-override>',
        '<rule source-ip="nobody" set-table="1"/>',
        '<rule target-ip="a" set-table="1"/>',
        '<rule target-port="http" protocol="6" set-table="1"/>',
        '<rule target-interface="wan" profile="day" set-table="1"/>',
        '</route-override>',
      ].join('\n'),
    );
    expect(host.routeOverrides.map((rule) => rule.criteria?.unknown)).toEqual([['source-ip'], ['target-ip'], ['target-port'], ['target-interface', 'profile']]);
    expect(host.routeOverrides[2]!.criteria!.protocols).toEqual([6]);
  });

  it('read an empty match attribute as no restriction', () => {
    const host = hostWith('<route-override><rule source-ip="" protocol="6" set-table="1"/></route-override>');
    expect(host.routeOverrides[0]!.criteria).toEqual({ protocols: [6] });
  });

  it('survive a hostile chain of nested IP groups: no deep recursion, the criterion is unknown', () => {
    const chain = Array.from({ length: 5000 }, (_, index) => `<ip-group name="g${index}" ip="${index === 4999 ? '10.0.0.0/8' : `g${index + 1}`}"/>`);
    const host = hostWith([...chain, '<route-override><rule source-ip="g0" set-table="1"/><rule source-ip="g4990" set-table="1"/></route-override>'].join('\n'));
    expect(host.routeOverrides.map((rule) => rule.criteria?.unknown ?? rule.criteria?.sourceIp?.length)).toEqual([['source-ip'], 1]);
  });

  it('warn about unknown IP groups in rule matches and about rules that change nothing', () => {
    const host = hostWith('<route-override><rule source-ip="nobody 10.0.0.1-10.0.0.5"/></route-override>');
    expect(findingLines(host)).toEqual(['2:18 warning override-without-target', '2:34 warning unknown-ip-group']);
  });
});

describe('FB105 tunnels', () => {
  const lanAndWan = [
    '<interface name="lan" port="LAN"><subnet ip="192.168.1.1/24"/></interface>',
    '<interface name="wan" port="WAN" table="1"><subnet ip="198.51.100.2/24" gateway="198.51.100.1"/></interface>',
  ];

  it('route their `routes` into the tunnel and their wrapper packets to `ip` in the wrapper table', () => {
    const host = hostWith(
      [...lanAndWan, '<fb105 name="hq" local-id="1" remote-id="7" secret="s" ip="203.0.113.5" port="1" table="1" routes="10.0.0.0/8 172.16.0.0/12" localpref="200"/>'].join('\n'),
    );
    expect(host.findings).toEqual([]);
    const tunnel = host.interfaces.get('hq')!;
    expect(tunnel.kind).toBe('firebrick-tunnel');
    expect(tunnel.tunnelFib!.value).toBe(1);
    expect(formatIp(tunnel.tunnel!.destination)).toBe('203.0.113.5');
    expect(tableLines(host, 0)).toEqual(expect.arrayContaining(['0 10.0.0.0/8 iface hq lp=200 static hq', '0 172.16.0.0/12 iface hq lp=200 static hq']));
    const resolution = resolve(host, 0, '10.1.1.1');
    expect([resolution.outcome, resolution.interface]).toEqual(['tunnel', 'hq']);
    expect(resolution.tunnel!.wrapperTable).toBe(1);
    expect([resolution.tunnel!.outer.outcome, resolution.tunnel!.outer.interface]).toEqual(['interface', 'wan']);
    expect(chain(resolution.tunnel!.outer)).toEqual(['0.0.0.0/0', '198.51.100.0/24']);
    // Routes into the tunnel exist only while it is up; without it nothing else routes 10/8.
    expect(resolution.whileConditionFails).toMatchObject({ condition: { kind: 'link-up', interface: 'hq' }, resolution: { outcome: 'no-route' } });
  });

  it('make every route into the tunnel depend on the link, then on its own profile (the tunnel\'s for `routes`)', () => {
    const host = hostWith(
      [...lanAndWan, '<fb105 name="hq" local-id="1" remote-id="7" ip="203.0.113.5" routes="10.0.0.0/8" profile="day"><route ip="172.16.0.0/12" profile="night"/><route ip="192.0.2.0/24"/></fb105>'].join('\n'),
    );
    const up = { kind: 'link-up', interface: 'hq' };
    expect(host.routes.filter((route) => route.target.kind === 'interface' && route.target.interface === 'hq').map((route) => route.conditions)).toEqual([
      [up, { kind: 'profile', profile: 'day' }],
      [up, { kind: 'profile', profile: 'night' }],
      [up],
    ]);
    // A static route elsewhere is not tied to the tunnel, even when its gateway is reached through it.
    expect(hostWith([...lanAndWan, '<route ip="10.0.0.0/8" gateway="192.168.1.9"/>'].join('\n')).routes.every((route) => route.conditions === undefined)).toBe(true);
  });

  it('still read payload routes written as <route> children, each in its own table', () => {
    const host = hostWith([...lanAndWan, '<fb105 name="hq" local-id="1" remote-id="7" ip="203.0.113.5" table="1"><route ip="10.0.0.0/8" table="2"/></fb105>'].join('\n'));
    expect(host.findings).toEqual([]);
    expect(tableLines(host, 2)).toEqual(['2 10.0.0.0/8 iface hq lp=100 static']);
    expect(host.interfaces.get('hq')!.fib.value).toBe(2);
  });

  it('detect a tunnel whose outer packets are routed back into itself', () => {
    const host = hostWith('<fb105 name="t" local-id="1" remote-id="1" ip="203.0.113.5" routes="0.0.0.0/0"/>');
    expect(resolve(host, 0, '8.8.8.8').outcome).toBe('loop');
  });

  it('have no fixed outer destination without `ip`, which is allowed (the far end is learnt)', () => {
    const host = hostWith('<fb105 name="t" local-id="1" remote-id="1" routes="10.0.0.0/8"/>');
    expect(host.findings).toEqual([]);
    expect(host.interfaces.get('t')!.tunnel).toBeUndefined();
    expect([resolve(host, 0, '10.0.0.1').outcome, resolve(host, 0, '10.0.0.1').interface]).toEqual(['interface', 't']);
  });

  it('name an unnamed tunnel after its local and remote IDs', () => {
    const host = hostWith('<fb105 local-id="1" remote-id="7" routes="10.0.0.0/8"/><fb105 local-id="2" remote-id="7"/><fb105 local-id="x" remote-id="7"/>');
    expect([...host.interfaces.keys()]).toEqual(['fb105-1-7', 'fb105-2-7', 'fb105']);
    expect(tableLines(host, 0)).toEqual(['0 10.0.0.0/8 iface fb105-1-7 lp=100 static fb105-1-7']);
  });

  it('report missing tunnel IDs, and the guessed remote-ip as an attribute pflint does not know', () => {
    expect(findingLines(hostWith('<fb105 name="t" remote-ip="203.0.113.5"/>'))).toEqual(['2:2 error missing-attribute', '2:2 error missing-attribute', '2:17 info unknown-attribute']);
  });
});

describe('what pflint does not know', () => {
  it('gives info findings for unknown elements and attributes and reads the rest', () => {
    const host = hostWith('<system hostname="fb"/><route ip="10.0.0.0/8" gateway="192.0.2.1" colour="blue"/><interface name="x" port="P">text</interface>');
    expect(findingLines(host)).toEqual(['2:2 info unknown-element', '2:67 info unknown-attribute', '2:111 info unexpected-text']);
    expect(host.routes).toHaveLength(1);
  });

  it('warns about known elements in the wrong place and ignores them', () => {
    const host = hostWith('<subnet ip="10.0.0.1/24"/><interface name="x" port="P"><route ip="10.0.0.0/8" gateway="192.0.2.1"/></interface>');
    expect(findingLines(host)).toEqual(['2:2 warning misplaced-element', '2:57 warning misplaced-element']);
    expect(host.findings[0]!.message).toBe('<subnet> belongs in <interface>, not in <config>; ignored');
    expect(host.routes).toEqual([]);
  });

  it('accepts namespace attributes anywhere', () => {
    expect(hostFrom('<config xmlns="urn:x" xmlns:xsi="urn:y" xsi:schemaLocation="urn:x a.xsd"/>').findings).toEqual([]);
  });

  it('reports a document whose root is not <config> and models nothing', () => {
    const host = hostFrom('<configuration><route ip="10.0.0.0/8" gateway="192.0.2.1"/></configuration>');
    expect(findingLines(host)).toEqual(['1:2 error not-firebrick-config']);
    expect(host.routes).toEqual([]);
  });

  it('reports two interfaces with one name and keeps both', () => {
    const host = hostWith('<interface name="x" port="A"/><interface name="x" port="B"/>');
    expect(findingLines(host)).toEqual(['2:48 warning duplicate-name']);
    expect([...host.interfaces.keys()]).toEqual(['x', 'x#2']);
  });

  it('carries XML syntax errors into the model and still reads the objects around them', () => {
    const host = hostFrom('<config>\n<route ip="10.0.0.0/8" gateway="192.0.2.1"\n<route ip="10.1.0.0/16" gateway="192.0.2.1"/>\n</config>');
    expect(findingLines(host)).toEqual(['3:1 error syntax-error']);
    expect(tableLines(host, 0)).toEqual(['0 10.0.0.0/8 via 192.0.2.1 lp=100 static', '0 10.1.0.0/16 via 192.0.2.1 lp=100 static']);
  });

  it('reports a file it cannot read instead of throwing', () => {
    const host = buildFirebrickHost(memoryFileSystem({}), 'missing.xml');
    expect(host.findings.map((finding) => finding.ruleId)).toEqual(['unreadable-file']);
    expect(host.routes).toEqual([]);
    expect(host.tableCount).toBe(1);
  });
});

describe('the schema table', () => {
  it('marks every attribute with a confidence, and names only elements that exist in it as parents', () => {
    for (const [name, schema] of Object.entries(FIREBRICK_SCHEMA)) {
      for (const parent of schema.parents) if (parent !== null) expect(FIREBRICK_SCHEMA, `${name} in ${parent}`).toHaveProperty([parent]);
      for (const attribute of Object.values(schema.attributes)) expect(['manual', 'likely', 'unsure']).toContain(attribute.confidence);
    }
  });
});

describe('isFirebrickXml', () => {
  it('recognises a <config> root after a declaration, comments, a DOCTYPE and a BOM', () => {
    expect(isFirebrickXml('<config/>')).toBe(true);
    expect(isFirebrickXml('\uFEFF<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE config [<!ENTITY a "b">]>\n<config xmlns="urn:x">')).toBe(true);
  });

  it('rejects other roots and text that merely mentions config', () => {
    expect(isFirebrickXml('<configuration/>')).toBe(false);
    expect(isFirebrickXml('<?xml version="1.0"?><root><config/></root>')).toBe(false);
    expect(isFirebrickXml('pass in all # <config>')).toBe(false);
    expect(isFirebrickXml('')).toBe(false);
    expect(isFirebrickXml('<!-- unclosed <config/>')).toBe(false);
  });

  it('answers quickly on long runs of whitespace and markup before the root', () => {
    const start = performance.now();
    expect(isFirebrickXml(`${' '.repeat(60_000)}x`)).toBe(false);
    expect(isFirebrickXml(`${'<!-- c -->\n'.repeat(5_000)}<config/>`)).toBe(true);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe('robustness', () => {
  it('never throws on random FireBrick-like documents, and every finding has a rule id and a place in the file', () => {
    const element = fc.record({
      name: fc.constantFrom('interface', 'subnet', 'route', 'loopback', 'blackhole', 'nowhere', 'ip-group', 'route-override', 'rule', 'fb105', 'system'),
      attribute: fc.constantFrom('ip', 'gateway', 'table', 'localpref', 'set-table', 'set-gateway', 'source-ip', 'name', 'routes', 'vlan'),
      value: fc.constantFrom('10.0.0.1/24', '10.0.0.0/8 g', '192.0.2.1', '::/0', '2002:c000:201::1', '1', '99999999', 'g', '', '&amp;', '10.0.0.1-10.0.0.5'),
      close: fc.constantFrom('/>', '>', ''),
    });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 12 }), (elements) => {
        const text = `<config><ip-group name="g" ip="10.0.0.0/8"/>${elements.map((e) => `<${e.name} ${e.attribute}="${e.value}"${e.close}`).join('\n')}</config>`;
        const host = hostFrom(text);
        for (const finding of host.findings) {
          expect(finding.ruleId).toMatch(/^[a-z0-9-]+$/);
          expect(finding.range.end.offset).toBeLessThanOrEqual(text.length);
        }
        expect(host.tableCount).toBeGreaterThanOrEqual(1);
        expect(host.tableCount).toBeLessThanOrEqual(65_536);
      }),
      { numRuns: 200 },
    );
  });
});
