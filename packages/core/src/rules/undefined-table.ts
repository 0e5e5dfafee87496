import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { pfReferences, throughMacro } from './support/pf-references.js';

export const undefinedTable: Rule = {
  meta: {
    id: 'undefined-table',
    category: 'references',
    severity: 'warning',
    summary: 'A <table> referenced in pf.conf that no table statement defines',
    docs: {
      whatItDoes:
        'Reports every `<name>` in a rule, in a table\'s own entries or in `overload <name>` for which pf.conf ' +
        '(with its includes and inline anchors) has no `table <name>` statement.',
      whyItMatters:
        'pfctl does not complain: it creates an empty table on the fly. A rule `from <trusted>` with a ' +
        'misspelt table name then matches nothing, and a `block` against an undefined table blocks nothing, ' +
        'silently. Tables that a program fills at run time (with `pfctl -t NAME -T add`) still deserve a ' +
        'declaration that says so.',
      example: {
        language: 'pf',
        bad: 'table <bruteforce> persist\nblock quick from <brutefroce>',
        good: 'table <bruteforce> persist\nblock quick from <bruteforce>',
      },
      fix:
        'Correct the name, or declare the table (`table <name> persist` for one filled at run time). There is ' +
        'no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const references = pfReferences(analysis);
    if (!references) return;
    const defined = new Set(references.tableDefinitions.map((definition) => definition.name.text));
    const uses = references.tableUses;
    for (let index = 0; index < uses.length; index++) {
      const use = uses[index]!;
      if (defined.has(use.name)) continue;
      yield {
        range: use.range,
        message: `table <${use.name}>${throughMacro(use)} is not defined: pfctl creates it empty, so it matches nothing until something fills it`,
      };
    }
  },
};
