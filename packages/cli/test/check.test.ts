import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPflint } from './run.js';
import type { HostBuilders } from '@pflint/core';
import { FAKE_BUILDERS } from '../../core/test/rules/fake-host.js';
import { runCheck } from './check-run.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-fixtures');
const HOST = path.join(FIXTURES, 'fibhost');

describe('pflint check: exit codes and --fail-on', () => {
  it('exits 1 when a finding is at or above the default threshold (warning)', () => {
    expect(runCheck([HOST]).code).toBe(1);
  });

  it('exits 0 when every finding is below --fail-on, 1 when one is at it', () => {
    const options = { cwd: FIXTURES };
    // quiet.pflintrc.json turns fib-out-of-range down to info.
    expect(runCheck(['--config', 'quiet.pflintrc.json', 'fibhost'], options).code).toBe(0);
    expect(runCheck(['--config', 'quiet.pflintrc.json', '--fail-on', 'info', 'fibhost'], options).code).toBe(1);
    expect(runCheck(['--fail-on', 'error', 'fibhost'], options).code).toBe(1);
  });

  it('exits 0 when there is nothing at all', () => {
    const clean = runCheck(['fibhost/boot/loader.conf'], { cwd: FIXTURES });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^0 findings \(0 errors, 0 warnings, 0 info\) in 1 file, 1 host \(\d+ ms\)\n$/);
  });

  it('does not call suppressions unused in loose files, where rules hold back', () => {
    const loose = runCheck(['fibhost/etc/rc.conf', 'fibhost/etc/pf.conf'], { cwd: FIXTURES });
    expect(loose.stdout).toMatch(/^0 findings/);
    expect(loose.code).toBe(0);
  });

  it('exits 2 for a path that does not exist, after reporting the others', () => {
    const result = runCheck(['nope', 'fibhost'], { cwd: FIXTURES });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`pflint check: ${path.join(FIXTURES, 'nope')}: no such file or directory`);
    expect(result.stdout).toContain('fib-out-of-range');
  });

  it('exits 2 when no front end can read the input', () => {
    const result = runCheck([HOST], { builders: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no FreeBSD host front end is available');
  });

  it('exits 2 on bad usage', () => {
    for (const args of [['--format', 'xml'], ['--fail-on', 'fatal'], ['--dialect', 'netbsd'], ['--as', 'yaml'], ['--bogus'], ['--config', 'missing.json', HOST]]) {
      const result = runCheck(args, { cwd: FIXTURES });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^pflint check: /);
    }
  });
});

describe('pflint check: options', () => {
  it('checks the current directory when no path is given', () => {
    expect(runCheck([], { cwd: HOST }).stdout).toContain('etc/rc.conf');
  });

  it('reads files as the language --as names', () => {
    const asRcConf = runCheck(['--as', 'rcconf', '--format', 'gcc', 'fibhost/etc/pf.conf', 'fibhost/boot/loader.conf'], { cwd: FIXTURES });
    expect(asRcConf.stdout).not.toContain('fib-out-of-range');
    const asPf = runCheck(['--as', 'pf', '--format', 'gcc', 'fibhost/etc/pf.conf', 'fibhost/boot/loader.conf'], { cwd: FIXTURES });
    expect(asPf.stdout).toContain('fibhost/etc/pf.conf:6:20: error:');
  });

  it('uses --config over the nearest .pflintrc.json', () => {
    const result = runCheck(['--config', 'quiet.pflintrc.json', '--format', 'gcc', 'fibhost'], { cwd: FIXTURES });
    expect(result.stdout).toBe(
      'fibhost/etc/pf.conf:6:20: note: FIB 2 (`rtable`) does not exist: net.fibs is 2, so FIBs 0-1 exist [fib-out-of-range]\n' +
        'fibhost/etc/rc.conf:5:40: note: FIB 2 (the interface `fib`) does not exist: net.fibs is 2, so FIBs 0-1 exist [fib-out-of-range]\n',
    );
    expect(result.code).toBe(0);
  });

  it('colours stylish output only on a terminal, unless NO_COLOR or FORCE_COLOR say otherwise', () => {
    const escape = '\u001b[';
    expect(runCheck([HOST]).stdout).not.toContain(escape);
    expect(runCheck([HOST], { isTTY: true }).stdout).toContain(`${escape}31merror`);
    expect(runCheck([HOST], { isTTY: true, env: { NO_COLOR: '1' } }).stdout).not.toContain(escape);
    expect(runCheck([HOST], { env: { FORCE_COLOR: '1' } }).stdout).toContain(escape);
    expect(runCheck(['--format', 'json', HOST], { isTTY: true }).stdout).not.toContain(escape);
  });
});

describe('pflint check: progress', () => {
  /** Builds like the fake builder, but each host takes `ms` (a blocking sleep that uses no CPU). */
  function slowBuilders(ms: number): HostBuilders {
    return {
      freebsdHost: (fs, directory, options) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
        return FAKE_BUILDERS.freebsdHost!(fs, directory, options);
      },
    };
  }
  const hosts = [HOST, HOST, HOST];

  it('shows progress on stderr for a long run on a terminal, and clears it at the end', () => {
    const result = runCheck(['--format', 'gcc', ...hosts], { isTTY: true, builders: slowBuilders(300) });
    expect(result.stderr).toContain(`\r\u001b[Kpflint: 2/3 ${HOST}`);
    expect(result.stderr).toContain('\r\u001b[Kpflint: 3 findings');
  });

  it('shows none when the output is not a terminal, or the run is quick', () => {
    expect(runCheck(['--format', 'gcc', ...hosts], { builders: slowBuilders(300) }).stderr).not.toContain('2/3');
    expect(runCheck(['--format', 'gcc', ...hosts], { isTTY: true }).stderr).not.toContain('2/3');
  });
});

describe('pflint check --fix', () => {
  it('applies safe fixes through writeFile and reports what is left', () => {
    const result = runCheck(['--fix', '--format', 'gcc', 'fibhost'], { cwd: FIXTURES });
    expect([...result.written.keys()]).toEqual([path.join(HOST, 'etc/pf.conf')]);
    expect(result.written.get(path.join(HOST, 'etc/pf.conf'))).toBe(
      'ext_if = "vtnet0"\nset skip on lo0\nblock all\npass in on gif0 rtable 1\npass in on bridge0\trtable 2\n',
    );
    // The re-check sees the fixed text: the finding is gone and the remaining lines moved up.
    expect(result.stdout).not.toContain('unused-suppression');
    expect(result.stdout).toContain('fibhost/etc/pf.conf:5:20: error:');
    expect(result.stderr).toContain('1 fix applied');
    expect(result.code).toBe(1);
  });

  it('applies unsafe fixes only with --fix-unsafe, sharing the edit several findings offer', () => {
    const result = runCheck(['--fix-unsafe', 'fibhost'], { cwd: FIXTURES });
    expect(result.written.get(path.join(HOST, 'boot/loader.conf'))).toBe(
      '# Two routing tables: FIB 0 for the uplink, FIB 1 for the tunnel.\nnet.fibs="4"\n',
    );
    // With net.fibs raised, the rc.conf suppression of fib-out-of-range is unused too, and the next pass removes it.
    expect(result.written.get(path.join(HOST, 'etc/rc.conf'))).not.toContain('pflint disable');
    expect(result.stdout).toMatch(/^0 findings \(0 errors, 0 warnings, 0 info\) in 3 files, 1 host, 4 fixes applied \(\d+ ms\)\n$/);
    expect(result.code).toBe(0);
  });

  it('exits 2 when a fix cannot be written', () => {
    const result = runCheck(['--fix', HOST], {
      writeFile: () => {
        throw new Error('EROFS: read-only file system');
      },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pflint check: cannot write a fix: EROFS: read-only file system\n');
  });

  it('writes nothing without --fix', () => {
    expect(runCheck(['fibhost'], { cwd: FIXTURES }).written.size).toBe(0);
  });

});

describe('pflint as the default command', () => {
  it('runs check when the first argument is a path, and lists check, rules and explain in --help', () => {
    const help = runPflint(['--help']);
    for (const name of ['check', 'rules', 'explain']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const implicit = runPflint([HOST]);
    const explicit = runPflint(['check', HOST]);
    expect(implicit.code).toBe(explicit.code);
    expect(implicit.stderr).toBe(explicit.stderr);
  });
});
