import { formatCheckstyle } from './checkstyle.js';
import { formatGcc } from './gcc.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import type { Report } from './report.js';
import { formatSarif } from './sarif.js';
import { ANSI_COLORS, NO_COLORS, formatStylish } from './stylish.js';

export { displayPath, summaryLine, type Report, type RunSummary } from './report.js';

export const OUTPUT_FORMATS = ['stylish', 'json', 'sarif', 'gcc', 'github', 'checkstyle'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Only stylish is for people; the others are read by programs and carry no summary of their own. */
export function isHumanFormat(format: OutputFormat): boolean {
  return format === 'stylish';
}

export function formatReport(format: OutputFormat, report: Report, options: { readonly color: boolean }): string {
  switch (format) {
    case 'stylish':
      return formatStylish(report, options.color ? ANSI_COLORS : NO_COLORS);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'gcc':
      return formatGcc(report);
    case 'github':
      return formatGithub(report);
    case 'checkstyle':
      return formatCheckstyle(report);
  }
}
