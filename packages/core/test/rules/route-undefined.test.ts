import { describe, expect, it } from 'vitest';
import { findRule } from '@pflint/core';
import { findingsOf, RC_CONF } from './reference-host.js';

const check = (rcConf: string) => findingsOf('route-undefined', 'pass all\n', rcConf);
const lines = (rcConf: string) => check(rcConf).map((finding) => `${finding.range.start.line}:${finding.range.start.column}`);

describe('route-undefined', () => {
  it('fires at the list entry whose route_<name> is missing, IPv4 and IPv6', () => {
    const rcConf = `${RC_CONF}static_routes="lan dmz"\nroute_lan="-net 10.1.0.0/16 192.0.2.1"\nipv6_static_routes="v6lan"\n`;
    expect(lines(rcConf)).toEqual(['10:20', '12:21']);
    expect(check(rcConf)[0]!.message).toContain('`route_dmz` is not set');
  });

  it('stays silent when every entry has its variable', () => {
    expect(check(`${RC_CONF}static_routes="lan"\nroute_lan="-net 10.1.0.0/16 192.0.2.1"\n`)).toEqual([]);
  });

  it('is registered as a routing rule, with no check of its own (the host builder raises it)', () => {
    expect(findRule('route-undefined')?.meta.category).toBe('routing');
    expect(findRule('route-undefined')?.check).toBeUndefined();
  });
});
