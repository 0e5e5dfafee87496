import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const pfSemantic: Rule = {
  meta: {
    id: 'pf-semantic',
    category: 'filtering',
    severity: 'error',
    summary: 'A pf.conf statement pfctl parses but refuses to load',
    docs: {
      whatItDoes: 'Reports what pfctl rejects after parsing: a rule that expands to no valid combination of address families, flags or ports on a protocol without them, a route-to with no address of the rule\'s family, an option out of order with `require-order`, and pfctl\'s other consistency checks. The message is pfctl\'s own.',
      whyItMatters: 'pfctl loads a ruleset all or nothing: one such error and the host keeps its previous rules, or boots without any.',
      example: {
        language: 'pf',
        bad: 'pass in inet6 proto udp from 10.0.0.0/8 to any port 53',
        good: 'pass in inet proto udp from 10.0.0.0/8 to any port 53',
      },
      fix: 'Correct the statement as the message says. There is no automatic fix.',
    },
  },
};
