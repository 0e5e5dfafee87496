/**
 * Property tests: whatever the text, parsePfConf returns (never throws, never
 * hangs) and every finding points at a real place in a real file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf } from '../../src/pf/parse.js';
import type { PfDialect, PfParseResult } from '../../src/pf/syntax.js';
import { PFCTL_CORPUS as CORPUS } from '../shared-material.js';
import { PF_FRAGMENTS as FRAGMENTS, pfTextEdit, withEdit } from './text-edits.js';

const corpus = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.in') || name.endsWith('.ok'))
  .sort()
  .map((name) => readFileSync(CORPUS + name, 'utf8'));

/** Generous: catches exponential behaviour, not a slow machine. */
const MS_PER_KB = 200;
const MS_BASE = 150;

function checkResult(text: string, result: PfParseResult, texts: ReadonlyMap<string, string>): void {
  for (const finding of result.findings) {
    const { file, start, end } = finding.range;
    const source = texts.get(file);
    expect(source, `finding in unknown file ${file}`).toBeDefined();
    expect(start.line).toBeGreaterThanOrEqual(1);
    expect(start.column).toBeGreaterThanOrEqual(1);
    expect(start.offset).toBeGreaterThanOrEqual(0);
    expect(end.offset).toBeGreaterThanOrEqual(start.offset);
    expect(end.offset).toBeLessThanOrEqual(source!.length);
    expect(finding.message.length).toBeGreaterThan(0);
  }
  expect(result.tree.text).toBe(text);
}

function timedParse(text: string, dialect: PfDialect): PfParseResult {
  const included = 'pass in\n';
  const fs = memoryFileSystem({ '/x': included });
  const parse = (): { result: PfParseResult; elapsed: number } => {
    const started = performance.now();
    const result = parsePfConf(text, { file: 'fuzz.conf', fs, baseDir: '/', dialect, macros: { m2: 'em1' } });
    return { result, elapsed: performance.now() - started };
  };
  const budget = MS_BASE + (MS_PER_KB * text.length) / 1024;
  const first = parse();
  // A garbage-collection or scheduling pause on a loaded machine can push one
  // parse over the budget; runaway parsing is over it every time, so a second
  // timing decides.
  const { result, elapsed } = first.elapsed < budget ? first : parse();
  expect(elapsed).toBeLessThan(budget);
  checkResult(text, result, new Map([['fuzz.conf', text], ['x', included]]));
  return result;
}

const dialect = fc.constantFrom<PfDialect>('freebsd', 'openbsd');

// Building the shared parser takes seconds once; it is not what these tests time.
parsePfConf('pass\n', { file: 'warm-up' });

describe('parser robustness', () => {
  it('survives random sequences of pf fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }), dialect, (parts, which) => {
        timedParse(parts.join(' '), which);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('survives arbitrary characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), dialect, (text, which) => {
        timedParse(text, which);
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('survives mutated corpus files', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(pfTextEdit, { minLength: 1, maxLength: 6 }), dialect, (index, edits, which) => {
        timedParse(edits.reduce(withEdit, corpus[index]!), which);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('reports every bad line of a file of garbage lines without giving up', () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 'pass in' : `pass ${'{'.repeat(i % 5)} ? ${i}`));
    const result = timedParse(lines.join('\n'), 'freebsd');
    expect(result.tree.statements.length).toBeGreaterThanOrEqual(100);
    expect(result.findings.length).toBeGreaterThan(0);
  });
});
