import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, planFixes, type FileSystem, type Finding } from '@pflint/core';
import { nodeFileSystem } from '../packages/cli/src/node-fs.js';
import { CORPUS_VARIANTS, REPO } from './support/variants.js';

const CORPUS = path.join(REPO, 'corpus');

const variants = CORPUS_VARIANTS;

/** The real file system with some files replaced. */
function overlay(files: ReadonlyMap<string, string>): FileSystem {
  return { ...nodeFileSystem, readFile: (file) => files.get(path.resolve(file)) ?? nodeFileSystem.readFile(file) };
}

function check(fileSystem: FileSystem, host: string) {
  return checkPaths(fileSystem, { paths: [path.join(CORPUS, host)], builders: defaultHostBuilders });
}

/** Findings that say something is wrong (info findings describe what could not be known). */
const key = (finding: Finding) => `${finding.ruleId} ${path.relative(CORPUS, finding.range.file)}:${finding.range.start.line}`;
const problems = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity !== 'info');

describe('broken variants of the seed hosts', () => {
  const baseline = new Map<string, Set<string>>();
  const baselineOf = (host: string) => {
    if (!baseline.has(host)) baseline.set(host, new Set(problems(check(nodeFileSystem, host).findings).map(key)));
    return baseline.get(host)!;
  };

  it.each(variants.map((variant) => [variant.name, variant] as const))('%s', (_name, variant) => {
    const file = path.join(CORPUS, variant.host, variant.file);
    const original = fs.readFileSync(file, 'utf8');
    expect(original.split(variant.from).length - 1, 'the defect applies exactly once').toBe(1);
    const broken = original.replace(variant.from, variant.to);
    const fileSystem = overlay(new Map([[file, broken]]));

    const result = check(fileSystem, variant.host);
    const known = baselineOf(variant.host);
    const added = problems(result.findings).filter((finding) => !known.has(key(finding)));
    const reportedIn = path.join(variant.host, variant.at ?? variant.file);
    expect(added.map(key).sort()).toEqual(variant.lines.map((line) => `${variant.rule} ${reportedIn}:${line}`).sort());

    if (variant.fixClears) {
      const plan = planFixes(added, result.sources, 'safe');
      expect(plan.applied.length).toBeGreaterThan(0);
      const fixed = overlay(new Map([...plan.changed].map(([changed, text]) => [path.resolve(changed), text])));
      const after = problems(check(fixed, variant.host).findings).filter((finding) => !known.has(key(finding)));
      expect(after.map(key)).toEqual([]);
    }
  });

  it('leaves the working hosts free of every routing, tunnel and reference problem', () => {
    // skip-loopback and no-default-deny (rule 17) are exempt: uirig-a's published ruleset blocks lo0.
    const exempt = new Set(['skip-loopback', 'no-default-deny']);
    for (const host of ['radon', 'uirig-a', 'vpsbig', 'firebrick-basic/router.xml', 'firebrick-multitable/router.xml']) {
      const found = problems(check(nodeFileSystem, host).findings).filter((finding) => !exempt.has(finding.ruleId));
      expect(found.map(key), host).toEqual([]);
    }
  });
});
