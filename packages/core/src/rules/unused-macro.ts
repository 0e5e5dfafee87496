import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { deleteStatementLine, pfReferences } from './support/pf-references.js';

export const unusedMacro: Rule = {
  meta: {
    id: 'unused-macro',
    category: 'references',
    severity: 'warning',
    summary: 'A pf.conf macro that is defined but never used',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Reports every macro definition in pf.conf (and the files it includes) whose name no `$name` refers to, ' +
        'neither in a rule nor in another macro.',
      whyItMatters:
        'An unused macro usually means a rule was meant to use it and uses something else: a hard-coded address ' +
        'that has since changed, or a second macro with a similar name. At best it is dead text that readers ' +
        'still have to check.',
      example: {
        language: 'pf',
        bad: 'ext_if = "vtnet0"\nssh_port = "2222"\npass in on $ext_if proto tcp to port 22',
        good: 'ext_if = "vtnet0"\nssh_port = "2222"\npass in on $ext_if proto tcp to port $ssh_port',
      },
      fix:
        'Use the macro where it was meant to be used, or delete it. The automatic fix deletes the definition\'s ' +
        'line; it is unsafe because an anchor file loaded at run time may still expect the macro.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const references = pfReferences(analysis);
    if (!references) return;
    const used = new Set(references.macroUses.map((use) => use.name));
    for (const definition of references.macroDefinitions) {
      const name = definition.name.text;
      if (used.has(name)) continue;
      const edit = deleteStatementLine(analysis, definition.range);
      yield {
        range: definition.name.range,
        message: `macro \`${name}\` is defined but never used`,
        ...(edit ? { fixes: [{ description: `Delete the definition of ${name}`, safety: 'unsafe' as const, edits: [edit] }] } : {}),
      };
    }
  },
};
