import type { HostAnalysis } from '../analysis.js';
import { ADDRESS_BITS, formatIp, prefixOf, type AddressFamily, type IpPrefix } from '../net/ip.js';
import type { PfLoadedConfig, PfRule } from '../pf/ruleset.js';
import type { Rule, RuleReport } from './rule.js';
import { matchRule, type ProbePacket } from './support/evaluate.js';
import { addressPrefixes, familiesOf, filterRules, loadedPf, macroNote, prefixesOf } from './support/pf.js';
import { STRANGER } from './support/probes.js';
import { sampleAddress } from './support/routing.js';


export const rdrFilterMismatch: Rule = {
  meta: {
    id: 'rdr-filter-mismatch',
    category: 'filtering',
    severity: 'warning',
    summary: 'A filter rule written for the address an rdr redirects away from',
    docs: {
      whatItDoes:
        'For each `rdr` without `pass`, builds a packet it redirects and the same packet after translation. It ' +
        'reports each `pass` rule that matches the packet as it arrived but not as it is after the redirect.',
      whyItMatters:
        'pf translates before it filters: by the time filter rules run, the destination of a redirected packet is ' +
        'already the internal target. A pass rule for the public address and port never sees those packets, the ' +
        'default block drops them, and the port forward does not work although both rules look right.',
      example: {
        language: 'pf',
        bad:
          'rdr on vtnet0 inet proto tcp to (vtnet0) port 8443 -> 10.0.0.5 port 443\n' +
          'block in all\npass in on vtnet0 inet proto tcp to (vtnet0) port 8443',
        good:
          'rdr on vtnet0 inet proto tcp to (vtnet0) port 8443 -> 10.0.0.5 port 443\n' +
          'block in all\npass in on vtnet0 inet proto tcp to 10.0.0.5 port 443',
      },
      fix: 'Write the filter rule for the translated destination (the rdr target address and port), or use `rdr pass` to skip filtering for the redirected packets.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const pf = loadedPf(analysis);
    if (!pf) return;
    const context = { pf, interfaces: analysis.host.interfaces };
    const reported = new Set<PfRule>();
    const rules = filterRules(pf.rules);
    // The source is the same before and after translation: only the destination decides.
    const options = { ignoreSource: true };
    for (const rdr of pf.rules.rdr) {
      if (rdr.action !== 'rdr' || rdr.translationPass || !rdr.redirect) continue;
      for (const { before, after, target } of redirectedPackets(pf, analysis, rdr)) {
        for (let index = 0; index < rules.length; index++) {
          const rule = rules[index]!;
          if (rule.action !== 'pass' || reported.has(rule)) continue;
          if (matchRule(context, rule, before, options) !== 'yes' || matchRule(context, rule, after, options) !== 'no') continue;
          reported.add(rule);
          yield {
            range: rule.origin.range,
            message:
              `this rule matches traffic to ${formatIp(before.destination)}${before.destinationPort ? ` port ${before.destinationPort}` : ''}, ` +
              `but the rdr redirects it to ${target} before filtering, so the rule never passes it; ` +
              `match the translated destination instead${macroNote(rule)}`,
            related: [{ range: rdr.origin.range, message: 'the redirect happens here' }],
          };
        }
      }
    }
  },
};

/** An address standing for "this interface's address": its own when known, else a stranger's. */
function anyAddressOn(analysis: HostAnalysis, name: string, family: AddressFamily): IpPrefix {
  const own = analysis.host.interfaces.get(name)?.addresses.find((entry) => entry.address.family === family);
  return own ? prefixOf(own.address, ADDRESS_BITS[family]) : prefixOf(STRANGER[family], ADDRESS_BITS[family]);
}

/** One packet the rdr translates, as it arrives and as the filter sees it. */
function* redirectedPackets(pf: PfLoadedConfig, analysis: HostAnalysis, rdr: PfRule): Iterable<{ before: ProbePacket; after: ProbePacket; target: string }> {
  const context = { pf, interfaces: analysis.host.interfaces };
  if (!rdr.interface || rdr.interface.negated || rdr.protocol === undefined) return;
  for (const family of familiesOf(rdr, undefined)) {
    const destinations = prefixesOf(rdr.to.address, family, context);
    const targets = rdr.redirect!.addresses.flatMap((entry) => addressPrefixes(entry.address, family, context) ?? []);
    // `to any`: any address the packet may have arrived for, such as the interface's own.
    const destination = destinations?.find((prefix) => prefix.length > 0) ?? (destinations?.length ? anyAddressOn(analysis, rdr.interface.name, family) : undefined);
    const target = targets.find((prefix) => prefix.length > 0);
    if (!destination || !target) continue;
    const port = rdr.to.port && rdr.to.port.operator === '=' ? rdr.to.port.value : rdr.to.port && 'low' in rdr.to.port ? rdr.to.port.low : undefined;
    const translatedPort = rdr.redirect!.port?.low ?? port;
    const before: ProbePacket = {
      direction: 'in',
      interface: rdr.interface.name,
      family,
      protocol: rdr.protocol,
      source: STRANGER[family],
      destination: sampleAddress(destination),
      ...(port !== undefined ? { sourcePort: 40000, destinationPort: port } : {}),
    };
    const after: ProbePacket = {
      ...before,
      destination: sampleAddress(target),
      ...(translatedPort !== undefined ? { destinationPort: translatedPort } : {}),
    };
    yield { before, after, target: `${formatIp(after.destination)}${translatedPort !== undefined ? ` port ${translatedPort}` : ''}` };
  }
}
