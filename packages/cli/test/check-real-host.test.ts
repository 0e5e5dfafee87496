import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPflint } from './run.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-fixtures');

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

describe('pflint check with the real front ends (defaultHostBuilders)', () => {
  it('reports fib-out-of-range at the rtable and the interface fib of the fixture host, and honours the suppression', () => {
    const result = runPflint(['check', '--format', 'json', 'fibhost'], { cwd: FIXTURES });
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((finding) => finding.rule === 'fib-out-of-range');
    expect(findings.map((finding) => [finding.file, finding.line, finding.column, finding.message])).toEqual([
      ['fibhost/etc/pf.conf', 6, 20, 'FIB 2 (`rtable`) does not exist: net.fibs is 2, so FIBs 0-1 exist'],
      ['fibhost/etc/rc.conf', 5, 40, 'FIB 2 (the interface `fib`) does not exist: net.fibs is 2, so FIBs 0-1 exist'],
    ]);
    expect(result.stderr).toMatch(/1 suppressed/);
    expect(result.code).toBe(1);
  });
});
