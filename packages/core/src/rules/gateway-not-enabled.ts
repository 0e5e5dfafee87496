import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { pfForwardingEvidence } from './support/forwarding.js';

const VARIABLE = { inet: 'gateway_enable', inet6: 'ipv6_gateway_enable' } as const;

export const gatewayNotEnabled: Rule = {
  meta: {
    id: 'gateway-not-enabled',
    category: 'routing',
    severity: 'error',
    summary: 'pf translates or steers traffic between interfaces while IP forwarding is off',
    docs: {
      whatItDoes:
        'Reports pf rules that only work on a router (nat, rdr, binat and their nat-to/rdr-to/binat-to/af-to forms, ' +
        'route-to on inbound rules, rtable on inbound rules) when forwarding is off for their address family: ' +
        '`gateway_enable` (IPv4) or `ipv6_gateway_enable` (IPv6) is not YES in rc.conf. Only whole hosts are ' +
        'checked; with loose files the setting may live elsewhere.',
      whyItMatters:
        'With forwarding off the kernel drops every packet that is not for the host itself before it is routed on. ' +
        'pf loads the rules without complaint, state entries are even created, and nothing gets through: jails ' +
        'behind the NAT have no Internet, port forwards time out. rc.d/routing writes the forwarding sysctls from ' +
        'these rc.conf variables at boot, so a line in sysctl.conf alone is overwritten.',
      example: {
        language: 'rcconf',
        bad: '# rc.conf without gateway_enable\n# pf.conf: nat on vtnet0 inet from 10.254.254.0/24 to any -> (vtnet0)',
        good: 'gateway_enable="YES"',
      },
      fix: 'Set `gateway_enable="YES"` for IPv4 and `ipv6_gateway_enable="YES"` for IPv6 in /etc/rc.conf.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    if (analysis.host.kind !== 'freebsd' || !analysis.complete) return;
    const reported = new Set<string>();
    for (const evidence of pfForwardingEvidence(analysis)) {
      for (const family of evidence.families) {
        const setting = analysis.host.forwarding[family];
        if (setting.value) continue;
        // A rule without a family that forwards one family fine is not reported for the other.
        if (evidence.families.length > 1 && evidence.families.some((other) => analysis.host.forwarding[other].value)) continue;
        const key = `${evidence.range.file}:${evidence.range.start.offset}:${family}`;
        if (reported.has(key)) continue;
        reported.add(key);
        yield {
          range: evidence.range,
          message:
            `${evidence.what} needs ${family === 'inet' ? 'IPv4' : 'IPv6'} forwarding, which is off; ` +
            `set ${VARIABLE[family]}="YES" in rc.conf`,
          ...(setting.source ? { related: [{ range: setting.source, message: 'forwarding is turned off here' }] } : {}),
        };
      }
    }
  },
};
