import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkPaths, defaultHostBuilders, planFixes } from '@pflint/core';
import { nodeFileSystem } from '../../packages/cli/src/node-fs.js';
import { CORPUS_VARIANTS, REPO } from '../support/variants.js';

export { REPO };

/** What the editor tests share: a broken corpus host on disk, what core finds in it, and the tools they need. */

export const PFLINT_CLI = path.join(REPO, 'packages/cli/bin/pflint.js');

const variants = CORPUS_VARIANTS;

/**
 * radon's pf.conf with two of corpus/variants.json's defects: an ingress rule
 * on the tunnel without reply-to (line 72; its fix is safe and visible) and
 * jail traffic without rtable 1 (line 57).
 */
export const RADON_DEFECTS = ['missing-reply-to', 'missing-rtable'] as const;

export interface BrokenHost {
  /** The host folder: the editor's workspace. */
  readonly root: string;
  /** The broken file, absolute. */
  readonly file: string;
  /** `rule@line` of each defect, as corpus/variants.json promises them. */
  readonly defects: readonly string[];
}

/**
 * radon's rc.conf with two defects of corpus/variants.json: vtnet0 forwarding
 * with LRO/TSO left on (line 4) and a static route listed with no
 * route_ variable (line 25).
 */
export const RADON_RC_DEFECTS = ['offload-on-forwarding', 'route-undefined'] as const;

/** Copies a corpus host into a fresh temporary folder and applies the variants of `host`/`file` raising `rules`. */
export function brokenHost(host: string, file: string, rules: readonly string[]): BrokenHost {
  const root = mkdtempSync(path.join(tmpdir(), `pflint-editor-${host}-`));
  cpSync(path.join(REPO, 'corpus', host), root, { recursive: true });
  return { root, file: path.join(root, file), defects: breakFile(root, host, file, rules) };
}

/** Applies the variants of corpus host `host`'s `file` raising `rules` to the copy at `root`; returns `rule@line` of each defect, sorted. */
export function breakFile(root: string, host: string, file: string, rules: readonly string[]): string[] {
  const target = path.join(root, file);
  let text = readFileSync(target, 'utf8');
  const defects: string[] = [];
  for (const rule of rules) {
    const variant = variants.find((candidate) => candidate.host === host && candidate.file === file && candidate.rule === rule && !candidate.at);
    if (!variant) throw new Error(`corpus/variants.json has no ${rule} variant of ${host}/${file}`);
    if (text.split(variant.from).length !== 2) throw new Error(`variant "${variant.name}" no longer applies exactly once`);
    text = text.replace(variant.from, variant.to);
    defects.push(...variant.lines.map((line) => `${rule}@${line}`));
  }
  writeFileSync(target, text);
  return defects.sort();
}

/** `rule@line` of every finding core's check driver reports in `file` when checking the host at `root`, sorted. */
export function coreFindings(root: string, file: string): string[] {
  const { findings } = checkPaths(nodeFileSystem, { paths: [root], builders: defaultHostBuilders });
  return findings
    .filter((finding) => path.resolve(finding.range.file) === path.resolve(file))
    .map((finding) => `${finding.ruleId}@${finding.range.start.line}`)
    .sort();
}

/** The title and result of core's first fix for `rule`'s finding in `file`: what a quick fix in an editor must do. */
export function coreFix(root: string, file: string, rule: string): { readonly title: string; readonly text: string } {
  const { findings, sources } = checkPaths(nodeFileSystem, { paths: [root], builders: defaultHostBuilders });
  const finding = findings.find((candidate) => candidate.ruleId === rule && path.resolve(candidate.range.file) === path.resolve(file));
  const fix = finding?.fixes?.[0];
  if (!finding || !fix || fix.safety !== 'safe') throw new Error(`core offers no safe fix for ${rule} in ${file}`);
  const text = planFixes([finding], sources, 'safe').changed.get(finding.range.file);
  if (text === undefined) throw new Error(`core's fix for ${rule} does not change ${file}`);
  return { title: fix.description, text };
}

/** What `pflint fmt FILE` prints: the formatted text the editors must produce. */
export function pflintFmt(file: string): string {
  return execFileSync(process.execPath, [PFLINT_CLI, 'fmt', file], { encoding: 'utf8' });
}

/** What `pflint fmt` prints for `text` as a pf.conf with the default layout. */
export function pflintFmtText(text: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'pflint-fmt-'));
  try {
    const file = path.join(folder, 'pf.conf');
    writeFileSync(file, text);
    return pflintFmt(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Fails with what to install when a prerequisite is missing: these tests
 * prove the editors work, so a machine without them must not look green.
 */
export function requireExecutable(command: string, hint: string): string {
  const found = spawnSync('sh', ['-c', `command -v "$1"`, 'sh', command], { encoding: 'utf8' });
  const resolved = found.stdout.trim();
  if (found.status !== 0 || resolved === '') {
    throw new Error(`${command} is not installed: ${hint} (.ci/run installs everything the editor tests need)`);
  }
  return resolved;
}
