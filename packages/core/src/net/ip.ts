import { IPv4, IPv6, Validator, collapseIPv6Number } from 'ip-num';

/** pf's own names for the two address families. */
export type AddressFamily = 'inet' | 'inet6';

export const ADDRESS_BITS: Readonly<Record<AddressFamily, number>> = { inet: 32, inet6: 128 };

/** One IP address as a number, so that prefix arithmetic is plain bigint work. */
export interface IpAddress {
  readonly family: AddressFamily;
  readonly value: bigint;
  /** IPv6 zone (`fe80::1%em0` → `em0`), kept because it names an interface. */
  readonly zone?: string;
}

/** A CIDR block. `network` always has its host bits cleared. */
export interface IpPrefix {
  readonly family: AddressFamily;
  readonly network: bigint;
  readonly length: number;
}

/** Parses an IPv4 or IPv6 literal (with optional `%zone`); undefined if it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const percent = text.indexOf('%');
    const bare = percent >= 0 ? text.slice(0, percent) : text;
    const zone = percent >= 0 ? text.slice(percent + 1) : undefined;
    if (zone === '' || !Validator.isValidIPv6String(bare)[0]) return undefined;
    const value = IPv6.fromString(bare).value;
    return zone === undefined ? { family: 'inet6', value } : { family: 'inet6', value, zone };
  }
  // ip-num accepts leading zeros; inet_pton does not, and neither do we.
  if (!/^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/.test(text)) return undefined;
  if (!Validator.isValidIPv4String(text)[0]) return undefined;
  return { family: 'inet', value: IPv4.fromString(text).value };
}

export function hostMask(family: AddressFamily, length: number): bigint {
  const bits = BigInt(ADDRESS_BITS[family]);
  return (1n << (bits - BigInt(length))) - 1n;
}

export function networkMask(family: AddressFamily, length: number): bigint {
  return ((1n << BigInt(ADDRESS_BITS[family])) - 1n) ^ hostMask(family, length);
}

/** The prefix of `length` bits containing `address` (host bits cleared). */
export function prefixOf(address: IpAddress, length: number): IpPrefix {
  return { family: address.family, network: address.value & networkMask(address.family, length), length };
}

/** True when `address` has bits set below the prefix length (e.g. `10.1.2.3/8`). */
export function hasHostBits(address: IpAddress, length: number): boolean {
  return (address.value & hostMask(address.family, length)) !== 0n;
}

export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  return prefix.family === address.family && (address.value & networkMask(prefix.family, prefix.length)) === prefix.network;
}

/** True when every address of `inner` is in `outer`. */
export function prefixCovers(outer: IpPrefix, inner: IpPrefix): boolean {
  return (
    outer.family === inner.family &&
    outer.length <= inner.length &&
    (inner.network & networkMask(outer.family, outer.length)) === outer.network
  );
}

/** Parses `A/len` or a bare address (host prefix). Host bits are cleared; use parseIp to see them. */
export function parsePrefix(text: string): IpPrefix | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!address) return undefined;
  if (slash < 0) return prefixOf(address, ADDRESS_BITS[address.family]);
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > ADDRESS_BITS[address.family]) return undefined;
  return prefixOf(address, length);
}

/**
 * Formats an address the way BSD's inet_ntop does (what pfctl and route print):
 * IPv6 in RFC 5952 style, longest zero run (at least two groups) compressed.
 */
export function formatIp(address: Pick<IpAddress, 'family' | 'value'> & { zone?: string }): string {
  const text =
    address.family === 'inet'
      ? IPv4.fromNumber(address.value).toString()
      : collapseIPv6Number(IPv6.fromBigInt(address.value).toString()).toLowerCase();
  return address.zone ? `${text}%${address.zone}` : text;
}

export function formatPrefix(prefix: IpPrefix): string {
  return `${formatIp({ family: prefix.family, value: prefix.network })}/${prefix.length}`;
}

/** Prefix length of a contiguous netmask (`255.255.252.0` → 22, `0xffffff00` → 24), else undefined. */
export function netmaskLength(mask: string): number | undefined {
  let value: bigint;
  if (/^0x[0-9a-f]{8}$/i.test(mask)) value = BigInt(mask);
  else {
    const parsed = parseIp(mask);
    if (!parsed || parsed.family !== 'inet') return undefined;
    value = parsed.value;
  }
  const ones = value.toString(2).replace(/^0+/, '');
  if (value === 0n) return 0;
  if (ones.length !== 32 || /01/.test(ones)) return undefined;
  return ones.indexOf('0') < 0 ? 32 : ones.indexOf('0');
}
