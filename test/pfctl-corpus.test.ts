import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPflint } from '../packages/cli/test/run.js';
import { PFCTL_CORPUS as CORPUS } from '../packages/core/test/shared-material.js';

/**
 * Acceptance over FreeBSD's pfctl regression files: `pflint print` must do
 * what `pfctl -o none -nvf` does with each of them. Run from the corpus folder,
 * because `include` and `table ... file` paths in it are relative to it.
 */
const names = fs.readdirSync(CORPUS).sort();
const has = (name: string) => names.includes(name);
const stems = [...new Set(names.filter((name) => /^pf\d{4}\.(in|ok|fail)$/.test(name)).map((name) => name.slice(0, 6)))];

/** The loopback addresses of FreeBSD's test hosts (the .ok files print them for `lo0`). */
const LOOPBACK = ['lo0=127.0.0.1/8', 'lo0=::1/128', 'lo0=fe80::1/64'];

function interfaceArguments(stem: string): string[] {
  const number = Number(stem.slice(2));
  const addresses = [...LOOPBACK];
  // FreeBSD's harness creates vlanNNNN with these addresses for the tests that name it.
  if (number >= 1057 && number <= 1064) {
    addresses.push(`vlan${number}=203.0.113.5/30`, `vlan${number}=2001:db8::203.0.113.5/126`);
  }
  return addresses.flatMap((address) => ['--ifaddr', address]);
}

/**
 * Inputs without a partner here: decided from the grammar. All five use only
 * constructs FreeBSD 15's pfctl accepts (match rules with nat-to/rdr-to/
 * binat-to and tags are filter rules, so no section order applies; plain nat
 * with or without the default proxy port range).
 */
const ACCEPTED_WITHOUT_PARTNER = new Set(['pf0016', 'pf0070', 'pf0072', 'pf1035', 'pf1036']);

/** Accepted mismatches, by name and check, with the reason. */
const ACCEPTED_MISMATCHES: ReadonlyMap<string, string> = new Map([
  ['pf1005.in', 'the corpus pair is out of step (README): pf1005.ok lacks the rdr line the .in has'],
  [
    'pf1005.ok',
    "`route-to (lo0 ?)` is pfctl printing an address it could not format; `?` is no host, so pfctl rejects it as input too",
  ],
]);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function print(stem: string, file: string): Outcome {
  const { code, stdout, stderr } = runPflint(['print', ...interfaceArguments(stem), file], { cwd: CORPUS });
  return { code, stdout, stderr };
}

interface ExactCheck {
  readonly name: string;
  readonly expected: string;
  readonly outcome: Outcome;
}

const exactChecks: ExactCheck[] = [];
for (const stem of stems) {
  if (!has(`${stem}.ok`)) continue;
  const expected = fs.readFileSync(path.join(CORPUS, `${stem}.ok`), 'utf8');
  if (has(`${stem}.in`)) exactChecks.push({ name: `${stem}.in`, expected, outcome: print(stem, `${stem}.in`) });
  exactChecks.push({ name: `${stem}.ok`, expected, outcome: print(stem, `${stem}.ok`) });
}
const exactMatches = exactChecks.filter((check) => check.outcome.code === 0 && check.outcome.stdout === check.expected);

describe('FreeBSD pfctl corpus', () => {
  it(`reproduces at least 95% of the expected outputs exactly`, () => {
    const rate = exactMatches.length / exactChecks.length;
    console.log(
      `pfctl corpus: ${exactMatches.length}/${exactChecks.length} exact (${(rate * 100).toFixed(1)}%); ` +
        `mismatches: ${exactChecks
          .filter((check) => !exactMatches.includes(check))
          .map((check) => check.name)
          .join(', ') || 'none'}`,
    );
    expect(exactChecks.length).toBeGreaterThan(100);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  for (const check of exactChecks) {
    const reason = ACCEPTED_MISMATCHES.get(check.name);
    if (reason) {
      it(`${check.name}: known mismatch (${reason})`, () => {
        // Stays listed only while it really differs; remove it from the list once it matches.
        expect(check.outcome.stdout).not.toBe(check.expected);
      });
      continue;
    }
    it(`${check.name} prints exactly ${check.name.slice(0, 6)}.ok`, () => {
      expect(check.outcome.stderr).toBe('');
      expect(check.outcome.code).toBe(0);
      expect(check.outcome.stdout).toBe(check.expected);
    });
  }

  for (const stem of stems.filter((candidate) => has(`${candidate}.fail`))) {
    it(`${stem}.in is rejected with the message in ${stem}.fail`, () => {
      const pattern = new RegExp(fs.readFileSync(path.join(CORPUS, `${stem}.fail`), 'utf8').trim());
      const outcome = print(stem, `${stem}.in`);
      expect(outcome.code).toBe(1);
      expect(outcome.stdout + outcome.stderr).toMatch(pattern);
      expect(outcome.stderr).toMatch(/^pf\d{4}\.(in|include):\d+: /m);
    });
  }

  for (const stem of stems.filter((candidate) => has(`${candidate}.in`) && !has(`${candidate}.ok`) && !has(`${candidate}.fail`))) {
    it(`${stem}.in (no partner here) is accepted, as decided from the grammar`, () => {
      expect(ACCEPTED_WITHOUT_PARTNER.has(stem)).toBe(true);
      const outcome = print(stem, `${stem}.in`);
      expect(outcome.stderr).toBe('');
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).not.toBe('');
    });
  }
});
