import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const aliasGap: Rule = {
  meta: {
    id: 'alias-gap',
    category: 'addressing',
    severity: 'warning',
    summary: 'An interface alias numbered after a gap',
    docs: {
      whatItDoes: 'Reports an `ifconfig_<if>_alias<N>` variable when a lower number is missing (`alias0`, then `alias2`), and an empty alias followed by others. Found while the host model is built; pflint adds the aliases as current network.subr does: every set alias in numeric order, gaps or not, up to the first empty one, which ends the list.',
      whyItMatters: 'Older network.subr stopped at the first missing number, so on those releases every alias after the gap is never configured, and services bound to those addresses fail to start. An empty alias (left behind by `sysrc -x` or an editor) silently drops every alias after it on every release.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_vtnet0_alias0="inet 192.0.2.11/32"\nifconfig_vtnet0_alias2="inet 192.0.2.12/32"',
        good: 'ifconfig_vtnet0_alias0="inet 192.0.2.11/32"\nifconfig_vtnet0_alias1="inet 192.0.2.12/32"',
      },
      fix: 'Number the aliases from 0 without gaps, or move them into `ifconfig_<if>_aliases`. There is no automatic fix.',
    },
  },
};
