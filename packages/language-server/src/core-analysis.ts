import * as posixPath from 'node:path/posix';
import { applyRuleSettings, createCheckSession, defaultHostBuilders, isHostDirectory, loadConfig, type FileSystem, type HostBuilders, type RuleSetting } from '@pflint/core';
import type { AnalyzeHost, HostAnalysisResult } from './analyzer.js';
import type { HostTarget } from './host-discovery.js';
import { documentLanguage } from './languages.js';

/**
 * The real analysis: core's check driver over one host. The client's settings
 * fill in what the host's `.pflintrc.json` leaves open: the file, being part of
 * the host, wins. Front ends are injected because the driver takes them that
 * way; `analyzeHost` below passes the ones this build has. The driver runs in
 * a check session, so a stale analysis stops at its next stage and a host
 * whose files and settings are as they were at a recent run (a save, another
 * of its files opened, an edit undone) is not analysed again.
 */
export function createCoreAnalysis(builders: HostBuilders): AnalyzeHost {
  const session = createCheckSession();
  return (fs, target, settings, openFiles, isCancelled) => {
    const paths = checkedPaths(fs, target, openFiles);
    const start = target.kind === 'directory' ? target.root : posixPath.dirname(target.file);
    const { config } = loadConfig(fs, { start });
    const dialect = config.dialect ?? settings.dialect;
    const options = { paths, builders, ...(dialect ? { dialect } : {}), ...(target.kind === 'file' ? { as: target.language } : {}) };
    const result = session.check(fs, options, isCancelled);
    const clientRules: Record<string, RuleSetting> = {};
    for (const [id, level] of Object.entries(settings.rules ?? {})) if (!(id in config.rules)) clientRules[id] = level;
    const findings = applyRuleSettings(result.findings, clientRules);
    const analysis: HostAnalysisResult = { findings, files: [...new Set([...result.sources.keys(), ...openFiles])], errors: result.errors };
    return analysis;
  };
}

/**
 * What to hand the driver: the host directory when it looks like a root file
 * system; for a directory marked only by `.pflintrc.json`, its recognised files
 * and the open documents below it, as one host of loose files.
 */
export function checkedPaths(fs: FileSystem, target: HostTarget, openFiles: readonly string[]): string[] {
  if (target.kind === 'file') return [target.file];
  if (isHostDirectory(fs, target.root)) return [target.root];
  const files = new Set(openFiles);
  for (const name of fs.readDirectory(target.root) ?? []) {
    const path = posixPath.join(target.root, name);
    // By name only: XML routers are hosts of their own, and reading every file here could be slow.
    if (documentLanguage(path, '') !== undefined && fs.readDirectory(path) === undefined) files.add(path);
  }
  return [...files].sort();
}

/** The analysis the stdio server's worker runs: the front ends this build of core has (as `pflint check`). */
export const analyzeHost: AnalyzeHost = createCoreAnalysis(defaultHostBuilders);

/**
 * The same analysis with a check session of its own, for the worker's
 * warm-up (`warm-up.ts`): its rounds then neither push the user's hosts out
 * of the results `analyzeHost`'s session remembers nor take a slot of its
 * parse cache.
 */
export const warmUpAnalysis: AnalyzeHost = createCoreAnalysis(defaultHostBuilders);
