import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPflint } from './run.js';

// includehost/etc/pf.conf has `include "/etc/pf.d/office.conf"`: pfctl on the host reads
// includehost/etc/pf.d/office.conf, and so must every finding, fix and suppression.
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-fixtures');
const INCLUDED = 'includehost/etc/pf.d/office.conf';

describe('pflint check: findings in a file included by a host-absolute path', () => {
  it('names the file under the host root and shows its line with a caret', () => {
    const result = runPflint(['check', 'includehost'], { cwd: FIXTURES });
    expect(result.stdout).toContain(
      [
        INCLUDED,
        '  1:24  warning  192.0.2.77/25 has host bits set: pfctl loads it as 192.0.2.0/25  host-bits-set',
        '    1 | pass in on vtnet0 from 192.0.2.77/25',
        '      |                        ^^^^^^^^^^^^^',
        '      fix: Write 192.0.2.0/25',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('honours a `# pflint disable=` comment inside the included file', () => {
    const result = runPflint(['check', '--format', 'json', 'includehost'], { cwd: FIXTURES });
    const findings = (JSON.parse(result.stdout) as { findings: { rule: string; file: string; line: number }[] }).findings;
    expect(findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`)).toEqual([`host-bits-set ${INCLUDED}:1`]);
    expect(result.stderr).toMatch(/1 suppressed/);
  });

  it('--fix writes the fix into the included file', () => {
    const result = runPflint(['check', '--fix', 'includehost'], { cwd: FIXTURES });
    expect([...result.written.keys()]).toEqual([path.join(FIXTURES, INCLUDED)]);
    expect(result.written.get(path.join(FIXTURES, INCLUDED))).toBe(
      'pass in on vtnet0 from 192.0.2.0/25\n# pflint disable=host-bits-set\npass out on vtnet0 to 198.51.100.9/24\n',
    );
    expect(result.code).toBe(0);
  });
});
