import { describe, expect, it } from 'vitest';
import { findingsOf, RC_CONF, where } from './reference-host.js';

const check = (pfConf: string, rcConf = RC_CONF, complete = true) => findingsOf('unknown-interface', pfConf, rcConf, complete);

describe('unknown-interface', () => {
  it('fires at a pf rule on the name a bridge had before its rename', () => {
    const findings = check('pass in quick on bridge0 from 10.0.0.0/24\n');
    expect(where(findings)).toEqual(['1:18']);
    expect(findings[0]!.message).toBe('interface bridge0 is renamed to jails0 at boot: pf never sees bridge0');
  });

  it('fires in every place pf names an interface, and through macros', () => {
    const pfConf = [
      'lan = "lan0"',
      'set skip on lo1',
      'antispoof for em0',
      'pass in on $lan',
      'pass out to (wlan0)',
      'pass in from em1:network',
      'pass in on vtnet0 route-to (em2 192.0.2.1) from 10.0.0.0/24',
      '',
    ].join('\n');
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['2:13', '3:15', '4:12', '5:14', '6:14', '7:29']);
    expect(findings[2]!.message).toBe('interface lan0 (from $lan) does not exist on this host');
  });

  it('knows renamed and cloned interfaces, groups and interfaces made at run time', () => {
    const pfConf = [
      'set skip on { lo0, pflog0 }',
      'pass on jails0',
      'pass on bridge',
      'pass on gif0',
      'pass on gif',
      'pass out on egress',
      'pass on vtnet',
      'pass in on tun0',
      'pass in from (vtnet0:network) to jails0:network',
      'pass out on vtnet0 route-to (gif0 10.255.0.1) from 10.0.0.0/24',
      '',
    ].join('\n');
    expect(check(pfConf)).toEqual([]);
  });

  it('stays silent on loose files, which may lack the rc.conf that creates the interface', () => {
    expect(check('pass in quick on bridge0\n', RC_CONF, false)).toEqual([]);
  });

  it('keeps the rc.conf findings of the host builder under the same id', () => {
    const findings = check('pass all\n', `${RC_CONF}ifconfig_jails0="addm em7"\n`);
    expect(findings.map((finding) => `${finding.range.file}:${finding.range.start.line}`)).toEqual(['host/etc/rc.conf:10']);
  });
});
