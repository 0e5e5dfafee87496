import type { HostAnalysis } from '../analysis.js';
import type { Rule, RuleReport } from './rule.js';

export const implicitTunnelfib: Rule = {
  meta: {
    id: 'implicit-tunnelfib',
    category: 'tunnels',
    severity: 'info',
    summary: 'A tunnel in a non-default FIB without an explicit tunnelfib',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'Points at tunnel interfaces that are given `fib N` (N other than 0) but no `tunnelfib`. Their outer ' +
        'packets are then routed in the FIB of the process that created the interface, FIB 0 at boot, not in FIB N.',
      whyItMatters:
        'The two settings are easy to confuse, and a widely read article claims the opposite: that without ' +
        '`tunnelfib 0` the outer packets of a gif in FIB 1 would use FIB 1 and loop. FreeBSD\'s gif, gre and wg take ' +
        'the tunnel FIB from the creating process, so the configuration works today, but it works by default rather ' +
        'than by intent: a tunnel recreated by hand with `setfib 1 ifconfig gif0 create`, or a script run from a ' +
        'jail in another FIB, silently changes where the outer packets go. Writing `tunnelfib` down makes the ' +
        'intent visible and stable.',
      example: {
        language: 'rcconf',
        bad: 'cloned_interfaces="gif0"\nifconfig_gif0="fib 1 tunnel 152.53.147.5 128.140.64.181"',
        good: 'cloned_interfaces="gif0"\nifconfig_gif0="fib 1 tunnel 152.53.147.5 128.140.64.181 tunnelfib 0"',
      },
      fix: 'Add `tunnelfib 0` (or the FIB the outer packets should use) to the interface\'s ifconfig line. pflint\'s fix appends `tunnelfib 0` after the `tunnel SRC DST` arguments.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    if (analysis.host.kind !== 'freebsd') return;
    for (const networkInterface of analysis.host.interfaces.values()) {
      const tunnel = networkInterface.tunnel;
      if (!tunnel || networkInterface.tunnelFib?.source || networkInterface.fib.value === 0) continue;
      const file = analysis.sources.get(tunnel.range.file);
      yield {
        range: tunnel.range,
        message:
          `${networkInterface.name} is in FIB ${networkInterface.fib.value}, but its outer packets use FIB 0 ` +
          `(the FIB it was created in at boot): write \`tunnelfib 0\` to make that explicit`,
        ...(file
          ? {
              fixes: [
                {
                  description: 'Add tunnelfib 0',
                  safety: 'safe' as const,
                  edits: [{ range: file.lines.range(file.path, tunnel.range.end.offset, tunnel.range.end.offset), newText: ' tunnelfib 0' }],
                },
              ],
            }
          : {}),
      };
    }
  },
};
