import type { HostAnalysis } from '../analysis.js';
import type { HostModel } from '../model/host.js';
import type { Rule, RuleReport } from './rule.js';
import { interfaceGroups } from './support/pf.js';
import { pfReferences, throughMacro } from './support/pf-references.js';

/** Names pf always knows: the `all` and `any` wildcards, the `egress` group (interfaces holding a default route), `lo`. */
const BUILTIN_NAMES = new Set(['all', 'any', 'egress', 'lo']);
/** Interfaces daemons or kernel modules create at run time: pflog(4), pfsync(4), enc(4), tun/tap from VPN and PPP daemons. */
const RUN_TIME_INTERFACE = /^(?:pflog|pfsync|enc|tun|tap|ovpn|ppp|ng)\d*$/;

/**
 * Interface names and interface groups of the host as pf sees them after boot:
 * every interface under its final name, and the group each belongs to by its
 * driver or cloner (`vtnet`, `bridge`, `epair`, `gif`...).
 */
function knownNames(host: HostModel): Set<string> {
  const names = new Set(BUILTIN_NAMES);
  for (const networkInterface of host.interfaces.values()) names.add(networkInterface.name);
  for (const group of interfaceGroups(host.interfaces).keys()) names.add(group);
  return names;
}

export const unknownInterface: Rule = {
  meta: {
    id: 'unknown-interface',
    category: 'references',
    severity: 'warning',
    summary: 'An interface name that does not exist on the host once clones, renames and groups are applied',
    docs: {
      whatItDoes:
        'Reports interface names that no interface on the host carries after boot. In pf.conf: `on IF`, `(IF)`, ' +
        '`IF:network` and its friends, the interface of `route-to`/`reply-to`, `set skip on`, `antispoof for`, ' +
        '`received-on`. In rc.conf and jail.conf (found while the host model is built): `ifconfig_IF` for an ' +
        'interface never created, a bridge `addm` of a missing member, a route `-interface` or a gateway\'s ' +
        '`%scope` that does not exist (route(8) adds no route then), ' +
        'a jail taking a missing `vnet.interface`. Renames (`ifconfig_bridge0_name`), clones, interface groups ' +
        '(`egress`, `lo`, driver groups such as `vtnet` or `epair`) and interfaces created at run time by pflog, ' +
        'pfsync, VPN daemons or jail.conf hooks (`ifconfig IF create`: devd runs rc\'s netif for an interface ' +
        'that appears, so its `ifconfig_IF` may be applied then, in a race with the hook\'s own commands) are ' +
        'taken into account. pf.conf is only checked when pflint reads a whole host.',
      whyItMatters:
        'pf loads a rule for an interface that does not exist without complaint and it never matches: after ' +
        '`ifconfig_bridge0_name="bastille0"`, a rule `on bridge0` filters nothing, and `(bridge0)` has no ' +
        'addresses. In rc.conf a misspelt name configures nothing, and the host boots without the address, ' +
        'bridge member or route it was meant to have.',
      example: {
        language: 'pf',
        bad: '# rc.conf: ifconfig_bridge0_name="bastille0"\npass in quick on bridge0 from 10.254.254.0/24 rtable 1',
        good: '# rc.conf: ifconfig_bridge0_name="bastille0"\npass in quick on bastille0 from 10.254.254.0/24 rtable 1',
      },
      fix: 'Use the name the interface has after boot (after renames), or create the interface. There is no automatic fix.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    // Loose files may not include the rc.conf that creates the interface.
    if (!analysis.complete || analysis.host.kind !== 'freebsd') return;
    const references = pfReferences(analysis);
    if (!references) return;
    const known = knownNames(analysis.host);
    const uses = references.interfaceUses;
    for (let index = 0; index < uses.length; index++) {
      const use = uses[index]!;
      if (known.has(use.name) || RUN_TIME_INTERFACE.test(use.name)) continue;
      const renamed = [...analysis.host.interfaces.values()].find((candidate) => candidate.originalName === use.name);
      yield {
        range: use.range,
        message: renamed
          ? `interface ${use.name}${throughMacro(use)} is renamed to ${renamed.name} at boot: pf never sees ${use.name}`
          : `interface ${use.name}${throughMacro(use)} does not exist on this host`,
      };
    }
  },
};
