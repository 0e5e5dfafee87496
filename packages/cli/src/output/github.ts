import type { Severity } from '@pflint/core';
import { displayPath, type Report } from './report.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of GitHub Actions workflow commands: the message, then property values (which also lose `:` and `,`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff. */
export function formatGithub(report: Report): string {
  return report.findings
    .map((finding) => {
      const { file, start, end } = finding.range;
      const properties = [
        `file=${escapeProperty(displayPath(file, report.cwd))}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(`pflint ${finding.ruleId}`)}`,
      ].join(',');
      return `::${COMMAND[finding.severity]} ${properties}::${escapeData(finding.message)}\n`;
    })
    .join('');
}
