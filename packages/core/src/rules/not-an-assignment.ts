import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const notAnAssignment: Rule = {
  meta: {
    id: 'not-an-assignment',
    category: 'meta',
    severity: 'warning',
    summary: 'A line of an rc.conf-style file that is not a shell assignment',
    fixable: 'unsafe',
    docs: {
      whatItDoes: 'Reports a line in rc.conf, loader.conf or a similar file that is neither a comment nor a `name=value` assignment, such as a command or a stray word. A name that holds `.`, `-`, `/` or `+` (`ifconfig_em0.101=...`) is no sh variable either: the finding names the variable rc actually reads (`ifconfig_em0_101`).',
      whyItMatters: 'rc.conf is sourced by sh: a command in it runs at every boot and every `service` call, and a stray word is run as a command that fails. loader.conf ignores what it cannot read.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_vtnet0 = "DHCP"',
        good: 'ifconfig_vtnet0="DHCP"',
      },
      fix: 'Write it as `name="value"` without spaces around `=`. For a name with `.`, `-`, `/` or `+`, an unsafe fix renames it to the variable rc reads (unsafe because the setting then takes effect at the next boot); otherwise there is no automatic fix.',
    },
  },
};
