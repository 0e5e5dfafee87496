import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const misplacedElement: Rule = {
  meta: {
    id: 'misplaced-element',
    category: 'meta',
    severity: 'warning',
    summary: 'A FireBrick element where the schema does not allow it',
    docs: {
      whatItDoes: 'Reports an element that pflint knows but that appears under the wrong parent, such as `<subnet>` directly under `<config>`.',
      whyItMatters: 'The router rejects or ignores it, so the subnet, route or rule it describes does not exist.',
      example: {
        language: 'firebrick',
        bad: '<config><subnet ip="192.0.2.1/24"/></config>',
        good: '<config><interface name="LAN"><subnet ip="192.0.2.1/24"/></interface></config>',
      },
      fix: 'Move the element under its proper parent. There is no automatic fix.',
    },
  },
};
