import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const missingAttribute: Rule = {
  meta: {
    id: 'missing-attribute',
    category: 'meta',
    severity: 'error',
    summary: 'A FireBrick element without an attribute it needs',
    docs: {
      whatItDoes: 'Reports an element that lacks a required attribute, such as a `<route>` without `ip` or an `<interface>` without `name`.',
      whyItMatters: 'The router rejects the configuration or ignores the element, and pflint cannot model it.',
      example: {
        language: 'firebrick',
        bad: '<config><route gateway="192.0.2.1"/></config>',
        good: '<config><route ip="0.0.0.0/0" gateway="192.0.2.1"/></config>',
      },
      fix: 'Add the attribute. There is no automatic fix.',
    },
  },
};
