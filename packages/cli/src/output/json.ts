import type { Fix, RelatedLocation, SourceRange } from '@pflint/core';
import { displayPath, type Report } from './report.js';

function location(range: SourceRange, cwd: string) {
  return {
    file: displayPath(range.file, cwd),
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

function fixJson(fix: Fix, cwd: string) {
  return {
    description: fix.description,
    safety: fix.safety,
    edits: fix.edits.map((edit) => ({ ...location(edit.range, cwd), newText: edit.newText })),
  };
}

function relatedJson(related: RelatedLocation, cwd: string) {
  return { ...location(related.range, cwd), message: related.message };
}

/** For machines: `{"findings": [...]}`, one object per finding, 1-based lines and columns, exclusive end. */
export function formatJson(report: Report): string {
  const findings = report.findings.map((finding) => {
    const { file, line, column, endLine, endColumn } = location(finding.range, report.cwd);
    return {
      rule: finding.ruleId,
      severity: finding.severity,
      file,
      line,
      column,
      endLine,
      endColumn,
      message: finding.message,
      related: (finding.related ?? []).map((related) => relatedJson(related, report.cwd)),
      fixes: (finding.fixes ?? []).map((fix) => fixJson(fix, report.cwd)),
    };
  });
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}
