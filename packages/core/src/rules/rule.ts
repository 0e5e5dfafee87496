import type { HostAnalysis, SourceLanguage } from '../analysis.js';
import type { Fix, RelatedLocation, Severity } from '../findings.js';
import type { SourceRange } from '../source.js';

/** Groups for `pflint rules` and the docs; a rule belongs to exactly one. */
export type RuleCategory = 'routing' | 'filtering' | 'tunnels' | 'performance' | 'references' | 'addressing' | 'meta';

export const RULE_CATEGORIES: readonly RuleCategory[] = [
  'routing',
  'filtering',
  'tunnels',
  'performance',
  'references',
  'addressing',
  'meta',
];

/** A rule's documentation, rendered by `pflint explain`, docs/rules/ and SARIF help. Markdown. */
export interface RuleDocs {
  /** What the rule reports, in a few sentences. */
  readonly whatItDoes: string;
  /** Why it matters: the symptom on a real host. */
  readonly whyItMatters: string;
  /** A configuration that triggers the rule, and the same configuration fixed. */
  readonly example: {
    readonly language: SourceLanguage | 'sh';
    readonly bad: string;
    readonly good: string;
    /** Optional words between the two snippets. */
    readonly note?: string;
  };
  /** How to fix it, including what pflint's automatic fix does if there is one. */
  readonly fix: string;
}

export interface RuleMeta {
  /** Kebab-case, stable forever: configs, suppressions and SARIF baselines name it. */
  readonly id: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** One line for `pflint rules`, SARIF shortDescription and the docs index. */
  readonly summary: string;
  readonly docs: RuleDocs;
  /** Whether the rule offers fixes, and the safest kind it offers. */
  readonly fixable?: 'safe' | 'unsafe';
}

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface RuleReport {
  readonly range: SourceRange;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

/**
 * A rule: metadata plus a function from an analysed host to reports.
 * Rules without `check` are diagnostics raised elsewhere (front ends, the
 * engine itself) that are registered so they can be configured, suppressed
 * and explained like any other rule.
 */
export interface Rule {
  readonly meta: RuleMeta;
  readonly check?: (analysis: HostAnalysis) => Iterable<RuleReport>;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function isValidRuleId(id: string): boolean {
  return KEBAB_CASE.test(id);
}
