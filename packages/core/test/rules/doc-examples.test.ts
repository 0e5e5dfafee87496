import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, memoryFileSystem, RULES, type Rule } from '@pflint/core';
import { runOnFirebrick } from './routes-fixture.js';

// What `pflint explain` shows must work: a rule's bad example raises it, its good example does not.
// A FireBrick example is a router on its own (wrapped in <config> when it is a fragment); a pf.conf or
// rc.conf example is checked as the only file of a host, unless it describes other files of the host in
// comments (loader.conf, rc.conf beside pf.conf, included files): those are listed here, and their rules
// have tests of their own with whole hosts.
const EXAMPLES_WITH_OTHER_FILES = new Set([
  'fib-gap',
  'fib-out-of-range',
  'forwarding-overridden',
  'gateway-not-enabled',
  'include-cycle',
  'include-not-found',
  'internal-error',
  'missing-reply-to',
  'missing-rtable',
  'mss-clamp',
  'rdr-filter-mismatch',
  'tunnel-proto-blocked',
  'tunnelfib-recursion',
  'unknown-interface',
]);

const HOST_FILES: Readonly<Record<string, string>> = { pf: '/h/etc/pf.conf', rcconf: '/h/etc/rc.conf' };

function firebrickFindings(rule: Rule, example: string): number {
  const text = example.trimStart().startsWith('<config') ? example : `<config>\n${example}\n</config>\n`;
  return runOnFirebrick(text, rule).filter((finding) => finding.ruleId === rule.meta.id).length;
}

function hostFindings(rule: Rule, file: string, example: string): number {
  const result = checkPaths(memoryFileSystem({ [file]: `${example}\n` }), { paths: ['/h'], builders: defaultHostBuilders });
  return result.findings.filter((finding) => finding.ruleId === rule.meta.id).length;
}

const firebrick = RULES.filter((rule) => rule.check !== undefined && rule.meta.docs.example.language === 'firebrick');
const standalone = RULES.filter((rule) => HOST_FILES[rule.meta.docs.example.language] !== undefined && !EXAMPLES_WITH_OTHER_FILES.has(rule.meta.id));

describe('rules do what their docs show', () => {
  it('checks the examples of most rules, and lists only rules that exist as needing other files', () => {
    expect(firebrick.map((rule) => rule.meta.id)).toEqual(expect.arrayContaining(['override-reply-lost', 'override-unreachable', 'route-loop']));
    expect(standalone.length).toBeGreaterThan(20);
    const ids = new Set(RULES.map((rule) => rule.meta.id));
    expect([...EXAMPLES_WITH_OTHER_FILES].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(firebrick.map((rule) => [rule.meta.id, rule] as const))('%s (FireBrick): the bad example raises it, the good one does not', (_id, rule) => {
    expect(firebrickFindings(rule, rule.meta.docs.example.bad)).toBeGreaterThan(0);
    expect(firebrickFindings(rule, rule.meta.docs.example.good)).toBe(0);
  });

  it.each(standalone.map((rule) => [rule.meta.id, rule] as const))('%s: the bad example raises it as the only file of a host, the good one does not', (_id, rule) => {
    const file = HOST_FILES[rule.meta.docs.example.language]!;
    expect(hostFindings(rule, file, rule.meta.docs.example.bad)).toBeGreaterThan(0);
    expect(hostFindings(rule, file, rule.meta.docs.example.good)).toBe(0);
  });
});
