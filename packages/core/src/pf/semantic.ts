import type { Finding } from '../findings.js';
import { expandPfConf, type PfExpandOptions } from './expand.js';
import { parsePfConf } from './parse.js';
import type { PfLoadedConfig } from './ruleset.js';
import type { PfParseOptions, PfSyntaxFile } from './syntax.js';

export interface PfLoadOptions extends PfParseOptions, PfExpandOptions {}

export interface PfLoadResult {
  readonly tree: PfSyntaxFile;
  readonly config: PfLoadedConfig;
  /** Syntax findings first, then pfctl's semantic errors, each in source order. */
  readonly findings: readonly Finding[];
}

/** Parses and expands a pf.conf: what `pfctl -nf` does before loading. Never throws. */
export function loadPfConf(text: string, options: PfLoadOptions): PfLoadResult {
  const parsed = parsePfConf(text, options);
  const expanded = expandPfConf(parsed.tree, options);
  return { tree: parsed.tree, config: expanded.config, findings: [...parsed.findings, ...expanded.findings] };
}
