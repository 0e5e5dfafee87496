/**
 * Every input and expected output of FreeBSD's pfctl regression corpus must
 * get through the syntax front end: pfctl parses the `.in` files and, in a
 * second test, its own printed `.ok` output. Only inputs whose `.fail` says
 * "syntax error" may produce a syntax finding, and then the one pfctl prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf, visitPfStatements } from '../../src/pf/parse.js';
import type { Statement } from '../../src/pf/syntax.js';
import { PFCTL_CORPUS as CORPUS } from '../shared-material.js';


/** Printed forms pfctl itself would not read back, with the reason. */
const KNOWN_UNREADABLE: Readonly<Record<string, string>> = {
  'pf1005.ok': "pfctl prints an unresolvable route-to address as `?`, which its lexer returns as a stray character",
};

const names = readdirSync(CORPUS).sort();
const files: Record<string, string> = {};
for (const name of names) files[CORPUS + name] = readFileSync(CORPUS + name, 'utf8');
const fs = memoryFileSystem(files);

function findingsOf(name: string): string[] {
  const result = parsePfConf(files[CORPUS + name]!, { file: name, fs, baseDir: CORPUS });
  return result.findings.map((finding) => `${finding.range.file}:${finding.range.start.line}: ${finding.message}`);
}

describe('FreeBSD pfctl corpus through the syntax front end', () => {
  const inputs = names.filter((name) => name.endsWith('.in') || name.endsWith('.ok'));

  it('has the inputs this test was written for', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(150);
  });

  for (const name of inputs) {
    const fail = name.endsWith('.in') ? files[CORPUS + name.replace(/\.in$/, '.fail')] : undefined;
    if (fail?.includes('syntax error')) {
      it(`${name} fails as pfctl does: ${fail.trim()}`, () => {
        const findings = findingsOf(name);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatch(new RegExp(fail.trim()));
      });
    } else if (KNOWN_UNREADABLE[name]) {
      it(`${name} is rejected (${KNOWN_UNREADABLE[name]})`, () => {
        expect(findingsOf(name).length).toBeGreaterThan(0);
      });
    } else {
      it(`${name} parses without findings`, () => {
        expect(findingsOf(name)).toEqual([]);
      });
    }
  }
});

describe('visitPfStatements (statements one at a time, no tree kept)', () => {
  it('hands over the statements parsePfConf puts in its tree, in order, with the same findings and tokens, for every corpus file', () => {
    const inputs = names.filter((name) => name.endsWith('.in') || name.endsWith('.ok'));
    for (const name of inputs) {
      const options = { file: name, fs, baseDir: CORPUS };
      const parsed = parsePfConf(files[CORPUS + name]!, options);
      const visited: Statement[] = [];
      const read = visitPfStatements(files[CORPUS + name]!, options, (statement) => visited.push(statement));
      expect(visited, name).toEqual(parsed.tree.statements);
      expect(read.findings, name).toEqual(parsed.findings);
      expect(read.lexed, name).toEqual(parsed.lexed);
    }
  });
});
