import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const interfaceNameCollision: Rule = {
  meta: {
    id: 'interface-name-collision',
    category: 'addressing',
    severity: 'warning',
    summary: 'Two interface names that rc turns into the same variable name',
    docs: {
      whatItDoes: 'Reports an interface whose name, with `.`, `-`, `/` and `+` replaced by `_` as rc does when it looks up `ifconfig_<if>` and its relatives, equals another interface\'s (`em0.1`, a VLAN, and `em0_1`, a renamed interface). Found while the host model is built.',
      whyItMatters: 'rc reads the same `ifconfig_em0_1`, `ifconfig_em0_1_ipv6` and alias variables for both interfaces, so both get the same addresses and settings: duplicate addresses, and one of the two is never configured as intended.',
      example: {
        language: 'rcconf',
        bad: 'vlans_em0="1"\ncloned_interfaces="bridge0"\nifconfig_bridge0_name="em0_1"',
        good: 'vlans_em0="1"\ncloned_interfaces="bridge0"\nifconfig_bridge0_name="lan0"',
      },
      fix: 'Rename one of the interfaces so that the names differ after the replacement. There is no automatic fix.',
    },
  },
};
