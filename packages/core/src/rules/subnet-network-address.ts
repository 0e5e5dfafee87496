import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const subnetNetworkAddress: Rule = {
  meta: {
    id: 'subnet-network-address',
    category: 'addressing',
    severity: 'warning',
    summary: 'A FireBrick subnet written as its network or broadcast address rather than the router\'s own',
    docs: {
      whatItDoes: 'Reports a `<subnet ip="...">` whose address is the network address of its own prefix (`192.168.0.0/24`), for IPv6 the subnet-router anycast address, or for IPv4 the broadcast address (`192.168.0.255/24`, the last address, which the FireBrick does not ARP for). The FireBrick reads that attribute as its own address on the subnet, with the prefix length (`192.168.0.1/24`).',
      whyItMatters: 'The router takes the written address as its own: written as the network address, the router answers on an address no host expects as gateway; written as the broadcast address, packets to it go to every host on the link.',
      example: {
        language: 'firebrick',
        bad: '<subnet ip="192.168.0.0/24"/>',
        good: '<subnet ip="192.168.0.1/24"/>',
      },
      fix: 'Write the router\'s address on that subnet with the prefix length. There is no automatic fix.',
    },
  },
};
