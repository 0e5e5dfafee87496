import { describe, expect, it } from 'vitest';
import { applyEdits, runRules, type Finding } from '@pflint/core';
import { fibOutOfRange } from '../../src/rules/fib-out-of-range.js';
import { analysisOf } from './fake-host.js';

function check(texts: Readonly<Record<string, string>>, complete = true): Finding[] {
  return runRules(analysisOf(texts, complete), { rules: [fibOutOfRange] });
}

const RC_CONF = [
  'hostname="radon"',
  'ifconfig_vtnet0="inet 192.0.2.10/24"',
  'ifconfig_gif0="inet 10.255.255.6 10.255.255.5 netmask 0xffffffff fib 1"',
  'ifconfig_bastille0="inet 10.254.254.1/24 fib 2"',
  '',
].join('\n');

describe('fib-out-of-range', () => {
  it('fires at the exact use of a FIB at net.fibs, pointing at the net.fibs line', () => {
    const findings = check({ 'boot/loader.conf': 'net.fibs="2"\n', 'etc/rc.conf': RC_CONF });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.ruleId).toBe('fib-out-of-range');
    expect(finding!.severity).toBe('error');
    expect(finding!.range.file).toBe('etc/rc.conf');
    expect(finding!.range.start).toMatchObject({ line: 4, column: 42 });
    expect(finding!.range.end).toMatchObject({ line: 4, column: 47 });
    expect(finding!.message).toBe('FIB 2 (the interface `fib`) does not exist: net.fibs is 2, so FIBs 0-1 exist');
    expect(finding!.related?.[0]?.range).toMatchObject({ file: 'boot/loader.conf', start: { line: 1 } });
  });

  it('offers an unsafe fix that raises net.fibs to one above the highest FIB used', () => {
    const texts = { 'boot/loader.conf': 'net.fibs="2"\n', 'etc/rc.conf': `${RC_CONF}ifconfig_epair0a="up fib 5"\n` };
    const analysis = analysisOf(texts);
    const findings = runRules(analysis, { rules: [fibOutOfRange] });
    expect(findings.map((finding) => finding.range.start.line)).toEqual([4, 5]);
    const fix = findings[0]!.fixes![0]!;
    expect(fix.safety).toBe('unsafe');
    expect(fix.description).toBe('Set net.fibs to 6');
    expect(applyEdits(texts['boot/loader.conf'], fix.edits)).toBe('net.fibs="6"\n');
  });

  it('counts from the default of 1 on a whole host without net.fibs, and appends the setting as the fix', () => {
    const texts = { 'boot/loader.conf': 'pf_load="YES"', 'etc/pf.conf': 'pass in on gif0 rtable 1\n' };
    const findings = check(texts);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.range).toMatchObject({ file: 'etc/pf.conf', start: { line: 1, column: 17 } });
    expect(findings[0]!.message).toBe(
      'FIB 1 (`rtable`) does not exist: net.fibs is not set, so it is 1, so only FIB 0 exists',
    );
    expect(findings[0]!.related).toBeUndefined();
    expect(applyEdits(texts['boot/loader.conf'], findings[0]!.fixes![0]!.edits)).toBe('pf_load="YES"\nnet.fibs="2"\n');
  });

  it('has no fix when neither net.fibs nor loader.conf was read', () => {
    const findings = check({ 'etc/pf.conf': 'pass in on gif0 rtable 1\n' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fixes).toBeUndefined();
  });

  it('stays silent when every FIB is below net.fibs', () => {
    expect(check({ 'boot/loader.conf': 'net.fibs="3"\n', 'etc/rc.conf': RC_CONF })).toEqual([]);
  });

  it('stays silent on FIB 0 without net.fibs', () => {
    expect(check({ 'etc/rc.conf': 'ifconfig_em0="inet 192.0.2.1/24 fib 0"\n' })).toEqual([]);
  });

  it('stays silent on loose files that never showed net.fibs', () => {
    expect(check({ 'etc/rc.conf': RC_CONF }, false)).toEqual([]);
  });

  it('still fires on loose files when loader.conf was among them', () => {
    expect(check({ 'boot/loader.conf': 'net.fibs="2"\n', 'etc/rc.conf': RC_CONF }, false)).toHaveLength(1);
  });

  it('stays silent on FireBrick routers, whose table count follows the tables used', () => {
    expect(check({ 'router.xml': '<config><route table="7"/></config>' })).toEqual([]);
  });
});
