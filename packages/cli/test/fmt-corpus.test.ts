import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPflint } from './run.js';

const CORPUS = fileURLToPath(new URL('../../../corpus/', import.meta.url));
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'pflint-fmt-corpus-'));
  cpSync(CORPUS, copy, { recursive: true });
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

/** What `pflint check` says, by rule, file and message: formatting moves lines, never findings. */
function findings(cwd: string): string[] {
  const result = runPflint(['check', '--format', 'json', '--fail-on', 'error', '.'], { cwd });
  const { findings: list } = JSON.parse(result.stdout) as { findings: { rule: string; file: string; message: string }[] };
  return list.map((finding) => `${finding.file}: ${finding.rule}: ${finding.message}`).sort();
}

describe('pflint fmt over the whole corpus', () => {
  it('formats every file, then has nothing left to do, and pflint check says the same things', { timeout: 120_000 }, () => {
    const before = findings(copy);
    expect(before.length, 'the corpus has findings to compare').toBeGreaterThan(5);
    const written = runPflint(['fmt', '--write', '.'], { cwd: copy });
    expect(written.code, written.stderr).toBe(0);
    expect(written.written.size).toBeGreaterThan(0);
    for (const [file, text] of written.written) writeFileSync(file, text);

    const again = runPflint(['fmt', '--check', '.'], { cwd: copy });
    expect(again.stdout, 'files still changing on a second run').toBe('');
    expect(again.code).toBe(0);
    expect(findings(copy)).toEqual(before);
  });
});
