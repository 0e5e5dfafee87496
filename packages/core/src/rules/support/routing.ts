import type { HostAnalysis } from '../../analysis.js';
import { RoutingTables } from '../../routing/tables.js';
import type { HostModel } from '../../model/host.js';
import { hostMask, parseIp, parsePrefix, prefixCovers, type AddressFamily, type IpAddress, type IpPrefix } from '../../net/ip.js';

const TABLES = new WeakMap<HostModel, RoutingTables>();

/** The host's routing tables, built once per host model and shared by every rule. */
export function routingTablesOf(analysis: HostAnalysis): RoutingTables {
  let tables = TABLES.get(analysis.host);
  if (!tables) TABLES.set(analysis.host, (tables = RoutingTables.forHost(analysis.host)));
  return tables;
}

/**
 * Destinations that stand for "somewhere on the Internet": the first one that
 * a table routes by its default route is used to ask where such traffic goes.
 */
const INTERNET_PROBES: Readonly<Record<AddressFamily, readonly IpAddress[]>> = {
  inet: ['198.18.255.77', '100.127.255.77', '203.0.113.77', '9.9.9.9'].map((text) => parseIp(text)!),
  inet6: ['2001:db8:ffff:ffff::77', '3fff:ffff::77', '2606:4700:ffff::77'].map((text) => parseIp(text)!),
};

/** An address that `table` routes by its default route (or by nothing at all), if one of the probes is. */
export function internetProbe(tables: RoutingTables, table: number, family: AddressFamily): IpAddress {
  const probes = INTERNET_PROBES[family];
  return probes.find((probe) => (tables.lookup(table, probe).prefix?.length ?? 0) === 0) ?? probes[0]!;
}

/** A host address inside a prefix, avoiding the network address of subnets where that is possible. */
export function sampleAddress(prefix: IpPrefix): IpAddress {
  const size = hostMask(prefix.family, prefix.length);
  return { family: prefix.family, value: prefix.network + (size > 0n ? 1n : 0n) };
}

const NOT_GLOBALLY_ROUTED: readonly IpPrefix[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((text) => parsePrefix(text)!);

/** Private, shared, link-local and loopback space: no provider routes it, so NAT or local delivery is implied. */
export function isNotGloballyRouted(prefix: IpPrefix): boolean {
  return NOT_GLOBALLY_ROUTED.some((block) => prefixCovers(block, prefix));
}
