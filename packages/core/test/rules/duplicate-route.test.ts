import { describe, expect, it } from 'vitest';
import { runRules } from '@pflint/core';
import { duplicateRoute } from '../../src/rules/duplicate-route.js';
import { routesHost, runOnFirebrick } from './routes-fixture.js';

function check(lines: readonly string[], kind: 'firebrick' | 'freebsd' = 'firebrick') {
  return runRules(routesHost(lines.join('\n'), kind), { rules: [duplicateRoute] });
}

describe('duplicate-route', () => {
  it('fires at the later of two routes with one prefix and localpref, naming the earlier', () => {
    const findings = check([
      '<config>',
      '<route ip="0.0.0.0/0" gateway="192.0.2.1"/>',
      '<route ip="0.0.0.0/0" gateway="198.51.100.1"/>',
      '</config>',
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'duplicate-route',
      severity: 'warning',
      message:
        'Route 0.0.0.0/0 via 198.51.100.1 in routing table 0 ties with 0.0.0.0/0 via 192.0.2.1 (localpref 100): which one the router uses is unpredictable',
      range: { start: { line: 3, column: 1 } },
    });
    expect(findings[0]!.related?.[0]?.range.start.line).toBe(2);
  });

  it('calls identical routes duplicates, and ties between a subnet and a route too', () => {
    const findings = check([
      '<route ip="10.0.0.0/8" gateway="192.0.2.1"/>',
      '<route ip="10.0.0.0/8" gateway="192.0.2.1"/>',
      '<subnet ip="192.0.2.0/24" port="lan"/>',
      '<route ip="192.0.2.0/24" port="lan"/>',
    ]);
    expect(findings.map((finding) => [finding.range.start.line, finding.message.endsWith('it is a duplicate')])).toEqual([
      [2, true],
      [4, true],
    ]);
  });

  it('stays silent for different localprefs, tables, prefix lengths or families', () => {
    expect(
      check([
        '<route ip="0.0.0.0/0" gateway="192.0.2.1" localpref="200"/>',
        '<route ip="0.0.0.0/0" gateway="198.51.100.1"/>',
        '<route ip="0.0.0.0/0" gateway="198.51.100.1" table="1"/>',
        '<route ip="0.0.0.0/1" gateway="198.51.100.1"/>',
        '<route ip="::/0" gateway="2001:db8::1"/>',
      ]),
    ).toEqual([]);
  });

  it('stays silent on bonded gateway routes (all with a speed) and on one subnet on two interfaces', () => {
    expect(
      check([
        '<route ip="10.50.0.0/16" gateway="192.0.2.250" localpref="150" speed="100M"/>',
        '<route ip="10.50.0.0/16" gateway="192.0.2.251" localpref="150" speed="100M"/>',
        '<subnet ip="192.168.1.0/24" port="lan1"/>',
        '<subnet ip="192.168.1.0/24" port="lan2"/>',
      ]),
    ).toEqual([]);
  });

  it('still fires when only one of the tied routes has a speed', () => {
    const findings = check([
      '<route ip="10.50.0.0/16" gateway="192.0.2.250" speed="100M"/>',
      '<route ip="10.50.0.0/16" gateway="192.0.2.251"/>',
    ]);
    expect(findings.map((finding) => finding.range.start.line)).toEqual([2]);
  });

  it('stays silent when the tied routes hang on different profiles (present at different times), not on one profile', () => {
    expect(
      check(['<route ip="0.0.0.0/0" gateway="192.0.2.1" profile="office-hours"/>', '<route ip="0.0.0.0/0" gateway="198.51.100.1" profile="night"/>']),
    ).toEqual([]);
    expect(check(['<route ip="0.0.0.0/0" gateway="192.0.2.1" profile="office-hours"/>', '<route ip="0.0.0.0/0" gateway="198.51.100.1"/>'])).toEqual([]);
    const sameProfile = check(['<route ip="0.0.0.0/0" gateway="192.0.2.1" profile="day"/>', '<route ip="0.0.0.0/0" gateway="198.51.100.1" profile="day"/>']);
    expect(sameProfile.map((finding) => finding.range.start.line)).toEqual([2]);
  });

  it('stays silent when one of the tied routes leads into an FB105 tunnel (present only while it is up), not for two into one tunnel', () => {
    const checkXml = (...elements: string[]) => {
      const text = ['<config>', ...elements, '</config>'].join('\n');
      return runOnFirebrick(text, duplicateRoute);
    };
    const hq = '<fb105 name="hq" local-id="1" remote-id="7" ip="203.0.113.5" routes="10.0.0.0/8"/>';
    expect(checkXml(hq, '<route ip="10.0.0.0/8" gateway="192.0.2.1"/>')).toEqual([]);
    expect(checkXml(hq, '<fb105 name="hq2" local-id="2" remote-id="7" ip="203.0.113.6" routes="10.0.0.0/8"/>')).toEqual([]);
    const twice = checkXml('<fb105 name="hq" local-id="1" remote-id="7" routes="10.0.0.0/8"><route ip="10.0.0.0/8"/></fb105>');
    expect(twice.map((finding) => finding.message)).toEqual([expect.stringContaining('it is a duplicate')]);
  });

  it('stays silent on FreeBSD, where equal routes are multipath', () => {
    expect(check(['<route ip="0.0.0.0/0" gateway="192.0.2.1"/>', '<route ip="0.0.0.0/0" gateway="198.51.100.1"/>'], 'freebsd')).toEqual([]);
  });
});
