import { describe, expect, it } from 'vitest';
import { findingsOf, where } from './reference-host.js';

const check = (pfConf: string) => findingsOf('undefined-anchor', pfConf);

describe('undefined-anchor', () => {
  it('fires at an anchor call that nothing loads, naming the anchor', () => {
    const findings = check('anchor "jails"\nload anchor "jail" from "/etc/pf.jails.conf"\npass all\n');
    expect(where(findings)).toEqual(['1:8']);
    expect(findings[0]!.message).toContain('anchor "jails" is called but pf.conf never loads rules into it');
  });

  it('fires at translation anchors too', () => {
    expect(where(check('nat-anchor "ftp"\npass all\n'))).toEqual(['1:12']);
  });

  it('stays silent for loaded anchors, inline anchors and wildcard calls', () => {
    const pfConf = [
      'anchor "jails"',
      'load anchor "jails" from "/etc/pf.jails.conf"',
      'anchor "local" {',
      '  pass in on vtnet0 proto tcp to port 22',
      '}',
      'anchor "local"',
      'anchor "relayd/*"',
      '',
    ].join('\n');
    expect(check(pfConf)).toEqual([]);
  });
});
