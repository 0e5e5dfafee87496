import { pathToFileURL } from 'node:url';
import type { Finding, Severity, SourcePosition, SourceRange } from '@pflint/core';
import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver';

/** The `source` of every diagnostic the server publishes; code actions answer only these. */
export const DIAGNOSTIC_SOURCE = 'pflint';

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Core positions are 1-based with UTF-16 columns; LSP's are 0-based with UTF-16 characters. */
export function toPosition(position: SourcePosition): Position {
  return { line: Math.max(0, position.line - 1), character: Math.max(0, position.column - 1) };
}

export function toRange(range: SourceRange): Range {
  return { start: toPosition(range.start), end: toPosition(range.end) };
}

/** Maps a file path to the URI the client knows it by (open documents keep the client's spelling). */
export type UriOf = (file: string) => string;

export function defaultUriOf(file: string): string {
  return pathToFileURL(file).href;
}

export function findingToDiagnostic(finding: Finding, uriOf: UriOf): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(finding.range),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: uriOf(related.range.file), range: toRange(related.range) },
      message: related.message,
    }));
  }
  return diagnostic;
}

/** Identifies a diagnostic as the client echoes it back in a code action request. */
export function diagnosticKey(diagnostic: Pick<Diagnostic, 'range' | 'code' | 'message'>): string {
  const { start, end } = diagnostic.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}\0${String(diagnostic.code)}\0${diagnostic.message}`;
}
