import type { Severity } from '@pflint/core';
import { displayPath, type Report } from './report.js';

/** gcc's words, which editors' error parsers (Emacs compile, Vim quickfix) know. */
const GCC_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };

/** One line per finding: `file:line:col: severity: message [rule]`. */
export function formatGcc(report: Report): string {
  return report.findings
    .map((finding) => {
      const { file, start } = finding.range;
      return `${displayPath(file, report.cwd)}:${start.line}:${start.column}: ${GCC_SEVERITY[finding.severity]}: ${finding.message} [${finding.ruleId}]\n`;
    })
    .join('');
}
