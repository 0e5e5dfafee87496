import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const overrideWithoutTarget: Rule = {
  meta: {
    id: 'override-without-target',
    category: 'routing',
    severity: 'warning',
    summary: 'A FireBrick route override that sets neither gateway nor table',
    docs: {
      whatItDoes: 'Reports a `<route-override>` rule with neither `set-gateway` nor `set-table`.',
      whyItMatters: 'It matches traffic and changes nothing, which is rarely what was meant: usually the target was lost in an edit.',
      example: {
        language: 'firebrick',
        bad: '<route-override><rule source-ip="10.0.0.0/8"/></route-override>',
        good: '<route-override><rule source-ip="10.0.0.0/8" set-table="1"/></route-override>',
      },
      fix: 'Add `set-gateway` or `set-table`, or delete the rule. There is no automatic fix.',
    },
  },
};
