import { describe, expect, it } from 'vitest';
import { findRule, renderRuleDoc } from '@pflint/core';
import { runPflint } from './run.js';

describe('pflint explain', () => {
  it("prints the rule's page", () => {
    const result = runPflint(['explain', 'fib-out-of-range']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(renderRuleDoc(findRule('fib-out-of-range')!.meta));
    expect(result.stdout).toMatch(/^# fib-out-of-range\n/);
    for (const section of ['## What it does', '## Why it matters', '## Example', '## How to fix it']) expect(result.stdout).toContain(section);
  });

  it('suggests ids that share a word with an unknown one', () => {
    const result = runPflint(['explain', 'fib-range']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^pflint explain: no rule 'fib-range'; did you mean [a-z, -]*\bfib-out-of-range\b[a-z, -]*\? \(see `pflint rules`\)\n$/);
  });

  it('needs exactly one rule id', () => {
    expect(runPflint(['explain']).code).toBe(2);
    expect(runPflint(['explain', 'a', 'b']).code).toBe(2);
    expect(runPflint(['explain', 'zzz']).stderr).toBe("pflint explain: no rule 'zzz' (see `pflint rules`)\n");
  });
});
