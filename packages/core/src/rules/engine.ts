import type { HostAnalysis } from '../analysis.js';
import type { Finding, Severity } from '../findings.js';
import type { SourceRange } from '../source.js';
import { RULES } from './index.js';
import type { Rule } from './rule.js';

/** A rule's configured level: a severity, or off. */
export type RuleSetting = Severity | 'off';

export interface RunRulesOptions {
  /** Rules to run; all registered rules by default. */
  readonly rules?: readonly Rule[];
  /** Per-id overrides of the default severity, from .pflintrc.json. */
  readonly settings?: Readonly<Record<string, RuleSetting>>;
}

/**
 * Runs every enabled rule on one analysed host. A rule that throws becomes an
 * `internal-error` finding and the other rules still run.
 */
export function runRules(analysis: HostAnalysis, options: RunRulesOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const settings = options.settings ?? {};
  for (const rule of options.rules ?? RULES) {
    const { id } = rule.meta;
    const setting = settings[id] ?? rule.meta.severity;
    if (!rule.check || setting === 'off') continue;
    try {
      for (const report of rule.check(analysis)) findings.push({ ruleId: id, severity: setting, ...report });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      findings.push({
        ruleId: 'internal-error',
        severity: 'error',
        message: `rule ${id} failed: ${detail}`,
        range: hostStart(analysis),
      });
    }
  }
  return findings;
}

/** Applies configured severities to findings raised outside the rules (front ends, model); drops those turned off. */
export function applyRuleSettings(findings: readonly Finding[], settings: Readonly<Record<string, RuleSetting>>): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = settings[finding.ruleId];
    if (setting === 'off') continue;
    result.push(setting && setting !== finding.severity ? { ...finding, severity: setting } : finding);
  }
  return result;
}

/** Where to report something about the host as a whole: the start of its first file. */
function hostStart(analysis: HostAnalysis): SourceRange {
  const file = analysis.host.files[0] ?? analysis.sources.keys().next().value ?? analysis.host.name;
  const origin = { line: 1, column: 1, offset: 0 };
  return { file, start: origin, end: origin };
}
