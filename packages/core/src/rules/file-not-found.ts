import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const fileNotFound: Rule = {
  meta: {
    id: 'file-not-found',
    category: 'meta',
    severity: 'error',
    summary: 'A file the host configuration names that is not there',
    docs: {
      whatItDoes: 'Reports a file that pflint was asked to read, or that the host layout names, and could not read.',
      whyItMatters: 'Everything the file would have contributed is missing from the model, so other checks may report or miss problems because of it.',
      example: {
        language: 'sh',
        bad: 'pflint check host/   # host/etc/rc.conf.local is a dangling link',
        good: 'pflint check host/   # the link points at a file',
      },
      fix: 'Check the path and the host layout in .pflintrc.json. There is no automatic fix.',
    },
  },
};
