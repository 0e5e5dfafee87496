import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, memoryFileSystem, type Finding } from '@pflint/core';
import { shadowedRule } from '../../src/rules/shadowed-rule.js';

const RC_CONF = ['ifconfig_em0="inet 192.0.2.10/24"', 'ifconfig_em1="inet 10.0.0.1/24"', 'defaultrouter="192.0.2.1"', ''].join('\n');

/** Runs only shadowed-rule on a two-interface host whose pf.conf is `lines`. */
function check(lines: readonly string[]): Finding[] {
  const files = { 'host/etc/rc.conf': RC_CONF, 'host/etc/pf.conf': [...lines, ''].join('\n') };
  const result = checkPaths(memoryFileSystem(files), { paths: ['host'], builders: defaultHostBuilders, rules: [shadowedRule] });
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId === 'shadowed-rule');
}

/** `line <- shadowing lines` for each finding. */
function shadows(lines: readonly string[]): string[] {
  return check(lines).map(
    (finding) => `${finding.range.start.line} <- ${(finding.related ?? []).map((related) => related.range.start.line).join(',')}`,
  );
}

describe('shadowed-rule', () => {
  describe('fires', () => {
    it('on a rule whose packets an earlier quick rule decides, naming that rule', () => {
      const findings = check([
        'block in quick on em0 proto tcp from any to any port 1:1024',
        'pass in on em0 proto tcp from any to 192.0.2.10 port 22',
      ]);
      expect(findings.map((finding) => finding.range.start.line)).toEqual([2]);
      expect(findings[0]!.message).toContain('quick rule at line 1');
      expect(findings[0]!.related?.map((related) => related.range.start.line)).toEqual([1]);
    });

    it('on a non-quick rule that a later rule overrides (last match wins)', () => {
      expect(shadows(['pass in on em0 proto tcp to 192.0.2.10 port 22', 'block in on em0 proto tcp to 192.0.2.0/24'])).toEqual(['1 <- 2']);
    });

    it('on an exact duplicate, saying so', () => {
      const findings = check(['block in all', 'pass in on em0 proto tcp to port 80', 'pass in on em0 proto tcp to port 80']);
      expect(findings.map((finding) => finding.range.start.line)).toEqual([2]);
      expect(findings[0]!.message).toContain('duplicates the rule at line 3');
    });

    it('on a port range inside a wider range, and with every port operator', () => {
      expect(shadows(['block in quick proto tcp to port 1000:2000', 'pass in proto tcp to port 1200:1300'])).toEqual(['2 <- 1']);
      expect(shadows(['pass in quick proto udp to port > 1023', 'block in proto udp to port 5000 >< 6000'])).toEqual(['2 <- 1']);
      expect(shadows(['pass in quick proto udp to port != 53', 'block in proto udp to port 1 <> 65534'])).toEqual(['2 <- 1']);
    });

    it('on a prefix inside a wider prefix, and an address range inside a prefix', () => {
      expect(shadows(['block in quick from 10.0.0.0/8', 'pass in from 10.1.2.0/24'])).toEqual(['2 <- 1']);
      expect(shadows(['block in quick from 10.0.0.0/8', 'pass in from 10.0.0.5 - 10.0.0.9'])).toEqual(['2 <- 1']);
    });

    it('on addresses inside a table written inline, including the table itself', () => {
      expect(shadows(['table <lan> { 10.0.0.0/24, 10.0.1.0/24 }', 'block in quick from <lan>', 'pass in from 10.0.1.7'])).toEqual(['3 <- 2']);
      expect(shadows(['table <lan> { 10.0.0.0/24 }', 'block in quick from <lan>', 'pass in from <lan> to any port 22'])).toEqual([]);
      expect(shadows(['table <lan> { 10.0.0.0/24 }', 'block in quick from <lan>', 'pass in proto tcp from <lan> to any port 22'])).toEqual(['3 <- 2']);
    });

    it('on negation: of addresses, of table entries and of interfaces', () => {
      expect(shadows(['block in quick from ! 10.0.0.0/8', 'pass in from 192.0.2.0/24'])).toEqual(['2 <- 1']);
      expect(shadows(['table <t> { 10.0.0.0/8, !10.9.0.0/16 }', 'block in quick from <t>', 'pass in from 10.9.1.1'])).toEqual([]);
      expect(shadows(['table <t> { 10.0.0.0/8, !10.9.0.0/16 }', 'block in quick from <t>', 'pass in from 10.8.1.1'])).toEqual(['3 <- 2']);
      expect(shadows(['block in quick on ! em0 proto udp', 'pass in on em1 proto udp'])).toEqual(['2 <- 1']);
    });

    it('on a statement with lists only when every expanded rule is shadowed', () => {
      expect(shadows(['block in quick proto tcp to port { 22, 80 }', 'pass in proto tcp to port { 22, 80 }'])).toEqual(['2 <- 1']);
      expect(shadows(['block in quick proto tcp to port { 22, 80 }', 'pass in proto tcp to port { 22, 443 }'])).toEqual([]);
    });

    it('among many rules to the same destination, naming the one whose source (or port) covers it', () => {
      // More than a few candidates share `to any`, so the index looks the rule up by its source, then by its port.
      const bySource = Array.from({ length: 20 }, (_, index) => `block in quick from 10.0.${index}.0/24 to any`);
      expect(shadows([...bySource, 'pass in from 10.0.7.9 to any', 'pass in from 10.1.0.1 to any'])).toEqual(['21 <- 8']);
      const byPort = Array.from({ length: 20 }, (_, index) => `block in quick proto tcp to any port ${1000 + index}`);
      expect(shadows([...byPort, 'pass in proto tcp to any port 1007', 'pass in proto tcp to any port 2000'])).toEqual(['21 <- 8']);
    });

    it('inside an inline anchor, against the anchor\'s own rules', () => {
      expect(shadows(['anchor "inner" on em0 {', '  block in quick proto tcp', '  pass in proto tcp to port 22', '}'])).toEqual(['3 <- 2']);
    });
  });

  describe('stays silent', () => {
    it('on a partial overlap', () => {
      expect(shadows(['block in quick from 10.0.0.0/24', 'pass in from 10.0.0.128 - 10.0.1.5'])).toEqual([]);
      expect(shadows(['block in quick proto tcp to port 1000:2000', 'pass in proto tcp to port 1500:2500'])).toEqual([]);
    });

    it('on a table loaded from a file, or filled at run time', () => {
      expect(shadows(['table <bad> persist file "/etc/bad"', 'block in quick from <bad>', 'pass in from 10.0.0.1'])).toEqual([]);
      expect(shadows(['table <bad> persist', 'block in quick from <bad>', 'pass in from 10.0.0.1'])).toEqual([]);
    });

    it('on another interface or direction', () => {
      expect(shadows(['block in quick on em0 all', 'pass in on em1 all'])).toEqual([]);
      expect(shadows(['block out quick on em0 all', 'pass in on em0 all'])).toEqual([]);
      // A group pflint does not know may hold em1.
      expect(shadows(['block in quick on ! egress proto udp', 'pass in on em1 proto udp'])).toEqual([]);
    });

    it('on a match rule, which decides nothing, and after a translating match rule', () => {
      expect(shadows(['match in all scrub (no-df)', 'pass in all'])).toEqual([]);
      expect(shadows(['pass in proto tcp to port 22', 'match in all scrub (no-df)', 'pass in all'])).toEqual(['1 <- 3']);
    });

    it('behind an earlier rule that is narrower', () => {
      expect(shadows(['block in quick from 10.1.2.0/24', 'pass in from 10.0.0.0/8'])).toEqual([]);
    });

    it('on tags, users and probability that pflint cannot see', () => {
      expect(shadows(['block in quick tagged SSH', 'pass in tagged SSH proto tcp'])).toEqual([]);
      expect(shadows(['pass in proto tcp to port 22 tagged SSH', 'block in proto tcp'])).toEqual([]);
      expect(shadows(['block in quick proto tcp probability 50%', 'pass in proto tcp to port 22'])).toEqual([]);
    });

    it('when TCP flags let the later rule take only part of the packets', () => {
      // The pass only sees SYNs (flags S/SA by default); the block takes every TCP packet.
      expect(shadows(['pass in quick proto tcp to port 22', 'block in proto tcp to port 22'])).toEqual([]);
      expect(shadows(['block in quick proto tcp to port 22', 'pass in proto tcp to port 22'])).toEqual(['2 <- 1']);
    });

    it('on a quick rule, which a later rule cannot override', () => {
      expect(shadows(['pass in quick proto tcp to port 22', 'block in all'])).toEqual([]);
    });

    it('across an anchor whose rules are loaded at run time', () => {
      expect(shadows(['pass in proto tcp to port 22', 'anchor "relayd/*"', 'block in all'])).toEqual([]);
      expect(shadows(['block in quick all', 'anchor "relayd/*"', 'pass in proto tcp to port 22'])).toEqual([]);
    });
  });
});
