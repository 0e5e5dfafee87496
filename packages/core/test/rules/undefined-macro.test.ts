import { describe, expect, it } from 'vitest';
import { findRule } from '@pflint/core';
import { findingsOf, where } from './reference-host.js';

const check = (pfConf: string) => findingsOf('undefined-macro', pfConf);

describe('undefined-macro', () => {
  it('is raised by the pf front end at the $use, once, as an error', () => {
    const pfConf = 'ext_if = "vtnet0"\npass in on $extif proto tcp to port 22\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['2:12']);
    expect(findings[0]!.severity).toBe('error');
    expect(findingsOf('pf-semantic', pfConf)).toEqual([]);
  });

  it('counts a macro defined further down as undefined, as pfctl reads top to bottom', () => {
    expect(where(check('pass in on $ext_if\next_if = "vtnet0"\n'))).toEqual(['1:12']);
  });

  it('stays silent when the macro is defined first', () => {
    expect(check('ext_if = "vtnet0"\npass in on $ext_if\n')).toEqual([]);
  });

  it('is registered with docs, so it can be configured and explained', () => {
    expect(findRule('undefined-macro')?.meta.category).toBe('references');
  });
});
