import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const invalidValue: Rule = {
  meta: {
    id: 'invalid-value',
    category: 'meta',
    severity: 'error',
    summary: 'A value the program reading it would reject',
    docs: {
      whatItDoes: 'Reports a value that the program reading it would refuse or misread: an address or prefix length that does not parse, a netmask that is not contiguous, a FIB number that is not a number, an unknown route(8) option, a FireBrick attribute outside its range. Raised by the front ends while they read rc.conf, loader.conf, sysctl.conf, jail.conf, wg-quick files and FireBrick XML.',
      whyItMatters: 'A rejected value usually means a missing address, route or setting at boot, while everything around it still works, so the failure is easy to overlook.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_vtnet0="inet 192.0.2.10 netmask 255.0.255.0"',
        good: 'ifconfig_vtnet0="inet 192.0.2.10 netmask 255.255.255.0"',
      },
      fix: 'Correct the value as the message says. There is no automatic fix.',
    },
  },
};
