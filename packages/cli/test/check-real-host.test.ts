import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFreeBsdHostAnalysis, type HostBuilders } from '@pflint/core';
import { runCheck } from './check-run.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'check-fixtures');

/** The real FreeBSD host builder, without pf.conf (the pf join is tested with the pf front end). */
const REAL_HOST: HostBuilders = {
  freebsdHost: (fs, directory) => ({ analysis: buildFreeBsdHostAnalysis(fs, directory).analysis }),
};

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

describe('pflint check with the real FreeBSD host builder', () => {
  it('reports fib-out-of-range at the interface fib of the fixture host, pointing at net.fibs', () => {
    const result = runCheck(['--format', 'json', 'fibhost'], { cwd: FIXTURES, builders: REAL_HOST });
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((finding) => finding.rule === 'fib-out-of-range');
    expect(findings.map((finding) => [finding.file, finding.line, finding.message])).toEqual([
      ['fibhost/etc/rc.conf', 5, 'FIB 2 (the interface `fib`) does not exist: net.fibs is 2, so FIBs 0-1 exist'],
    ]);
    expect(result.code).toBe(1);
  });
});
