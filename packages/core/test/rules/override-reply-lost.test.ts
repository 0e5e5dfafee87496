import { describe, expect, it } from 'vitest';
import { applyEdits } from '@pflint/core';
import { overrideReplyLost } from '../../src/rules/override-reply-lost.js';
import { runOnFirebrick } from './routes-fixture.js';

const INTERFACES = [
  '<config>',
  '<interface name="lan" port="LAN"><subnet ip="192.168.20.1/24"/></interface>',
  '<interface name="isp-a" port="WAN" vlan="101"><subnet ip="203.0.113.2/30" gateway="203.0.113.1"/></interface>',
  '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30" gateway="198.51.100.9"/></interface>',
];

function routerText(...rules: string[]): string {
  return [...INTERFACES, '<route-override name="guests-via-b">', ...rules.map((rule) => `  ${rule}`), '</route-override>', '</config>', ''].join('\n');
}

function check(text: string) {
  return runOnFirebrick(text, overrideReplyLost);
}

const FORWARD = '<rule name="guest-web" source-ip="192.168.20.128/25" protocol="6" target-port="80 443" set-gateway="198.51.100.9" set-table="1"/>';

describe('override-reply-lost', () => {
  it('fires when the replies arrive on the second uplink and its table sends them out again', () => {
    const findings = check(routerText(FORWARD));
    expect(findings.map((finding) => `${finding.range.start.line} ${finding.ruleId} ${finding.severity}`)).toEqual(['6 override-reply-lost warning']);
    expect(findings[0]!.message).toBe(
      "Replies to the sessions route override rule 'guest-web' sends on arrive on isp-b and are routed in table 1, which sends them out of isp-b, not back to 192.168.20.129 on lan: add a rule for the replies that sets table 0",
    );
    expect(findings[0]!.related?.[0]?.range.start.line).toBe(4);
  });

  it('offers the mirrored rule for the replies as an unsafe fix, after which it is silent', () => {
    const text = routerText(FORWARD);
    const [finding] = check(text);
    const fix = finding!.fixes![0]!;
    expect(fix.safety).toBe('unsafe');
    const fixed = applyEdits(text, fix.edits);
    expect(fixed.split('\n')[6]).toBe('  <rule name="guest-web-replies" target-ip="192.168.20.128/25" source-port="80 443" protocol="6" set-table="0"/>');
    expect(check(fixed)).toEqual([]);
  });

  it('checks a rule for one client address too', () => {
    const findings = check(routerText('<rule source-ip="192.168.20.5" set-gateway="198.51.100.9" set-table="1"/>'));
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('not back to 192.168.20.5 on lan')]);
  });

  it('stays silent when a rule for the replies brings them back to the table of the clients', () => {
    expect(check(routerText(FORWARD, '<rule name="back" target-ip="192.168.20.128/25" protocol="6" source-port="80 443" set-table="0"/>'))).toEqual([]);
  });

  it('stays silent when the override stays in the clients\' table, and for rules without source-ip', () => {
    expect(check(routerText('<rule source-ip="192.168.20.128/25" set-gateway="203.0.113.1"/>'))).toEqual([]);
    expect(check(routerText('<rule target-ip="198.18.0.0/15" set-table="1"/>'))).toEqual([]);
  });

  it('checks rule-set rules that set a table, with their rule-set\'s match attributes, and offers no fix for them', () => {
    const ruleSet = (...rules: string[]) =>
      [...INTERFACES, '<rule-set name="guests" source-ip="192.168.20.128/25" source-interface="lan">', ...rules, '</rule-set>', '</config>', ''].join('\n');
    const findings = check(ruleSet('<rule name="web" protocol="6" target-port="443" set-table="1" action="accept"/>'));
    expect(findings.map((finding) => finding.message)).toEqual([
      "Replies to the sessions rule-set rule 'web' sends on arrive on isp-b and are routed in table 1, which sends them out of isp-b, not back to 192.168.20.129 on lan: add a rule for the replies that sets table 0",
    ]);
    expect(findings[0]!.fixes).toBeUndefined();
    const withReplies = ruleSet('<rule name="web" protocol="6" target-port="443" set-table="1" action="accept"/>').replace(
      '</config>',
      '<rule-set name="replies" source-interface="isp-b"><rule target-ip="192.168.20.128/25" protocol="6" source-port="443" set-table="0" action="accept"/></rule-set>\n</config>',
    );
    expect(check(withReplies)).toEqual([]);
  });

  it('checks a rule-set rule with the sessions it shares with its rule-set when the two overlap only partly', () => {
    const ruleSet = (entry: string, rule: string) =>
      [...INTERFACES, `<rule-set name="guests" source-interface="lan" ${entry}>`, `<rule name="web" ${rule} set-table="1" action="accept"/>`, '</rule-set>', '</config>', ''].join('\n');
    const addresses = check(ruleSet('source-ip="192.168.20.64-192.168.20.191"', 'source-ip="192.168.20.0/25" protocol="6" target-port="443"'));
    expect(addresses.map((finding) => finding.message)).toEqual([expect.stringContaining('not back to 192.168.20.65 on lan')]);
    const ports = check(ruleSet('source-ip="192.168.20.128/25" protocol="6" target-port="443 8000-8100"', 'target-port="80-443 8080"'));
    expect(ports.map((finding) => finding.message)).toEqual([expect.stringContaining('not back to 192.168.20.129 on lan')]);
    const protocols = check(ruleSet('source-ip="192.168.20.128/25" protocol="6 17"', 'protocol="1 17"'));
    expect(protocols).toHaveLength(1);
    // The lowest shared protocol (6, TCP) is the one checked, whichever order either side lists them in, and also
    // when only one side lists any: TCP replies are sent back by table 0 here, so there is nothing to report.
    const tcpRepliesHandled = (entry: string, rule: string) =>
      ruleSet(`source-ip="192.168.20.128/25" ${entry}`, rule).replace(
        '</config>',
        '<rule-set name="replies" source-interface="isp-b"><rule target-ip="192.168.20.128/25" protocol="6" set-table="0" action="accept"/></rule-set>\n</config>',
      );
    expect(check(tcpRepliesHandled('protocol="17 6"', 'protocol="6 17"'))).toEqual([]);
    expect(check(tcpRepliesHandled('', 'protocol="17 6"'))).toEqual([]);
    expect(check(tcpRepliesHandled('protocol="17 6"', ''))).toEqual([]);
    expect(check(tcpRepliesHandled('protocol="17"', ''))).toHaveLength(1);
  });

  it('stays silent for a rule-set rule that no session of its rule-set can reach', () => {
    const ruleSet = (entry: string, rule: string) =>
      [...INTERFACES, `<rule-set name="guests" ${entry}>`, `<rule name="web" ${rule} set-table="1" action="accept"/>`, '</rule-set>', '</config>', ''].join('\n');
    expect(check(ruleSet('source-ip="192.168.20.128/25"', 'source-ip="192.168.20.0/25"'))).toEqual([]);
    expect(check(ruleSet('source-ip="192.168.20.128/25" target-port="443"', 'protocol="6" target-port="80"'))).toEqual([]);
    expect(check(ruleSet('source-ip="192.168.20.128/25" protocol="6"', 'protocol="17"'))).toEqual([]);
    expect(check(ruleSet('source-ip="192.168.20.128/25" source-interface="lan"', 'source-interface="isp-a"'))).toEqual([]);
    expect(check(ruleSet('source-ip="192.168.20.128/25"', 'source-ip="2001:db8::/64"'))).toEqual([]);
  });

  it('stays silent when a rule-set drops or rejects the sessions the override would move: they are never routed', () => {
    const withRuleSet = (ruleSet: string) => routerText(FORWARD).replace('<route-override', `${ruleSet}\n<route-override`);
    expect(check(withRuleSet('<rule-set name="no-guest-web" source-ip="192.168.20.128/25"><rule protocol="6" target-port="443 80" action="reject"/></rule-set>'))).toEqual([]);
    expect(check(withRuleSet('<rule-set name="lan" source-interface="lan" no-match-action="drop"/>'))).toEqual([]);
    // Accepted sessions are routed by the override: the finding stays.
    expect(check(withRuleSet('<rule-set name="lan" source-interface="lan" no-match-action="drop"><rule protocol="6" action="accept"/></rule-set>'))).toHaveLength(1);
  });

  it('says the replies are dropped when the reply table has no route for them', () => {
    const text = [
      '<config>',
      '<interface name="lan" port="LAN"><subnet ip="192.168.20.1/24"/></interface>',
      '<interface name="isp-b" port="WAN" vlan="102" table="1"><subnet ip="198.51.100.10/30"/></interface>',
      '<route-override><rule source-ip="192.168.20.0/24" set-gateway="198.51.100.9" set-table="1"/></route-override>',
      '</config>',
    ].join('\n');
    const [finding] = check(text);
    expect(finding?.message).toMatch(/are routed in table 1, where they are dropped \(no route in table 1 matches 192\.168\.20\.2\), not back to 192\.168\.20\.2 on lan/);
  });
});
