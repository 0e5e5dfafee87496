import * as path from 'node:path';
import type { Finding, Severity, SourceFile } from '@pflint/core';

/** Everything an output format may print. */
export interface Report {
  /** Sorted by file, position, rule id. */
  readonly findings: readonly Finding[];
  /** The text of every file read, for source excerpts; keyed as `Finding.range.file`. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Paths are shown relative to this directory when they are below it. */
  readonly cwd: string;
  readonly summary: RunSummary;
}

export interface RunSummary {
  readonly files: number;
  readonly hosts: number;
  readonly suppressed: number;
  readonly fixesApplied: number;
  readonly elapsedMs: number;
}

/** A path as the user should see it: relative to the working directory when below it, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** "2 findings (1 error, 1 warning, 0 info) in 3 files, 1 host, 1 suppressed (12 ms)". */
export function summaryLine(report: Report): string {
  const counts = countBySeverity(report.findings);
  const { summary } = report;
  const extras = [
    ...(summary.suppressed > 0 ? [`${summary.suppressed} suppressed`] : []),
    ...(summary.fixesApplied > 0 ? [plural(summary.fixesApplied, 'fix', 'fixes') + ' applied'] : []),
  ];
  return (
    `${plural(report.findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
    `${counts.info} info) in ${plural(summary.files, 'file')}, ${plural(summary.hosts, 'host')}` +
    `${extras.map((extra) => `, ${extra}`).join('')} (${Math.round(summary.elapsedMs)} ms)`
  );
}
