import type { Finding, Severity, SourceFile } from '@pflint/core';
import { displayPath, summaryLine, type Report } from './report.js';

export interface Colors {
  readonly severity: (severity: Severity, text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const ESC = '\u001b[';
const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { error: '31', warning: '33', info: '36' };

export const ANSI_COLORS: Colors = {
  severity: (severity, text) => `${ESC}${SEVERITY_COLOR[severity]}m${text}${ESC}39m`,
  dim: (text) => `${ESC}2m${text}${ESC}22m`,
  bold: (text) => `${ESC}1m${text}${ESC}22m`,
};

export const NO_COLORS: Colors = { severity: (_severity, text) => text, dim: (text) => text, bold: (text) => text };

/**
 * For people: findings grouped by file, each with its source line and a caret
 * under the range, then the summary line.
 */
export function formatStylish(report: Report, colors: Colors): string {
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const finding of report.findings) {
    const { file } = finding.range;
    if (file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      out.push(colors.bold(displayPath(file, report.cwd)));
      currentFile = file;
    }
    const { line, column } = finding.range.start;
    out.push(
      `  ${colors.dim(`${line}:${column}`)}  ${colors.severity(finding.severity, finding.severity)}  ${finding.message}  ${colors.dim(finding.ruleId)}`,
    );
    out.push(...excerpt(finding, report.sources.get(file), colors));
    for (const related of finding.related ?? []) {
      const where = `${displayPath(related.range.file, report.cwd)}:${related.range.start.line}:${related.range.start.column}`;
      out.push(`      ${colors.dim('note:')} ${related.message} ${colors.dim(`(${where})`)}`);
    }
    const fix = finding.fixes?.[0];
    if (fix) out.push(`      ${colors.dim(fix.safety === 'safe' ? 'fix:' : 'fix (unsafe):')} ${fix.description}`);
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}

/** The finding's first line with a caret run under its range (to the end of the line if it spans lines). */
function excerpt(finding: Finding, source: SourceFile | undefined, colors: Colors): string[] {
  const { start, end } = finding.range;
  if (!source || start.line > source.lines.lineCount) return [];
  const text = source.lines.lineText(start.line);
  if (text.trim() === '' && start.column === 1) return [];
  const lastColumn = end.line === start.line ? Math.max(end.column, start.column + 1) : text.length + 1;
  // Keep tabs in the padding so the caret lines up with the source line in any tab width.
  const padding = text.slice(0, start.column - 1).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(lastColumn, text.length + 1) - start.column));
  const gutter = String(start.line);
  return [
    `    ${colors.dim(`${gutter} |`)} ${text}`,
    `    ${colors.dim(`${' '.repeat(gutter.length)} |`)} ${padding}${colors.severity(finding.severity, carets)}`,
  ];
}
