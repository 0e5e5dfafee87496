import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const ipv6AliasSkipped: Rule = {
  meta: {
    id: 'ipv6-alias-skipped',
    category: 'addressing',
    severity: 'warning',
    summary: 'An IPv6 alias rc never adds, because it does not configure the interface for IPv6',
    docs: {
      whatItDoes: 'Reports each IPv6 address of an `ifconfig_<if>_alias<N>`, `ifconfig_<if>_aliases` or `ipv6_ifconfig_<if>_alias<N>` that network.subr skips: it adds IPv6 aliases only to lo0 and to interfaces that `ipv6_network_interfaces` (default AUTO) includes and that have a non-empty `ifconfig_<if>_ipv6` (or `ifconfig_DEFAULT`), `ipv6_prefix_<if>` or `ipv6_ifconfig_<if>`. pflint leaves those addresses, and their routes, out of the model.',
      whyItMatters: 'The address looks configured in rc.conf but is not there after a reboot: services bound to it fail to start and the connected route to its prefix is missing.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_vtnet0="inet 192.0.2.10/24"\nifconfig_vtnet0_alias0="inet6 2001:db8::10/64"',
        good: 'ifconfig_vtnet0="inet 192.0.2.10/24"\nifconfig_vtnet0_ipv6="inet6 auto_linklocal"\nifconfig_vtnet0_alias0="inet6 2001:db8::10/64"',
      },
      fix: 'Give the interface an `ifconfig_<if>_ipv6` (`inet6 auto_linklocal` is enough, or move the address there), and list it in `ipv6_network_interfaces` if that is set. There is no automatic fix.',
    },
  },
};
