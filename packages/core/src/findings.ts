import { startOffsetOf, type SourceRange } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

export interface Fix {
  /** What the fix does, in the imperative: "Add `reply-to (gif0 10.255.255.5)`". */
  readonly description: string;
  /** Safe fixes cannot change behaviour beyond the finding; `--fix` applies only these. */
  readonly safety: 'safe' | 'unsafe';
  readonly edits: readonly TextEdit[];
}

export interface RelatedLocation {
  readonly range: SourceRange;
  readonly message: string;
}

/**
 * One thing pflint has to say about a configuration. Parsers, the host model
 * and the rules all produce this one shape, so every front end reports the
 * same way (CLI formats, SARIF, LSP diagnostics).
 */
export interface Finding {
  /** Stable kebab-case id: a rule id, or `syntax-error` and friends from the front ends. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: SourceRange;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

/**
 * Orders rule ids (lowercase ASCII, digits and `-`, where this is the order
 * `localeCompare` gives too) without `localeCompare`: its first call loads
 * ICU's collation data, about 10 ms of a run.
 */
export function compareRuleIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.range.file === b.range.file ? 0 : a.range.file.localeCompare(b.range.file)) ||
    startOffsetOf(a.range) - startOffsetOf(b.range) ||
    compareRuleIds(a.ruleId, b.ruleId)
  );
}
