import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const includeNotFound: Rule = {
  meta: {
    id: 'include-not-found',
    category: 'meta',
    severity: 'error',
    summary: 'A pf.conf include that cannot be read',
    docs: {
      whatItDoes: 'Reports an `include "file"` in pf.conf whose file pflint cannot read. Paths are read as pfctl reads them at boot: from `/`, inside the host directory.',
      whyItMatters: 'pfctl refuses the whole ruleset when an include is missing, so the host keeps its old rules or has none after a reboot.',
      example: {
        language: 'pf',
        bad: 'include "/etc/pf.d/jails.conf"   # no such file',
        good: 'include "/etc/pf/jails.conf"',
      },
      fix: 'Correct the path, or add the file to the host directory. There is no automatic fix.',
    },
  },
};
