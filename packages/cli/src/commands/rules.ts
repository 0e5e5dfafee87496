import { RULES, ruleDocsUrl } from '@pflint/core';
import { EXIT_OK, noOperands, oneOf, parseCommandArgs, TEXT_OR_JSON, type Command } from '../command.js';

const USAGE = `Usage: pflint rules [--format text|json]

Lists every rule: id, category, default severity, whether it has a fix, and
what it reports. \`pflint explain RULE\` shows a rule's documentation.
`;

function textTable(): string {
  const rows = RULES.map(({ meta }) => [meta.id, meta.category, meta.severity, meta.fixable ?? '-', meta.summary]);
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'FIX', 'SUMMARY'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

function json(): string {
  const rules = RULES.map(({ meta }) => ({
    id: meta.id,
    category: meta.category,
    severity: meta.severity,
    fixable: meta.fixable ?? null,
    summary: meta.summary,
    docs: ruleDocsUrl(meta.id),
  }));
  return `${JSON.stringify({ rules }, null, 2)}\n`;
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list the rules with their category, severity and summary',
  usage: USAGE,
  run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', default: 'text' } });
    noOperands('rules', positionals);
    const format = oneOf('format', values.format, TEXT_OR_JSON);
    context.stdout(format === 'json' ? json() : textTable());
    return EXIT_OK;
  },
};
