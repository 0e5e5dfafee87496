import type { Finding } from '../findings.js';
import { ADDRESS_BITS, hasHostBits, netmaskLength, parseIp, prefixOf, type AddressFamily, type IpAddress, type IpPrefix } from '../net/ip.js';
import type { SourceRange } from '../source.js';
import { spanRange, type Located } from './ifconfig-args.js';
import type { ArgWord } from './value.js';

export type RouteGateway =
  | { readonly kind: 'address'; readonly address: IpAddress; readonly range: SourceRange }
  /** `-interface IF` with an interface name (`-iface gif0`). */
  | { readonly kind: 'interface'; readonly name: string; readonly range: SourceRange }
  /** `-interface A`: directly connected through whichever interface holds address A. */
  | { readonly kind: 'interface-address'; readonly address: IpAddress; readonly range: SourceRange };

/** One `route add` as route(8) would understand it. */
export interface RouteArguments {
  readonly family: AddressFamily;
  readonly destination: IpPrefix;
  readonly isDefault: boolean;
  /** The destination was written with bits set beyond its prefix length (`-net 10.1.2.3/16`). */
  readonly hostBitsSet: boolean;
  readonly destinationRange: SourceRange;
  readonly gateway?: RouteGateway;
  /** `-fib N` (lists and ranges expanded); undefined = the caller's FIB. */
  readonly fibs?: Located<readonly number[]>;
  readonly blackhole: boolean;
  readonly reject: boolean;
  readonly range: SourceRange;
}

export interface ParsedRoute {
  readonly route?: RouteArguments;
  readonly findings: Finding[];
}

/** route(8) options that take one argument. */
const OPTIONS_WITH_VALUE = new Set(['-ifp', '-ifa', '-mtu', '-hopcount', '-expire', '-recvpipe', '-sendpipe', '-ssthresh', '-rtt', '-rttvar', '-weight']);
/** route(8) flags that do not change which table or target the route has. */
const IGNORED_FLAGS = new Set(['-static', '-nostatic', '-proto1', '-proto2', '-proto3', '-xresolve', '-lock', '-lockrest', '-llinfo', '-cloning', '-link', '-n', '-q', '-v']);

/** `-fib 1,3-5` → [1, 3, 4, 5]; undefined when malformed. */
export function parseFibList(text: string): number[] | undefined {
  const fibs: number[] = [];
  for (const part of text.split(',')) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) return undefined;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return undefined;
    for (let fib = first; fib <= last; fib++) fibs.push(fib);
  }
  return fibs;
}

/**
 * The IPv4 network route(8) infers from a destination without a length
 * (`getaddr`, `inet_makenetandmask`): the trailing zero bytes of the
 * address are the host part (`10.0.0.0` → /8, `192.168.0.0` → /16,
 * `10.1.2.0` → /24). Without `-net` that holds only where the address's
 * classful host part is zero (`inet_lnaof`); otherwise it is a host route.
 */
function inferIpv4Length(address: IpAddress, forceNet: boolean): number {
  const value = address.value;
  if (!forceNet && (value & classfulHostMask(Number(value >> 24n))) !== 0n) return 32;
  let length = 32;
  while (length > 0 && ((value >> BigInt(32 - length)) & 0xffn) === 0n) length -= 8;
  return length;
}

/** `inet_lnaof`'s host part: 24 bits below 128.0.0.0, 16 below 192.0.0.0, else 8. */
function classfulHostMask(firstByte: number): bigint {
  return firstByte < 128 ? 0xffffffn : firstByte < 192 ? 0xffffn : 0xffn;
}

/**
 * A network written with fewer than four numbers (`-net 10.1`, `10.1/16`),
 * which route(8) reads with `inet_network` and shifts into place
 * (10.1.0.0); else undefined.
 */
function shortNetwork(text: string): IpAddress | undefined {
  const parts = /^\d{1,3}(?:\.\d{1,3}){0,2}$/.test(text) ? text.split('.').map(Number) : undefined;
  if (!parts || parts.some((part) => part > 255)) return undefined;
  while (parts.length < 4) parts.push(0);
  return parseIp(parts.join('.'));
}

function invalid(findings: Finding[], message: string, range: SourceRange): void {
  findings.push({ ruleId: 'invalid-value', severity: 'error', message, range });
}

/**
 * Parses the arguments of `route add` (what follows `add`, or an rc.conf
 * `route_<name>` value). `familyHint` is `inet6` for `ipv6_route_<name>`,
 * which rc runs as `route add -inet6 ...`.
 */
export function parseRouteArguments(words: readonly ArgWord[], familyHint?: AddressFamily): ParsedRoute {
  const findings: Finding[] = [];
  let family: AddressFamily | undefined = familyHint;
  let forceNet = false;
  let forceHost = false;
  let viaInterface = false;
  let blackhole = false;
  let reject = false;
  let fibs: Located<number[]> | undefined;
  let explicitLength: Located<number> | undefined;
  const positional: ArgWord[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const text = word.text;
    if (!text.startsWith('-')) {
      positional.push(word);
      continue;
    }
    const value = words[index + 1];
    switch (text) {
      case '-inet':
      case '-4':
        family = 'inet';
        break;
      case '-inet6':
      case '-6':
        family = 'inet6';
        break;
      case '-net':
        forceNet = true;
        break;
      case '-host':
        forceHost = true;
        break;
      case '-interface':
      case '-iface':
        viaInterface = true;
        break;
      case '-blackhole':
        blackhole = true;
        break;
      case '-reject':
        reject = true;
        break;
      case '-fib': {
        index++;
        const list = value && parseFibList(value.text);
        if (!list) invalid(findings, `\`-fib\` needs a table number, list or range, got ${value ? `\`${value.text}\`` : 'nothing'}`, (value ?? word).range);
        else fibs = { value: list, range: spanRange(word.range, value!.range) };
        break;
      }
      case '-netmask':
      case '-prefixlen': {
        index++;
        const length = value && (text === '-netmask' ? netmaskLength(value.text) : /^\d{1,3}$/.test(value.text) ? Number(value.text) : undefined);
        if (length === undefined) invalid(findings, `\`${text}\` needs a ${text === '-netmask' ? 'contiguous mask' : 'prefix length'}`, (value ?? word).range);
        else explicitLength = { value: length, range: value!.range };
        break;
      }
      default:
        if (OPTIONS_WITH_VALUE.has(text)) index++;
        else if (!IGNORED_FLAGS.has(text)) invalid(findings, `Unknown route option \`${text}\``, word.range);
    }
  }
  const [destinationWord, gatewayWord, legacyMaskWord] = positional;
  if (!destinationWord) {
    invalid(findings, 'The route has no destination', words[0]?.range ?? { file: '', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
    return { findings };
  }
  if (destinationWord.dynamic || gatewayWord?.dynamic) return { findings };
  if (legacyMaskWord && !explicitLength) {
    const length = netmaskLength(legacyMaskWord.text);
    if (length !== undefined) explicitLength = { value: length, range: legacyMaskWord.range };
  }
  const range = spanRange(words[0]!.range, words[words.length - 1]!.range);

  let destination: IpPrefix;
  let hostBitsSet = false;
  const isDefault = destinationWord.text === 'default';
  if (isDefault) {
    family ??= gatewayWord && gatewayWord.text.includes(':') ? 'inet6' : 'inet';
    destination = { family, network: 0n, length: 0 };
  } else {
    const slash = destinationWord.text.indexOf('/');
    const written = slash >= 0 ? destinationWord.text.slice(0, slash) : destinationWord.text;
    const address = parseIp(written) ?? ((forceNet || slash >= 0) && family !== 'inet6' ? shortNetwork(written) : undefined);
    const lengthText = slash >= 0 ? destinationWord.text.slice(slash + 1) : undefined;
    if (!address || (family && family !== address.family) || (lengthText !== undefined && !/^\d{1,3}$/.test(lengthText))) {
      invalid(findings, `\`${destinationWord.text}\` is not a valid ${family === 'inet6' ? 'IPv6 ' : family === 'inet' ? 'IPv4 ' : ''}destination`, destinationWord.range);
      return { findings };
    }
    family = address.family;
    const bits = ADDRESS_BITS[family];
    let length: number;
    if (lengthText !== undefined) length = Number(lengthText);
    else if (explicitLength) length = explicitLength.value;
    else if (forceHost) length = bits;
    else if (family === 'inet6') length = forceNet ? 64 : bits;
    else length = inferIpv4Length(address, forceNet);
    if (length > bits) {
      invalid(findings, `Prefix length /${length} is too long for ${destinationWord.text}`, destinationWord.range);
      return { findings };
    }
    hostBitsSet = hasHostBits(address, length);
    destination = prefixOf(address, length);
  }

  let gateway: RouteGateway | undefined;
  if (gatewayWord) {
    const address = parseIp(gatewayWord.text);
    if (address) gateway = viaInterface ? { kind: 'interface-address', address, range: gatewayWord.range } : { kind: 'address', address, range: gatewayWord.range };
    else if (viaInterface) gateway = { kind: 'interface', name: gatewayWord.text, range: gatewayWord.range };
    else invalid(findings, `\`${gatewayWord.text}\` is not a gateway address (add \`-interface\` to route through an interface)`, gatewayWord.range);
  } else if (!blackhole && !reject) {
    invalid(findings, `The route to \`${destinationWord.text}\` has no gateway`, destinationWord.range);
  }
  const route: RouteArguments = {
    family: family!,
    destination,
    isDefault,
    hostBitsSet,
    destinationRange: destinationWord.range,
    ...(gateway ? { gateway } : {}),
    ...(fibs ? { fibs } : {}),
    blackhole,
    reject,
    range,
  };
  return { route, findings };
}

/**
 * Recognises `route [-q] [-n] add ARGS` (with or without a /sbin/ prefix) in
 * a command line and parses ARGS; undefined when the line is another command.
 */
export function parseRouteCommand(words: readonly ArgWord[]): ParsedRoute | undefined {
  if (words.length === 0 || !/^(?:\/sbin\/)?route$/.test(words[0]!.text)) return undefined;
  let index = 1;
  while (index < words.length && /^-[nqv]+$/.test(words[index]!.text)) index++;
  if (words[index]?.text !== 'add') return undefined;
  return parseRouteArguments(words.slice(index + 1));
}
