import { displayPath, type Report } from './report.js';

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}

/** Checkstyle XML, which many CI systems import: every file read, with its findings. */
export function formatCheckstyle(report: Report): string {
  const files = new Set([...report.sources.keys(), ...report.findings.map((finding) => finding.range.file)]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const file of [...files].sort()) {
    const findings = report.findings.filter((finding) => finding.range.file === file);
    const name = escapeXml(displayPath(file, report.cwd));
    if (findings.length === 0) {
      out.push(`  <file name="${name}"/>`);
      continue;
    }
    out.push(`  <file name="${name}">`);
    for (const finding of findings) {
      const { line, column } = finding.range.start;
      out.push(
        `    <error line="${line}" column="${column}" severity="${finding.severity}" message="${escapeXml(finding.message)}" source="pflint.${finding.ruleId}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}
