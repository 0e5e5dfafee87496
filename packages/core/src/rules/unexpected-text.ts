import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const unexpectedText: Rule = {
  meta: {
    id: 'unexpected-text',
    category: 'meta',
    severity: 'info',
    summary: 'Text between FireBrick elements',
    docs: {
      whatItDoes: 'Notes character data where the FireBrick schema has only elements.',
      whyItMatters: 'The router ignores it; it is usually a stray word left from editing.',
      example: {
        language: 'firebrick',
        bad: '<config>oops<interface name="LAN"/></config>',
        good: '<config><interface name="LAN"/></config>',
      },
      fix: 'Delete the text, or turn it into a comment. There is no automatic fix.',
    },
  },
};
