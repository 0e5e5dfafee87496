import type { Rule } from './rule.js';

/** Raised by the front ends (pf.conf, rc.conf family, FireBrick XML); registered so it can be explained and configured. */
export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    category: 'meta',
    severity: 'error',
    summary: 'A statement the real parser (pfctl, sh, the FireBrick) would reject',
    docs: {
      whatItDoes:
        'Reports text that the program reading the file would not accept: a pf.conf statement pfctl rejects, an ' +
        'rc.conf line that is not a shell assignment, XML that is not well formed. Each bad statement gives one ' +
        'finding at its position, and reading resumes at the next statement, so one typo does not hide the rest.',
      whyItMatters:
        'pfctl loads a ruleset all or nothing: one rejected line and the host keeps its old rules, or boots with ' +
        'none. Other checks only see what could be parsed, so they may miss problems around a syntax error.',
      example: {
        language: 'pf',
        bad: 'pass in on em0 proto tcp to port 22 keep stat',
        good: 'pass in on em0 proto tcp to port 22 keep state',
      },
      fix: 'Correct the statement as the message says. There is no automatic fix.',
    },
  },
};
