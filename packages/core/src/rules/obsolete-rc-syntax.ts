import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const obsoleteRcSyntax: Rule = {
  meta: {
    id: 'obsolete-rc-syntax',
    category: 'meta',
    severity: 'info',
    summary: 'An rc.conf form that network.subr still applies but warns about at every boot',
    docs: {
      whatItDoes: 'Reports the backward-compatible forms network.subr still reads: `ipv6_ifconfig_<if>` (run as `ifconfig <if> inet6 VALUE`), `ipv6_ifconfig_<if>_alias<N>` (each an `inet6` alias), and an `ifconfig_<if>_ipv6` value that starts with an address instead of `inet6`. pflint applies them as rc does, so the model is unchanged; the finding says what to write instead.',
      whyItMatters: 'Each of these prints a warning on the console at every boot, and the legacy variables are kept only for compatibility: a later release may drop them, and the interface would silently lose its IPv6 addresses.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_vtnet0_ipv6="inet6 auto_linklocal"\nipv6_ifconfig_vtnet0="2001:db8::2/64"\nipv6_ifconfig_vtnet0_alias0="2001:db8::3/64"',
        good: 'ifconfig_vtnet0_ipv6="inet6 2001:db8::2/64"\nifconfig_vtnet0_alias0="inet6 2001:db8::3/64"',
      },
      fix: 'Move the value into `ifconfig_<if>_ipv6` or an `ifconfig_<if>_alias<N>`, with `inet6` in front of the address. There is no automatic fix.',
    },
  },
};
