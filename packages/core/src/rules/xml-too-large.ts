import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const xmlTooLarge: Rule = {
  meta: {
    id: 'xml-too-large',
    category: 'meta',
    severity: 'error',
    summary: 'An XML file larger than pflint reads',
    docs: {
      whatItDoes: 'Reports a FireBrick XML file beyond the size limit pflint reads. Real router configurations are far smaller.',
      whyItMatters: 'The file is not checked.',
      example: {
        language: 'sh',
        bad: 'pflint check huge.xml',
        good: 'pflint check router.xml',
      },
      fix: 'Check that the file is a FireBrick configuration. There is no automatic fix.',
    },
  },
};
