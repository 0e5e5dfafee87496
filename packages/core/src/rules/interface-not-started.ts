import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const interfaceNotStarted: Rule = {
  meta: {
    id: 'interface-not-started',
    category: 'tunnels',
    severity: 'info',
    summary: 'A WireGuard interface whose config exists but that rc does not bring up',
    docs: {
      whatItDoes: 'Notes a wg-quick configuration whose interface is not started at boot: `wireguard_enable` is not YES, or `wireguard_interfaces` does not list it. pflint still models the interface as up.',
      whyItMatters: 'After a reboot the tunnel is down, and everything routed into it (often a whole FIB\'s default route) goes nowhere.',
      example: {
        language: 'rcconf',
        bad: 'wireguard_interfaces="wg0"\n# wireguard_enable is not set',
        good: 'wireguard_enable="YES"\nwireguard_interfaces="wg0"',
      },
      fix: 'Set `wireguard_enable="YES"` and list the interface in `wireguard_interfaces`, if it should come up at boot. There is no automatic fix.',
    },
  },
};
