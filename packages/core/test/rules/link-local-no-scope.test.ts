import { describe, expect, it } from 'vitest';
import { findingsOf, RC_CONF, where } from './reference-host.js';

const check = (pfConf: string, rcConf = RC_CONF) => findingsOf('link-local-no-scope', pfConf, rcConf);

describe('link-local-no-scope', () => {
  it('fires at an IPv6 default router without %interface', () => {
    const findings = check('pass all\n', RC_CONF.replace('fe80::1%vtnet0', 'fe80::1'));
    expect(findings.map((finding) => finding.range.start.line)).toEqual([4]);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.message).toContain('gateway fe80::1 is link-local but names no interface');
  });

  it('fires at a static IPv6 route through an unscoped link-local gateway', () => {
    const rcConf = `${RC_CONF}ipv6_static_routes="lan"\nipv6_route_lan="2001:db8:1:: -prefixlen 48 fe80::2"\n`;
    expect(check('pass all\n', rcConf).map((finding) => finding.range.start.line)).toEqual([11]);
  });

  it('fires at an OpenBSD pf next hop written as a bare link-local address', () => {
    const findings = findingsOf('link-local-no-scope', 'pass out on vtnet0 inet6 from 2001:db8::/64 route-to fe80::1\n', RC_CONF, true, 'openbsd');
    expect(where(findings)).toEqual(['1:54']);
    expect(findings[0]!.message).toBe('next hop fe80::1 is link-local but names no interface: write it as (IF fe80::1)');
  });

  it('stays silent on scoped gateways, global gateways and route-to with an interface', () => {
    const rcConf = `${RC_CONF}ipv6_static_routes="lan"\nipv6_route_lan="2001:db8:1:: -prefixlen 48 2001:db8::1"\n`;
    expect(check('pass out on vtnet0 inet6 route-to (vtnet0 fe80::1) from 2001:db8::/64\n', rcConf)).toEqual([]);
  });
});
