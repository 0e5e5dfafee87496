import { describe, expect, it } from 'vitest';
import { RoutingTables, filterOfEverySession, finalResolution, formatIp, type Resolution, type Route, type RouteCondition, type RouteOverride, type RuleSet, type SessionRule } from '@pflint/core';
import { ip, route } from './build.js';

/** The chain as `table:address→line`, compact enough to compare whole. */
function chain(resolution: Resolution): string[] {
  return resolution.steps.map((step) => `${step.table}:${formatIp(step.address)}→${step.route.source.start.line}`);
}

function lines(...routes: Route[]): number[] {
  return routes.map((r) => r.source.start.line);
}

/** The radon host of seed 000, reduced to the routes that matter. */
function radon() {
  const r = {
    vtnetNet: route(0, '152.53.144.0/22', 'dev:vtnet0', { origin: 'connected' }),
    vtnetOwn: route(0, '152.53.147.5/32', 'local', { origin: 'local-address' }),
    v4default0: route(0, '0.0.0.0/0', 'via:152.53.144.1', { origin: 'default' }),
    v6default0: route(0, '::/0', 'via:fe80::1%vtnet0', { origin: 'default' }),
    jail216fib0: route(0, '194.28.98.216/32', 'dev:bastille0'),
    gifPeer: route(1, '10.255.255.5/32', 'dev:gif0', { origin: 'connected' }),
    gifPeer6: route(1, '2a06:9801:1c:ffff::1/128', 'dev:gif0', { origin: 'connected' }),
    v6default1: route(1, '::/0', 'dev:gif0'),
    v4default1: route(1, '0.0.0.0/0', 'via:10.255.255.5'),
    jailnet6: route(1, '2a06:9801:1c:1000::/64', 'dev:bastille0'),
    jailnet4: route(1, '10.254.254.0/24', 'dev:bastille0'),
    host217: route(1, '194.28.98.217/32', 'dev:lo0'),
  };
  return r;
}

const gif0 = { endpoint: ip('128.140.64.181'), wrapperTable: 0 };

describe('resolve on FreeBSD (on-link gateways)', () => {
  const r = radon();
  const tables = RoutingTables.fromRoutes(Object.values(r), { tunnels: new Map([['gif0', gif0]]) });

  it('sends FIB 0 traffic to the default gateway on the connected /22', () => {
    const result = tables.resolve(0, ip('1.1.1.1'));
    expect(result.outcome).toBe('interface');
    expect(result.interface).toBe('vtnet0');
    expect(result.nextHop).toEqual(ip('152.53.144.1'));
    expect(chain(result)).toEqual([`0:1.1.1.1→${r.v4default0.source.start.line}`, `0:152.53.144.1→${r.vtnetNet.source.start.line}`]);
    expect(result.steps.map((step) => step.reason)).toEqual(['destination', 'gateway']);
  });

  it('delivers directly on a connected prefix with the destination as next hop', () => {
    const result = tables.resolve(0, ip('152.53.145.7'));
    expect(result).toMatchObject({ outcome: 'interface', interface: 'vtnet0', nextHop: ip('152.53.145.7') });
    expect(result.steps.map((step) => step.route)).toEqual([r.vtnetNet]);
  });

  it('treats the host’s own address as local', () => {
    expect(tables.resolve(0, ip('152.53.147.5')).outcome).toBe('local');
  });

  it('takes a scoped link-local gateway as on-link on its zone', () => {
    const result = tables.resolve(0, ip('2001:4860::8888'));
    expect(result).toMatchObject({ outcome: 'interface', interface: 'vtnet0', nextHop: ip('fe80::1%vtnet0') });
    expect(result.steps.map((step) => step.route)).toEqual([r.v6default0]);
  });

  it('follows FIB 1 IPv4 default into gif0 and the outer packet through FIB 0 (tunnelfib 0)', () => {
    const result = tables.resolve(1, ip('9.9.9.9'));
    expect(result.outcome).toBe('tunnel');
    expect(result.interface).toBe('gif0');
    expect(lines(...result.steps.map((step) => step.route))).toEqual(lines(r.v4default1, r.gifPeer));
    expect(result.tunnel).toMatchObject({ interface: 'gif0', endpoint: ip('128.140.64.181'), wrapperTable: 0, sixInFour: false });
    const outer = result.tunnel!.outer;
    expect(outer).toMatchObject({ table: 0, outcome: 'interface', interface: 'vtnet0', nextHop: ip('152.53.144.1') });
    expect(outer.steps.map((step) => step.route)).toEqual([r.v4default0, r.vtnetNet]);
    expect(finalResolution(result)).toBe(outer);
  });

  it('follows the FIB 1 IPv6 default -interface gif0 into the tunnel', () => {
    const result = tables.resolve(1, ip('2001:db8::1'));
    expect(result.outcome).toBe('tunnel');
    expect(result.steps.map((step) => step.route)).toEqual([r.v6default1]);
    expect(finalResolution(result).interface).toBe('vtnet0');
  });

  it('routes FIB 1 jail and host addresses without leaving the host', () => {
    expect(tables.resolve(1, ip('2a06:9801:1c:1000::99'))).toMatchObject({ outcome: 'interface', interface: 'bastille0' });
    expect(tables.resolve(1, ip('10.254.254.10'))).toMatchObject({ outcome: 'interface', interface: 'bastille0' });
    expect(tables.resolve(1, ip('194.28.98.217'))).toMatchObject({ outcome: 'interface', interface: 'lo0' });
    expect(tables.resolve(0, ip('194.28.98.216'))).toMatchObject({ outcome: 'interface', interface: 'bastille0' });
  });

  it('reports tunnel recursion when the endpoint is routed into the same tunnel (no tunnelfib 0)', () => {
    const recursive = RoutingTables.fromRoutes(Object.values(r), { tunnels: new Map([['gif0', { ...gif0, wrapperTable: 1 }]]) });
    const result = recursive.resolve(1, ip('2001:db8::1'));
    expect(result.outcome).toBe('loop');
    expect(result.explanation).toMatch(/same tunnel/);
    const outer = result.tunnel!.outer;
    expect(outer.outcome).toBe('loop');
    // The outer packet to 128.140.64.181 in FIB 1 takes the IPv4 default via 10.255.255.5, which is on gif0 again.
    expect(outer.steps.map((step) => step.route)).toEqual([r.v4default1, r.gifPeer]);
    expect(outer.loopRoute).toBe(r.gifPeer);
  });

  it('says no-route when a table has nothing for the destination', () => {
    const result = tables.resolve(2, ip('9.9.9.9'));
    expect(result).toMatchObject({ outcome: 'no-route', steps: [] });
    expect(result.explanation).toBe('no route in table 2 matches 9.9.9.9');
    const onlyV4 = RoutingTables.fromRoutes([r.v4default0]);
    expect(onlyV4.resolve(0, ip('2001:db8::1')).outcome).toBe('no-route');
  });

  it('refuses a gateway that is only reachable through the default route', () => {
    const offLink = route(0, '203.0.113.0/24', 'via:198.51.100.1');
    const result = RoutingTables.fromRoutes([r.vtnetNet, r.v4default0, offLink]).resolve(0, ip('203.0.113.5'));
    expect(result.outcome).toBe('unreachable-gateway');
    expect(result.explanation).toBe('gateway 198.51.100.1 is not on a connected prefix in table 0');
    expect(result.steps.map((step) => step.route)).toEqual([offLink]);
  });

  it('refuses a gateway reached through another gateway route (not on-link)', () => {
    const viaGateway = route(0, '198.51.100.0/24', 'via:152.53.144.1');
    const offLink = route(0, '203.0.113.0/24', 'via:198.51.100.1');
    const result = RoutingTables.fromRoutes([r.vtnetNet, viaGateway, offLink]).resolve(0, ip('203.0.113.5'));
    expect(result.outcome).toBe('unreachable-gateway');
  });

  it('accepts a gateway on a non-default -interface route', () => {
    const ifaceRoute = route(0, '198.51.100.0/24', 'dev:em1');
    const viaIt = route(0, '203.0.113.0/24', 'via:198.51.100.1');
    const result = RoutingTables.fromRoutes([ifaceRoute, viaIt]).resolve(0, ip('203.0.113.5'));
    expect(result).toMatchObject({ outcome: 'interface', interface: 'em1', nextHop: ip('198.51.100.1') });
  });

  it('does not take a default -interface route as making a gateway on-link', () => {
    const ifaceDefault = route(0, '0.0.0.0/0', 'dev:gif0');
    const viaGateway = route(0, '203.0.113.0/24', 'via:198.51.100.1');
    const result = RoutingTables.fromRoutes([ifaceDefault, viaGateway]).resolve(0, ip('203.0.113.5'));
    expect(result.outcome).toBe('unreachable-gateway');
  });

  it('keeps the chain’s route sources so every step can be cited', () => {
    const result = tables.resolve(0, ip('1.1.1.1'));
    for (const step of result.steps) expect(step.route.source.file).toBe('test.conf');
  });

  it('flags ECMP on a step whose routes tie and follows the first', () => {
    const a = route(0, '0.0.0.0/0', 'via:152.53.144.1');
    const b = route(0, '0.0.0.0/0', 'via:152.53.144.2');
    const result = RoutingTables.fromRoutes([r.vtnetNet, a, b]).resolve(0, ip('1.1.1.1'));
    expect(result.steps[0]).toMatchObject({ route: a, alternatives: [b], tie: 'ecmp' });
    expect(result.steps[1]!.tie).toBeUndefined();
    expect(result.nextHop).toEqual(ip('152.53.144.1'));
  });
});

describe('resolve on FireBrick (recursive gateways)', () => {
  const firebrick = { ties: 'nondeterministic', gateways: 'recursive' } as const;

  it('resolves a gateway through another gateway route down to an interface', () => {
    const lan = route(0, '192.168.10.0/24', 'dev:lan');
    const hop = route(0, '10.0.0.0/8', 'via:192.168.10.254');
    const viaHop = route(0, '0.0.0.0/0', 'via:10.9.9.9');
    const result = RoutingTables.fromRoutes([lan, hop, viaHop], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result).toMatchObject({ outcome: 'interface', interface: 'lan', nextHop: ip('192.168.10.254') });
    expect(result.steps.map((step) => step.route)).toEqual([viaHop, hop, lan]);
  });

  it('makes a route whose gateway resolves through itself a loop, with the chain', () => {
    const selfish = route(0, '0.0.0.0/0', 'via:10.0.0.1');
    const result = RoutingTables.fromRoutes([selfish], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result.outcome).toBe('loop');
    expect(result.explanation).toBe('gateway 10.0.0.1 resolves through a route already on the chain');
    expect(result.steps.map((step) => step.route)).toEqual([selfish]);
    expect(result.loopRoute).toBe(selfish);
  });

  it('detects a two-route gateway cycle', () => {
    const a = route(0, '10.1.0.0/16', 'via:10.2.0.1');
    const b = route(0, '10.2.0.0/16', 'via:10.1.0.1');
    const result = RoutingTables.fromRoutes([a, b], firebrick).resolve(0, ip('10.1.5.5'));
    expect(result.outcome).toBe('loop');
    expect(result.steps.map((step) => step.route)).toEqual([a, b]);
    expect(result.loopRoute).toBe(a);
  });

  it('says unreachable-gateway when the gateway has no route at all', () => {
    const dangling = route(0, '203.0.113.0/24', 'via:198.51.100.1');
    const result = RoutingTables.fromRoutes([dangling], firebrick).resolve(0, ip('203.0.113.1'));
    expect(result.outcome).toBe('unreachable-gateway');
  });

  it('ends at blackhole, nowhere (reject) and the FireBrick itself, also through a gateway', () => {
    const tables = RoutingTables.fromRoutes(
      [
        route(0, '10.0.0.0/8', 'blackhole'),
        route(0, '192.0.2.128/25', 'reject'),
        route(0, '192.0.2.250/32', 'local'),
        route(0, '198.51.100.0/24', 'via:10.1.1.1'),
      ],
      firebrick,
    );
    expect(tables.resolve(0, ip('10.3.3.3')).outcome).toBe('blackhole');
    expect(tables.resolve(0, ip('192.0.2.200')).outcome).toBe('reject');
    expect(tables.resolve(0, ip('192.0.2.250')).outcome).toBe('local');
    expect(tables.resolve(0, ip('198.51.100.7')).outcome).toBe('blackhole');
  });

  it('sends IPv6 to an IPv4 gateway as 6in4, the outer packet looked up in the same table', () => {
    const wan = route(0, '198.51.100.0/30', 'dev:wan');
    const v4default = route(0, '0.0.0.0/0', 'via:198.51.100.1');
    const v6 = route(0, '::/0', 'via:203.0.113.9');
    const result = RoutingTables.fromRoutes([wan, v4default, v6], firebrick).resolve(0, ip('2001:db8::1'));
    expect(result.outcome).toBe('tunnel');
    expect(result.tunnel).toMatchObject({ sixInFour: true, endpoint: ip('203.0.113.9'), wrapperTable: 0 });
    expect(result.tunnel?.interface).toBeUndefined();
    expect(result.tunnel!.outer.steps.map((step) => step.route)).toEqual([v4default, wan]);
    expect(finalResolution(result)).toMatchObject({ outcome: 'interface', interface: 'wan', nextHop: ip('198.51.100.1') });
  });

  it('sends IPv6 to a 2002::/16 gateway as 6in4 to the embedded IPv4 address', () => {
    const v6 = route(0, '2001:db8::/32', 'via:2002:cb00:7109::1');
    const v4default = route(0, '0.0.0.0/0', 'dev:wan');
    const result = RoutingTables.fromRoutes([v6, v4default], firebrick).resolve(0, ip('2001:db8::5'));
    expect(result.tunnel).toMatchObject({ sixInFour: true, endpoint: ip('203.0.113.9') });
  });

  it('does not treat an IPv6 gateway outside 2002::/16 as 6in4', () => {
    const lan6 = route(0, '2001:db8:1::/64', 'dev:lan');
    const v6 = route(0, '::/0', 'via:2001:db8:1::1');
    const result = RoutingTables.fromRoutes([lan6, v6], firebrick).resolve(0, ip('2001:db8:9::1'));
    expect(result).toMatchObject({ outcome: 'interface', interface: 'lan' });
    expect(result.tunnel).toBeUndefined();
  });

  it('routes a tunnel target’s outer packets in its wrapper table', () => {
    const payloadDefault = route(0, '0.0.0.0/0', 'tunnel:81.187.0.1@1@l2tp-wan');
    const wrapperWan = route(1, '0.0.0.0/0', 'dev:dsl');
    const result = RoutingTables.fromRoutes([payloadDefault, wrapperWan], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result).toMatchObject({ outcome: 'tunnel', interface: 'l2tp-wan' });
    expect(result.tunnel).toMatchObject({ interface: 'l2tp-wan', wrapperTable: 1, endpoint: ip('81.187.0.1') });
    expect(result.tunnel!.outer).toMatchObject({ table: 1, outcome: 'interface', interface: 'dsl' });
  });

  it('keeps a tunnel whose wrapper table has no route as a tunnel with a failed outer resolution', () => {
    const payloadDefault = route(0, '0.0.0.0/0', 'tunnel:81.187.0.1@3@l2tp-wan');
    const result = RoutingTables.fromRoutes([payloadDefault], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result.outcome).toBe('tunnel');
    expect(result.tunnel!.outer.outcome).toBe('no-route');
    expect(finalResolution(result).outcome).toBe('no-route');
  });

  it('reports recursion when a tunnel’s endpoint is routed into the tunnel itself', () => {
    const intoTunnel = route(0, '0.0.0.0/0', 'tunnel:81.187.0.1@0@fb105');
    const result = RoutingTables.fromRoutes([intoTunnel], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result.outcome).toBe('loop');
    expect(result.tunnel!.outer).toMatchObject({ outcome: 'loop', loopRoute: intoTunnel });
  });

  it('allows a tunnel inside a different tunnel', () => {
    const inner = route(0, '0.0.0.0/0', 'tunnel:10.0.0.2@1@inner');
    const outerTunnel = route(1, '10.0.0.0/8', 'tunnel:198.51.100.7@2@outer');
    const physical = route(2, '0.0.0.0/0', 'dev:wan');
    const result = RoutingTables.fromRoutes([inner, outerTunnel, physical], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result.outcome).toBe('tunnel');
    expect(result.tunnel!.outer.outcome).toBe('tunnel');
    expect(finalResolution(result)).toMatchObject({ table: 2, outcome: 'interface', interface: 'wan' });
  });

  it('marks a nondeterministic tie on the step', () => {
    const a = route(0, '0.0.0.0/0', 'dev:wan1', { localpref: 10 });
    const b = route(0, '0.0.0.0/0', 'dev:wan2', { localpref: 10 });
    const result = RoutingTables.fromRoutes([a, b], firebrick).resolve(0, ip('8.8.8.8'));
    expect(result.steps[0]).toMatchObject({ route: a, alternatives: [b], tie: 'nondeterministic' });
  });
});

describe('broadcast addresses', () => {
  it('flags a packet to the last address of a connected IPv4 subnet as broadcast, and nothing else', () => {
    const lan = route(0, '192.168.10.0/24', 'dev:lan');
    const link = route(0, '198.51.100.0/31', 'dev:p2p');
    const tables = RoutingTables.fromRoutes([lan, link]);
    expect(tables.resolve(0, ip('192.168.10.255'))).toMatchObject({ outcome: 'interface', interface: 'lan', broadcast: true });
    expect(tables.resolve(0, ip('192.168.10.254')).broadcast).toBeUndefined();
    // A /31 has no broadcast address: both addresses are hosts (RFC 3021).
    expect(tables.resolve(0, ip('198.51.100.1')).broadcast).toBeUndefined();
  });

  it('flags a gateway route whose next hop is the subnet broadcast address', () => {
    const lan = route(0, '192.168.10.0/24', 'dev:lan');
    const viaBroadcast = route(0, '10.0.0.0/8', 'via:192.168.10.255');
    const result = RoutingTables.fromRoutes([lan, viaBroadcast], { gateways: 'recursive' }).resolve(0, ip('10.1.1.1'));
    expect(result).toMatchObject({ outcome: 'interface', nextHop: ip('192.168.10.255'), broadcast: true });
  });
});

describe('routes on a FireBrick profile', () => {
  const firebrick = { ties: 'nondeterministic', gateways: 'recursive' } as const;
  const onProfile = (base: Route, profile: string): Route => ({ ...base, conditions: [...(base.conditions ?? []), { kind: 'profile', profile }] });
  const lan = route(0, '192.168.1.0/24', 'dev:lan');
  const ppp = route(0, '198.51.100.0/24', 'dev:ppp');
  const day = onProfile(route(0, '0.0.0.0/0', 'via:198.51.100.1', { localpref: 200 }), 'office-hours');
  const always = route(0, '0.0.0.0/0', 'via:192.168.1.254', { localpref: 100 });
  const profile = (name: string): RouteCondition => ({ kind: 'profile', profile: name });

  it('are taken as present, and the resolution says where the packet goes while the profile is off', () => {
    const result = RoutingTables.fromRoutes([lan, ppp, day, always], firebrick).resolve(0, ip('9.9.9.9'));
    expect([result.interface, result.steps[0]!.route]).toEqual(['ppp', day]);
    expect(result.whileConditionFails?.condition).toEqual(profile('office-hours'));
    expect(result.whileConditionFails?.resolution).toMatchObject({ outcome: 'interface', interface: 'lan', nextHop: ip('192.168.1.254') });
    expect(result.whileConditionFails?.resolution.whileConditionFails).toBeUndefined();
  });

  it('switch off one profile after another, each once, and end with no route when nothing else is left', () => {
    const night = onProfile(always, 'night');
    const result = RoutingTables.fromRoutes([lan, ppp, day, night], firebrick).resolve(0, ip('9.9.9.9'));
    expect(result.whileConditionFails?.condition).toEqual(profile('office-hours'));
    const second = result.whileConditionFails!.resolution;
    expect([second.interface, second.whileConditionFails?.condition, second.whileConditionFails?.resolution.outcome]).toEqual(['lan', profile('night'), 'no-route']);
    // The gateway's own route on a profile counts too: without it the gateway resolves through the default route itself.
    const pppOnProfile = onProfile(ppp, 'line-up');
    const viaGateway = RoutingTables.fromRoutes([lan, pppOnProfile, route(0, '0.0.0.0/0', 'via:198.51.100.1')], firebrick).resolve(0, ip('9.9.9.9'));
    expect([viaGateway.whileConditionFails?.condition, viaGateway.whileConditionFails?.resolution.outcome]).toEqual([profile('line-up'), 'loop']);
  });

  it('follow at most eight profiles switched off, however many routes hang on profiles', () => {
    const profiled = Array.from({ length: 2000 }, (_, index) => onProfile(route(0, '0.0.0.0/0', 'via:192.168.1.254', { localpref: 2000 - index }), `p${index}`));
    let resolution: Resolution | undefined = RoutingTables.fromRoutes([lan, ...profiled], firebrick).resolve(0, ip('9.9.9.9'));
    const switchedOff: string[] = [];
    while (resolution?.whileConditionFails) {
      const { condition } = resolution.whileConditionFails;
      switchedOff.push(condition.kind === 'profile' ? condition.profile : condition.interface);
      resolution = resolution.whileConditionFails.resolution;
    }
    expect(switchedOff).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });

  it('leave resolutions without profile routes as they were', () => {
    expect(RoutingTables.fromRoutes([lan, ppp, day, always], firebrick).resolve(0, ip('192.168.1.9')).whileConditionFails).toBeUndefined();
  });
});

describe('routes into a FireBrick link (FB105)', () => {
  const wan = route(0, '203.0.113.0/24', 'dev:wan');
  const lan = route(0, '192.168.1.0/24', 'dev:lan');
  const linkUp: RouteCondition = { kind: 'link-up', interface: 'fb105-1-2' };
  const intoTunnel: Route = { ...route(0, '10.0.0.0/8', 'dev:fb105-1-2', { localpref: 200 }), conditions: [linkUp, { kind: 'profile', profile: 'day' }] };
  const fallback = route(0, '10.0.0.0/8', 'via:192.168.1.254');
  const tables = RoutingTables.fromRoutes([wan, lan, intoTunnel, fallback], {
    ties: 'nondeterministic',
    gateways: 'recursive',
    tunnels: new Map([['fb105-1-2', { endpoint: ip('203.0.113.9'), wrapperTable: 0 }]]),
  });

  it('are taken as up, and the resolution says where the packet goes while the link is down, then while the profile is off', () => {
    const result = tables.resolve(0, ip('10.1.2.3'));
    expect([result.outcome, result.interface]).toEqual(['tunnel', 'fb105-1-2']);
    expect(result.whileConditionFails?.condition).toEqual(linkUp);
    expect(result.whileConditionFails?.resolution).toMatchObject({ outcome: 'interface', interface: 'lan', nextHop: ip('192.168.1.254') });
    // The tunnel route is gone with its link: the profile it also hangs on changes nothing more, so it is not followed.
    expect(result.whileConditionFails?.resolution.whileConditionFails).toBeUndefined();
  });

  it('end with no route when the tunnel route has no fallback', () => {
    const alone = RoutingTables.fromRoutes([wan, intoTunnel], { gateways: 'recursive', tunnels: tables.tunnels }).resolve(0, ip('10.1.2.3'));
    expect(alone.whileConditionFails?.resolution.outcome).toBe('no-route');
  });
});

describe('resolveSession: route overrides (FireBrick)', () => {
  const firebrick = { ties: 'nondeterministic', gateways: 'recursive' } as const;
  const at = { file: 'router.xml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
  const interval = (first: string, last: string) => ({ family: ip(first).family, first: ip(first).value, last: ip(last).value });
  const lanNet = route(0, '192.168.20.0/24', 'dev:lan');
  const ispA = route(0, '0.0.0.0/0', 'dev:isp-a');
  const ispBNet = route(1, '198.51.100.8/30', 'dev:isp-b');
  const ispB = route(1, '0.0.0.0/0', 'via:198.51.100.9');
  const guests: RouteOverride = {
    name: 'guest-web',
    match: {},
    setGateway: ip('198.51.100.9'),
    setTable: 1,
    source: at,
    criteria: { sourceIp: [interval('192.168.20.128', '192.168.20.255')], protocols: [6], targetPorts: [{ first: 80, last: 80 }, { first: 443, last: 443 }] },
  };
  const tables = RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, overrides: [guests] });
  const web = { table: 0, source: ip('192.168.20.200'), destination: ip('93.184.216.34'), protocol: 6, targetPort: 443 };

  it('looks up the override gateway in the override table; the destination stays the packet’s', () => {
    const result = tables.resolveSession(web);
    expect(result).toMatchObject({ table: 1, destination: ip('93.184.216.34'), outcome: 'interface', interface: 'isp-b', nextHop: ip('198.51.100.9') });
    expect(result.override).toEqual({ rule: guests, fromTable: 0 });
    expect(result.steps.map((step) => [step.reason, formatIp(step.address)])).toEqual([['gateway', '198.51.100.9']]);
  });

  it('leaves sessions the rule does not match to the normal lookup in their own table', () => {
    for (const other of [
      { ...web, source: ip('192.168.20.5') },
      { ...web, targetPort: 22 },
      { ...web, protocol: 17 },
      { table: 0, destination: ip('93.184.216.34') },
    ]) {
      const result = tables.resolveSession(other);
      expect(result).toMatchObject({ table: 0, outcome: 'interface', interface: 'isp-a' });
      expect(result.override).toBeUndefined();
    }
  });

  it('takes the first matching rule; a table-only rule looks up the destination in its table', () => {
    const tableOnly: RouteOverride = { match: {}, setTable: 1, source: at, criteria: { protocols: [6] } };
    const result = RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, overrides: [tableOnly, guests] }).resolveSession(web);
    expect(result.override?.rule).toBe(tableOnly);
    expect(result.steps.map((step) => [step.table, step.reason, formatIp(step.address)])).toEqual([
      [1, 'destination', '93.184.216.34'],
      [1, 'gateway', '198.51.100.9'],
    ]);
  });

  it('never applies a rule with a criterion pflint cannot evaluate, or without criteria', () => {
    const profiled: RouteOverride = { ...guests, criteria: { ...guests.criteria, unknown: ['profile'] } };
    const unread: RouteOverride = { match: {}, setTable: 1, source: at };
    const result = RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, overrides: [profiled, unread] }).resolveSession(web);
    expect(result.override).toBeUndefined();
    expect(result.interface).toBe('isp-a');
  });

  it('routes the replies from the table of the interface they arrive on, scanning the rules again with ports swapped', () => {
    const interfaceTables = new Map([['lan', 0], ['isp-a', 0], ['isp-b', 1]]);
    const backToLan: RouteOverride = { match: {}, setTable: 0, source: at, criteria: { targetIp: [interval('192.168.20.128', '192.168.20.255')], sourcePorts: [{ first: 443, last: 443 }] } };
    const withReplies = RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, overrides: [guests, backToLan], interfaceTables });
    const reply = withReplies.resolveSession({ ...web, sourcePort: 40_000 }).reply!;
    expect(reply.interface).toBe('isp-b');
    expect(reply.resolution).toMatchObject({ table: 0, destination: ip('192.168.20.200'), outcome: 'interface', interface: 'lan', override: { rule: backToLan, fromTable: 1 } });
    // Without the rule for them, the replies are looked up in isp-b's table 1, which sends them back out.
    const lost = RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, overrides: [guests], interfaceTables }).resolveSession(web).reply!;
    expect(lost.resolution).toMatchObject({ table: 1, outcome: 'interface', interface: 'isp-b' });
    expect(lost.resolution.override).toBeUndefined();
    // No interface tables (FreeBSD), no source, or a packet that never leaves: no replies.
    expect(tables.resolveSession(web).reply).toBeUndefined();
    expect(withReplies.resolveSession({ table: 0, destination: ip('93.184.216.34') }).reply).toBeUndefined();
    expect(withReplies.resolveSession({ ...web, destination: ip('10.9.9.9'), table: 1 }).reply).toMatchObject({ interface: 'isp-b' });
    expect(RoutingTables.fromRoutes([lanNet], { ...firebrick, interfaceTables }).resolveSession({ ...web, destination: ip('8.8.8.8') }).reply).toBeUndefined();
  });

  it('applies rule-set rules first: entered by their criteria, first match decides, continue goes on, an override wins', () => {
    const rule = (fields: Partial<SessionRule>): SessionRule => ({ match: {}, source: at, criteria: {}, ...fields });
    const ruleSet = (rules: SessionRule[], fields: Partial<RuleSet> = {}): RuleSet => ({ entry: {}, rules, source: at, ...fields });
    const tcpToB = rule({ name: 'tcp-to-b', setTable: 1, criteria: { protocols: [6] } });
    const resolveWith = (ruleSets: RuleSet[], overrides: RouteOverride[] = []) =>
      RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, ruleSets, overrides }).resolveSession(web);
    const moved = resolveWith([ruleSet([tcpToB])]);
    expect(moved).toMatchObject({ table: 1, interface: 'isp-b', ruleSetRules: { rules: [tcpToB], fromTable: 0 } });
    // A rule-set whose entry criteria fail is skipped; an earlier matching rule that routes nothing ends the checking.
    expect(resolveWith([ruleSet([tcpToB], { entry: { protocols: [17] } })]).table).toBe(0);
    expect(resolveWith([ruleSet([rule({ action: 'accept' }), tcpToB])]).table).toBe(0);
    expect(resolveWith([ruleSet([rule({ action: 'accept' })]), ruleSet([tcpToB])]).table).toBe(0);
    // `continue` leaves the rule-set, and so does a non-match without a no-match-action; another no-match-action ends it.
    expect(resolveWith([ruleSet([rule({ action: 'continue' })]), ruleSet([tcpToB])]).table).toBe(1);
    expect(resolveWith([ruleSet([rule({ criteria: { protocols: [17] } })]), ruleSet([tcpToB])]).table).toBe(1);
    expect(resolveWith([ruleSet([rule({ criteria: { protocols: [17] } })], { noMatchAction: 'accept' }), ruleSet([tcpToB])]).table).toBe(0);
    // Route overrides come at the end: the gateway is theirs, the table the rule-set's where they set none.
    const gatewayOnly: RouteOverride = { match: {}, setGateway: ip('198.51.100.9'), source: at, criteria: {} };
    const both = resolveWith([ruleSet([tcpToB])], [gatewayOnly]);
    expect(both).toMatchObject({ table: 1, interface: 'isp-b', nextHop: ip('198.51.100.9'), override: { rule: gatewayOnly } });
    expect(both.steps.map((step) => step.reason)).toEqual(['gateway']);
  });

  it('is ignored by plain resolve, which knows no session', () => {
    expect(tables.resolve(0, ip('93.184.216.34')).interface).toBe('isp-a');
  });

  describe('rule-set drop and reject', () => {
    const interfaceTables = new Map([['lan', 0], ['isp-a', 0], ['isp-b', 1]]);
    const rule = (fields: Partial<SessionRule>): SessionRule => ({ match: {}, source: at, criteria: {}, ...fields });
    const ruleSet = (rules: SessionRule[], fields: Partial<RuleSet> = {}): RuleSet => ({ name: 'inbound', entry: {}, rules, source: at, ...fields });
    const resolveWith = (ruleSets: RuleSet[]) =>
      RoutingTables.fromRoutes([lanNet, ispA, ispBNet, ispB], { ...firebrick, ruleSets, overrides: [guests], interfaceTables }).resolveSession(web);

    it('end a new session before any route or override: nothing is looked up and nothing answers', () => {
      const block = rule({ name: 'block-web', action: 'drop', criteria: { targetPorts: [{ first: 443, last: 443 }] } });
      const dropped = resolveWith([ruleSet([block])]);
      expect(dropped).toMatchObject({ table: 0, outcome: 'filtered', steps: [], explanation: "rule 'block-web' of rule-set 'inbound' drops the session" });
      expect(dropped.filter).toEqual({ action: 'drop', ruleSet: expect.objectContaining({ name: 'inbound' }), rule: block });
      expect([dropped.override, dropped.reply]).toEqual([undefined, undefined]);
      const rejected = resolveWith([ruleSet([rule({ criteria: { protocols: [17] } })], { noMatchAction: 'reject' })]);
      expect(rejected).toMatchObject({ outcome: 'filtered', explanation: "the no-match-action of rule-set 'inbound' rejects the session" });
      expect(rejected.filter?.rule).toBeUndefined();
    });

    it('leave sessions that no dropping rule decides to be routed: continue, accept and unknown criteria', () => {
      expect(resolveWith([ruleSet([rule({ action: 'continue' })]), ruleSet([], { noMatchAction: 'continue' })]).outcome).toBe('interface');
      expect(resolveWith([ruleSet([rule({ action: 'accept' }), rule({ action: 'drop' })])]).outcome).toBe('interface');
      expect(resolveWith([ruleSet([rule({ action: 'drop', criteria: { unknown: ['profile'] } })])]).override?.rule).toBe(guests);
    });

    it('do not drop the replies of a session already set up', () => {
      // Everything to the LAN is dropped for new sessions; the replies to the guests' session still come back.
      const toLan = ruleSet([rule({ action: 'drop', criteria: { targetIp: [interval('192.168.20.0', '192.168.20.255')] } })]);
      const session = resolveWith([toLan]);
      expect(session.outcome).toBe('interface');
      expect(session.reply?.resolution.outcome).not.toBe('filtered');
      // A reply is resolved at all (the line above also passes without one): routed, here out of isp-b's table.
      expect(session.reply?.resolution.outcome).toBe('interface');
    });

    it('are known to catch every session of a rule only when each rule-set and rule on the way matches all of them or none', () => {
      const criteria = guests.criteria!;
      const guestNet = [interval('192.168.20.0', '192.168.20.255')];
      const dropGuests = rule({ action: 'reject', criteria: { sourceIp: guestNet } });
      expect(filterOfEverySession([ruleSet([dropGuests])], criteria)).toMatchObject({ action: 'reject', rule: dropGuests });
      expect(filterOfEverySession([ruleSet([], { noMatchAction: 'drop' })], criteria)).toMatchObject({ action: 'drop' });
      // A rule-set never entered, or a rule never matched, is passed over; `continue` goes on to the next rule-set.
      const udpOnly = ruleSet([dropGuests], { entry: { protocols: [17] } });
      expect(filterOfEverySession([udpOnly, ruleSet([rule({ action: 'continue' })]), ruleSet([dropGuests])], criteria)).toMatchObject({ rule: dropGuests });
      // Some of the sessions only (one port of two, part of the addresses), an unknown criterion, or an accept: no answer.
      for (const some of [{ targetPorts: [{ first: 80, last: 80 }] }, { sourceIp: [interval('192.168.20.200', '192.168.20.255')] }, { unknown: ['profile'] }]) {
        expect(filterOfEverySession([ruleSet([rule({ action: 'drop', criteria: some })])], criteria)).toBeUndefined();
      }
      expect(filterOfEverySession([ruleSet([rule({ action: 'accept' }), dropGuests])], criteria)).toBeUndefined();
      expect(filterOfEverySession([ruleSet([rule({ action: 'drop', criteria: { sourceInterfaces: ['lan'] } })])], criteria)).toBeUndefined();
    });
  });
});
