import type { SourceFile } from './analysis.js';
import type { Finding, Fix, TextEdit } from './findings.js';

export interface FixPlan {
  /** New text per file, for files that change. */
  readonly changed: ReadonlyMap<string, string>;
  /** Fixes whose edits all went in. */
  readonly applied: readonly Fix[];
  /** Fixes left out because an edit overlapped one already chosen; a re-check may offer them again. */
  readonly skipped: readonly Fix[];
}

/**
 * Chooses the fixes to apply in one pass and computes the new file texts.
 * A fix goes in whole or not at all; fixes are taken in file order and one
 * that overlaps an edit already chosen is skipped (the caller re-checks and
 * tries again). An edit identical to one already chosen is shared, not a
 * conflict: several findings often offer the same fix.
 */
export function planFixes(
  findings: readonly Finding[],
  sources: ReadonlyMap<string, SourceFile>,
  level: 'safe' | 'unsafe',
): FixPlan {
  const candidates = findings
    .flatMap((finding) => (finding.fixes ?? []).slice(0, 1))
    .filter((fix) => fix.edits.length > 0 && (level === 'unsafe' || fix.safety === 'safe'));
  const chosen = new Map<string, TextEdit[]>();
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of candidates) {
    const fits = fix.edits.every((edit) => {
      if (!sources.has(edit.range.file)) return false;
      return (chosen.get(edit.range.file) ?? []).every((other) => sameEdit(edit, other) || !overlaps(edit, other));
    });
    if (!fits) {
      skipped.push(fix);
      continue;
    }
    for (const edit of fix.edits) {
      const edits = chosen.get(edit.range.file) ?? [];
      if (!edits.some((other) => sameEdit(edit, other))) edits.push(edit);
      chosen.set(edit.range.file, edits);
    }
    applied.push(fix);
  }
  const changed = new Map<string, string>();
  for (const [file, edits] of chosen) {
    const text = applyEdits(sources.get(file)!.text, edits);
    if (text !== sources.get(file)!.text) changed.set(file, text);
  }
  return { changed, applied, skipped };
}

/** Applies non-overlapping edits to a text (by offset, from the end so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset || b.range.end.offset - a.range.end.offset);
  let result = text;
  for (const edit of ordered) {
    result = result.slice(0, edit.range.start.offset) + edit.newText + result.slice(edit.range.end.offset);
  }
  return result;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset && a.newText === b.newText;
}

/** Ranges overlap, or two insertions at one point (their order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  const [aStart, aEnd, bStart, bEnd] = [a.range.start.offset, a.range.end.offset, b.range.start.offset, b.range.end.offset];
  if (aStart === aEnd && bStart === bEnd) return aStart === bStart;
  if (aStart === aEnd) return aStart > bStart && aStart < bEnd;
  if (bStart === bEnd) return bStart > aStart && bStart < aEnd;
  return aStart < bEnd && bStart < aEnd;
}
