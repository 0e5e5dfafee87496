import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const forwardingOverridden: Rule = {
  meta: {
    id: 'forwarding-overridden',
    category: 'routing',
    severity: 'warning',
    summary: 'A forwarding sysctl that gateway_enable overwrites at boot',
    docs: {
      whatItDoes: 'Reports `net.inet.ip.forwarding` or `net.inet6.ip6.forwarding` in sysctl.conf when rc.conf\'s `gateway_enable` or `ipv6_gateway_enable` says the opposite.',
      whyItMatters: 'rc.d/routing runs after sysctl.conf and writes the sysctl from the rc.conf variable, so the sysctl.conf line has no effect after boot.',
      example: {
        language: 'rcconf',
        bad: '# sysctl.conf\nnet.inet.ip.forwarding=1\n# rc.conf has no gateway_enable',
        good: 'gateway_enable="YES"',
      },
      fix: 'Set forwarding with `gateway_enable`/`ipv6_gateway_enable` in rc.conf and drop the sysctl line. There is no automatic fix.',
    },
  },
};
