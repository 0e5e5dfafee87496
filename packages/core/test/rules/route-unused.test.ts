import { describe, expect, it } from 'vitest';
import { findRule } from '@pflint/core';
import { findingsOf, RC_CONF } from './reference-host.js';

const check = (rcConf: string) => findingsOf('route-unused', 'pass all\n', rcConf);

describe('route-unused', () => {
  it('fires at a route_<name> and an ipv6_route_<name> that no list names', () => {
    const rcConf = `${RC_CONF}static_routes="lan"\nroute_lan="-net 10.1.0.0/16 192.0.2.1"\nroute_dmz="-net 10.2.0.0/16 192.0.2.1"\nipv6_route_v6lan="2001:db8:1:: -prefixlen 48 2001:db8::1"\n`;
    const findings = check(rcConf);
    expect(findings.map((finding) => finding.range.start.line)).toEqual([12, 13]);
    expect(findings[0]!.message).toContain('`static_routes` does not name it');
  });

  it('stays silent when the lists name every route variable', () => {
    const rcConf = `${RC_CONF}static_routes="lan"\nroute_lan="-net 10.1.0.0/16 192.0.2.1"\nipv6_static_routes="v6"\nipv6_route_v6="2001:db8:1:: -prefixlen 48 2001:db8::1"\n`;
    expect(check(rcConf)).toEqual([]);
  });

  it('is registered so it can be configured and explained', () => {
    expect(findRule('route-unused')?.meta.severity).toBe('warning');
  });
});
