import type { HostAnalysis } from '../../analysis.js';
import { parseIp, type AddressFamily, type IpAddress } from '../../net/ip.js';
import type { PfLoadedConfig } from '../../pf/ruleset.js';
import { evaluateFilter, type ProbePacket, type Verdict } from './evaluate.js';

/** An interface name no rule can mention: stands for "some interface the rules do not single out". */
export const UNNAMED_INTERFACE = '\u0000any-interface';
/** An IP protocol no service uses (RFC 3692 experimentation): only catch-all rules match it. */
export const EXPERIMENTAL_PROTOCOL = 253;

/** An address on no network of any host: "someone on the Internet". */
export const STRANGER: Readonly<Record<AddressFamily, IpAddress>> = {
  inet: parseIp('198.18.0.77')!,
  inet6: parseIp('2001:db8:ffff::77')!,
};

/** A host address of the given family, or a documentation address when the host has none. */
function ownAddress(analysis: HostAnalysis, family: AddressFamily): IpAddress {
  for (const networkInterface of analysis.host.interfaces.values()) {
    const entry = networkInterface.addresses.find((candidate) => candidate.address.family === family);
    if (entry) return entry.address;
  }
  return family === 'inet' ? parseIp('192.0.2.1')! : parseIp('2001:db8::1')!;
}

/**
 * pf's verdict on traffic that no specific rule is about: an unusual protocol
 * from a stranger, on an interface the rules do not name. A `block` here means
 * the ruleset denies by default in that direction.
 */
export function defaultVerdict(analysis: HostAnalysis, pf: PfLoadedConfig, direction: 'in' | 'out', interfaceName = UNNAMED_INTERFACE): Verdict {
  const family: AddressFamily = 'inet';
  const local = ownAddress(analysis, family);
  const packet: ProbePacket = {
    direction,
    interface: interfaceName,
    family,
    protocol: EXPERIMENTAL_PROTOCOL,
    source: direction === 'in' ? STRANGER[family] : local,
    destination: direction === 'in' ? local : STRANGER[family],
  };
  // Undecidable conditions (tables from files, tags) make a rule specific: it is not a default.
  return evaluateFilter({ pf, interfaces: analysis.host.interfaces }, packet, () => false);
}
