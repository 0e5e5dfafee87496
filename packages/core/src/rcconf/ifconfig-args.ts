import type { Finding } from '../findings.js';
import { ADDRESS_BITS, netmaskLength, parseIp, type AddressFamily, type IpAddress } from '../net/ip.js';
import type { SourceRange } from '../source.js';
import type { ArgWord } from './value.js';

/** A value taken from one argument, with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly range: SourceRange;
}

export interface IfconfigAddress {
  readonly address: IpAddress;
  /** Prefix length as written or defaulted (IPv4 classful, IPv6 64). */
  readonly length: number;
  /** True when the length was written (`/len`, `netmask`, `prefixlen`). */
  readonly explicitLength: boolean;
  readonly peer?: IpAddress;
  /** `-alias` / `delete`: the address is removed, not added. */
  readonly remove: boolean;
  /** From the address word to its last modifier (`netmask M`, `prefixlen N`). */
  readonly range: SourceRange;
}

export type OffloadFlag = 'lro' | 'tso' | 'txcsum' | 'rxcsum' | 'vlanhwtag';

/** What one ifconfig(8) argument list asks for, as far as routing and the checks care. */
export interface IfconfigArguments {
  readonly addresses: IfconfigAddress[];
  fib?: Located<number>;
  tunnelFib?: Located<number>;
  tunnel?: Located<{ readonly source: IpAddress; readonly destination: IpAddress }>;
  mtu?: Located<number>;
  readonly offload: Partial<Record<OffloadFlag, Located<boolean>>>;
  readonly addMembers: Located<string>[];
  readonly deleteMembers: Located<string>[];
  /** `name NEW`. */
  rename?: Located<string>;
  /** `vnet JAIL`. */
  vnet?: Located<string>;
  /** `vlan N` / `vlandev IF` (create_args of a vlan). */
  vlan?: Located<number>;
  vlanDevice?: Located<string>;
  /** rc pseudo keywords `DHCP` / `SYNCDHCP`. */
  dhcp: boolean;
  up: boolean;
  /** Words in the address position whose value comes from a command substitution. */
  readonly dynamicAddresses: ArgWord[];
  readonly findings: Finding[];
}

const OFFLOAD_WORDS = new Map<string, [OffloadFlag, boolean]>([
  ['lro', ['lro', true]],
  ['-lro', ['lro', false]],
  ['tso', ['tso', true]],
  ['-tso', ['tso', false]],
  ['tso4', ['tso', true]],
  ['-tso4', ['tso', false]],
  ['tso6', ['tso', true]],
  ['-tso6', ['tso', false]],
  ['txcsum', ['txcsum', true]],
  ['-txcsum', ['txcsum', false]],
  ['rxcsum', ['rxcsum', true]],
  ['-rxcsum', ['rxcsum', false]],
  ['vlanhwtag', ['vlanhwtag', true]],
  ['-vlanhwtag', ['vlanhwtag', false]],
]);

/** ifconfig parameters that take one value we do not model (`description TEXT`, `group NAME`, ...). */
const PARAMETERS_WITH_VALUE = new Set([
  'broadcast',
  'description',
  'descr',
  'group',
  '-group',
  'laggport',
  '-laggport',
  'laggproto',
  'vhid',
  'advskew',
  'advbase',
  'pass',
  'ssid',
  'mode',
  'media',
  'mediaopt',
  '-mediaopt',
  'stp',
  '-stp',
  'ether',
  'lladdr',
  'metric',
  'maxaddr',
  'timeout',
  'priority',
  'vxlanid',
  'vxlanlocal',
  'vxlanremote',
  'vxlandev',
  'wlandev',
  'wlanmode',
  'country',
  'channel',
  'authmode',
  'wepmode',
  'weptxkey',
  'wepkey',
  'pltime',
  'vltime',
  'addr',
]);

/** rc.conf pseudo keywords that network.subr removes before ifconfig runs (case-insensitive). */
const PSEUDO_KEYWORDS = new Set(['dhcp', 'syncdhcp', 'nosyncdhcp', 'noauto', 'wpa', 'hostap']);

export function isPseudoKeyword(text: string): boolean {
  return PSEUDO_KEYWORDS.has(text.toLowerCase());
}

export function looksLikeAddress(text: string): boolean {
  return /^[0-9a-fA-F:.]+(?:%[\w.]+)?(?:\/\d+)?$/.test(text) && /[.:]/.test(text) && /\d/.test(text);
}

/** The classful mask length FreeBSD's in_control falls back to when an IPv4 address has no mask. */
function classfulLength(address: IpAddress): number {
  const firstOctet = Number(address.value >> 24n);
  if (firstOctet < 128) return 8;
  if (firstOctet < 192) return 16;
  return 24;
}

export function parseNumber(word: ArgWord | undefined, what: string, findings: Finding[], owner: ArgWord): Located<number> | undefined {
  if (!word || !/^\d{1,9}$/.test(word.text)) {
    if (!word?.dynamic)
      findings.push({
        ruleId: 'invalid-value',
        severity: 'error',
        message: `\`${owner.text}\` needs ${what}, got ${word ? `\`${word.text}\`` : 'nothing'}`,
        range: (word ?? owner).range,
      });
    return undefined;
  }
  return { value: Number(word.text), range: spanRange(owner.range, word.range) };
}

export function spanRange(first: SourceRange, last: SourceRange): SourceRange {
  return { file: first.file, start: first.start, end: last.end };
}

/**
 * Parses ifconfig(8) arguments (what follows `ifconfig IF`, or the value of
 * an `ifconfig_<if>` variable). Written once and used for rc.conf, jail.conf
 * exec commands and wg-quick hooks. Problems become findings; nothing throws.
 */
export function parseIfconfigArguments(words: readonly ArgWord[], defaultFamily?: AddressFamily): IfconfigArguments {
  const result: IfconfigArguments = {
    addresses: [],
    offload: {},
    addMembers: [],
    deleteMembers: [],
    dhcp: false,
    up: false,
    dynamicAddresses: [],
    findings: [],
  };
  const findings = result.findings;
  let family: AddressFamily | undefined = defaultFamily;
  let index = 0;
  const next = (): ArgWord | undefined => words[index++];

  const readAddress = (word: ArgWord): void => {
    if (word.dynamic) {
      result.dynamicAddresses.push(word);
      return;
    }
    const slash = word.text.indexOf('/');
    const address = parseIp(slash >= 0 ? word.text.slice(0, slash) : word.text);
    const lengthText = slash >= 0 ? word.text.slice(slash + 1) : undefined;
    if (!address || (family && address.family !== family) || (lengthText !== undefined && !/^\d{1,3}$/.test(lengthText))) {
      findings.push({
        ruleId: 'invalid-value',
        severity: 'error',
        message: `\`${word.text}\` is not a valid ${family === 'inet6' ? 'IPv6' : family === 'inet' ? 'IPv4' : 'IP'} address`,
        range: word.range,
      });
      return;
    }
    let length = lengthText === undefined ? undefined : Number(lengthText);
    if (length !== undefined && length > ADDRESS_BITS[address.family]) {
      findings.push({ ruleId: 'invalid-value', severity: 'error', message: `Prefix length /${length} is too long`, range: word.range });
      return;
    }
    let peer: IpAddress | undefined;
    let range = word.range;
    const peerWord = words[index];
    if (peerWord && !peerWord.dynamic && looksLikeAddress(peerWord.text) && !peerWord.text.includes('/')) {
      const parsed = parseIp(peerWord.text);
      if (parsed && parsed.family === address.family) {
        peer = parsed;
        range = spanRange(range, peerWord.range);
        index++;
      }
    }
    let remove = false;
    // Modifiers that belong to this address.
    for (;;) {
      const modifier = words[index];
      if (!modifier) break;
      if (modifier.text === 'netmask') {
        index++;
        const maskWord = next();
        const maskLength = maskWord ? netmaskLength(maskWord.text) : undefined;
        if (maskLength === undefined) {
          findings.push({
            ruleId: 'invalid-value',
            severity: 'error',
            message: `\`netmask\` needs a contiguous mask, got ${maskWord ? `\`${maskWord.text}\`` : 'nothing'}`,
            range: (maskWord ?? modifier).range,
          });
        } else {
          length = maskLength;
          range = spanRange(range, maskWord!.range);
        }
      } else if (modifier.text === 'prefixlen') {
        index++;
        const value = parseNumber(next(), 'a prefix length', findings, modifier);
        if (value && value.value <= ADDRESS_BITS[address.family]) {
          length = value.value;
          range = spanRange(range, value.range);
        }
      } else if (modifier.text === 'alias' || modifier.text === 'add') {
        index++;
      } else if (modifier.text === '-alias' || modifier.text === 'delete') {
        index++;
        remove = true;
      } else if (modifier.text === 'broadcast') {
        index += 2;
      } else break;
    }
    const explicitLength = length !== undefined;
    const finalLength = length ?? (address.family === 'inet6' ? 64 : peer ? 32 : classfulLength(address));
    result.addresses.push(peer ? { address, length: finalLength, explicitLength, peer, remove, range } : { address, length: finalLength, explicitLength, remove, range });
  };

  while (index < words.length) {
    const word = next()!;
    const keyword = word.text;
    const lower = keyword.toLowerCase();
    if (keyword === 'inet' || keyword === 'inet6') {
      family = keyword;
      const candidate = words[index];
      if (candidate && (candidate.dynamic || looksLikeAddress(candidate.text))) readAddress(next()!);
      else if (candidate && /^[0-9a-fA-F:.]+-[0-9a-fA-F:.]+(?:\/\d+)?$/.test(candidate.text)) {
        findings.push({
          ruleId: 'invalid-value',
          severity: 'error',
          message: `\`${candidate.text}\` is an address range: rc expands ranges only in alias variables (\`ifconfig_<if>_aliasN\`, \`_aliases\`), and ifconfig refuses it here`,
          range: next()!.range,
        });
      }
    } else if (isPseudoKeyword(lower)) {
      if (lower === 'dhcp' || lower === 'syncdhcp' || lower === 'nosyncdhcp') result.dhcp = true;
    } else if (word.dynamic || looksLikeAddress(keyword)) {
      readAddress(word);
    } else if (keyword === 'fib' || keyword === 'tunnelfib' || keyword === 'mtu' || keyword === 'vlan') {
      const value = parseNumber(next(), keyword === 'mtu' ? 'a size in bytes' : 'a number', findings, word);
      if (value) {
        if (keyword === 'fib') result.fib = value;
        else if (keyword === 'tunnelfib') result.tunnelFib = value;
        else if (keyword === 'mtu') result.mtu = value;
        else result.vlan = value;
      }
    } else if (keyword === 'tunnel') {
      const sourceWord = next();
      const destinationWord = next();
      const source = sourceWord && parseIp(sourceWord.text);
      const destination = destinationWord && parseIp(destinationWord.text);
      if (source && destination && source.family === destination.family) {
        result.tunnel = { value: { source, destination }, range: spanRange(word.range, destinationWord!.range) };
      } else if (!sourceWord?.dynamic && !destinationWord?.dynamic) {
        findings.push({
          ruleId: 'invalid-value',
          severity: 'error',
          message: '`tunnel` needs a source and a destination address of the same family',
          range: spanRange(word.range, (destinationWord ?? sourceWord ?? word).range),
        });
      }
    } else if (OFFLOAD_WORDS.has(keyword)) {
      const [flag, on] = OFFLOAD_WORDS.get(keyword)!;
      result.offload[flag] = { value: on, range: word.range };
    } else if (keyword === 'addm' || keyword === 'deletem' || keyword === 'name' || keyword === 'vnet' || keyword === 'vlandev') {
      const value = next();
      if (!value) {
        findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${keyword}\` needs an interface or jail name`, range: word.range });
        continue;
      }
      const located = { value: value.text, range: value.range };
      if (keyword === 'addm') result.addMembers.push(located);
      else if (keyword === 'deletem') result.deleteMembers.push(located);
      else if (keyword === 'name') result.rename = located;
      else if (keyword === 'vnet') result.vnet = located;
      else result.vlanDevice = located;
    } else if (keyword === 'up') {
      result.up = true;
    } else if (PARAMETERS_WITH_VALUE.has(keyword)) {
      index++;
    }
    // Anything else (`down`, `monitor`, `auto_linklocal`, ...) does not change routing.
  }
  return result;
}
