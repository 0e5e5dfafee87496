import * as posixPath from 'node:path/posix';
import { sourceFile, type Dialect, type HostAnalysis, type SourceFile } from '../analysis.js';
import type { Finding } from '../findings.js';
import type { FileSystem } from '../fs.js';
import type { TableUse } from '../model/host.js';
import type { SourceRange } from '../source.js';
import { expandPfConf } from './expand.js';
import { includesRead, parsePfConf } from './parse.js';
import type { PfParseCache } from './reparse.js';
import type { PfRule, PfRuleset } from './ruleset.js';

export interface PfJoinOptions {
  readonly dialect: Dialect;
  /**
   * The host directory, when pf.conf belongs to a host laid out like a root
   * file system: pfctl runs from `/` at boot, so relative and absolute
   * include paths are read inside this directory.
   */
  readonly root?: string;
  /** `.pflintrc.json` `include`: directories searched for relative includes; read as they are, never inside `root`. */
  readonly includePaths?: readonly string[];
  /** `BuildOptions.pfParses`: where an earlier parse of this pf.conf is kept, to be read again only where the text changed. */
  readonly pfParses?: PfParseCache;
  /** `BuildOptions.checkpoint`. */
  readonly checkpoint?: () => void;
}

/**
 * Reads a host's pf.conf and joins it to the host's analysis: the syntax tree
 * and loaded ruleset go into `pf`, the files it read into `sources`, and every
 * `rtable N` becomes a use of table N in the host model (so FIB checks see it).
 */
export function joinPfToHost(
  fs: FileSystem,
  analysis: HostAnalysis,
  pfConf: string,
  options: PfJoinOptions,
): { analysis: HostAnalysis; findings: readonly Finding[] } {
  const text = fs.readFile(pfConf);
  if (text === undefined) return { analysis, findings: [] };
  const parse = options.pfParses?.parse ?? parsePfConf;
  const parsed = parse(text, {
    file: pfConf,
    fs,
    dialect: options.dialect,
    baseDir: options.root ?? posixPath.dirname(pfConf),
    ...(options.root === undefined ? {} : { root: options.root }),
    includePaths: options.includePaths ?? [],
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  });
  const expanded = expandPfConf(parsed.tree, {
    dialect: options.dialect,
    keepExpansions: options.pfParses !== undefined,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  });

  const sources = new Map<string, SourceFile>(analysis.sources);
  for (const file of [parsed.tree, ...[...includesRead(parsed.tree)].map((include) => include.included)]) {
    sources.set(file.file, sourceFile(file.file, 'pf', file.text));
  }
  const rtableUses: TableUse[] = [];
  addRtableUses(expanded.config.rules, sources, rtableUses);
  const host = {
    ...analysis.host,
    files: [...analysis.host.files, pfConf],
    tableUses: [...analysis.host.tableUses, ...rtableUses],
  };
  return {
    analysis: {
      ...analysis,
      host,
      sources,
      pf: { file: pfConf, dialect: options.dialect, syntax: parsed.tree, ruleset: expanded.config },
    },
    findings: [...parsed.findings, ...expanded.findings],
  };
}

/** The `rtable N` of every rule of a ruleset, anchors' inline bodies included (a plain loop: it visits every expanded rule). */
function addRtableUses(ruleset: PfRuleset, sources: ReadonlyMap<string, SourceFile>, uses: TableUse[]): void {
  for (const group of [ruleset.scrub, ruleset.nat, ruleset.rdr, ruleset.binat, ruleset.filter]) {
    for (const rule of group) {
      if (rule.rtable !== undefined) uses.push({ table: rule.rtable, how: 'rtable', source: rtableRange(sources, rule) });
      if (rule.anchor?.body) addRtableUses(rule.anchor.body, sources, uses);
    }
  }
}

/** The `rtable N` words inside the rule's statement, or the whole statement when a macro wrote them. */
function rtableRange(sources: ReadonlyMap<string, SourceFile>, rule: PfRule): SourceRange {
  const range = rule.origin.range;
  const file = sources.get(range.file);
  if (!file) return range;
  const statement = file.text.slice(range.start.offset, range.end.offset);
  const match = new RegExp(`\\brtable\\s+${rule.rtable}\\b`).exec(statement);
  if (!match) return range;
  const start = range.start.offset + match.index;
  return file.lines.range(range.file, start, start + match[0].length);
}
