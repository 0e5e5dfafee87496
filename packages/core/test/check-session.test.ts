import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY } from '../src/pf/parse.js';
import { CheckCancelled, checkPaths, createCheckSession, defaultHostBuilders, memoryFileSystem, type CheckOptions, type CheckResult } from '@pflint/core';

const ROOT = '/hosts/radon';
const PF_CONF = `${ROOT}/etc/pf.conf`;
const RC_CONF = `${ROOT}/etc/rc.conf`;
const CONFIG = `${ROOT}/.pflintrc.json`;
const INCLUDED = `${ROOT}/etc/pf.d/extra.pf`;
const corpus = (name: string): string => readFileSync(new URL(`../../../corpus/radon/${name}`, import.meta.url), 'utf8');
const RADON: Readonly<Record<string, string>> = {
  [PF_CONF]: corpus('etc/pf.conf'),
  [RC_CONF]: corpus('etc/rc.conf'),
  [`${ROOT}/boot/loader.conf`]: corpus('boot/loader.conf'),
};
const OPTIONS: CheckOptions = { paths: [ROOT], builders: defaultHostBuilders };

/** What a check says, in a form `toEqual` compares completely (the sources' line indexes are derived from the text). */
function outcome(result: CheckResult) {
  return {
    findings: result.findings,
    sources: [...result.sources].map(([path, file]) => [path, file.language, file.text]),
    hostCount: result.hostCount,
    suppressedCount: result.suppressedCount,
    errors: result.errors,
  };
}

/** pf lines an edit puts in: fine ones, and ones several rules and the parser object to. */
const PF_LINES = [
  'pass in on $ext_if inet proto tcp from <trusted_v4> to any port 22',
  'pass in on $ext_if inet proto tcp from <no_such_table> to any port 22',
  'block in quick on $undefined_if all',
  'pass out on $tun_if rtable 7',
  'pass in on $ext_if proto tcp to port { 80 443',
  'include "/etc/pf.d/extra.pf"',
  'anchor "inner" {\n  pass in on $ext_if proto udp to port 53\n}',
  '# pflint disable=undefined-table',
  'block in log all',
];
const RC_LINES = ['gateway_enable="NO"', 'ifconfig_em9="inet 192.0.2.9/24 fib 3"', 'static_routes="nowhere"', 'defaultrouter="198.51.100.1"'];

type Edit =
  | { readonly kind: 'pf-line'; readonly at: number; readonly line: number; readonly replace: boolean }
  | { readonly kind: 'pf-delete'; readonly at: number }
  | { readonly kind: 'rc-line'; readonly at: number; readonly line: number }
  | { readonly kind: 'included'; readonly text: string | undefined }
  | { readonly kind: 'config'; readonly text: string | undefined }
  | { readonly kind: 'undo'; readonly back: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('pf-line' as const), at: fc.nat(), line: fc.nat(PF_LINES.length - 1), replace: fc.boolean() }),
  fc.record({ kind: fc.constant('pf-delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rc-line' as const), at: fc.nat(), line: fc.nat(RC_LINES.length - 1) }),
  fc.record({ kind: fc.constant('included' as const), text: fc.constantFrom(undefined, 'pass in on $ext_if proto tcp to port 25\n', 'table <late> { 192.0.2.1 }\npass from <late>\n') }),
  fc.record({ kind: fc.constant('config' as const), text: fc.constantFrom(undefined, '{ "rules": { "shadowed-rule": "off" } }', '{ "dialect": "openbsd" }', '{ "rules": ') }),
  fc.record({ kind: fc.constant('undo' as const), back: fc.integer({ min: 1, max: 6 }) }),
);

function withLine(text: string, at: number, line: string, replace: boolean): string {
  const lines = text.split('\n');
  const index = at % lines.length;
  lines.splice(index, replace ? 1 : 0, line);
  return lines.join('\n');
}

function applyEdit(files: Record<string, string>, step: Edit, history: readonly Record<string, string>[]): Record<string, string> {
  const next = { ...files };
  const setOrRemove = (path: string, text: string | undefined): void => {
    if (text === undefined) delete next[path];
    else next[path] = text;
  };
  switch (step.kind) {
    case 'pf-line':
      next[PF_CONF] = withLine(files[PF_CONF]!, step.at, PF_LINES[step.line]!, step.replace);
      break;
    case 'pf-delete':
      next[PF_CONF] = withLine(files[PF_CONF]!, step.at, '', true);
      break;
    case 'rc-line':
      next[RC_CONF] = withLine(files[RC_CONF]!, step.at, RC_LINES[step.line]!, false);
      break;
    case 'included':
      setOrRemove(INCLUDED, step.text);
      break;
    case 'config':
      setOrRemove(CONFIG, step.text);
      break;
    case 'undo':
      return { ...history[Math.max(0, history.length - step.back)]! };
  }
  return next;
}

describe('check session', () => {
  it('gives what a fresh checkPaths gives, over random sequences of edits, undos, new and removed files', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const session = createCheckSession();
        const history: Record<string, string>[] = [];
        let files: Record<string, string> = { ...RADON };
        for (const step of [undefined, ...edits]) {
          if (step) files = applyEdit(files, step, history);
          history.push(files);
          const fs = memoryFileSystem(files);
          expect(outcome(session.check(fs, OPTIONS))).toEqual(outcome(checkPaths(fs, OPTIONS)));
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('answers from memory when every file reads as before, and checks again when one does not', () => {
    const session = createCheckSession();
    const first = session.check(memoryFileSystem(RADON), OPTIONS);
    expect(session.check(memoryFileSystem({ ...RADON }), OPTIONS)).toBe(first);
    const edited = { ...RADON, [PF_CONF]: `${RADON[PF_CONF]}pass out on $tun_if rtable 7\n` };
    const second = session.check(memoryFileSystem(edited), OPTIONS);
    expect(second).not.toBe(first);
    expect(second.findings.some((finding) => finding.ruleId === 'fib-out-of-range')).toBe(true);
    // The edit undone: the first result again, without a check.
    expect(session.check(memoryFileSystem(RADON), OPTIONS)).toBe(first);
  });

  it('keeps the positions of a result while later checks re-read pf.conf from an edited line on', () => {
    const session = createCheckSession();
    const broken = { ...RADON, [PF_CONF]: `${RADON[PF_CONF]}pass out on $tun_if rtable 7\n` };
    const first = session.check(memoryFileSystem(broken), OPTIONS);
    const positions = JSON.stringify(first.findings.map((finding) => finding.range));
    expect(first.findings.some((finding) => finding.ruleId === 'fib-out-of-range')).toBe(true);
    // Two lines more at the top: the statements the next check keeps from this one move down.
    const moved = { ...broken, [PF_CONF]: `# one\n# two\n${broken[PF_CONF]}` };
    const second = session.check(memoryFileSystem(moved), OPTIONS);
    expect(outcome(second)).toEqual(outcome(checkPaths(memoryFileSystem(moved), OPTIONS)));
    expect(JSON.stringify(first.findings.map((finding) => finding.range))).toBe(positions);
  });

  it('checks again when a file appears that the last check looked for and did not find', () => {
    const session = createCheckSession();
    const first = session.check(memoryFileSystem(RADON), OPTIONS);
    const configured = { ...RADON, [CONFIG]: '{ "rules": { "no-default-deny": "off", "unused-macro": "error" } }' };
    const second = session.check(memoryFileSystem(configured), OPTIONS);
    expect(second).not.toBe(first);
    expect(outcome(second)).toEqual(outcome(checkPaths(memoryFileSystem(configured), OPTIONS)));
  });

  it('does not reuse a result for other options', () => {
    const session = createCheckSession();
    const fs = memoryFileSystem(RADON);
    const freebsd = session.check(fs, OPTIONS);
    const openbsd = session.check(fs, { ...OPTIONS, dialect: 'openbsd' });
    expect(openbsd).not.toBe(freebsd);
    expect(outcome(openbsd)).toEqual(outcome(checkPaths(fs, { ...OPTIONS, dialect: 'openbsd' })));
  });

  it('forgets the oldest result beyond its capacity', () => {
    const session = createCheckSession(1);
    const first = session.check(memoryFileSystem(RADON), OPTIONS);
    session.check(memoryFileSystem({ ...RADON, [PF_CONF]: 'block all\n' }), OPTIONS);
    expect(session.check(memoryFileSystem(RADON), OPTIONS)).not.toBe(first);
  });

  it('stops at the first stage after cancellation, throwing instead of returning part of a result', () => {
    const session = createCheckSession();
    const fs = memoryFileSystem(RADON);
    for (const stagesBeforeCancel of [0, 1, 5, 20, 40]) {
      let asked = 0;
      expect(() => session.check(fs, OPTIONS, () => ++asked > stagesBeforeCancel)).toThrow(CheckCancelled);
      // Once cancelled, the check asks no more: it stopped at that stage.
      expect(asked).toBe(stagesBeforeCancel + 1);
    }
    // Nothing cancelled was remembered: the next check is complete and fresh.
    expect(outcome(session.check(fs, OPTIONS))).toEqual(outcome(checkPaths(fs, OPTIONS)));
  });

  it('asks while a pf.conf is parsed, more often the longer it is, not only before and after the host is built', () => {
    // Asked while the builder runs, after pf.conf was read: file reads ask too, but a longer pf.conf needs no more of them.
    const askedDuringParse = (extraRules: number): number => {
      const rules = Array.from({ length: extraRules }, (_, index) => `pass in on $ext_if proto tcp to port ${1024 + index}`);
      const memory = memoryFileSystem({ ...RADON, [PF_CONF]: `${RADON[PF_CONF]}\n${rules.join('\n')}\n` });
      let building = false;
      let pfConfRead = false;
      let asked = 0;
      const fs = { ...memory, readFile: (path: string) => ((pfConfRead ||= building && path === PF_CONF), memory.readFile(path)) };
      const builders = {
        freebsdHost: (...args: Parameters<NonNullable<typeof defaultHostBuilders.freebsdHost>>) => {
          building = true;
          const host = defaultHostBuilders.freebsdHost!(...args);
          building = false;
          return host;
        },
      };
      createCheckSession().check(fs, { ...OPTIONS, builders }, () => {
        if (building && pfConfRead) asked++;
        return false;
      });
      return asked;
    };
    expect(askedDuringParse(2000) - askedDuringParse(0)).toBeGreaterThanOrEqual(Math.floor(2000 / CHECKPOINT_EVERY));
  });
});
