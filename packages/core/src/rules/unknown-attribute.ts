import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const unknownAttribute: Rule = {
  meta: {
    id: 'unknown-attribute',
    category: 'meta',
    severity: 'info',
    summary: 'An attribute pflint does not know on a FireBrick element',
    docs: {
      whatItDoes: 'Notes an attribute that pflint does not model. It may be valid on a newer software release, or misspelt.',
      whyItMatters: 'A misspelt attribute is ignored by the router, so the setting it was meant to change keeps its default.',
      example: {
        language: 'firebrick',
        bad: '<config><route ip="0.0.0.0/0" gatway="192.0.2.1"/></config>',
        good: '<config><route ip="0.0.0.0/0" gateway="192.0.2.1"/></config>',
      },
      fix: 'Correct the name if it is misspelt; otherwise nothing. There is no automatic fix.',
    },
  },
};
