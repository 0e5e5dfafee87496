import { describe, expect, it } from 'vitest';
import { applyRuleSettings, runRules, type Finding, type Rule } from '@pflint/core';
import { fibOutOfRange } from '../../src/rules/fib-out-of-range.js';
import { analysisOf } from './fake-host.js';

const OUT_OF_RANGE = { 'boot/loader.conf': 'net.fibs="2"\n', 'etc/rc.conf': 'ifconfig_gif0="up fib 3"\n' };

describe('runRules', () => {
  it('runs every registered rule by default', () => {
    expect(runRules(analysisOf(OUT_OF_RANGE)).map((finding) => finding.ruleId)).toEqual(['fib-out-of-range']);
  });

  it('uses the configured severity instead of the default', () => {
    const [finding] = runRules(analysisOf(OUT_OF_RANGE), { settings: { 'fib-out-of-range': 'info' } });
    expect(finding?.severity).toBe('info');
  });

  it('does not run a rule that is turned off', () => {
    expect(runRules(analysisOf(OUT_OF_RANGE), { settings: { 'fib-out-of-range': 'off' } })).toEqual([]);
  });

  it('turns a rule that throws into an internal-error finding and runs the others', () => {
    const broken: Rule = {
      meta: { ...fibOutOfRange.meta, id: 'always-broken' },
      check: () => {
        throw new Error('boom');
      },
    };
    const findings = runRules(analysisOf(OUT_OF_RANGE), { rules: [broken, fibOutOfRange] });
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['internal-error', 'rule always-broken failed: boom'],
      ['fib-out-of-range', expect.stringContaining('FIB 3')],
    ]);
    expect(findings[0]!.range).toMatchObject({ file: 'boot/loader.conf', start: { line: 1, column: 1 } });
  });
});

describe('applyRuleSettings', () => {
  const origin = { line: 1, column: 1, offset: 0 };
  const finding = (ruleId: string): Finding => ({
    ruleId,
    severity: 'error',
    message: 'm',
    range: { file: 'f', start: origin, end: origin },
  });

  it('re-levels and drops front-end findings by id, leaving others alone', () => {
    const result = applyRuleSettings([finding('syntax-error'), finding('config-error'), finding('other')], {
      'syntax-error': 'warning',
      'config-error': 'off',
    });
    expect(result.map((item) => [item.ruleId, item.severity])).toEqual([
      ['syntax-error', 'warning'],
      ['other', 'error'],
    ]);
  });
});
