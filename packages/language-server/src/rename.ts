import type { SourceRange } from '@pflint/core';
import { occurrenceAt, sameSymbol, type Occurrence, type SymbolKind } from './host-symbols.js';

/** What can be renamed under the cursor: the name's range and its current text. */
export interface RenameTarget {
  readonly range: SourceRange;
  readonly placeholder: string;
}

/** The edits of a rename, across every file of the host that names the symbol; or why it cannot be done. */
export type RenameAnswer =
  | { readonly edits: readonly { readonly range: SourceRange; readonly newText: string }[] }
  | { readonly error: string };

/** What the host's files say, for the checks that make an anchor or interface rename safe. */
export interface RenameContext {
  /** The text of every file of the host, by on-disk path (open buffers as typed). */
  readonly texts: ReadonlyMap<string, string>;
  /** Names of the interfaces the host model has. */
  readonly interfaces: ReadonlySet<string>;
}

/**
 * What a new name must look like: a pf macro name is letters, digits and `_`
 * (pfctl's `$name`); a table name is a pf word without `<>`; a route name
 * becomes part of an sh variable name (`route_NAME`); an anchor name is one
 * path component (names starting with `_` are pf's own); a cloned
 * interface's name is its driver and a unit number (`gif1`), the only names
 * `ifconfig DRIVER create` accepts.
 */
const VALID_NAMES: Partial<Record<SymbolKind, RegExp>> = {
  macro: /^[A-Za-z_][A-Za-z0-9_]*$/,
  table: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
  route: /^[A-Za-z0-9_]+$/,
  anchor: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
  interface: /^[a-z]+[0-9]+$/,
};

export function renameTarget(occurrences: readonly Occurrence[], file: string, offset: number): RenameTarget | undefined {
  const at = occurrenceAt(occurrences, file, offset);
  if (!at?.nameRange || !VALID_NAMES[at.symbol.kind]) return undefined;
  return { range: at.nameRange, placeholder: at.symbol.name };
}

/**
 * Renames the name under the cursor everywhere the host writes it: a macro,
 * a table, a route name (the words of `static_routes`/`ipv6_static_routes`
 * and the `route_NAME`/`ipv6_route_NAME` variable names together), an
 * anchor, or an interface the host creates with `cloned_interfaces` (its
 * rc.conf variables and pf.conf uses together). Anchors and interfaces are
 * also named where pflint does not follow names (inside rc.conf values,
 * macro values, comments, scripts), so their rename is refused unless every
 * place the name is written in the host's files is one it renames.
 */
export function renameEdits(occurrences: readonly Occurrence[], file: string, offset: number, newName: string, context: RenameContext): RenameAnswer {
  const at = occurrenceAt(occurrences, file, offset);
  const pattern = at ? VALID_NAMES[at.symbol.kind] : undefined;
  if (!at || !pattern) return { error: 'Only pf macros, tables and anchors, rc.conf route names and cloned interfaces can be renamed.' };
  const { kind, name } = at.symbol;
  if (!pattern.test(newName)) return { error: `'${newName}' is not a valid ${kind} name.` };
  const same = occurrences.filter((occurrence) => sameSymbol(occurrence.symbol, at.symbol));
  const refusal = kind === 'anchor' ? anchorRefusal(name, same) : kind === 'interface' ? interfaceRefusal(name, newName, same, context) : undefined;
  if (refusal) return { error: refusal };
  const fixed = same.find((occurrence) => !occurrence.nameRange);
  if (fixed) return { error: `'${name}' is written by a macro or as part of a longer word at ${where(fixed.range)}; rename it there.` };
  const seen = new Set<string>();
  const edits = same.flatMap((occurrence) => {
    const range = occurrence.nameRange!;
    const key = `${range.file}\0${range.start.offset}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ range, newText: newName }];
  });
  edits.sort((a, b) => (a.range.file === b.range.file ? a.range.start.offset - b.range.start.offset : a.range.file < b.range.file ? -1 : 1));
  if (kind === 'anchor' || kind === 'interface') {
    const missed = unrenamedMention(name, kind === 'interface', edits, context.texts);
    if (missed) return { error: `'${name}' is also written at ${missed}, which pflint cannot rename safely; rename refused.` };
  }
  return { edits };
}

function anchorRefusal(name: string, same: readonly Occurrence[]): string | undefined {
  if (/[/*]/.test(name)) return `'${name}' is an anchor path or wildcard that names several anchors; rename each anchor on its own.`;
  if (!same.some((occurrence) => occurrence.role === 'definition')) {
    return `Anchor '${name}' has no rules in this host (no load anchor or inline body): a program or script fills it by name, so it cannot be renamed here.`;
  }
  return undefined;
}

function interfaceRefusal(name: string, newName: string, same: readonly Occurrence[], context: RenameContext): string | undefined {
  if (!same.some((occurrence) => occurrence.creates)) {
    return `'${name}' is not created by cloned_interfaces: its driver names it. Give it another name with ifconfig_${name}_name instead.`;
  }
  const driver = (interfaceName: string): string => interfaceName.replace(/[0-9]+$/, '');
  if (driver(newName) !== driver(name)) return `A cloned ${driver(name)} interface must be named ${driver(name)}N (such as ${driver(name)}1).`;
  if (context.interfaces.has(newName)) return `The host already has an interface '${newName}'.`;
  return undefined;
}

/**
 * The first place in the host's files where `name` is written as a word
 * that no edit covers, as `file:line`. An anchor name counts before a `/`
 * (`web/sub` is inside `web`) but not after one (a file path such as
 * `/etc/pf.anchors/web` names no anchor). An interface name also counts glued
 * to `_` or letters (`ifconfig_gif0_alias0`, and `epair0a`, which is made
 * from `epair0`), but not followed by a digit (`gif10` is another name).
 */
function unrenamedMention(name: string, glued: boolean, edits: readonly { readonly range: SourceRange }[], texts: ReadonlyMap<string, string>): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = glued ? new RegExp(`(?<![A-Za-z0-9.-])${escaped}(?![0-9])`, 'g') : new RegExp(`(?<![\\w./-])${escaped}(?![\\w.-])`, 'g');
  for (const [file, text] of texts) {
    const covered = edits.filter((edit) => edit.range.file === file).map((edit) => edit.range.start.offset);
    for (const match of text.matchAll(pattern)) {
      if (covered.includes(match.index)) continue;
      return `${file.slice(file.lastIndexOf('/') + 1)}:${text.slice(0, match.index).split('\n').length}`;
    }
  }
  return undefined;
}

function where(range: SourceRange): string {
  return `${range.file}:${range.start.line}`;
}
