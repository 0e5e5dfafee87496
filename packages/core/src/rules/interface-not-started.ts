import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const interfaceNotStarted: Rule = {
  meta: {
    id: 'interface-not-started',
    category: 'addressing',
    severity: 'info',
    summary: 'An interface whose configuration exists but that rc does not bring up at boot',
    docs: {
      whatItDoes: 'Reports configuration that rc never applies at boot: an interface left out of an explicit `network_interfaces` list (warning), one whose `ifconfig_<if>` value says `NOAUTO` (info), a VLAN whose parent is not started (warning), and a wg-quick configuration whose interface the wireguard rc script does not start (`wireguard_enable` is not YES, or `wireguard_interfaces` does not list it; info). pflint models netif\'s interfaces without that configuration, and WireGuard interfaces as up.',
      whyItMatters: 'After a reboot the interface has no addresses, or the tunnel is down, and everything routed through it (often a whole FIB\'s default route) goes nowhere.',
      example: {
        language: 'rcconf',
        bad: 'network_interfaces="lo0 vtnet0"\nifconfig_vtnet0="inet 192.0.2.10/24"\nifconfig_vtnet1="inet 198.51.100.10/24"',
        good: 'network_interfaces="lo0 vtnet0 vtnet1"\nifconfig_vtnet0="inet 192.0.2.10/24"\nifconfig_vtnet1="inet 198.51.100.10/24"',
      },
      fix: 'List the interface in `network_interfaces` (or leave it at its default, AUTO), drop `NOAUTO` if it should come up at boot, or set `wireguard_enable="YES"` and list the interface in `wireguard_interfaces`. There is no automatic fix.',
    },
  },
};
