import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const unknownElement: Rule = {
  meta: {
    id: 'unknown-element',
    category: 'meta',
    severity: 'info',
    summary: 'An element pflint does not know in a FireBrick configuration',
    docs: {
      whatItDoes: 'Notes an element that pflint does not model; pflint ignores it and reads on.',
      whyItMatters: 'A misspelt element is ignored or rejected by the router, so what it describes does not exist.',
      example: {
        language: 'firebrick',
        bad: '<config><interfce name="LAN"/></config>',
        good: '<config><interface name="LAN"/></config>',
      },
      fix: 'Correct the name if it is misspelt; otherwise nothing. There is no automatic fix.',
    },
  },
};
