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

const corpus = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.in') || name.endsWith('.ok'))
  .sort()
  .map((name) => readFileSync(CORPUS + name, 'utf8'));

/** Generous: catches exponential behaviour, not a slow machine. */
const MS_PER_KB = 200;
const MS_BASE = 150;

const FRAGMENTS = [
  'pass', 'block', 'match', 'in', 'out', 'on', 'em0', 'from', 'to', 'any', 'all', 'port', 'proto', 'tcp', 'keep',
  'state', 'anchor', 'nat', 'rdr', '->', 'table', '<t>', '{', '}', '(', ')', ',', '/', '!', '=', '<', '>', '-',
  '10.0.0.1', '10/8', '80:90', '$m', 'm = "em0"', '"q"', "'s'", '#c', '\\\n', '\n', ' ', '\t', 'include "x"',
  'set', 'timeout', 'scrub', 'route-to', 'queue', 'ether', 'label', 'flags', 'S/SA', 'max-src-conn-rate', '15/5',
];

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
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), dialect, (index, mutations, which) => {
        let text = corpus[index]!;
        for (const change of mutations) {
          const at = text.length === 0 ? 0 : change.at % text.length;
          if (change.kind === 'delete') text = text.slice(0, at) + text.slice(at + change.length);
          else if (change.kind === 'insert') text = text.slice(0, at) + change.text + text.slice(at);
          else text = text.slice(0, at) + text.slice(at, at + change.length) + text.slice(at);
        }
        timedParse(text, which);
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
