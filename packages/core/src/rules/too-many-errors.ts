import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const tooManyErrors: Rule = {
  meta: {
    id: 'too-many-errors',
    category: 'meta',
    severity: 'error',
    summary: 'Reading stopped after too many syntax errors',
    docs: {
      whatItDoes: 'Reports that the XML reader gave up on the rest of a file after a large number of syntax errors.',
      whyItMatters: 'Nothing after that point is checked; a file this broken is usually not XML at all or was truncated.',
      example: {
        language: 'firebrick',
        bad: '<config><interface name="LAN" <<<<',
        good: '<config><interface name="LAN"/></config>',
      },
      fix: 'Fix the first errors and check again. There is no automatic fix.',
    },
  },
};
