import { describe, expect, it } from 'vitest';
import { RoutingTables, firebrickHostFromText, formatHostModel, formatResolution, hostModelToJson, parseIp, resolutionToJson } from '@pflint/core';
import { radonHost } from './radon.js';
import { loadFirebrick } from '../firebrick/support.js';

const tables = RoutingTables.forHost(radonHost());
const hostFromXml = (xml: string) => firebrickHostFromText(xml, 'router.xml');

describe('formatResolution', () => {
  it('answers "in FIB 1, where does 9.9.9.9 go" with every route and its line, the outer packet indented', () => {
    expect(formatResolution(tables.resolve(1, parseIp('9.9.9.9')!))).toBe(
      [
        'FIB 1: 9.9.9.9 → into tunnel gif0 to 128.140.64.181, outer packets in FIB 0',
        '  9.9.9.9       0.0.0.0/0        via 10.255.255.5  etc/rc.conf:14',
        '  10.255.255.5  10.255.255.5/32  dev gif0          etc/rc.conf:9',
        '  FIB 0: 128.140.64.181 → out vtnet0 to 152.53.144.1',
        '    128.140.64.181  0.0.0.0/0        via 152.53.144.1  etc/rc.conf:3',
        '    152.53.144.1    152.53.144.0/22  dev vtnet0        etc/rc.conf:2',
        '',
      ].join('\n'),
    );
  });

  it('says no route, with no steps, for an empty table', () => {
    expect(formatResolution(tables.resolve(2, parseIp('9.9.9.9')!))).toBe('FIB 2: 9.9.9.9 → no route: dropped\n');
  });

  it('words a FireBrick resolution with "table" and names the loop', () => {
    const looping = RoutingTables.forHost({ ...radonHost(), kind: 'firebrick', interfaces: new Map() });
    // 10.255.255.5 is routed to gif0, which is no tunnel on this FireBrick: plain interface delivery.
    expect(formatResolution(looping.resolve(1, parseIp('9.9.9.9')!), { table: 'table' })).toMatch(/^table 1: 9\.9\.9\.9 → out gif0 to 10\.255\.255\.5\n/);
  });

  it('reports tunnel recursion when gif0 had no tunnelfib 0', () => {
    const host = radonHost();
    const gif0 = host.interfaces.get('gif0')!;
    const recursive = RoutingTables.forHost({ ...host, interfaces: new Map([...host.interfaces, ['gif0', { ...gif0, tunnelFib: { value: 1 } }]]) });
    const text = formatResolution(recursive.resolve(1, parseIp('2001:db8::1')!));
    expect(text.split('\n')[0]).toBe(
      "FIB 1: 2001:db8::1 → loop: the tunnel's outer packets are routed back into the same tunnel (into tunnel gif0 to 128.140.64.181, outer packets in FIB 1)",
    );
  });
});

describe('resolutionToJson', () => {
  it('keeps the chain with routes in the model JSON shape and the nested outer resolution', () => {
    const json = resolutionToJson(tables.resolve(1, parseIp('9.9.9.9')!));
    expect(json).toMatchObject({ table: 1, destination: '9.9.9.9', outcome: 'tunnel', interface: 'gif0', nextHop: '10.255.255.5' });
    expect(json.steps.map((step) => [step.address, step.reason, step.route.prefix, step.route.source.line])).toEqual([
      ['9.9.9.9', 'destination', '0.0.0.0/0', 14],
      ['10.255.255.5', 'gateway', '10.255.255.5/32', 9],
    ]);
    expect(json.tunnel).toMatchObject({ interface: 'gif0', endpoint: '128.140.64.181', wrapperTable: 0, sixInFour: false });
    expect(json.tunnel!.outer).toMatchObject({ table: 0, outcome: 'interface', interface: 'vtnet0', nextHop: '152.53.144.1' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('route overrides and broadcast in printed resolutions', () => {
  const multitable = loadFirebrick('corpus/firebrick-multitable/router.xml');
  const routing = RoutingTables.forHost(multitable);
  const guestWeb = { table: 0, source: parseIp('192.168.20.130')!, destination: parseIp('93.184.216.34')!, protocol: 6, targetPort: 443 };

  it('names the override that moved the session, and the table it came from', () => {
    const lines = formatResolution(routing.resolveSession(guestWeb), { table: 'table' }).split('\n');
    expect(lines[0]).toBe('table 1: 93.184.216.34 → out isp-b to 198.51.100.9');
    expect(lines[1]).toBe(
      '  route override guest-web: source-ip=guests protocol=6 target-port=80 443 → set-gateway 198.51.100.9, set-table 1 from table 0  corpus/firebrick-multitable/router.xml:45',
    );
    const json = resolutionToJson(routing.resolveSession(guestWeb));
    expect(json.override).toMatchObject({ name: 'guest-web', setTable: 1, fromTable: 0, source: { line: 45 } });
    expect(resolutionToJson(routing.resolveSession({ ...guestWeb, targetPort: 25 })).override).toBeUndefined();
  });

  it('follows the session with its replies: where they arrive, the rule that moved them, their routes', () => {
    const lines = formatResolution(routing.resolveSession(guestWeb), { table: 'table' }).split('\n');
    expect(lines.slice(3)).toEqual([
      'replies arrive on isp-b and are routed as a new direction of the session:',
      '  table 0: 192.168.20.130 → out lan to 192.168.20.130',
      '    route override guest-web-replies: target-ip=guests protocol=6 source-port=80 443 → set-table 0 from table 1  corpus/firebrick-multitable/router.xml:47',
      '    192.168.20.130  192.168.20.0/24  dev lan  corpus/firebrick-multitable/router.xml:12',
      '',
    ]);
    const json = resolutionToJson(routing.resolveSession(guestWeb));
    expect(json.reply).toMatchObject({ interface: 'isp-b', resolution: { table: 0, interface: 'lan', override: { name: 'guest-web-replies', fromTable: 1 } } });
    // No source address, nothing to answer to; a FreeBSD FIB knows no sessions.
    expect(resolutionToJson(routing.resolveSession({ table: 0, destination: guestWeb.destination })).reply).toBeUndefined();
    expect(tables.resolveSession({ table: 1, destination: parseIp('9.9.9.9')!, source: parseIp('10.254.254.2')! }).reply).toBeUndefined();
  });

  it('marks a route on a profile and says where the packet goes while the profile is off', () => {
    const host = hostFromXml(
      '<config><interface name="lan" port="LAN"><subnet ip="192.168.1.1/24"/></interface><interface name="ppp" port="WAN"><subnet ip="198.51.100.2/24"/></interface>' +
        '<route name="day" ip="0.0.0.0/0" gateway="198.51.100.1" localpref="200" profile="office-hours"/><route name="always" ip="0.0.0.0/0" gateway="192.168.1.254"/></config>',
    );
    const resolution = RoutingTables.forHost(host).resolve(0, parseIp('9.9.9.9')!);
    expect(formatResolution(resolution, { table: 'table' }).split('\n')).toEqual([
      'table 0: 9.9.9.9 → out ppp to 198.51.100.1',
      '  9.9.9.9       0.0.0.0/0        via 198.51.100.1  only while profile office-hours is on  router.xml:1',
      '  198.51.100.1  198.51.100.0/24  dev ppp                                                  router.xml:1',
      'while profile office-hours is off:',
      '  table 0: 9.9.9.9 → out lan to 192.168.1.254',
      '    9.9.9.9        0.0.0.0/0       via 192.168.1.254  router.xml:1',
      '    192.168.1.254  192.168.1.0/24  dev lan            router.xml:1',
      '',
    ]);
    expect(resolutionToJson(resolution).whileProfileOff).toMatchObject({ profile: 'office-hours', resolution: { interface: 'lan' } });
    expect(formatHostModel(host)).toContain('localpref 200, name day, only while profile office-hours is on');
  });

  it('marks a route into an FB105 tunnel and says where the packet goes while the link is down, in text, JSON and the model', () => {
    const host = hostFromXml(
      '<config><interface name="lan" port="LAN"><subnet ip="192.168.1.1/24"/></interface><interface name="wan" port="WAN"><subnet ip="198.51.100.2/24" gateway="198.51.100.1"/></interface>' +
        '<fb105 name="hq" local-id="1" remote-id="7" ip="203.0.113.5" routes="10.0.0.0/8" localpref="200"/><route ip="10.0.0.0/8" gateway="192.168.1.254"/></config>',
    );
    const resolution = RoutingTables.forHost(host).resolve(0, parseIp('10.1.1.1')!);
    const lines = formatResolution(resolution, { table: 'table' }).split('\n');
    expect(lines[1]).toMatch(/^ {2}10\.1\.1\.1 +10\.0\.0\.0\/8 +dev hq +only while link hq is up +router\.xml:1$/);
    expect(lines.slice(lines.indexOf('while link hq is down:'))).toEqual([
      'while link hq is down:',
      '  table 0: 10.1.1.1 → out lan to 192.168.1.254',
      '    10.1.1.1       10.0.0.0/8      via 192.168.1.254  router.xml:1',
      '    192.168.1.254  192.168.1.0/24  dev lan            router.xml:1',
      '',
    ]);
    const json = resolutionToJson(resolution);
    expect(json.whileLinkDown).toMatchObject({ interface: 'hq', resolution: { interface: 'lan' } });
    expect(json.whileProfileOff).toBeUndefined();
    expect(formatHostModel(host)).toContain('localpref 200, name hq, only while link hq is up');
    const tunnelRoute = hostModelToJson(host).tables[0]!.routes.find((route) => route.target.kind === 'interface' && route.target.interface === 'hq');
    expect(tunnelRoute?.conditions).toEqual([{ kind: 'link-up', interface: 'hq' }]);
  });

  it('says which rule-set drops or rejects a new session, in text and JSON', () => {
    const host = hostFromXml(
      '<config><interface name="lan" port="LAN"><subnet ip="192.168.1.1/24"/></interface>' +
        '<rule-set name="lan-out" source-interface="lan" no-match-action="reject"><rule name="no-smtp" protocol="6" target-port="25" action="drop"/><rule protocol="6" action="accept"/></rule-set></config>',
    );
    const session = { table: 0, interface: 'lan', source: parseIp('192.168.1.5')!, destination: parseIp('9.9.9.9')!, protocol: 6, targetPort: 25 };
    const routing = RoutingTables.forHost(host);
    expect(formatResolution(routing.resolveSession(session), { table: 'table' })).toBe("table 0: 9.9.9.9 → not routed: rule 'no-smtp' of rule-set 'lan-out' drops the session\n");
    expect(resolutionToJson(routing.resolveSession(session))).toMatchObject({
      outcome: 'filtered',
      steps: [],
      filter: { action: 'drop', ruleSet: { name: 'lan-out', source: { line: 1 } }, rule: { name: 'no-smtp', action: 'drop' } },
    });
    const udp = resolutionToJson(routing.resolveSession({ ...session, protocol: 17 }));
    expect(udp).toMatchObject({ outcome: 'filtered', explanation: "the no-match-action of rule-set 'lan-out' rejects the session", filter: { action: 'reject' } });
    expect(udp.filter?.rule).toBeUndefined();
  });

  it('names the rule-set rule that moved a session, and lists the rule-sets that route in the model', () => {
    const host = hostFromXml(
      '<config><interface name="lan" port="LAN"><subnet ip="192.168.1.1/24"/></interface>' +
        '<interface name="b" port="WAN" table="1"><subnet ip="198.51.100.2/30" gateway="198.51.100.1"/></interface>' +
        '<rule-set name="lan-out" source-interface="lan"><rule name="voip" protocol="17" target-port="5060" set-table="1" action="accept"/><rule name="rest" action="accept"/></rule-set>' +
        '<rule-set name="quiet"><rule action="accept"/></rule-set></config>',
    );
    const session = { table: 0, interface: 'lan', source: parseIp('192.168.1.5')!, destination: parseIp('9.9.9.9')!, protocol: 17, targetPort: 5060 };
    const lines = formatResolution(RoutingTables.forHost(host).resolveSession(session), { table: 'table' }).split('\n');
    expect(lines.slice(0, 2)).toEqual(['table 1: 9.9.9.9 → out b to 198.51.100.1', '  rule-set rule voip: protocol=17 target-port=5060 → set-table 1 from table 0  router.xml:1']);
    expect(resolutionToJson(RoutingTables.forHost(host).resolveSession(session)).ruleSetRules).toMatchObject({ rules: [{ name: 'voip', setTable: 1 }], fromTable: 0 });
    const model = formatHostModel(host);
    expect(model).toContain('rule-sets that route (1):\n  lan-out (entered by matching sessions only)  router.xml:1\n    voip: protocol=17 target-port=5060 → set-table 1, action accept  router.xml:1\n    rest: any → routing unchanged, action accept  router.xml:1\n');
    expect(hostModelToJson(host).ruleSets?.map((ruleSet) => [ruleSet.name, ruleSet.entry, ruleSet.rules.length])).toEqual([
      ['lan-out', { sourceInterfaces: ['lan'] }, 2],
      ['quiet', {}, 1],
    ]);
  });

  it('says when the next hop is the subnet broadcast address', () => {
    expect(formatResolution(routing.resolve(0, parseIp('192.168.20.255')!), { table: 'table' }).split('\n')[0]).toBe(
      'table 0: 192.168.20.255 → out lan to 192.168.20.255 (the subnet broadcast address)',
    );
    expect(resolutionToJson(routing.resolve(0, parseIp('192.168.20.255')!)).broadcast).toBe(true);
    expect(resolutionToJson(routing.resolve(0, parseIp('192.168.20.254')!)).broadcast).toBeUndefined();
  });
});

describe('route override criteria in the model JSON', () => {
  it('gives the resolved match: group addresses as a range, protocol and ports', () => {
    const [override] = hostModelToJson(loadFirebrick('corpus/firebrick-multitable/router.xml')).routeOverrides;
    expect(override!.criteria).toEqual({ sourceIp: ['192.168.20.128-192.168.20.255'], protocols: [6], targetPorts: ['80', '443'] });
  });
});
