import type { HostAnalysis } from '../analysis.js';
import { ADDRESS_FAMILIES } from '../net/ip.js';
import type { Rule, RuleReport } from './rule.js';
import { filterRules, loadedPf } from './support/pf.js';
import { defaultVerdict } from './support/probes.js';
import { internetProbe, routingTablesOf } from './support/routing.js';

export const noDefaultDeny: Rule = {
  meta: {
    id: 'no-default-deny',
    category: 'filtering',
    severity: 'warning',
    summary: 'The pf ruleset passes inbound traffic that no rule is written for',
    docs: {
      whatItDoes:
        'Runs an inbound packet that no specific rule is about (an unusual protocol from an unknown address) through ' +
        'the ruleset, on every interface a default route leaves by (the ones the Internet reaches the host through). If it ends up passed, the ruleset has no default ' +
        'deny: everything not explicitly blocked is allowed, including services nobody meant to expose.',
      whyItMatters:
        'pf passes a packet that matches no rule. A ruleset that lists blocks rather than passes keeps working ' +
        'when a new service starts listening, a jail gets an address or an interface is added: silently exposing ' +
        'it. A default deny turns those mistakes into visible failures instead.',
      example: {
        language: 'pf',
        bad: 'block in quick on vtnet0 proto tcp to port 23\npass in on vtnet0 proto tcp to port 22',
        good: 'block in all\npass in on vtnet0 proto tcp to port 22',
      },
      fix: 'Start the filter rules with `block in all` (or `block all` and explicit `pass out` rules), then pass what is needed.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf) return;
    const [first] = filterRules(pf.rules);
    if (!first) return;
    const tables = routingTablesOf(analysis);
    const uplinks = new Set<string>();
    for (const table of tables.tableNumbers()) {
      for (const family of ADDRESS_FAMILIES) {
        const exit = tables.resolve(table, internetProbe(tables, table, family)).interface;
        if (exit) uplinks.add(exit);
      }
    }
    // The interfaces the Internet reaches the host through; without a default route, any interface.
    const exposed = uplinks.size > 0 ? [...uplinks].sort() : [undefined];
    const verdict = exposed.map((name) => defaultVerdict(analysis, pf, 'in', name)).find((candidate) => candidate.action === 'pass');
    if (!verdict) return;
    yield {
      range: verdict.rule?.origin.range ?? first.origin.range,
      message: verdict.rule
        ? 'this rule passes inbound traffic that no other rule is written for: the ruleset has no default deny; start with `block in all`'
        : 'inbound traffic that no rule matches is passed: the ruleset has no default deny; add `block in all` before the pass rules',
    };
  },
};
