import { describe, expect, it } from 'vitest';
import { applyEdits } from '@pflint/core';
import { findingsOf, where } from './reference-host.js';

const check = (pfConf: string) => findingsOf('unused-macro', pfConf);

describe('unused-macro', () => {
  it('fires at the name of a macro nothing uses, with an unsafe fix that deletes its line', () => {
    const pfConf = 'ext_if = "vtnet0"\nssh_port = "2222"\npass in on $ext_if proto tcp to port 22\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['2:1']);
    expect(findings[0]!.message).toBe('macro `ssh_port` is defined but never used');
    const fix = findings[0]!.fixes![0]!;
    expect(fix.safety).toBe('unsafe');
    expect(applyEdits(pfConf, fix.edits)).toBe('ext_if = "vtnet0"\npass in on $ext_if proto tcp to port 22\n');
  });

  it('deletes a trailing comment with the line, and fires once per unused macro', () => {
    const pfConf = 'old_gw = "192.0.2.254" # before the move\nold_if = "em0"\npass all\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['1:1', '2:1']);
    expect(applyEdits(pfConf, findings[0]!.fixes![0]!.edits)).toBe('old_if = "em0"\npass all\n');
  });

  it('counts a use inside another macro\'s definition', () => {
    expect(check('host1 = "192.0.2.1"\nhost2 = "192.0.2.2"\nhosts = "{" $host1 $host2 "}"\npass in from $hosts\n')).toEqual([]);
  });

  it('stays silent when every macro is used', () => {
    expect(check('ext_if = "vtnet0"\npass in on $ext_if\n')).toEqual([]);
  });
});
