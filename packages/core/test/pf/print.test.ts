import { describe, expect, it } from 'vitest';
import { parsePrefix, parseIp } from '../../src/net/ip.js';
import { printLoadedConfig, printRule } from '../../src/pf/print.js';
import { emptyPfRuleset, type PfAddress, type PfPool, type PfRule } from '../../src/pf/ruleset.js';

const range = {
  file: 'pf.conf',
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 2, offset: 1 },
};
const any = { address: { kind: 'any' } as PfAddress, negated: false };

function rule(overrides: Partial<PfRule>): PfRule {
  return {
    origin: { range, macros: [] },
    action: 'pass',
    translationPass: false,
    quick: false,
    from: { address: any },
    to: { address: any },
    state: 'none',
    allowOpts: false,
    fragment: false,
    once: false,
    labels: [],
    ...overrides,
  };
}

function prefix(text: string): PfAddress {
  return { kind: 'prefix', prefix: parsePrefix(text)! };
}

function pool(addresses: PfAddress[], extra: Partial<PfPool> = {}): PfPool {
  return {
    addresses: addresses.map((address) => ({ address })),
    stickyAddress: false,
    endpointIndependent: false,
    staticPort: false,
    preferIpv6NextHop: false,
    ...extra,
  };
}

describe('printRule (FreeBSD)', () => {
  it('prints the implicit defaults of a stateful pass rule', () => {
    expect(printRule(rule({ state: 'keep', flags: { set: 'S', mask: 'SA' } }), 'freebsd')).toBe(
      'pass all flags S/SA keep state',
    );
  });

  it('prints host addresses without /32 and networks masked', () => {
    const text = printRule(
      rule({
        action: 'block',
        direction: 'in',
        family: 'inet',
        protocol: 6,
        from: { address: { address: prefix('10.0.0.0/8'), negated: true }, port: { operator: '=', value: 22 } },
        to: { address: { address: prefix('12.34.56.78'), negated: false }, port: { operator: ':', low: 6669, high: 65535 } },
      }),
      'freebsd',
    );
    expect(text).toBe('block drop in inet proto tcp from ! 10.0.0.0/8 port = ssh to 12.34.56.78 port 6669:65535');
  });

  it('names ports only for = and != and only when the protocol registers the name', () => {
    const udp = rule({ action: 'block', protocol: 17, to: { address: any, port: { operator: '=', value: 6667 } } });
    expect(printRule(udp, 'freebsd')).toBe('block drop proto udp from any to any port = 6667');
    const tcp = rule({ action: 'block', protocol: 6, to: { address: any, port: { operator: '>=', value: 80 } } });
    expect(printRule(tcp, 'freebsd')).toBe('block drop proto tcp from any to any port >= 80');
  });

  it('prints a nat statement with a round-robin pool', () => {
    const nat = rule({
      action: 'nat',
      interface: { name: 'vtnet0', negated: false },
      family: 'inet',
      from: { address: { address: prefix('192.0.2.1'), negated: false } },
      redirect: pool([prefix('203.0.113.1'), { kind: 'table', name: 'targets' }], { type: 'round-robin' }),
    });
    expect(printRule(nat, 'freebsd')).toBe(
      'nat on vtnet0 inet from 192.0.2.1 to any -> { 203.0.113.1, <targets> } round-robin',
    );
  });

  it('prints route-to pools as (interface address) before the address family', () => {
    const routed = rule({
      direction: 'in',
      state: 'keep',
      flags: { set: 'S', mask: 'SA' },
      family: 'inet',
      route: {
        kind: 'route-to',
        pool: { ...pool([]), addresses: [{ interface: 'if0', address: prefix('127.0.0.0/8') }], stickyAddress: true },
      },
    });
    expect(printRule(routed, 'freebsd')).toBe(
      'pass in route-to (if0 127.0.0.0/8) sticky-address inet all flags S/SA keep state',
    );
  });

  it('prints state options in pfctl order', () => {
    const limited = rule({
      state: 'modulate',
      protocol: 6,
      flags: { set: 'S', mask: 'SA' },
      stateOptions: {
        noSync: false,
        sourceTrack: 'rule',
        maxSrcConn: 100,
        maxSrcConnRate: { limit: 10, seconds: 5 },
        overload: { table: 'bad', flush: true, global: false },
        ifBound: false,
        floating: false,
        sloppy: false,
        pflow: false,
        allowRelated: false,
        timeouts: [{ name: 'src.track', seconds: 5 }],
      },
    });
    expect(printRule(limited, 'freebsd')).toBe(
      'pass proto tcp all flags S/SA modulate state (source-track rule, max-src-conn 100, max-src-conn-rate 10/5, overload <bad> flush, src.track 5)',
    );
  });

  it('prints return-icmp codes by family', () => {
    expect(printRule(rule({ action: 'block', blockReturn: { kind: 'return-icmp' } }), 'freebsd')).toBe(
      'block return-icmp(port-unr, port-unr) all',
    );
    expect(printRule(rule({ action: 'block', family: 'inet6', blockReturn: { kind: 'return-icmp' } }), 'freebsd')).toBe(
      'block return-icmp6(port-unr) inet6 all',
    );
  });
});

describe('printRule (OpenBSD)', () => {
  it('leaves keep state implicit but keeps flags S/SA', () => {
    expect(printRule(rule({ state: 'keep', flags: { set: 'S', mask: 'SA' } }), 'openbsd')).toBe('pass all flags S/SA');
  });

  it('prints route-to as a trailing option with a next-hop address', () => {
    const routed = rule({
      direction: 'out',
      state: 'keep',
      protocol: 17,
      route: { kind: 'route-to', pool: pool([prefix('192.0.2.1')]) },
    });
    expect(printRule(routed, 'openbsd')).toBe('pass out proto udp all route-to 192.0.2.1');
  });

  it('prints queues inside set ( )', () => {
    expect(printRule(rule({ state: 'keep', protocol: 17, queue: { name: 'std' } }), 'openbsd')).toBe(
      'pass proto udp all set ( queue std )',
    );
  });
});

describe('printLoadedConfig', () => {
  it('prints parse-time items first, then translation before filter rules, and inline anchors indented', () => {
    const body = { ...emptyPfRuleset(), filter: [rule({ direction: 'in', labels: ['TEST1'] })] };
    const text = printLoadedConfig({
      dialect: 'freebsd',
      tables: new Map(),
      parseTime: [
        { kind: 'macro', origin: { range, macros: [] }, name: 'ext', value: 'em0' },
        {
          kind: 'table',
          table: {
            origin: { range, macros: [] },
            name: 'regress',
            persist: false,
            const: true,
            counters: false,
            sources: [
              { kind: 'entries', entries: [{ negated: true, address: prefix('5.6.7.8') }] },
              { kind: 'file', path: '/dev/null' },
              { kind: 'entries', entries: [{ negated: false, address: { kind: 'prefix', prefix: { family: 'inet6', network: parseIp('::1')!.value, length: 128 } } }] },
            ],
          },
        },
      ],
      rules: {
        ...emptyPfRuleset(),
        filter: [rule({ anchor: { name: 'relative', body } })],
        rdr: [rule({ action: 'rdr', redirect: pool([prefix('10.0.0.1')]) })],
      },
    });
    expect(text).toBe(
      [
        'ext = "em0"',
        'table <regress> const { !5.6.7.8 } file "/dev/null" { ::1 }',
        'rdr all -> 10.0.0.1',
        'anchor "relative" all {',
        '  pass in all no state label "TEST1"',
        '}',
        '',
      ].join('\n'),
    );
  });
});
