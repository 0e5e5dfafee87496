/** pf's own names for the two address families. */
export type AddressFamily = 'inet' | 'inet6';

export const ADDRESS_BITS: Readonly<Record<AddressFamily, number>> = { inet: 32, inet6: 128 };
/** Both families, IPv4 first. */
export const ADDRESS_FAMILIES: readonly AddressFamily[] = ['inet', 'inet6'];

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

/**
 * Parses an IPv4 or IPv6 literal (with optional `%zone`); undefined if it is
 * not one. Accepts exactly what ip-num's validators accept (minus IPv4
 * leading zeros, which inet_pton refuses), which the tests check on random
 * text. Read by hand because ip-num's regular expressions cost tens of
 * microseconds per call and rulesets are full of addresses, and loading
 * ip-num cost every run about 15 ms of start-up.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const percent = text.indexOf('%');
    const bare = percent >= 0 ? text.slice(0, percent) : text;
    const zone = percent >= 0 ? text.slice(percent + 1) : undefined;
    if (zone === '') return undefined;
    const value = bare.includes('.') ? parseIpv6WithDottedQuad(bare) : parseIpv6Groups(bare);
    if (value === undefined) return undefined;
    return zone === undefined ? { family: 'inet6', value } : { family: 'inet6', value, zone };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 'inet', value };
}

const DOT = 46;
const COLON = 58;

/** Four decimal octets 0-255 without leading zeros. */
function parseIpv4(text: string): bigint | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (code < 48 || code > 57 || (digits === 1 && octet === 0)) return undefined;
    octet = octet * 10 + (code - 48);
    digits++;
    if (octet > 255) return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return BigInt(value * 256 + octet);
}

/** The value of one hex digit, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Eight groups of 1-4 hex digits separated by `:`, or fewer with one `::`
 * standing for at least one zero group.
 */
function parseIpv6Groups(text: string): bigint | undefined {
  const groups: number[] = [];
  let gapAt = -1;
  let group = 0;
  let digits = 0;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    gapAt = 0;
    i = 2;
    if (i === text.length) return 0n;
  }
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON) {
      if (digits === 0) return undefined;
      groups.push(group);
      group = 0;
      digits = 0;
      if (text.charCodeAt(i + 1) === COLON) {
        if (gapAt >= 0) return undefined;
        gapAt = groups.length;
        i++;
        if (i === text.length - 1) break;
      } else if (i === text.length - 1) {
        return undefined;
      }
      continue;
    }
    const digit = hexDigit(code);
    if (digit < 0 || digits === 4) return undefined;
    group = group * 16 + digit;
    digits++;
  }
  if (digits > 0) groups.push(group);
  if (gapAt < 0 ? groups.length !== 8 : groups.length > 7) return undefined;
  if (gapAt >= 0) groups.splice(gapAt, 0, ...new Array<number>(8 - groups.length).fill(0));
  let value = 0n;
  for (let g = 0; g < 8; g += 2) value = (value << 32n) | BigInt(groups[g]! * 65536 + groups[g + 1]!);
  return value;
}

/** IPv6 whose last 32 bits are written as an IPv4 address (`::ffff:192.0.2.1`): the same as those bits as two hex groups. */
function parseIpv6WithDottedQuad(text: string): bigint | undefined {
  const lastColon = text.lastIndexOf(':');
  const quad = parseIpv4(text.slice(lastColon + 1));
  if (quad === undefined) return undefined;
  return parseIpv6Groups(`${text.slice(0, lastColon + 1)}${(quad >> 16n).toString(16)}:${(quad & 0xffffn).toString(16)}`);
}

function computeHostMask(family: AddressFamily, length: number): bigint {
  const bits = BigInt(ADDRESS_BITS[family]);
  return (1n << (bits - BigInt(length))) - 1n;
}

function computeNetworkMask(family: AddressFamily, length: number): bigint {
  return ((1n << BigInt(ADDRESS_BITS[family])) - 1n) ^ computeHostMask(family, length);
}

/** Masks for every prefix length, built once: each bigint operation allocates, and checks ask millions of times. */
const MASKS: Readonly<Record<AddressFamily, { readonly host: readonly bigint[]; readonly network: readonly bigint[] }>> = {
  inet: maskTable('inet'),
  inet6: maskTable('inet6'),
};

function maskTable(family: AddressFamily): { host: bigint[]; network: bigint[] } {
  const lengths = Array.from({ length: ADDRESS_BITS[family] + 1 }, (_, length) => length);
  return { host: lengths.map((length) => computeHostMask(family, length)), network: lengths.map((length) => computeNetworkMask(family, length)) };
}

export function hostMask(family: AddressFamily, length: number): bigint {
  return MASKS[family].host[length] ?? computeHostMask(family, length);
}

export function networkMask(family: AddressFamily, length: number): bigint {
  return MASKS[family].network[length] ?? computeNetworkMask(family, length);
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
 * IPv6 in RFC 5952 style, lower case, longest zero run (at least two groups,
 * the first of equals) compressed.
 */
export function formatIp(address: Pick<IpAddress, 'family' | 'value'> & { zone?: string }): string {
  const text = address.family === 'inet' ? formatIpv4(address.value) : formatIpv6(address.value);
  return address.zone ? `${text}%${address.zone}` : text;
}

function formatIpv4(value: bigint): string {
  const number = Number(value);
  return `${number >>> 24}.${(number >>> 16) & 255}.${(number >>> 8) & 255}.${number & 255}`;
}

function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = (list: number[]): string => list.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
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
