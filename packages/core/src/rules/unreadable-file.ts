import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const unreadableFile: Rule = {
  meta: {
    id: 'unreadable-file',
    category: 'meta',
    severity: 'error',
    summary: 'A FireBrick configuration file that could not be read',
    docs: {
      whatItDoes: 'Reports a FireBrick XML file that pflint was asked to check and could not read.',
      whyItMatters: 'Nothing of the router is checked.',
      example: {
        language: 'sh',
        bad: 'pflint check router.xml   # no such file',
        good: 'pflint check corpus/firebrick-basic/router.xml',
      },
      fix: 'Check the path. There is no automatic fix.',
    },
  },
};
