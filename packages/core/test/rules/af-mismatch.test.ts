import { describe, expect, it } from 'vitest';
import type { HostAnalysis } from '../../src/analysis.js';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache } from '../../src/pf/reparse.js';
import type { PfSyntaxFile } from '../../src/pf/syntax.js';
import { afMismatch } from '../../src/rules/af-mismatch.js';
import { findingsOf, RC_CONF, where } from './reference-host.js';

const check = (pfConf: string, rcConf = RC_CONF) => findingsOf('af-mismatch', pfConf, rcConf);

describe('af-mismatch', () => {
  it('fires at the IPv6 address pfctl silently drops from an inet rule', () => {
    const findings = check('pass in inet from { 10.0.0.0/8, 2001:db8::/32 } to any\n');
    expect(where(findings)).toEqual(['1:33']);
    expect(findings[0]!.message).toBe('2001:db8::/32 is IPv6 but the rule is `inet`: pfctl silently leaves it out of the rule');
  });

  it('fires at an address that came from a macro', () => {
    const pfConf = 'dns = "{ 192.0.2.53, 2001:db8::53 }"\npass out inet6 proto udp to $dns port 53\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['2:29']);
    expect(findings[0]!.message).toContain('(from $dns)');
  });

  it('fires at a reply-to gateway of the other family among the rule\'s next hops', () => {
    const pfConf = 'pass in on gif0 reply-to { (gif0 10.255.0.1), (gif0 2001:db8::1) } inet6 to 2001:db8::10\n';
    expect(where(check(pfConf))).toEqual(['1:34']);
  });

  it('fires at an rc.conf route whose gateway is of the other family', () => {
    const rcConf = `${RC_CONF}ipv6_static_routes="lan"\nipv6_route_lan="2001:db8:1:: -prefixlen 48 192.0.2.1"\n`;
    expect(check('pass all\n', rcConf).map((finding) => finding.range.start.line)).toEqual([11]);
  });

  it('leaves a list with no address of the rule\'s family to pfctl\'s own error', () => {
    expect(check('pass in inet6 from 10.0.0.0/8 to any\n')).toEqual([]);
    expect(findingsOf('pf-semantic', 'pass in inet6 from 10.0.0.0/8 to any\n')).toHaveLength(1);
  });

  it('stays silent without inet/inet6, on mixed lists of the right family and with prefer-ipv6-nexthop', () => {
    expect(check('pass in from { 10.0.0.0/8, 2001:db8::/32 } to any\n')).toEqual([]);
    expect(check('pass in inet from { 10.0.0.0/8, <t>, 192.0.2.1 } to any\n')).toEqual([]);
    const nextHops = 'pass in on gif0 route-to { (gif0 10.255.0.1), (gif0 2001:db8::1) } inet to 192.0.2.10\n';
    expect(where(check(nextHops))).toEqual(['1:53']);
    expect(check(nextHops.replace('} inet', '} prefer-ipv6-nexthop inet'))).toEqual([]);
  });

  it('reports for a statement an edit kept what it reports after a fresh parse, at the statement\'s new place', () => {
    const reportsOf = (tree: PfSyntaxFile) =>
      [...afMismatch.check!({ host: { kind: 'none' }, pf: { syntax: tree } } as unknown as HostAnalysis)].map(
        (report) => `${report.range.start.line}:${report.range.start.column} ${report.message}`,
      );
    const cache = createPfParseCache();
    const options = { file: 'pf.conf' };
    const versions = [
      'pass in all\npass in inet from { 10.0.0.0/8, 2001:db8::/32 } to any\n',
      'block in all\n\npass in all\npass in inet from { 10.0.0.0/8, 2001:db8::/32 } to any\n',
      'block in all\n\npass in all\npass in inet6 from { 10.0.0.0/8, 2001:db8::/32 } to any\n',
    ];
    const reported = versions.map((text) => {
      const cached = reportsOf(cache.parse(text, options).tree);
      expect(cached).toEqual(reportsOf(parsePfConf(text, options).tree));
      return cached;
    });
    expect(reported.map((reports) => reports.map((report) => report.slice(0, report.indexOf(' '))))).toEqual([['2:33'], ['4:33'], ['4:22']]);
  });
});
