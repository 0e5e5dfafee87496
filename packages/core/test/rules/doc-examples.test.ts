import { describe, expect, it } from 'vitest';
import { firebrickHostFromText, RULES, runRules, sourceFile } from '@pflint/core';

// A FireBrick rule's doc example is a whole router on its own (wrapped in <config> when it is a fragment), so
// what `pflint explain` shows can be checked as it is: the bad example raises the rule, the good one does not.
const FIREBRICK_RULES = RULES.filter((rule) => rule.check !== undefined && rule.meta.docs.example.language === 'firebrick');

function findingsOf(rule: (typeof RULES)[number], example: string): number {
  const text = example.trimStart().startsWith('<config') ? example : `<config>\n${example}\n</config>\n`;
  const host = firebrickHostFromText(text, 'router.xml');
  const analysis = { host, sources: new Map([['router.xml', sourceFile('router.xml', 'firebrick', text)]]), complete: true };
  return runRules(analysis, { rules: [rule] }).filter((finding) => finding.ruleId === rule.meta.id).length;
}

describe('FireBrick rules do what their docs show', () => {
  it('has FireBrick rules with examples to check', () => {
    expect(FIREBRICK_RULES.map((rule) => rule.meta.id)).toEqual(expect.arrayContaining(['override-reply-lost', 'override-unreachable', 'route-loop']));
  });

  it.each(FIREBRICK_RULES.map((rule) => [rule.meta.id, rule] as const))('%s: the bad example raises it, the good one does not', (_id, rule) => {
    expect(findingsOf(rule, rule.meta.docs.example.bad)).toBeGreaterThan(0);
    expect(findingsOf(rule, rule.meta.docs.example.good)).toBe(0);
  });
});
