import type { HostAnalysis } from '../analysis.js';
import { parseIp } from '../net/ip.js';
import { IPPROTO_TCP } from '../pf/names.js';
import type { Rule, RuleReport } from './rule.js';
import { evaluateFilter } from './support/evaluate.js';
import { loadedPf, skippedInterfaces } from './support/pf.js';

const LOOPBACK = parseIp('127.0.0.1')!;

export const skipLoopback: Rule = {
  meta: {
    id: 'skip-loopback',
    category: 'filtering',
    severity: 'warning',
    summary: 'A default-deny ruleset also blocks traffic on the loopback interface',
    docs: {
      whatItDoes:
        'Runs a TCP packet from 127.0.0.1 to 127.0.0.1 on lo0 through the ruleset, in both directions. If pf blocks ' +
        'it and lo0 is not in `set skip`, reports the rule that blocks it.',
      whyItMatters:
        'Local programs talk to each other over loopback: a web server to its database, a resolver to itself, ' +
        'monitoring agents, `fetch http://localhost`. A `block all` without an exception for lo0 breaks all of it, ' +
        'and the errors ("connection refused", timeouts) rarely point at the firewall.',
      example: {
        language: 'pf',
        bad: 'block all\npass in on em0 proto tcp to port 443',
        good: 'set skip on lo0\nblock all\npass in on em0 proto tcp to port 443',
      },
      fix: 'Add `set skip on lo0` (or `set skip on lo` for the whole loopback group) before the rules, or pass traffic on lo0 explicitly.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf) return;
    const skipped = skippedInterfaces(pf);
    if (skipped.has('lo0') || skipped.has('lo')) return;
    const context = { pf, interfaces: analysis.host.interfaces };
    for (const direction of ['out', 'in'] as const) {
      const verdict = evaluateFilter(
        context,
        { direction, interface: 'lo0', family: 'inet', protocol: IPPROTO_TCP, source: LOOPBACK, destination: LOOPBACK, sourcePort: 40000, destinationPort: 5432 },
        (rule) => rule.action === 'pass',
      );
      if (verdict.action !== 'block' || !verdict.rule) continue;
      yield {
        range: verdict.rule.origin.range,
        message: `this rule blocks traffic on the loopback interface (lo0, ${direction}bound); add \`set skip on lo0\``,
      };
      return;
    }
  },
};
