import { describe, expect, it } from 'vitest';
import { VERSION } from '@pflint/core';
import { runPflint } from './run.js';

describe('pflint CLI frame', () => {
  it('prints its version', () => {
    const result = runPflint(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`pflint ${VERSION}\n`);
  });

  it('prints help with every command and the exit codes', () => {
    const result = runPflint(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pflint');
    expect(result.stdout).toContain('Exit codes: 0');
  });
});
