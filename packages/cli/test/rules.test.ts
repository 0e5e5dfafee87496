import { describe, expect, it } from 'vitest';
import { RULES } from '@pflint/core';
import { runPflint } from './run.js';

describe('pflint rules', () => {
  it('lists every rule with its category, severity, fix kind and summary', () => {
    const result = runPflint(['rules']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+CATEGORY\s+SEVERITY\s+FIX\s+SUMMARY$/);
    expect(lines).toHaveLength(RULES.length + 1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^fib-out-of-range\s+routing\s+error\s+unsafe\s+A FIB number at or above net\.fibs, so the table does not exist$/),
    );
  });

  it('lists them as JSON with a link to each page', () => {
    const result = runPflint(['rules', '--format', 'json']);
    const { rules } = JSON.parse(result.stdout) as { rules: { id: string; docs: string; fixable: string | null }[] };
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    expect(rules.find((rule) => rule.id === 'syntax-error')?.fixable).toBeNull();
    expect(rules.find((rule) => rule.id === 'config-error')?.docs).toMatch(/\/docs\/rules\/config-error\.md$/);
  });

  it('rejects an unknown format as bad usage', () => {
    const result = runPflint(['rules', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("pflint rules: --format must be one of text, json, not 'xml'\n");
  });

  it('takes no operands and no unknown options', () => {
    expect(runPflint(['rules', 'missing-reply-to'])).toMatchObject({ code: 2, stderr: "pflint rules: rules takes no operands, not 'missing-reply-to'\n" });
    expect(runPflint(['rules', '--bogus'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^pflint rules: Unknown option '--bogus'/) });
  });
});
