import * as posixPath from 'node:path/posix';
import {
  cancellableFileSystem,
  cancellationCheckpoint,
  buildOptions,
  buildTarget,
  defaultHostBuilders,
  emptyHostModel,
  evaluatePieces,
  loadConfig,
  mangleName,
  parsePfConf,
  parseRcConf,
  pfReferences,
  RoutingTables,
  splitWords,
  type BuildTarget,
  type Dialect,
  type FileSystem,
  type HostAnalysis,
  type InputLanguage,
  type PfParseCache,
  type PfReferences,
  type PfSyntaxFile,
  type RcAssignment,
  type RcFile,
  type SourceRange,
} from '@pflint/core';
import { checkedPaths } from './core-analysis.js';
import type { HostTarget } from './host-discovery.js';
import { documentLanguage } from './languages.js';

/**
 * What the language features know about one host: core's analysis of it (the
 * host model, the pf.conf syntax tree with its included files, the text of
 * every file) plus indexes built from it on first use. Built with the same
 * front ends as the diagnostics, so navigation and diagnostics never disagree.
 */
export interface HostIndex {
  readonly analysis: HostAnalysis;
  /** What the index was read through: the open buffers over the disk. */
  readonly fs: FileSystem;
  /** The pf view holding `file`: the host's pf.conf tree when it reaches the file, else the file parsed on its own. */
  pfFor(file: string, text: string): PfView;
  /** The host's pf.conf view when it reaches `file` (the file or one it includes). */
  hostPfReaching(file: string): PfView | undefined;
  /** Assignments of the host's rc.conf files (rc.conf, rc.conf.local, rc.conf.d/*). */
  rc(): RcIndex;
  routing(): RoutingTables;
  /** A path as written in the analysis (pf includes name host-absolute paths) as the file on disk. */
  onDisk(file: string): string;
}

/** One pf.conf tree and its references. */
export interface PfView {
  readonly tree: PfSyntaxFile;
  readonly references: PfReferences;
}

/** rc.conf assignments and the names inside them that navigation follows. */
export interface RcIndex {
  readonly assignments: readonly RcEntry[];
  /** Names listed in `static_routes`/`ipv6_static_routes` and the `route_NAME`/`ipv6_route_NAME` variables. */
  readonly routeNames: readonly RcName[];
  /** Interface names in `ifconfig_IF*`, `create_args_IF`, `vlans_IF` and in the interface lists. */
  readonly interfaceNames: readonly RcName[];
}

export interface RcEntry extends RcAssignment {
  readonly file: RcFile;
}

/** A name inside an rc.conf assignment: its text (as rc spells it, mangled for interfaces) and exact range. */
export interface RcName {
  readonly name: string;
  readonly range: SourceRange;
  readonly assignment: RcEntry;
  /** A list word (`static_routes="a b"`) rather than part of a variable name. */
  readonly listed: boolean;
}

const ROUTE_LISTS = new Set(['static_routes', 'ipv6_static_routes']);
const ROUTE_VARIABLE = /^(?:ipv6_)?route_(.+)$/;
const INTERFACE_LISTS = new Set(['cloned_interfaces', 'gif_interfaces', 'network_interfaces', 'wireguard_interfaces']);
const INTERFACE_VARIABLE = /^(ifconfig_|create_args_|vlans_)(.+?)(_ipv6|_alias\d+|_aliases|_name)?$/;

/** Files of the rc.conf family that hold rc.conf variables (loader.conf and friends have other names). */
function isRcConf(path: string): boolean {
  return /^rc\.conf(?:\.local)?$/.test(posixPath.basename(path)) || posixPath.basename(posixPath.dirname(path)) === 'rc.conf.d';
}

/** How `buildHostIndex` reads a host, beyond its files. */
export interface HostIndexBuilding {
  /** The client's `pflint.dialect`: the host's `.pflintrc.json` wins over it. */
  readonly clientDialect?: Dialect;
  /**
   * Asked at every file read of the build and every few hundred statements
   * of its pf.conf parse, which then throw core's `CheckCancelled`; the index
   * reads through `fs` itself afterwards.
   */
  readonly isCancelled?: () => boolean;
  /**
   * Where the last parse of each open pf document is kept: the index of a
   * new version of the host reads such a file again only where an edit
   * changed it, and shares the parse of a version with the document's own
   * features. Files read from disk are parsed whole (see `openFilesOnly`).
   */
  readonly pfParses?: PfParseCache;
}

/**
 * What core builds for `target`, as the diagnostics check it (`checkedPaths`):
 * a directory that looks like a root file system as one host, a FireBrick file
 * as a router, other files (with the open documents below a directory marked
 * only by `.pflintrc.json`) as loose parts of one host.
 */
function buildTargetOf(fs: FileSystem, target: HostTarget, openFiles: readonly string[]): BuildTarget | undefined {
  const paths = checkedPaths(fs, target, openFiles);
  if (target.kind === 'directory' && paths.length === 1 && paths[0] === target.root) return { kind: 'directory', path: target.root };
  if (target.kind === 'file' && target.language === 'firebrick') return { kind: 'firebrick', path: target.file };
  const files = paths.flatMap((path): { path: string; language: InputLanguage }[] => {
    const language = target.kind === 'file' ? target.language : documentLanguage(path, '');
    return language && language !== 'firebrick' ? [{ path, language }] : [];
  });
  return files.length > 0 ? { kind: 'loose', files } : undefined;
}

/**
 * Builds the index of `target` through `fs` (open buffers over the disk) with
 * core's front ends, as the diagnostics do. `openFiles` are the open documents
 * in the target: they belong to a host marked only by `.pflintrc.json`.
 */
export function buildHostIndex(fs: FileSystem, target: HostTarget, openFiles: readonly string[], building: HostIndexBuilding = {}): HostIndex {
  const { isCancelled } = building;
  const pfParses = building.pfParses && openFilesOnly(building.pfParses, openFiles);
  const reading = isCancelled ? cancellableFileSystem(fs, isCancelled) : fs;
  const start = target.kind === 'directory' ? target.root : posixPath.dirname(target.file);
  const { config } = loadConfig(reading, { start });
  const dialect = config.dialect ?? building.clientDialect ?? 'freebsd';
  const options = buildOptions(config, dialect, { ...(pfParses ? { pfParses } : {}), ...(isCancelled ? { checkpoint: cancellationCheckpoint(isCancelled) } : {}) });
  const what = buildTargetOf(reading, target, openFiles);
  const built = what && buildTarget(reading, what, options, defaultHostBuilders);
  const analysis = built?.analysis ?? emptyAnalysis();
  const root = target.kind === 'directory' ? posixPath.normalize(target.root) : undefined;
  // Asked for every occurrence of every name: the prefix is made once.
  const insideRoot = root === undefined ? undefined : `${root}/`;
  const onDisk = (file: string): string =>
    root !== undefined && file.startsWith('/') && !file.startsWith(insideRoot!) ? posixPath.join(root, file) : file;

  const hostTree = analysis.pf?.syntax as PfSyntaxFile | undefined;
  const hostView = hostTree ? pfView(hostTree, dialect, analysis) : undefined;
  const ownViews = new Map<string, { readonly text: string; readonly view: PfView }>();
  let rcIndex: RcIndex | undefined;
  let tables: RoutingTables | undefined;

  return {
    analysis,
    fs,
    onDisk,
    hostPfReaching: (file) => (hostView && treeReaches(hostView.tree, file, onDisk) ? hostView : undefined),
    pfFor(file, text) {
      if (hostView && treeReaches(hostView.tree, file, onDisk)) return hostView;
      const cached = ownViews.get(file);
      if (cached?.text === text) return cached.view;
      const view = pfView((pfParses?.parse ?? parsePfConf)(text, { file, fs, dialect, baseDir: root ?? posixPath.dirname(file), ...(root === undefined ? {} : { root }), includePaths: config.includePaths }).tree, dialect, analysis);
      ownViews.set(file, { text, view });
      return view;
    },
    rc: () => (rcIndex ??= indexRcConf(analysis)),
    routing: () => (tables ??= RoutingTables.forHost(analysis.host)),
  };
}

/**
 * `cache` for the open documents of the host, a plain parse for other files.
 * A file read from disk may be open in another host with other text: parsed
 * through the shared cache, its new version would move the statements of the
 * parse that document's own features hold for its current version.
 */
function openFilesOnly(cache: PfParseCache, openFiles: readonly string[]): PfParseCache {
  const open = new Set(openFiles);
  return {
    parse: (text, options) => (open.has(options.file) ? cache.parse(text, options) : parsePfConf(text, options)),
    forget: (file) => cache.forget(file),
  };
}

/** A pf tree and its references (core's `pfReferences`); the analysis supplies the host around it. */
export function pfView(tree: PfSyntaxFile, dialect: Dialect, analysis: HostAnalysis = emptyAnalysis()): PfView {
  return { tree, references: pfReferences({ ...analysis, pf: { file: tree.file, dialect, syntax: tree } })! };
}

/** True when `file` is the tree's own file or one it includes (at any depth). */
function treeReaches(tree: PfSyntaxFile, file: string, onDisk: (file: string) => string): boolean {
  if (onDisk(tree.file) === file) return true;
  return tree.statements.some((statement) => statement.kind === 'include' && statement.included !== undefined && treeReaches(statement.included, file, onDisk));
}

function indexRcConf(analysis: HostAnalysis): RcIndex {
  const assignments: RcEntry[] = [];
  for (const source of analysis.sources.values()) {
    if (source.language !== 'rcconf' || !isRcConf(source.path)) continue;
    const file = parseRcConf(source.path, source.text);
    for (const statement of file.statements) {
      if (statement.kind === 'assignment') for (const assignment of statement.assignments) assignments.push({ ...assignment, file });
    }
  }
  const routeNames: RcName[] = [];
  const interfaceNames: RcName[] = [];
  for (const assignment of assignments) {
    if (ROUTE_LISTS.has(assignment.name)) routeNames.push(...listedNames(assignment));
    else if (INTERFACE_LISTS.has(assignment.name)) interfaceNames.push(...listedNames(assignment));
    const route = ROUTE_VARIABLE.exec(assignment.name);
    if (route) routeNames.push(nameInVariable(assignment, route[1]!, assignment.name.length - route[1]!.length));
    const iface = INTERFACE_VARIABLE.exec(assignment.name);
    if (iface) interfaceNames.push(nameInVariable(assignment, iface[2]!, iface[1]!.length));
  }
  return { assignments, routeNames, interfaceNames };
}

/** The words of a list value (`static_routes="a b"`), each with its exact range. */
function listedNames(assignment: RcEntry): RcName[] {
  const { file } = assignment;
  const value = evaluatePieces(file.text, assignment.value, () => undefined);
  return splitWords(value, file.file, file.lines)
    .filter((word) => !word.dynamic)
    .map((word) => ({ name: word.text, range: word.range, assignment, listed: true }));
}

function nameInVariable(assignment: RcEntry, name: string, at: number): RcName {
  const start = assignment.nameRange.start.offset + at;
  return { name, range: assignment.file.lines.range(assignment.file.file, start, start + name.length), assignment, listed: false };
}

/** The name rc uses in variable names for interface `name` (`em0.101` → `em0_101`). */
export function rcInterfaceName(name: string): string {
  return mangleName(name);
}

/** A host with nothing known about it: for a document read on its own. */
function emptyAnalysis(): HostAnalysis {
  return { host: emptyHostModel('host'), sources: new Map(), complete: false };
}
