import * as posixPath from 'node:path/posix';
import { sourceFile, type Dialect, type HostAnalysis, type SourceFile, type SourceLanguage } from './analysis.js';
import { loadConfig, type HostLayout, type PflintConfig } from './config.js';
import { compareFindings, type Finding } from './findings.js';
import type { FileSystem } from './fs.js';
import type { PfParseCache } from './pf/reparse.js';
import { detectLanguage, knownLanguage } from './language.js';
import { emptyHostModel } from './model/host.js';
import { applyRuleSettings, runRules } from './rules/engine.js';
import type { Rule } from './rules/rule.js';
import { applySuppressions } from './suppress.js';

/** The languages a file given on the command line can be read as (`--as`). */
export type InputLanguage = Exclude<SourceLanguage, 'json'>;

export const INPUT_LANGUAGES: readonly InputLanguage[] = ['pf', 'rcconf', 'firebrick'];

/** What every builder is told, from the command line and the configuration. */
export interface BuildOptions {
  readonly dialect: Dialect;
  readonly layout: HostLayout;
  readonly includePaths: readonly string[];
  /** `CheckOptions.pfParses`. */
  readonly pfParses?: PfParseCache;
  /** `CheckOptions.checkpoint`. */
  readonly checkpoint?: () => void;
}

/** What a builder returns: the analysed host and what its front ends found on the way. */
export interface BuiltHost {
  readonly analysis: HostAnalysis;
  /** Front-end findings (syntax errors, ...) that are not already in `analysis.host.findings`. */
  readonly findings?: readonly Finding[];
}

/**
 * The front ends the driver calls. They live in other modules (pf/, host/,
 * firebrick/) and are passed in, so the driver can be tested with fakes and a
 * missing front end is a clear message instead of an import error.
 */
export interface HostBuilders {
  /** A directory shaped like a FreeBSD root file system (etc/, boot/, usr/local/etc/, jail roots). */
  readonly freebsdHost?: (fs: FileSystem, directory: string, options: BuildOptions) => BuiltHost;
  /** One FireBrick XML configuration: one router. */
  readonly firebrick?: (fs: FileSystem, file: string, options: BuildOptions) => BuiltHost;
  /** Loose pf.conf and rc.conf-family files given together: parts of one host, so `complete` is false. */
  readonly looseFiles?: (
    fs: FileSystem,
    files: readonly { readonly path: string; readonly language: InputLanguage }[],
    options: BuildOptions,
  ) => BuiltHost;
}

export interface CheckOptions {
  /** Files or host directories, as the caller wants them shown in findings. */
  readonly paths: readonly string[];
  readonly builders: HostBuilders;
  /** Forces the language of the files given (not of directories). */
  readonly as?: InputLanguage;
  /** Overrides the configuration's dialect. */
  readonly dialect?: Dialect;
  /** `--config FILE`; otherwise .pflintrc.json is searched upward from each target. */
  readonly configFile?: string;
  /** The rules to run (all registered rules by default). */
  readonly rules?: readonly Rule[];
  /** Called after each host, for progress display. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
  /**
   * Parses of pf.conf files kept from earlier checks, so that a new version
   * of a file is read again only where it changed (a check session's). The
   * findings of an earlier check with the same cache may point at wrong
   * places afterwards: take their positions before checking again.
   */
  readonly pfParses?: PfParseCache;
  /**
   * Called every few hundred statements while a pf.conf is parsed (and
   * expanded, where the expansion keeps nothing: see
   * `PfExpandOptions.checkpoint`), the longest stretches of a check without a builder or rule
   * starting. What it throws ends the builder, which `checkPaths` reports as
   * an `internal-error` finding like any failing builder: a check session
   * throws from it once `isCancelled` says so, and then throws
   * `CheckCancelled` itself instead of returning that result.
   */
  readonly checkpoint?: () => void;
}

export interface CheckResult {
  /** Sorted by file, position, rule id. */
  readonly findings: readonly Finding[];
  /** Every file read (host files and configuration files), for display and fixes. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly hostCount: number;
  readonly suppressedCount: number;
  /** Targets that could not be checked at all (missing path, no front end): usage or I/O errors. */
  readonly errors: readonly string[];
}

/** One unit of work: something a builder turns into one host. */
export type BuildTarget =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'firebrick'; readonly path: string }
  | { readonly kind: 'loose'; readonly files: readonly { readonly path: string; readonly language: InputLanguage }[] };

/**
 * `pflint check` without the printing: finds the hosts in `paths`, builds each
 * with the given front ends, runs the rules, applies configuration and
 * suppressions. Never throws; a failing builder becomes an `internal-error`.
 */
export function checkPaths(fs: FileSystem, options: CheckOptions): CheckResult {
  const errors: string[] = [];
  const targets = collectTargets(fs, options, errors);
  const findings: Finding[] = [];
  const sources = new Map<string, SourceFile>();
  const reportedConfigs = new Set<string>();
  let suppressedCount = 0;
  let hostCount = 0;

  targets.forEach((target, index) => {
    const label = target.kind === 'loose' ? target.files.map((file) => file.path).join(' ') : target.path;
    const start = target.kind === 'loose' ? posixPath.dirname(target.files[0]!.path) : target.kind === 'directory' ? target.path : posixPath.dirname(target.path);
    const loaded = loadConfig(fs, { start, ...(options.configFile !== undefined ? { explicit: options.configFile } : {}) });
    const { config } = loaded;
    if (config.file !== undefined && !reportedConfigs.has(config.file)) {
      reportedConfigs.add(config.file);
      findings.push(...applyRuleSettings(loaded.findings, config.rules));
      const text = fs.readFile(config.file);
      if (text !== undefined) sources.set(config.file, sourceFile(config.file, 'json', text));
    } else if (config.file === undefined && loaded.findings.length > 0) {
      findings.push(...loaded.findings);
    }

    const dialect = options.dialect ?? config.dialect ?? 'freebsd';
    const built = build(fs, target, buildOptions(config, dialect, options), options.builders, errors);
    if (built) {
      hostCount++;
      const { analysis } = built;
      for (const [path, file] of analysis.sources) sources.set(path, file);
      const raised = [
        ...applyRuleSettings([...analysis.host.findings, ...(built.findings ?? [])], config.rules),
        ...runRules(analysis, { ...(options.rules ? { rules: options.rules } : {}), settings: config.rules }),
      ];
      const suppressed = applySuppressions(raised, analysis.sources.values(), {
        settings: config.rules,
        reportUnused: analysis.complete,
      });
      suppressedCount += suppressed.suppressedCount;
      findings.push(...suppressed.findings);
    }
    options.onProgress?.(index + 1, targets.length, label);
  });

  return { findings: dedupe(findings).sort(compareFindings), sources, hostCount, suppressedCount, errors };
}

/**
 * What a build of a host is told: `dialect` as the caller settles it (the
 * command line wins over the configuration in a check, the configuration over
 * the editor's setting in the language server), the rest from the host's
 * configuration, and the caller's parse cache and checkpoint, if any.
 */
export function buildOptions(config: PflintConfig, dialect: Dialect, from: Pick<BuildOptions, 'pfParses' | 'checkpoint'>): BuildOptions {
  return {
    dialect,
    layout: config.host,
    includePaths: config.includePaths,
    ...(from.pfParses ? { pfParses: from.pfParses } : {}),
    ...(from.checkpoint ? { checkpoint: from.checkpoint } : {}),
  };
}

/** Builds `target` with the builder for its kind; undefined when `builders` has none for it. */
export function buildTarget(fs: FileSystem, target: BuildTarget, options: BuildOptions, builders: HostBuilders): BuiltHost | undefined {
  switch (target.kind) {
    case 'directory':
      return builders.freebsdHost?.(fs, target.path, options);
    case 'firebrick':
      return builders.firebrick?.(fs, target.path, options);
    case 'loose':
      return builders.looseFiles?.(fs, target.files, options);
  }
}

/** The front end each kind of target needs, as a missing one is named to the user. */
const FRONT_END_NAMES: Record<BuildTarget['kind'], string> = {
  directory: 'FreeBSD host',
  firebrick: 'FireBrick',
  loose: 'pf.conf/rc.conf file',
};

function build(fs: FileSystem, target: BuildTarget, options: BuildOptions, builders: HostBuilders, errors: string[]): BuiltHost | undefined {
  const where = target.kind === 'loose' ? target.files[0]!.path : target.path;
  try {
    const built = buildTarget(fs, target, options, builders);
    if (!built) errors.push(`no ${FRONT_END_NAMES[target.kind]} front end is available in this build of pflint`);
    return built;
  } catch (error) {
    // A front end that throws is a bug; report it where the user can see it and keep checking the others.
    const detail = error instanceof Error ? error.message : String(error);
    const origin = { line: 1, column: 1, offset: 0 };
    const text = fs.readFile(where);
    const language: SourceLanguage = target.kind === 'firebrick' ? 'firebrick' : target.kind === 'loose' ? target.files[0]!.language : 'rcconf';
    return {
      analysis: {
        host: emptyHostModel(where, [where]),
        sources: text === undefined ? new Map() : new Map([[where, sourceFile(where, language, text)]]),
        complete: false,
      },
      findings: [
        { ruleId: 'internal-error', severity: 'error', message: `reading ${where} failed: ${detail}`, range: { file: where, start: origin, end: origin } },
      ],
    };
  }
}


/** Directories that make a directory look like a FreeBSD root file system. */
const HOST_MARKERS = ['etc', 'boot', 'usr'];

/** True when `directory` looks like a FreeBSD root file system: what `checkPaths` takes as one host. */
export function isHostDirectory(fs: FileSystem, directory: string): boolean {
  return HOST_MARKERS.some((name) => fs.isDirectory(posixPath.join(directory, name)));
}

/** How far below a given directory hosts are looked for (corpus/<host>/router.xml is two levels). */
const MAXIMUM_SEARCH_DEPTH = 3;

/** A host directory is one host; otherwise its FireBrick XML files (`knownLanguage`) are routers and its subdirectories are searched in turn. */
function collectDirectory(fs: FileSystem, directory: string, depth: number, targets: BuildTarget[]): void {
  if (isHostDirectory(fs, directory)) {
    targets.push({ kind: 'directory', path: directory });
    return;
  }
  for (const name of fs.readDirectory(directory) ?? []) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const child = posixPath.join(directory, name);
    if (fs.isDirectory(child)) {
      if (depth > 1) collectDirectory(fs, child, depth - 1, targets);
    } else if (knownLanguage(child, () => fs.readFile(child)) === 'firebrick') {
      targets.push({ kind: 'firebrick', path: child });
    }
  }
}

/**
 * Turns the paths into hosts: a host directory is one host; a directory of
 * hosts (corpus/) gives each host and each XML file below it; loose
 * FireBrick files are a router each; the other loose files form one host.
 */
function collectTargets(fs: FileSystem, options: CheckOptions, errors: string[]): BuildTarget[] {
  const targets: BuildTarget[] = [];
  const loose: { path: string; language: InputLanguage }[] = [];
  const addFile = (path: string, text: string): void => {
    const language = options.as ?? detectLanguage(path, text);
    if (language === 'firebrick') targets.push({ kind: 'firebrick', path });
    else loose.push({ path, language });
  };
  for (const path of options.paths) {
    if (fs.isDirectory(path)) {
      const before = targets.length;
      collectDirectory(fs, path, MAXIMUM_SEARCH_DEPTH, targets);
      if (targets.length === before) errors.push(`${path}: no host found (expected etc/, boot/ or usr/ below it, or FireBrick .xml files)`);
      continue;
    }
    const text = fs.readFile(path);
    if (text === undefined) {
      errors.push(`${path}: no such file or directory`);
      continue;
    }
    addFile(path, text);
  }
  if (loose.length > 0) targets.push({ kind: 'loose', files: loose });
  return targets;
}

/** Front ends may report the same problem from two passes (a file included twice); keep one. */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.range.file}\0${finding.range.start.offset}\0${finding.range.end.offset}\0${finding.ruleId}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
