/**
 * The pf.conf formatter over every pf file we have: FreeBSD's pfctl
 * regression inputs and printed outputs, the pf.conf of every corpus host in
 * this repository, and the pf.conf excerpts of the seed articles (runs of
 * lines that look like pf statements; refusal is fine when an excerpt does
 * not parse), in both dialects. Each must format idempotently, keep
 * its meaning (printed ruleset and findings), lose no token or comment, and
 * be refused only for a syntax error. Also run with a narrow line and
 * alignment off, so the line breaking is exercised on every file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { checkGuarantees } from './pf-properties.js';
import { PFCTL_CORPUS as PFCTL, SEED_ARTICLES as SEEDS } from '../shared-material.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');

const pfctlNames = readdirSync(PFCTL).filter((name) => /\.(in|ok)$/.test(name)).sort();
const pfctlFiles: Record<string, string> = {};
for (const name of readdirSync(PFCTL)) pfctlFiles[PFCTL + name] = readFileSync(PFCTL + name, 'utf8');
const pfctlFs = memoryFileSystem(pfctlFiles);

function hostPfFiles(): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'pf.conf' || entry.name.endsWith('.pf')) found.push(full);
    }
  };
  walk(path.join(REPO, 'corpus'));
  walk(path.join(REPO, 'packages/cli/test/check-fixtures'));
  return found.sort();
}

const DIALECTS: readonly PfDialect[] = ['freebsd', 'openbsd'];

const PF_LINE = /^(#|[ \t]+\S|(pass|block|match|nat|rdr|binat|table|set|scrub|anchor|antispoof|altq|queue|load|include)\b|[A-Za-z_]\w*\s*=)/;

/** Runs of pf-looking lines in the seed articles (blank lines inside a run are kept). */
function seedExcerpts(): { name: string; text: string }[] {
  const excerpts: { name: string; text: string }[] = [];
  for (const name of readdirSync(SEEDS).sort()) {
    let run: string[] = [];
    const close = (): void => {
      while (run.length > 0 && run[run.length - 1]!.trim() === '') run.pop();
      if (run.some((line) => !line.startsWith('#') && line.trim() !== '')) excerpts.push({ name: `${name}#${excerpts.length}`, text: run.join('\n') + '\n' });
      run = [];
    };
    for (const line of readFileSync(SEEDS + name, 'utf8').split('\n')) {
      if (PF_LINE.test(line) && !line.includes('…')) run.push(line);
      else if (line.trim() === '' && run.length > 0) run.push(line);
      else close();
    }
    close();
  }
  return excerpts;
}

describe('pf formatter over the pfctl regression corpus', () => {
  it('has the files this test was written for', () => {
    expect(pfctlNames.length).toBeGreaterThanOrEqual(150);
  });

  for (const dialect of DIALECTS) {
    it(`keeps every guarantee (${dialect})`, () => {
      let formatted = 0;
      for (const name of pfctlNames) {
        const text = pfctlFiles[PFCTL + name]!;
        const context = { fs: pfctlFs, baseDir: PFCTL };
        let result: string | undefined;
        expect.soft(() => (result = checkGuarantees(text, dialect, context)), name).not.toThrow();
        if (result !== undefined) formatted++;
      }
      // Most files are valid in FreeBSD's dialect; OpenBSD rejects the legacy syntax.
      expect(formatted).toBeGreaterThan(dialect === 'freebsd' ? 140 : 20);
    }, 120_000);
  }

  it('keeps every guarantee with narrow lines and no alignment', () => {
    for (const name of pfctlNames) {
      const text = pfctlFiles[PFCTL + name]!;
      expect.soft(() => checkGuarantees(text, 'freebsd', { fs: pfctlFs, baseDir: PFCTL }, { maxLineLength: 40, align: false, indent: 2 }), name).not.toThrow();
    }
  }, 120_000);
});

describe('pf formatter over the corpus hosts', () => {
  const files = hostPfFiles();

  it('finds the hosts', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    for (const dialect of DIALECTS) {
      it(`${path.relative(REPO, file)} (${dialect})`, () => {
        const text = readFileSync(file, 'utf8');
        const formatted = checkGuarantees(text, dialect);
        if (dialect === 'freebsd') expect(formatted).toBeDefined();
        checkGuarantees(text, dialect, {}, { maxLineLength: 50 });
      });
    }
  }
});

describe('pf formatter over the seed articles', () => {
  const excerpts = seedExcerpts();

  for (const dialect of DIALECTS) {
    it(`keeps every guarantee on their pf.conf excerpts (${dialect})`, () => {
      let formatted = 0;
      for (const { name, text } of excerpts) {
        let result: string | undefined;
        expect.soft(() => (result = checkGuarantees(text, dialect)), name).not.toThrow();
        if (result !== undefined) formatted++;
      }
      // About half of the excerpts are whole statements that parse on their own.
      if (dialect === 'freebsd') expect(formatted).toBeGreaterThanOrEqual(15);
    }, 60_000);
  }
});
