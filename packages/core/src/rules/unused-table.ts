import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { deleteStatementLine, pfReferences } from './support/pf-references.js';

export const unusedTable: Rule = {
  meta: {
    id: 'unused-table',
    category: 'references',
    severity: 'warning',
    summary: 'A pf.conf table that no rule refers to',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Reports every `table <name>` statement whose table no rule, `overload` option or other table refers to. ' +
        'When pf.conf calls anchors whose rules pflint cannot see (loaded at run time), it stays silent: those ' +
        'rules may use the table.',
      whyItMatters:
        'A table that no rule uses has no effect on traffic: the addresses someone carefully listed, or that a ' +
        'daemon keeps adding, are neither blocked nor allowed. Usually a rule names a different, similar table.',
      example: {
        language: 'pf',
        bad: 'table <trusted> { 198.51.100.23 }\npass in proto tcp to port 22',
        good: 'table <trusted> { 198.51.100.23 }\npass in proto tcp from <trusted> to port 22',
      },
      fix:
        'Use the table in the rule it was meant for, or delete it. The automatic fix deletes the table\'s line; ' +
        'it is unsafe because programs outside pf.conf may read or fill the table.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const references = pfReferences(analysis);
    if (!references) return;
    const loaded = new Set(references.anchorDefinitions.map((anchor) => anchor.name));
    // Rules of an anchor filled at run time may refer to the main ruleset's tables.
    if (references.anchorCalls.some((call) => !loaded.has(call.name))) return;
    const used = new Set(references.tableUses.map((use) => use.name));
    for (const definition of references.tableDefinitions) {
      const name = definition.name.text;
      if (used.has(name)) continue;
      const edit = deleteStatementLine(analysis, definition.range);
      yield {
        range: definition.name.range,
        message: `table <${name}> is defined but no rule uses it`,
        ...(edit ? { fixes: [{ description: `Delete table <${name}>`, safety: 'unsafe' as const, edits: [edit] }] } : {}),
      };
    }
  },
};
