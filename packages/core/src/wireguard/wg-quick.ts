import * as posixPath from 'node:path/posix';
import type { Finding } from '../findings.js';
import { parseIp, type IpAddress } from '../net/ip.js';
import type { Located } from '../rcconf/ifconfig-args.js';
import { literalValue, splitWords, type ArgWord } from '../rcconf/value.js';
import type { SourceRange } from '../source.js';
import { parseKeyValueFile, type KeyValueEntry, type KeyValueFile } from '../sysctl/keyvalue.js';

export interface WgAddress {
  readonly address: IpAddress;
  readonly length: number;
  readonly range: SourceRange;
}

/** What a wg-quick(8) file says about the interface it brings up. */
export interface WgQuickConfig {
  readonly file: KeyValueFile;
  /** The interface name: the file name without `.conf`. */
  readonly interfaceName: string;
  readonly addresses: readonly WgAddress[];
  /** `Table`: `off` (no routes), `auto` (the default: AllowedIPs routed in FIB 0) or a FIB number. */
  readonly table: Located<'off' | 'auto' | number> | undefined;
  readonly mtu?: Located<number>;
  readonly listenPort?: Located<number>;
  readonly peers: readonly WgPeer[];
  /** `PostUp` command lines split into words, `%i` replaced by the interface name. */
  readonly postUp: readonly (readonly ArgWord[])[];
  readonly findings: readonly Finding[];
}

export interface WgPeer {
  readonly endpoint?: Located<{ readonly host: string; readonly port?: number; readonly address?: IpAddress }>;
  readonly allowedIps: readonly WgAddress[];
  readonly range: SourceRange;
}

/** Splits a comma-separated list, keeping each item's exact source offsets. */
function listItems(entry: KeyValueEntry, file: KeyValueFile): { text: string; range: SourceRange }[] {
  const items: { text: string; range: SourceRange }[] = [];
  const pattern = /[^,\s]+/g;
  for (const match of entry.value.matchAll(pattern)) {
    const start = entry.valueOffset + match.index;
    items.push({ text: match[0], range: file.lines.range(file.file, start, start + match[0].length) });
  }
  return items;
}

function parseCidrList(entry: KeyValueEntry, file: KeyValueFile, findings: Finding[]): WgAddress[] {
  const addresses: WgAddress[] = [];
  for (const item of listItems(entry, file)) {
    const [addressText, lengthText] = item.text.split('/');
    const address = parseIp(addressText!);
    const length = lengthText === undefined ? (address?.family === 'inet6' ? 128 : 32) : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!address || !(length <= (address.family === 'inet' ? 32 : 128))) {
      findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${item.text}\` is not an address with a prefix length`, range: item.range });
      continue;
    }
    addresses.push({ address, length, range: item.range });
  }
  return addresses;
}

function parsePort(entry: KeyValueEntry, findings: Finding[]): Located<number> | undefined {
  if (/^\d{1,5}$/.test(entry.value) && Number(entry.value) <= 65535) return { value: Number(entry.value), range: entry.valueRange };
  findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${entry.key}\` needs a number, got \`${entry.value}\``, range: entry.valueRange });
  return undefined;
}

/** Parses a wg-quick file (`usr/local/etc/wireguard/wg0.conf`). Never throws. */
export function parseWgQuick(path: string, text: string): WgQuickConfig {
  const file = parseKeyValueFile(path, text);
  const findings: Finding[] = [...file.findings];
  const interfaceName = posixPath.basename(path).replace(/\.conf$/, '');
  const addresses: WgAddress[] = [];
  const postUp: ArgWord[][] = [];
  const peers: WgPeer[] = [];
  let table: Located<'off' | 'auto' | number> | undefined;
  let mtu: Located<number> | undefined;
  let listenPort: Located<number> | undefined;
  let peer: { endpoint?: WgPeer['endpoint']; allowedIps: WgAddress[]; range: SourceRange } | undefined;
  for (const entry of file.entries) {
    const section = entry.section?.toLowerCase();
    if (section === 'peer') {
      // A new [Peer] header between the previous entry and this one starts a new peer.
      const header = file.sections.filter((candidate) => candidate.range.start.offset < entry.range.start.offset).at(-1)!;
      if (!peer || peer.range.start.offset !== header.range.start.offset) {
        peer = { allowedIps: [], range: header.range };
        peers.push(peer);
      }
      if (entry.key === 'AllowedIPs') peer.allowedIps.push(...parseCidrList(entry, file, findings));
      else if (entry.key === 'Endpoint') {
        const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(entry.value);
        const host = match ? (match[1] ?? match[2]!) : entry.value;
        const address = parseIp(host);
        const port = match ? Number(match[3]) : undefined;
        peer.endpoint = { value: { host, ...(port === undefined ? {} : { port }), ...(address ? { address } : {}) }, range: entry.valueRange };
      }
      continue;
    }
    if (section !== 'interface') continue;
    switch (entry.key) {
      case 'Address':
        addresses.push(...parseCidrList(entry, file, findings));
        break;
      case 'Table': {
        const value = entry.value.trim();
        if (value === 'off' || value === 'auto') table = { value, range: entry.valueRange };
        else if (/^\d{1,5}$/.test(value)) table = { value: Number(value), range: entry.valueRange };
        else findings.push({ ruleId: 'invalid-value', severity: 'error', message: '`Table` must be `off`, `auto` or a FIB number', range: entry.valueRange });
        break;
      }
      case 'MTU':
        mtu = parsePort(entry, findings);
        break;
      case 'ListenPort':
        listenPort = parsePort(entry, findings);
        break;
      case 'PostUp': {
        const words = splitWords(literalValue(entry.value, entry.valueOffset), path, file.lines);
        postUp.push(words.map((word) => ({ ...word, text: word.text.replaceAll('%i', interfaceName) })));
        break;
      }
    }
  }
  return {
    file,
    interfaceName,
    addresses,
    table,
    ...(mtu ? { mtu } : {}),
    ...(listenPort ? { listenPort } : {}),
    peers,
    postUp,
    findings,
  };
}
