import { describe, expect, it } from 'vitest';
import { applyEdits } from '@pflint/core';
import { findingsOf, RC_CONF, where } from './reference-host.js';

const check = (pfConf: string, rcConf = RC_CONF) => findingsOf('host-bits-set', pfConf, rcConf);

describe('host-bits-set', () => {
  it('fires at a table entry with host bits, with a safe fix that writes the network pfctl loads', () => {
    const pfConf = 'table <office> { 192.0.2.77/25 }\nblock from <office>\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['1:18']);
    expect(findings[0]!.message).toBe('192.0.2.77/25 has host bits set: pfctl loads it as 192.0.2.0/25');
    expect(findings[0]!.fixes![0]!.safety).toBe('safe');
    expect(applyEdits(pfConf, findings[0]!.fixes![0]!.edits)).toBe('table <office> { 192.0.2.0/25 }\nblock from <office>\n');
  });

  it('fires at rule addresses (IPv6 too) and through macros, without a fix for the macro', () => {
    const pfConf = 'lan = "10.1.2.3/16"\npass in from $lan to 2001:db8::1/64\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['2:14', '2:22']);
    expect(findings[0]!.fixes).toBeUndefined();
  });

  it('fires at an rc.conf route destination with host bits, pointing at the destination', () => {
    const rcConf = `${RC_CONF}static_routes="lan"\nroute_lan="-net 10.1.2.3/16 192.0.2.1"\n`;
    const findings = check('pass all\n', rcConf);
    expect(findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column}`)).toEqual(['11:17']);
    expect(findings[0]!.message).toContain('installs 10.1.0.0/16');
  });

  it('stays silent on networks, single hosts, short forms and interface addresses', () => {
    const rcConf = `${RC_CONF}static_routes="lan"\nroute_lan="-net 10.1.0.0/16 192.0.2.1"\n`;
    expect(check('table <t> { 10.0.2/24, 192.0.2.0/25, 198.51.100.7 }\npass in from <t> to (vtnet0)/24\n', rcConf)).toEqual([]);
  });
});
