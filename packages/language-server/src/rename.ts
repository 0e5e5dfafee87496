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

/**
 * What a new name must look like: a pf macro name is letters, digits and `_`
 * (pfctl's `$name`); a table name is a pf word without `<>`; a route name
 * becomes part of an sh variable name (`route_NAME`).
 */
const VALID_NAMES: Partial<Record<SymbolKind, RegExp>> = {
  macro: /^[A-Za-z_][A-Za-z0-9_]*$/,
  table: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
  route: /^[A-Za-z0-9_]+$/,
};

export function renameTarget(occurrences: readonly Occurrence[], file: string, offset: number): RenameTarget | undefined {
  const at = occurrenceAt(occurrences, file, offset);
  if (!at?.nameRange || !VALID_NAMES[at.symbol.kind]) return undefined;
  return { range: at.nameRange, placeholder: at.symbol.name };
}

/**
 * Renames the macro, table or route name under the cursor everywhere the host
 * writes it: for a route, the words of `static_routes`/`ipv6_static_routes`
 * and the `route_NAME`/`ipv6_route_NAME` variable names together.
 */
export function renameEdits(occurrences: readonly Occurrence[], file: string, offset: number, newName: string): RenameAnswer {
  const at = occurrenceAt(occurrences, file, offset);
  const pattern = at ? VALID_NAMES[at.symbol.kind] : undefined;
  if (!at || !pattern) return { error: 'Only pf macros, pf tables and rc.conf route names can be renamed.' };
  if (!pattern.test(newName)) return { error: `'${newName}' is not a valid ${at.symbol.kind} name.` };
  const same = occurrences.filter((occurrence) => sameSymbol(occurrence.symbol, at.symbol));
  const fixed = same.find((occurrence) => !occurrence.nameRange);
  if (fixed) return { error: `'${at.symbol.name}' is written by a macro at ${fixed.range.file}:${fixed.range.start.line}; rename it there.` };
  const seen = new Set<string>();
  const edits = same.flatMap((occurrence) => {
    const range = occurrence.nameRange!;
    const key = `${range.file}\0${range.start.offset}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ range, newText: newName }];
  });
  return { edits };
}
