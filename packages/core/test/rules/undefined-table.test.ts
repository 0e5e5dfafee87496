import { describe, expect, it } from 'vitest';
import { findingsOf, where } from './reference-host.js';

const check = (pfConf: string) => findingsOf('undefined-table', pfConf);

describe('undefined-table', () => {
  it('fires at a misspelt table in a rule, naming the table', () => {
    const findings = check('table <bruteforce> persist\nblock quick from <brutefroce>\n');
    expect(where(findings)).toEqual(['2:19']);
    expect(findings[0]!.message).toContain('table <brutefroce> is not defined');
    expect(findings[0]!.severity).toBe('warning');
  });

  it('fires at an overload table that is not defined, and at a use through a macro', () => {
    const pfConf = 'bad = "<nope>"\npass in proto tcp to port 22 keep state (max-src-conn 5, overload <ssh_abuse> flush)\nblock from $bad\n';
    expect(where(check(pfConf))).toEqual(['2:68', '3:12']);
    expect(check(pfConf)[1]!.message).toContain('(from $bad)');
  });

  it('stays silent when every table used is defined, in rules, overload and other tables', () => {
    const pfConf = [
      'table <inner> { 10.0.0.0/8 }',
      'table <outer> { <inner>, 192.0.2.0/24 }',
      'table <abuse> persist',
      'pass in from <outer> to any keep state (max-src-conn 5, overload <abuse>)',
      'block from <abuse>',
      '',
    ].join('\n');
    expect(check(pfConf)).toEqual([]);
  });
});
