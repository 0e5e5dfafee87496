import { sourceFile, type HostAnalysis, type SourceFile } from '../analysis.js';
import type { FileSystem } from '../fs.js';
import { buildFreeBsdHost, type FreeBsdBuildOptions } from './builder.js';
import { discoverHost } from './discover.js';

export interface FreeBsdHostAnalysis {
  /** The host's model and every file it read (`rcconf` language); `pf` is left for the pf front end to fill. */
  readonly analysis: HostAnalysis;
  /** Where pf reads its rules on this host (`pf_rules`, else etc/pf.conf), if that file exists. */
  readonly pfConf?: string;
}

/**
 * Discovers and builds a host directory into the shape the check driver and
 * the rules take. pf.conf is only located here: joining it is the pf front
 * end's job.
 */
export function buildFreeBsdHostAnalysis(fs: FileSystem, directory: string, options: FreeBsdBuildOptions = {}): FreeBsdHostAnalysis {
  const files = discoverHost(fs, directory);
  const host = buildFreeBsdHost(fs, files, options);
  const sources = new Map<string, SourceFile>();
  for (const path of host.files) {
    const text = fs.readFile(path);
    if (text !== undefined) sources.set(path, sourceFile(path, 'rcconf', text));
  }
  return { analysis: { host, sources, complete: true }, ...(files.pfConf ? { pfConf: files.pfConf } : {}) };
}
