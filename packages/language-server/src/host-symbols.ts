import * as posixPath from 'node:path/posix';
import { endOffsetOf, evaluatePieces, narrowRange, parseXml, pfStatements, rcReadingOrder, startOffsetOf, type HostModel, type ShValue, type SourceRange } from '@pflint/core';
import { firebrickNames } from './firebrick-names.js';
import type { HostIndex, PfView, RcEntry, RcIndex } from './host-index.js';
import { rcInterfaceName } from './host-index.js';
import type { DocumentLanguage } from './languages.js';

/**
 * The named things navigation follows. Macros, tables and anchors live in pf
 * files; variables and route names in rc.conf (`static_routes` words and
 * `route_NAME` variables); interfaces in pf, rc.conf (a pf `on gif0`, an
 * rc.conf `ifconfig_gif0`) and FireBrick XML; IP groups and routing tables in
 * FireBrick XML; an include path names a file.
 */
export type SymbolKind = 'macro' | 'table' | 'anchor' | 'interface' | 'route' | 'file' | 'variable' | 'ip-group' | 'routing-table';

export interface HostSymbol {
  readonly kind: SymbolKind;
  /** The name as pf writes it; for interfaces, as rc.conf variable names spell it (`em0_101`). */
  readonly name: string;
}

/** One place a symbol is written. */
export interface Occurrence {
  readonly symbol: HostSymbol;
  /** What the cursor is on and what references report: `$name` for a macro use, the word otherwise. */
  readonly range: SourceRange;
  readonly role: 'definition' | 'use';
  /** Just the name, for rename (`name` of `$name`); absent where the name cannot be renamed in place. */
  readonly nameRange?: SourceRange;
  /** For file symbols: the file the path leads to. */
  readonly target?: string;
  /** For file symbols: the path of a `load anchor`, whose file pf reads as a ruleset of its own. */
  readonly loadsAnchor?: boolean;
  /** For definitions that take effect after the statement they are in (an sh assignment): the offset from which they are in force. */
  readonly inForceFrom?: number;
  /** For rc.conf variables: the files of the rc run that reads this one, in the order it reads them (core's `rcReadingOrder`). */
  readonly readingOrder?: readonly string[];
  /** For interfaces: this occurrence is the `cloned_interfaces` word that creates the interface. */
  readonly creates?: boolean;
  /** For route names: the address family (`static_routes`/`route_` or `ipv6_static_routes`/`ipv6_route_`). */
  readonly family?: 'inet' | 'inet6';
}

/**
 * Every occurrence of every symbol the document can reach: the pf view that
 * holds the document (the host's pf.conf with its includes, or the document
 * alone), the interfaces of the host's other pf files (pf.conf and the files
 * it loads anchors from), the host's rc.conf files and its jail.conf
 * interfaces; for a FireBrick file, the names in the file. Ranges are in
 * on-disk paths.
 */
export function hostOccurrences(index: HostIndex, file: string, text: string, language: DocumentLanguage): Occurrence[] {
  // A FireBrick file is a host of its own: its names are all in the document.
  if (language === 'firebrick') return firebrickOccurrences(file, text);
  const occurrences: Occurrence[] = [];
  const own = language === 'pf' ? index.pfFor(file, text) : undefined;
  if (own) occurrences.push(...pfOccurrences(own, index.onDisk));
  // Interfaces are shared by the whole host: the host's pf.conf and the files it loads anchors from come along.
  const host = index.analysis.pf ? index.hostPfReaching(index.analysis.pf.file) : undefined;
  const others = host ? [host, ...loadedAnchorViews(index, host)] : [];
  for (const view of others) {
    if (view === own || view.tree.file === file) continue;
    occurrences.push(...interfaceOccurrences(view, index.onDisk));
  }
  occurrences.push(...rcOccurrences(index.rc(), index.analysis.host), ...jailOccurrences(index));
  return occurrences;
}

/**
 * The text of every file of the host by on-disk path: what core's analysis
 * read, the files pf.conf loads anchors from (which the analysis does not
 * read), and the document as typed.
 */
export function hostTexts(index: HostIndex, file: string, text: string): Map<string, string> {
  const texts = new Map([...index.analysis.sources.values()].map((source) => [index.onDisk(source.path), source.text]));
  const host = index.analysis.pf ? index.hostPfReaching(index.analysis.pf.file) : undefined;
  for (const view of host ? loadedAnchorViews(index, host) : []) texts.set(view.tree.file, view.tree.text);
  texts.set(file, text);
  return texts;
}

/** The files the host's pf.conf loads anchors from (`load anchor NAME from FILE`), each parsed on its own. */
function loadedAnchorViews(index: HostIndex, host: PfView): PfView[] {
  const views: PfView[] = [];
  // Only the file paths: all of pf.conf's occurrences would cost a pass over every rule, for each request.
  for (const occurrence of fileOccurrences(host, index.onDisk)) {
    if (!occurrence.target || !occurrence.loadsAnchor) continue;
    const text = index.fs.readFile(occurrence.target);
    if (text !== undefined) views.push(index.pfFor(occurrence.target, text));
  }
  return views;
}

/**
 * Interface names in the host's jail.conf files, where core's model says a
 * jail names one (`vnet.interface`, `interface`, the `IF` of `IF|address`).
 * A parameter set outside the blocks applies to every jail: listed once.
 */
function jailOccurrences(index: HostIndex): Occurrence[] {
  const occurrences = new Map<string, Occurrence>();
  for (const jail of index.analysis.host.jails) {
    for (const reference of jail.interfaceReferences) {
      const range = onDiskRange(reference.range, index.onDisk);
      const key = `${range.file}:${range.start.offset}`;
      if (!occurrences.has(key)) occurrences.set(key, { symbol: { kind: 'interface', name: rcInterfaceName(reference.name) }, range, role: 'use', nameRange: exactName(range, reference.name) });
    }
  }
  return [...occurrences.values()];
}

function firebrickOccurrences(file: string, text: string): Occurrence[] {
  const document = parseXml(text, file);
  return firebrickNames(document).map((name) => {
    const range = document.range(name.span);
    // Interfaces are keyed as everywhere else (rc.conf's spelling), so the host model's interface is found for hovers.
    const symbolName = name.kind === 'interface' ? rcInterfaceName(name.name) : name.name;
    return { symbol: { kind: name.kind, name: symbolName }, range, role: name.role };
  });
}

/**
 * The occurrence made for each pf reference: core keeps a statement's
 * references while an edit leaves the statement alone, and their ranges move
 * with the text, so the next version's requests find most of them made.
 * Only occurrences in a file under its own path are kept: another host may
 * put the same tree elsewhere on disk.
 */
const PF_OCCURRENCES = new WeakMap<object, Occurrence>();

/** The occurrence of one pf reference written at `written`: the kept one, or made by `make` from its on-disk range. */
function keptOccurrence(reference: object, written: SourceRange, onDisk: (file: string) => string, make: (range: SourceRange) => Occurrence): Occurrence {
  const range = onDiskRange(written, onDisk);
  let occurrence = range === written ? PF_OCCURRENCES.get(reference) : undefined;
  if (!occurrence) {
    occurrence = make(range);
    if (range === written) PF_OCCURRENCES.set(reference, occurrence);
  }
  return occurrence;
}

function pfOccurrences(view: PfView, onDisk: (file: string) => string): Occurrence[] {
  const { references } = view;
  const occurrences: Occurrence[] = [];
  const add = (reference: object, written: SourceRange, make: (range: SourceRange) => Occurrence): void => {
    occurrences.push(keptOccurrence(reference, written, onDisk, make));
  };
  for (const definition of references.macroDefinitions) {
    add(definition, definition.name.range, (range) => named('macro', definition.name.text, range, 'definition', range));
  }
  for (const use of references.macroUses) {
    add(use, use.range, (range) => named('macro', use.name, range, 'use', narrowRange(range, 1, 0)));
  }
  for (const definition of references.tableDefinitions) {
    add(definition, definition.name.range, (range) => named('table', definition.name.text, range, 'definition', definition.name.macro ? undefined : range));
  }
  for (const use of references.tableUses) {
    add(use, use.range, (range) => named('table', use.name, range, 'use', use.macro ? undefined : range));
  }
  for (const [list, role] of [[references.anchorDefinitions, 'definition'], [references.anchorCalls, 'use']] as const) {
    for (const anchor of list) {
      add(anchor, anchor.range, (range) => named('anchor', anchor.name, range, role, anchor.macro ? undefined : unquoted(range, anchor.name)));
    }
  }
  occurrences.push(...interfaceOccurrences(view, onDisk), ...fileOccurrences(view, onDisk));
  return occurrences;
}

/** The interface names a pf view writes out (not through a macro). */
function interfaceOccurrences(view: PfView, onDisk: (file: string) => string): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const use of view.references.interfaceUses) {
    if (!use.macro) {
      occurrences.push(keptOccurrence(use, use.range, onDisk, (range) => named('interface', rcInterfaceName(use.name), range, 'use', exactName(range, use.name))));
    }
  }
  return occurrences;
}

/** A pf name's occurrence: one object shape for all of them. */
function named(kind: SymbolKind, name: string, range: SourceRange, role: Occurrence['role'], nameRange: SourceRange | undefined): Occurrence {
  return { symbol: { kind, name }, range, role, nameRange };
}

/** The paths of a pf view's `include` and `load anchor` statements, each leading to its file. */
function fileOccurrences(view: PfView, onDisk: (file: string) => string): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const here = (range: SourceRange): SourceRange => onDiskRange(range, onDisk);
  for (const statement of pfStatements(view.tree.statements)) {
    if (statement.kind === 'include') {
      occurrences.push({ symbol: { kind: 'file', name: statement.resolvedPath }, range: here(statement.path.range), role: 'use', target: onDisk(statement.resolvedPath) });
    } else if (statement.kind === 'load-anchor') {
      const path = statement.path.text;
      const target = onDisk(path.startsWith('/') ? path : posixPath.join(posixPath.dirname(view.tree.file), path));
      occurrences.push({ symbol: { kind: 'file', name: target }, range: here(statement.path.range), role: 'use', target, loadsAnchor: true });
    }
  }
  return occurrences;
}

function rcOccurrences(rc: RcIndex, host: HostModel): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const entry of rc.routeNames) {
    // The list names the routes; each `route_NAME` variable is what a name in the list stands for.
    const family = entry.assignment.name.startsWith('ipv6_') ? 'inet6' : 'inet';
    occurrences.push({ symbol: { kind: 'route', name: entry.name }, range: entry.range, role: entry.listed ? 'use' : 'definition', nameRange: entry.range, family });
  }
  for (const assignment of rc.assignments) {
    const readingOrder = rcReadingOrder(host, assignment.file.file) ?? [assignment.file.file];
    // sh expands the value before it assigns: `x="$x y"` uses the x assigned before.
    occurrences.push({ symbol: { kind: 'variable', name: assignment.name }, range: assignment.nameRange, role: 'definition', inForceFrom: assignment.range.end.offset, readingOrder });
    for (const reference of variableReferences(assignment)) occurrences.push({ symbol: { kind: 'variable', name: reference.name }, range: reference.range, role: 'use', readingOrder });
  }
  for (const entry of rc.interfaceNames) {
    // `ifconfig_IF` is where an interface is configured; its other variables and list entries refer to it.
    const name = entry.listed ? rcInterfaceName(entry.name) : entry.name;
    const configures = !entry.listed && entry.assignment.name === `ifconfig_${entry.name}`;
    const creates = entry.listed && entry.assignment.name === 'cloned_interfaces';
    occurrences.push({ symbol: { kind: 'interface', name }, range: entry.range, role: configures ? 'definition' : 'use', nameRange: exactName(entry.range, entry.name), ...(creates ? { creates } : {}) });
  }
  return occurrences;
}

/** The name inside a range that may hold it quoted (`"web"`). */
function unquoted(range: SourceRange, name: string): SourceRange {
  return lengthOf(range) === name.length + 2 ? narrowRange(range, 1, 1) : range;
}

/** How many characters a range spans (for an OffsetRange without working out its lines). */
function lengthOf(range: SourceRange): number {
  return endOffsetOf(range) - startOffsetOf(range);
}

/** The same range, named by the file's path on disk. */
export function onDiskRange(range: SourceRange, onDisk: (file: string) => string): SourceRange {
  const file = onDisk(range.file);
  return file === range.file ? range : { file, start: range.start, end: range.end };
}

/** A name range for rename where the range holds exactly the name (not `em0:network`, not a mangled `em0.101`). */
function exactName(range: SourceRange, name: string): SourceRange | undefined {
  return lengthOf(range) === name.length ? range : undefined;
}

/**
 * The `$name` and `${name}` references in an assignment's value, quoted or
 * not, found by core's own sh evaluation: every reference is looked up once,
 * in order, and the one character it is made to expand to carries the
 * reference's source span.
 */
function variableReferences(assignment: RcEntry): { readonly name: string; readonly range: SourceRange }[] {
  const names: string[] = [];
  const marker: ShValue = { text: '\0', starts: [0], ends: [0], opaque: [false], dynamic: false };
  const value = evaluatePieces(assignment.file.text, assignment.value, (name) => {
    names.push(name);
    return marker;
  });
  const references: { name: string; range: SourceRange }[] = [];
  for (let i = 0; i < value.text.length; i++) {
    if (value.text[i] !== '\0' || value.opaque[i] || assignment.file.text[value.starts[i]!] !== '$') continue;
    const name = names[references.length];
    if (name === undefined) break;
    references.push({ name, range: assignment.file.lines.range(assignment.file.file, value.starts[i]!, value.ends[i]!) });
  }
  return references;
}

export function sameSymbol(a: HostSymbol, b: HostSymbol): boolean {
  return a.kind === b.kind && a.name === b.name;
}

export function covers(range: SourceRange, offset: number): boolean {
  return startOffsetOf(range) <= offset && offset <= endOffsetOf(range);
}

/** The occurrence under the cursor in `file`; the narrowest when several touch it. */
export function occurrenceAt(occurrences: readonly Occurrence[], file: string, offset: number): Occurrence | undefined {
  const touching = occurrences.filter((occurrence) => occurrence.range.file === file && covers(occurrence.range, offset));
  return touching.sort((a, b) => lengthOf(a.range) - lengthOf(b.range))[0];
}

/**
 * Where the symbol under the cursor is defined. A macro use goes to the
 * definition in force there (the last one before it in its file, as pfctl
 * expands with the value defined so far, else one in another file); an
 * rc.conf variable use to the last assignment rc has read by then, in this
 * file or one the same run of rc reads earlier (a jail's rc reads only the
 * jail's files); a route
 * name goes from the list to its `route_NAME` variable and back (IPv6:
 * `ipv6_static_routes` and `ipv6_route_NAME`); an
 * interface to its `ifconfig_IF` variable, else to where the host model
 * says it is created (a jail.conf or wg-quick file, `cloned_interfaces`).
 */
export function definitionsOf(occurrences: readonly Occurrence[], at: Occurrence, hostInterfaceSource: SourceRange | undefined): SourceRange[] {
  if (at.symbol.kind === 'file') return at.target ? [{ file: at.target, start: origin(), end: origin() }] : [];
  const same = occurrences.filter((occurrence) => sameSymbol(occurrence.symbol, at.symbol));
  const definitions = same.filter((occurrence) => occurrence.role === 'definition');
  switch (at.symbol.kind) {
    case 'macro': {
      const before = definitions.filter((definition) => definition.range.file === at.range.file && inForceAt(definition, at));
      // A macro used before any definition still leads to one (pfctl reports the use).
      const chosen = before.at(-1) ?? definitions.find((definition) => definition.range.file !== at.range.file) ?? definitions[0];
      return chosen ? [chosen.range] : [];
    }
    case 'variable': {
      // rc sources its files one after another (rc.conf, rc.conf.local, rc.conf.d/*): the assignment in force is the last one read before the use; one read later, or only by another run of rc, leaves the variable unset there.
      const order = at.readingOrder ?? [at.range.file];
      const rankOf = (occurrence: Occurrence): number => order.indexOf(occurrence.range.file);
      const useRank = rankOf(at);
      const readBefore = definitions.filter((definition) => {
        const rank = rankOf(definition);
        return rank >= 0 && (rank < useRank || (rank === useRank && inForceAt(definition, at)));
      });
      const lastRank = Math.max(...readBefore.map(rankOf));
      // Within a file the occurrences come in the order they are written.
      const chosen = readBefore.findLast((definition) => rankOf(definition) === lastRank);
      return chosen ? [chosen.range] : [];
    }
    case 'route':
      // One name may be an IPv4 and an IPv6 route: the list of each family names its own variables.
      return same.filter((occurrence) => occurrence.role !== at.role && occurrence.family === at.family).map((occurrence) => occurrence.range);
    case 'interface': {
      const configured = definitions.slice(0, 1).map((occurrence) => occurrence.range);
      return configured.length > 0 ? configured : hostInterfaceSource ? [hostInterfaceSource] : [];
    }
    default:
      return definitions.map((occurrence) => occurrence.range);
  }
}

function inForceAt(definition: Occurrence, use: Occurrence): boolean {
  return (definition.inForceFrom ?? definition.range.start.offset) <= use.range.start.offset;
}

export function referencesOf(occurrences: readonly Occurrence[], at: Occurrence, includeDeclaration: boolean): SourceRange[] {
  return occurrences
    .filter((occurrence) => sameSymbol(occurrence.symbol, at.symbol) && (includeDeclaration || occurrence.role === 'use'))
    .map((occurrence) => occurrence.range)
    .sort((a, b) => (a.file === b.file ? a.start.offset - b.start.offset : a.file < b.file ? -1 : 1));
}

function origin(): SourceRange['start'] {
  return { line: 1, column: 1, offset: 0 };
}
