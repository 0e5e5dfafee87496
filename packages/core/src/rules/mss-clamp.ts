import type { HostAnalysis } from '../analysis.js';
import { ADDRESS_FAMILIES, type AddressFamily } from '../net/ip.js';
import { createdName, type NetInterface } from '../model/host.js';
import type { PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { RoutingTables } from '../routing/tables.js';
import type { Rule, RuleReport } from './rule.js';
import { forwardingEvidence } from './support/forwarding.js';
import { filterRules, loadedPf } from './support/pf.js';
import { ifconfigVariable } from './support/rcconf.js';
import { internetProbe, routingTablesOf } from './support/routing.js';

const TUNNEL_KINDS: ReadonlySet<NetInterface['kind']> = new Set(['gif', 'gre', 'wg']);
/** IP header plus TCP header without options, per family of the packets inside the tunnel. */
const HEADERS: Readonly<Record<AddressFamily, number>> = { inet: 40, inet6: 60 };

export const mssClamp: Rule = {
  meta: {
    id: 'mss-clamp',
    category: 'tunnels',
    severity: 'warning',
    summary: 'TCP forwarded over a tunnel without a max-mss clamp that fits the tunnel MTU, or a jail MTU above it',
    docs: {
      whatItDoes:
        'For each gif, gre or wg tunnel that forwarded traffic leaves through (a routing table\'s default route ' +
        'leads into it, or pf route-to/reply-to points at it), checks that pf clamps the TCP maximum segment size ' +
        'with `max-mss` (in a `scrub` rule or a `scrub (...)` option) to at most the tunnel MTU minus 40 for IPv4 ' +
        'inside and minus 60 for IPv6 inside. It also reports a jail\'s interface whose MTU is above the MTU of ' +
        'the tunnel its traffic is routed into: the MTU the jail\'s own rc.conf sets, where the jail\'s root is ' +
        'part of the host directory (read as the jail\'s rc reads it when its exec.start runs `/bin/sh /etc/rc`, ' +
        'after the host\'s exec.prestart), else the one the host gave it.',
      whyItMatters:
        'Hosts behind the tunnel negotiate a segment size from their own 1500-byte MTU. Full-size segments do not ' +
        'fit into the tunnel, and the ICMP "packet too big" messages that should shrink them are often filtered ' +
        'or never generated for forwarded traffic. Small exchanges work (DNS, redirects, the TLS hello), anything ' +
        'large hangs: the classic "the page starts loading and stops".',
      example: {
        language: 'pf',
        bad: '# gif0: MTU 1280, IPv6 inside, default route of FIB 1\nscrub in all fragment reassemble',
        good: 'scrub in all fragment reassemble\nscrub all max-mss 1220',
        note: '1280 - 40 (IPv6 header) - 20 (TCP header) = 1220.',
      },
      fix:
        'Add `scrub all max-mss N` (FreeBSD) or `match all scrub (max-mss N)` with N at most the tunnel MTU minus 60 ' +
        'when IPv6 travels inside, minus 40 for IPv4 only; set a jail\'s interface MTU (exec.prestart `ifconfig ' +
        'IF mtu N`, or `mtu N` in the jail\'s own `ifconfig_IF`) to at most the tunnel MTU.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    if (analysis.host.kind !== 'freebsd') return;
    const tables = routingTablesOf(analysis);
    const pf = loadedPf(analysis);
    const forwards = forwardingEvidence(analysis).length > 0;
    for (const tunnel of tunnelsCarryingForwardedTraffic(analysis, tables, pf)) {
      const allowed = allowedMss(tunnel);
      if (pf && forwards) {
        const clamps = mssClamps(pf);
        const tightest = clamps.reduce<PfRule | undefined>((best, rule) => (!best || rule.scrub!.maxMss! < best.scrub!.maxMss! ? rule : best), undefined);
        if (!tightest) {
          yield {
            range: tunnel.mtu.source ?? configuredAt(analysis, tunnel),
            message:
              `TCP is forwarded over ${tunnel.name} (MTU ${tunnel.mtu.value}) but no pf rule clamps the MSS; ` +
              `add \`scrub all max-mss ${allowed}\``,
          };
        } else if (tightest.scrub!.maxMss! > allowed) {
          yield {
            range: tightest.origin.range,
            message:
              `max-mss ${tightest.scrub!.maxMss} is too large for ${tunnel.name} (MTU ${tunnel.mtu.value}): ` +
              `full segments will not fit; use at most ${allowed}`,
            ...(tunnel.source ? { related: [{ range: tunnel.mtu.source ?? tunnel.source, message: `${tunnel.name}'s MTU` }] } : {}),
          };
        }
      }
      yield* jailMtuAbove(analysis, tables, tunnel);
    }
  },
};

/** The interface's ifconfig line, where its MTU is (or would be) set. */
function configuredAt(analysis: HostAnalysis, networkInterface: NetInterface) {
  const anchor = networkInterface.source;
  return (anchor && ifconfigVariable(analysis, networkInterface.name, anchor)?.assignment.range) ?? anchor ?? firstRange(analysis);
}

function firstRange(analysis: HostAnalysis) {
  const file = [...analysis.sources.values()][0]!;
  return file.lines.range(file.path, 0, 0);
}

/** Tunnels that some table's default route leads into, or that pf routes to. */
function tunnelsCarryingForwardedTraffic(analysis: HostAnalysis, tables: RoutingTables, pf: PfLoadedConfig | undefined): NetInterface[] {
  const names = new Set<string>();
  for (const table of tables.tableNumbers()) {
    for (const family of ADDRESS_FAMILIES) {
      const resolution = tables.resolve(table, internetProbe(tables, table, family));
      if (resolution.interface) names.add(resolution.interface);
    }
  }
  // Every expanded rule passes here: no list is made for the many without route-to.
  for (const rule of pf ? filterRules(pf.rules) : []) {
    const routed = rule.route?.pool.addresses;
    if (routed) for (const address of routed) if (address.interface) names.add(address.interface);
  }
  return [...names]
    .map((name) => analysis.host.interfaces.get(name))
    .filter((entry): entry is NetInterface => entry !== undefined && TUNNEL_KINDS.has(entry.kind));
}

function allowedMss(tunnel: NetInterface): number {
  const inner = new Set(tunnel.addresses.map((entry) => entry.address.family));
  const header = inner.size === 0 || inner.has('inet6') ? HEADERS.inet6 : HEADERS.inet;
  return tunnel.mtu.value - header;
}

/** The scrub rules, then the filter rules, that clamp the MSS (read in place: the filter rules are the whole ruleset). */
function mssClamps(pf: PfLoadedConfig): PfRule[] {
  const clamps: PfRule[] = [];
  for (const rules of [pf.rules.scrub, filterRules(pf.rules)]) {
    for (const rule of rules) if (rule.scrub?.maxMss !== undefined && !rule.action.startsWith('no-')) clamps.push(rule);
  }
  return clamps;
}

/**
 * The MTU a jail's interface ends up with: the jail's own rc.conf where it
 * sets one (the jail's model is its rc's run, which exec.start starts after
 * the host's exec.prestart and exec.created commands), else what the host
 * gave it.
 */
function mtuInJail(analysis: HostAnalysis, networkInterface: NetInterface): NetInterface['mtu'] {
  const jailHost = analysis.host.jails.find((jail) => jail.name === networkInterface.jail)?.host;
  const inJail = jailHost && interfaceCreatedAs(jailHost.interfaces, createdName(networkInterface));
  return inJail?.mtu.source ? inJail.mtu : networkInterface.mtu;
}

function interfaceCreatedAs(interfaces: ReadonlyMap<string, NetInterface>, name: string): NetInterface | undefined {
  for (const candidate of interfaces.values()) if (createdName(candidate) === name) return candidate;
  return undefined;
}

/** A jail's side of an epair (`epairNb`) whose host side routes into `tunnel`, with a larger MTU than the tunnel's. */
function* jailMtuAbove(analysis: HostAnalysis, tables: RoutingTables, tunnel: NetInterface): Iterable<RuleReport> {
  for (const networkInterface of analysis.host.interfaces.values()) {
    if (!networkInterface.jail) continue;
    const mtu = mtuInJail(analysis, networkInterface);
    if (mtu.value <= tunnel.mtu.value) continue;
    // The epair's other end by the names they were created with (either side may have been renamed since).
    const created = createdName(networkInterface);
    const peer = /^epair\d+b$/.test(created) ? interfaceCreatedAs(analysis.host.interfaces, created.replace(/b$/, 'a')) : undefined;
    const table = peer?.fib.value ?? 0;
    const family = networkInterface.addresses[0]?.address.family ?? 'inet';
    if (tables.resolve(table, internetProbe(tables, table, family)).interface !== tunnel.name) continue;
    yield {
      range: mtu.source ?? configuredAt(analysis, networkInterface),
      message:
        `${networkInterface.name} in jail ${networkInterface.jail} has MTU ${mtu.value}, above the ` +
        `MTU ${tunnel.mtu.value} of ${tunnel.name} its traffic is routed into; set its MTU to at most ${tunnel.mtu.value}`,
    };
  }
}
