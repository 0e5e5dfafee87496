import { describe, expect, it } from 'vitest';
import { overrideUnreachable } from '../../src/rules/override-unreachable.js';
import { runOnFirebrick } from './routes-fixture.js';

const INTERFACES = [
  '<config>',
  '<interface name="lan" port="LAN"><subnet ip="192.168.20.1/24"/></interface>',
  '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30"/></interface>',
  '<blackhole ip="10.0.0.0/8" table="1"/>',
];

function check(...rules: string[]) {
  const text = [...INTERFACES, '<route-override name="o">', ...rules, '</route-override>', '</config>'].join('\n');
  return runOnFirebrick(text, overrideUnreachable);
}

const lines = (findings: ReturnType<typeof check>) => findings.map((finding) => `${finding.range.start.line} ${finding.ruleId} ${finding.severity}`);

describe('override-unreachable', () => {
  it('stays silent when the gateway is reachable in the override table', () => {
    expect(check('<rule name="ok" source-ip="192.168.20.128/25" set-gateway="198.51.100.9" set-table="1"/>')).toEqual([]);
  });

  it('fires at the rule when the gateway has no route in the override table, though table 0 would reach it', () => {
    const findings = check('<rule name="typo" source-ip="192.168.20.128/25" set-gateway="192.168.20.9" set-table="1"/>');
    expect(lines(findings)).toEqual(['6 override-unreachable error']);
    expect(findings[0]!.message).toBe(
      "Route override rule 'typo' sends sessions to 192.168.20.9 in routing table 1, which cannot reach it: no route in table 1 matches 192.168.20.9",
    );
  });

  it('fires when the gateway resolves into a blackhole, naming the route', () => {
    const findings = check('<rule set-gateway="10.1.1.1" set-table="1"/>');
    expect(lines(findings)).toEqual(['6 override-unreachable error']);
    expect(findings[0]!.message).toMatch(/^Route override rule 'o' sends sessions to 10\.1\.1\.1 in routing table 1, which cannot reach it: it ends in a blackhole route$/);
    expect(findings[0]!.related?.[0]?.range.start.line).toBe(4);
  });

  it('fires when a table-only rule jumps into an empty table, and not into one with routes', () => {
    expect(lines(check('<rule set-table="5"/>', '<rule set-table="1"/>'))).toEqual(['6 override-unreachable error']);
  });

  it('stays silent when a rule-set drops or rejects every session the rule matches, and fires when it drops only some', () => {
    const withRuleSet = (ruleSet: string) => {
      const text = [...INTERFACES, ruleSet, '<route-override name="o">', '<rule source-ip="192.168.20.128/25" set-gateway="192.168.20.9" set-table="1"/>', '</route-override>', '</config>'].join('\n');
      return runOnFirebrick(text, overrideUnreachable);
    };
    expect(withRuleSet('<rule-set name="guests" source-ip="192.168.20.0/24"><rule action="drop"/></rule-set>')).toEqual([]);
    expect(withRuleSet('<rule-set name="servers" source-ip="10.0.0.0/8" no-match-action="drop"/><rule-set no-match-action="reject"/>')).toEqual([]);
    expect(lines(withRuleSet('<rule-set name="guests" source-ip="192.168.20.200-192.168.20.255"><rule action="drop"/></rule-set>'))).toEqual(['7 override-unreachable error']);
    expect(lines(withRuleSet('<rule-set name="guests"><rule protocol="6" action="accept"/><rule action="drop"/></rule-set>'))).toEqual(['7 override-unreachable error']);
  });

  it('says when the dead end hangs on a profile, and stays silent on a gateway routed into an FB105 tunnel (up or down)', () => {
    const checkText = (...elements: string[]) => {
      const text = ['<config>', INTERFACES[1]!, '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30" gateway="198.51.100.9"/></interface>', ...elements, '</config>'].join('\n');
      return runOnFirebrick(text, overrideUnreachable);
    };
    const nightly = checkText('<blackhole ip="10.0.0.0/8" table="1" profile="night"/>', '<route-override name="o"><rule set-gateway="10.1.1.1" set-table="1"/></route-override>');
    expect(nightly.map((finding) => finding.message)).toEqual([
      "Route override rule 'o' sends sessions to 10.1.1.1 in routing table 1, which cannot reach it: it ends in a blackhole route, except while profile night is off",
    ]);
    const spareAddress = '<fb105 name="hq" local-id="1" remote-id="7" ip="203.0.113.5" table="1"><route ip="192.0.2.1/32" table="1"/></fb105>';
    expect(checkText(spareAddress, '<route-override name="o"><rule set-gateway="192.0.2.1" set-table="1"/></route-override>')).toEqual([]);
  });

  it('does not judge a gateway without set-table: the table depends on where the session arrives', () => {
    expect(check('<rule set-gateway="203.0.113.99"/>')).toEqual([]);
  });
});
