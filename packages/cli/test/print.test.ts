import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPflint } from './run.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pflint-print-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

describe('pflint print', () => {
  it('prints the expanded ruleset on stdout and exits 0', () => {
    const file = write('ok.conf', 'ports = "{ 22 80 }"\npass in proto tcp to port $ports\n');
    const result = runPflint(['print', file], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'ports = "{ 22 80 }"',
        'pass in proto tcp from any to any port = ssh flags S/SA keep state',
        'pass in proto tcp from any to any port = http flags S/SA keep state',
        '',
      ].join('\n'),
    );
  });

  it('reports errors as FILE:LINE: message on stderr and exits 1', () => {
    const file = write('bad.conf', 'pass in all\npass inet from 2001:db8::1\n');
    const result = runPflint(['print', file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('bad.conf:2: rule expands to no valid combination\n');
  });

  it('substitutes interface addresses given with --ifaddr', () => {
    const file = write('nat.conf', 'nat on em0 from 10.0.0.0/8 to any -> vlan7\n');
    const result = runPflint(['print', '--ifaddr', 'vlan7=203.0.113.5/30', '--ifaddr', 'vlan7=2001:db8::5/64', file], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('nat on em0 inet from 10.0.0.0/8 to any -> 203.0.113.5\n');
  });

  it('prints the OpenBSD form with --dialect openbsd', () => {
    const file = write('ob.conf', 'pass out on em0 inet route-to 192.0.2.1\n');
    const result = runPflint(['print', '--dialect', 'openbsd', file], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('pass out on em0 inet all flags S/SA route-to 192.0.2.1\n');
  });

  it('exits 2 on bad usage or an unreadable file', () => {
    expect(runPflint(['print'], { cwd: dir }).code).toBe(2);
    expect(runPflint(['print', '--dialect', 'netbsd', 'x'], { cwd: dir }).code).toBe(2);
    expect(runPflint(['print', '--ifaddr', 'em0=not-an-address', 'x'], { cwd: dir }).code).toBe(2);
    expect(runPflint(['print', '--as', 'rcconf', 'x'], { cwd: dir }).code).toBe(2);
    const missing = runPflint(['print', 'missing.conf'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read missing.conf');
  });
});
