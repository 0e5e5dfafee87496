import { describe, expect, it } from 'vitest';
import { applyEdits } from '@pflint/core';
import { findingsOf, where } from './reference-host.js';

const check = (pfConf: string) => findingsOf('unused-table', pfConf);

describe('unused-table', () => {
  it('fires at the name of a table no rule uses, with an unsafe fix that deletes its line', () => {
    const pfConf = 'table <trusted> { 198.51.100.23 }\ntable <used> persist\nblock from <used>\n';
    const findings = check(pfConf);
    expect(where(findings)).toEqual(['1:8']);
    expect(findings[0]!.message).toBe('table <trusted> is defined but no rule uses it');
    const fix = findings[0]!.fixes![0]!;
    expect(fix.safety).toBe('unsafe');
    expect(applyEdits(pfConf, fix.edits)).toBe('table <used> persist\nblock from <used>\n');
  });

  it('counts overload and other tables\' entries as uses', () => {
    const pfConf = 'table <a> persist\ntable <b> { 10.0.0.0/8 }\ntable <c> { <b> }\npass in from <c> keep state (max-src-conn 3, overload <a>)\n';
    expect(check(pfConf)).toEqual([]);
  });

  it('stays silent when an anchor loaded at run time may use the table', () => {
    expect(check('table <trusted> { 198.51.100.23 }\nanchor "runtime"\n')).toEqual([]);
  });

  it('still fires when every anchor called is loaded or inline', () => {
    const pfConf = 'table <t> persist\nanchor "inline" {\n  pass all\n}\n';
    expect(where(check(pfConf))).toEqual(['1:8']);
  });
});
