import { describe, expect, it } from 'vitest';
import { printLoadedConfig } from '../../src/pf/print.js';
import { loadPfConf } from '../../src/pf/semantic.js';

/**
 * OpenBSD's pfctl prints the loaded ruleset differently from FreeBSD's: keep
 * state is implicit (only stated when it has options), ports stay numeric,
 * route options are trailing options naming next hops, queues are assigned
 * with `set ( queue q )`. Expected lines follow `pfctl -nvf` on OpenBSD 7.
 */
function openbsd(text: string): { printed: string; errors: string[] } {
  const result = loadPfConf(text, { file: 'pf.conf', dialect: 'openbsd' });
  return {
    printed: printLoadedConfig(result.config),
    errors: result.findings.map((finding) => `${finding.range.start.line}: ${finding.message}`),
  };
}

function printed(text: string): string {
  const result = openbsd(text);
  expect(result.errors).toEqual([]);
  return result.printed;
}

describe('OpenBSD dialect printing', () => {
  it('prints match rules with nat-to (dynamic address, so round-robin) and rdr-to', () => {
    expect(
      printed(
        [
          'match out on egress inet from 10.0.0.0/8 to any nat-to (egress)',
          'match in on em0 inet proto tcp to port 80 rdr-to 192.168.1.10 port 8080',
          '',
        ].join('\n'),
      ),
    ).toBe(
      [
        'match out on egress inet from 10.0.0.0/8 to any nat-to (egress) round-robin',
        'match in on em0 inet proto tcp from any to any port = 80 rdr-to 192.168.1.10 port 8080',
        '',
      ].join('\n'),
    );
  });

  it('prints route-to with next-hop addresses as a trailing option, pools with round-robin', () => {
    expect(
      printed(
        [
          'pass out on em0 inet from 10.0.0.0/8 route-to 192.0.2.1',
          'pass out on em0 inet from 10.1.0.0/16 route-to { 192.0.2.1 192.0.2.2 }',
          '',
        ].join('\n'),
      ),
    ).toBe(
      [
        'pass out on em0 inet from 10.0.0.0/8 to any flags S/SA route-to 192.0.2.1',
        'pass out on em0 inet from 10.1.0.0/16 to any flags S/SA route-to { 192.0.2.1, 192.0.2.2 } round-robin',
        '',
      ].join('\n'),
    );
  });

  it('prints queue definitions and queue assignment', () => {
    expect(
      printed(
        [
          'queue rootq on em0 bandwidth 100M max 100M',
          'queue std parent rootq bandwidth 20M default qlimit 50',
          'pass out on em0 proto tcp set queue std',
          '',
        ].join('\n'),
      ),
    ).toBe(
      [
        'queue rootq on em0 bandwidth 100M max 100M',
        'queue std parent rootq bandwidth 20M default qlimit 50',
        'pass out on em0 proto tcp all flags S/SA set ( queue std )',
        '',
      ].join('\n'),
    );
  });

  it('prints af-to after the state part', () => {
    expect(printed('pass in on em0 inet6 from any to 64:ff9b::/96 af-to inet from 198.51.100.1\n')).toBe(
      'pass in on em0 inet6 from any to 64:ff9b::/96 flags S/SA af-to inet from 198.51.100.1\n',
    );
  });

  it('prints divert-packet', () => {
    expect(printed('pass in on em0 inet proto tcp to port 80 divert-packet port 700\n')).toBe(
      'pass in on em0 inet proto tcp from any to any port = 80 flags S/SA divert-packet port 700\n',
    );
  });

  it('prints set reassemble', () => {
    expect(printed('set reassemble yes no-df\n')).toBe('set reassemble yes no-df\n');
    expect(printed('set reassemble no\n')).toBe('set reassemble no\n');
  });

  it('states keep state only when it carries options, and keeps ports numeric', () => {
    expect(printed('pass in proto tcp to port 22 keep state (max 100)\npass in proto tcp to port 22\n')).toBe(
      'pass in proto tcp from any to any port = 22 flags S/SA keep state (max 100)\npass in proto tcp from any to any port = 22 flags S/SA\n',
    );
  });

  it('rejects FreeBSD-only translation and scrub statements', () => {
    expect(openbsd('nat on em0 from 10.0.0.0/8 to any -> 192.0.2.1\n').errors.length).toBeGreaterThan(0);
    expect(openbsd('scrub in all\n').errors.length).toBeGreaterThan(0);
  });
});
