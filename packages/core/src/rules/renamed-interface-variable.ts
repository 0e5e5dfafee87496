import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const renamedInterfaceVariable: Rule = {
  meta: {
    id: 'renamed-interface-variable',
    category: 'meta',
    severity: 'warning',
    summary: 'An ifconfig_<old name> variable for an interface that is renamed at boot',
    docs: {
      whatItDoes: 'Reports `ifconfig_<name>`, `_ipv6`, `_alias<N>` and `_aliases` variables, the obsolete `ipv6_ifconfig_<name>` and `ipv6_ifconfig_<name>_alias<N>`, `ipv4_addrs_<name>`, `ipv6_prefix_<name>` and `vlans_<name>`, that use the name an interface had before `ifconfig_<name>_name` renamed it.',
      whyItMatters: 'After the rename rc looks up the variables under the new name only, so the addresses, options and VLANs under the old name are never applied or made.',
      example: {
        language: 'rcconf',
        bad: 'cloned_interfaces="bridge0"\nifconfig_bridge0_name="bastille0"\nifconfig_bridge0="inet 10.254.254.1/24"',
        good: 'cloned_interfaces="bridge0"\nifconfig_bridge0_name="bastille0"\nifconfig_bastille0="inet 10.254.254.1/24"',
      },
      fix: 'Use the new name in the variable. There is no automatic fix.',
    },
  },
};
