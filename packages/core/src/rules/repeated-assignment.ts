import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const repeatedAssignment: Rule = {
  meta: {
    id: 'repeated-assignment',
    category: 'meta',
    severity: 'warning',
    summary: 'A variable assigned more than once, so only the last value counts',
    docs: {
      whatItDoes: 'Reports a variable that is set again later in the same file or in a file read afterwards (rc.conf.local, rc.conf.d). The later value replaces the earlier one.',
      whyItMatters: 'Editing the first assignment changes nothing, which is confusing to debug; when a tool appends its own line (sysrc, installers), the manual setting above is silently overridden.',
      example: {
        language: 'rcconf',
        bad: 'gateway_enable="YES"\ngateway_enable="NO"',
        good: 'gateway_enable="YES"',
      },
      fix: 'Keep one assignment per variable. There is no automatic fix.',
    },
  },
};
