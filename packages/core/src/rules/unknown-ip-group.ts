import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const unknownIpGroup: Rule = {
  meta: {
    id: 'unknown-ip-group',
    category: 'addressing',
    severity: 'warning',
    summary: 'A FireBrick address list naming an IP group that is not defined',
    docs: {
      whatItDoes: 'Reports a word in an address list (`source-ip`, `target-ip`...) that is neither an address, prefix or range nor the name of an `<ip-group>` in the file.',
      whyItMatters: 'The router cannot resolve it, so the rule or override matches nothing or is rejected.',
      example: {
        language: 'firebrick',
        bad: '<config><ip-group name="office" list="192.0.2.0/24"/><rule source-ip="ofice"/></config>',
        good: '<config><ip-group name="office" list="192.0.2.0/24"/><rule source-ip="office"/></config>',
      },
      fix: 'Correct the name, or define the group. There is no automatic fix.',
    },
  },
};
