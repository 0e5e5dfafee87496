import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const ipGroupNotAllowed: Rule = {
  meta: {
    id: 'ip-group-not-allowed',
    category: 'addressing',
    severity: 'error',
    summary: 'An IP group name where the FireBrick takes prefixes only',
    docs: {
      whatItDoes: 'Reports the name of an IP group in an attribute that takes prefixes only, such as a route\'s or subnet\'s `ip`. IP groups belong in rules.',
      whyItMatters: 'The router rejects the configuration.',
      example: {
        language: 'firebrick',
        bad: '<config><subnet ip="office"/></config>',
        good: '<config><subnet ip="192.0.2.1/24"/></config>',
      },
      fix: 'Write the addresses themselves. There is no automatic fix.',
    },
  },
};
