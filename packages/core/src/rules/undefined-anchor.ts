import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { pfReferences, throughMacro } from './support/pf-references.js';

export const undefinedAnchor: Rule = {
  meta: {
    id: 'undefined-anchor',
    category: 'references',
    severity: 'warning',
    summary: 'An anchor called in pf.conf whose rules pf.conf never loads',
    docs: {
      whatItDoes:
        'Reports every `anchor "name"` (and `nat-anchor`, `rdr-anchor`, `binat-anchor`, `ether anchor`) call ' +
        'without an inline body when pf.conf has no `load anchor "name" from ...` and no inline anchor of that ' +
        'name. Wildcard calls such as `anchor "relayd/*"` are left alone: they exist for daemons that add ' +
        'their anchors at run time.',
      whyItMatters:
        'An anchor that nothing loads is empty after boot: the rules meant to be evaluated at that point are ' +
        'missing, and traffic falls through to the rules below. A misspelt name in the call or in `load anchor` ' +
        'has the same effect.',
      example: {
        language: 'pf',
        bad: 'anchor "jails"\nload anchor "jail" from "/etc/pf.jails.conf"',
        good: 'anchor "jails"\nload anchor "jails" from "/etc/pf.jails.conf"',
      },
      fix:
        'Correct the name, add the `load anchor` line, or, for an anchor a program fills at run time, suppress ' +
        'the finding with `# pflint disable=undefined-anchor` above the call. There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const references = pfReferences(analysis);
    if (!references) return;
    const defined = new Set(references.anchorDefinitions.map((anchor) => anchor.name));
    for (const call of references.anchorCalls) {
      if (defined.has(call.name) || call.name.includes('*')) continue;
      yield {
        range: call.range,
        message: `anchor "${call.name}"${throughMacro(call)} is called but pf.conf never loads rules into it, so it is empty at boot`,
      };
    }
  },
};
