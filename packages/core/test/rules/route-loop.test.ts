import { describe, expect, it } from 'vitest';
import { runRules } from '@pflint/core';
import { routeLoop } from '../../src/rules/route-loop.js';
import { routesHost } from './routes-fixture.js';

function check(lines: readonly string[], kind: 'firebrick' | 'freebsd' = 'firebrick') {
  return runRules(routesHost(lines.join('\n'), kind), { rules: [routeLoop] });
}

describe('route-loop', () => {
  it('fires once per circle, at its first route, naming the others', () => {
    const findings = check([
      '<config>',
      '<subnet ip="192.0.2.0/24" port="wan"/>',
      '<route ip="10.0.0.0/8" gateway="192.168.5.1"/>',
      '<route ip="192.168.5.0/24" gateway="10.9.9.9"/>',
      '</config>',
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'route-loop',
      severity: 'error',
      message:
        'Route 10.0.0.0/8 via 192.168.5.1 in routing table 0 loops: its gateway resolves through 192.168.5.0/24 via 10.9.9.9, and back through this route',
      range: { file: 'router.xml', start: { line: 3, column: 1 } },
    });
    expect(findings[0]!.related?.map((related) => related.range.start.line)).toEqual([4]);
  });

  it('fires on a route whose gateway lies inside itself', () => {
    const findings = check(['<route ip="10.0.0.0/8" gateway="10.1.1.1"/>']);
    expect(findings.map((finding) => [finding.range.start.line, finding.message])).toEqual([
      [1, 'Route 10.0.0.0/8 via 10.1.1.1 in routing table 0 loops: its gateway lies inside the route itself'],
    ]);
  });

  it('reports a loop in each table separately, and not a route that only leads into a loop', () => {
    const findings = check([
      '<route ip="10.0.0.0/8" gateway="10.1.1.1" table="1"/>',
      '<route ip="10.0.0.0/8" gateway="10.1.1.1" table="2"/>',
      '<route ip="172.16.0.0/12" gateway="10.2.2.2" table="2"/>',
    ]);
    expect(findings.map((finding) => finding.range.start.line)).toEqual([1, 2]);
  });

  it('stays silent when gateways resolve to an interface, recursively', () => {
    expect(
      check([
        '<subnet ip="192.0.2.0/24" port="wan"/>',
        '<route ip="0.0.0.0/0" gateway="192.0.2.1"/>',
        '<route ip="10.0.0.0/8" gateway="198.51.100.7"/>',
      ]),
    ).toEqual([]);
  });

  it('stays silent on a FreeBSD host, where a gateway off every connected network is refused, not looped', () => {
    expect(check(['<route ip="10.0.0.0/8" gateway="10.1.1.1"/>'], 'freebsd')).toEqual([]);
  });
});
