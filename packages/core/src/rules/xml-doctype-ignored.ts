import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const xmlDoctypeIgnored: Rule = {
  meta: {
    id: 'xml-doctype-ignored',
    category: 'meta',
    severity: 'warning',
    summary: 'A DOCTYPE declaration, which pflint does not process',
    docs: {
      whatItDoes: 'Reports a `<!DOCTYPE>` in a FireBrick XML file. pflint does not expand DTDs or their entities, on purpose.',
      whyItMatters: 'Entities defined there are not expanded, so what pflint checks may differ from what a DTD-aware reader sees. FireBrick configurations have no DOCTYPE.',
      example: {
        language: 'firebrick',
        bad: '<!DOCTYPE config [ <!ENTITY lan "LAN"> ]>\n<config/>',
        good: '<config/>',
      },
      fix: 'Remove the DOCTYPE. There is no automatic fix.',
    },
  },
};
