import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const includeCycle: Rule = {
  meta: {
    id: 'include-cycle',
    category: 'meta',
    severity: 'error',
    summary: 'A pf.conf include that includes itself again',
    docs: {
      whatItDoes: 'Reports an `include` that leads back to a file already being read.',
      whyItMatters: 'pfctl would read the files over and over until it runs out of resources; pflint stops and reports the chain.',
      example: {
        language: 'pf',
        bad: '# a.conf\ninclude "b.conf"\n# b.conf\ninclude "a.conf"',
        good: '# a.conf\ninclude "b.conf"\n# b.conf has no include',
      },
      fix: 'Remove the include that closes the circle. There is no automatic fix.',
    },
  },
};
