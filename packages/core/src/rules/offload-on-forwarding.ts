import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';
import { forwardingEvidence } from './support/forwarding.js';
import { appendToAssignment, ifconfigVariable } from './support/rcconf.js';

/** NIC drivers that do LRO and/or TSO in hardware or in the driver, and turn them on by default. */
const OFFLOADING_DRIVERS: ReadonlySet<string> = new Set([
  'vtnet', 'em', 'igb', 'igc', 'ix', 'ixl', 'ice', 'mlx4en', 'mlx5en', 'mce', 'cxgbe', 'cxl', 'cc', 'bnxt', 'vmx',
  'hn', 're', 'bge', 'bce', 'bxe', 'qlnxe', 'ena', 'gve', 'lio', 'oce', 'sfxge', 'axgbe', 'enic', 'iavf', 'lem',
]);

const OFFLOADS = ['lro', 'tso'] as const;

export const offloadOnForwarding: Rule = {
  meta: {
    id: 'offload-on-forwarding',
    category: 'performance',
    severity: 'warning',
    summary: 'LRO or TSO left on a NIC of a host that forwards packets',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'When the host forwards packets (IPv4 or IPv6 forwarding is on, or pf translates with nat/rdr/binat/' +
        'nat-to/rdr-to, or steers inbound traffic with route-to or rtable), reports every NIC whose driver does ' +
        'large receive offload or TCP segmentation offload (vtnet, em, igb, ix, ixl, ice, mlx5en, cxgbe, bnxt, ' +
        'vmx, hn, re and others) and whose ifconfig line does not turn them off with `-lro` and `-tso`.',
      whyItMatters:
        'LRO glues received TCP segments into one large packet that is not meant to leave the host; TSO hands the ' +
        'NIC oversized segments to cut up. On a host that only terminates connections that is pure gain. On one ' +
        'that forwards or translates, pf sees and rewrites the merged packets, checksums end up wrong or packets ' +
        'exceed the next link\'s MTU, and forwarded TCP stalls or crawls while the host\'s own connections look ' +
        'fine. Virtio NICs (vtnet) are the usual victims on VPS hosts.',
      example: {
        language: 'rcconf',
        bad: 'gateway_enable="YES"\nifconfig_vtnet0="inet 152.53.147.5 netmask 255.255.252.0"',
        good: 'gateway_enable="YES"\nifconfig_vtnet0="inet 152.53.147.5 netmask 255.255.252.0 -lro -tso"',
      },
      fix: 'Add `-lro -tso` to the interface\'s `ifconfig_<if>` line (pflint\'s fix appends the missing ones).',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    if (analysis.host.kind !== 'freebsd') return;
    const evidence = forwardingEvidence(analysis);
    if (evidence.length === 0) return;
    for (const networkInterface of analysis.host.interfaces.values()) {
      if (networkInterface.kind !== 'ethernet' || !networkInterface.driver || !OFFLOADING_DRIVERS.has(networkInterface.driver)) continue;
      // Not started at boot: the interface is down and forwards nothing.
      if (networkInterface.jail || networkInterface.dynamicConfiguration || networkInterface.notStarted) continue;
      const left = OFFLOADS.filter((flag) => networkInterface.offload[flag]?.value !== false);
      if (left.length === 0 || !networkInterface.source) continue;
      const variable = ifconfigVariable(analysis, networkInterface.name, networkInterface.source);
      // A value produced by a command at boot may well say -lro -tso: nothing can be concluded.
      if (variable?.value.dynamic) continue;
      const words = left.map((flag) => `-${flag}`).join(' ');
      const file = variable && analysis.sources.get(variable.assignment.range.file);
      const edit = file && appendToAssignment(file, variable.assignment.range, words);
      yield {
        range: variable?.assignment.range ?? networkInterface.source,
        message:
          `${networkInterface.name} (${networkInterface.driver}) keeps ${left.map((flag) => flag.toUpperCase()).join(' and ')} on ` +
          `while this host forwards packets (${evidence[0]!.what}); add \`${words}\` to its ifconfig line`,
        related: evidence.slice(0, 3).map((entry) => ({ range: entry.range, message: `the host forwards because of ${entry.what}` })),
        ...(edit ? { fixes: [{ description: `Add ${words}`, safety: 'safe' as const, edits: [edit] }] } : {}),
      };
    }
  },
};
