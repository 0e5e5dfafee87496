import type { Finding } from '../findings.js';
import type { ArgWord } from './value.js';

/** network.subr's default for `netif_ipexpand_max`: how far past the first address a range is expanded. */
export const NETIF_IPEXPAND_MAX = 2048;

/**
 * Expands the address ranges network.subr accepts in alias values
 * (`ifconfig_<if>_aliasN`, `ifconfig_<if>_aliases`), word for word:
 * `inet 192.0.2.5-7/24` becomes `inet 192.0.2.5/24 inet 192.0.2.6/32
 * inet 192.0.2.7/32` (the range may sit in any octet; the first address keeps
 * the length, default /32, the others get /32), and `inet6 2001:db8::1-3/64`
 * becomes three addresses with the same length (default /64), the range being
 * one hexadecimal group. As rc does, a range stops after `limit` + 2
 * addresses, with a finding. Every new word keeps the range's source range.
 */
export function expandAliasRanges(words: readonly ArgWord[], limit = NETIF_IPEXPAND_MAX): { words: ArgWord[]; findings: Finding[] } {
  const expanded: ArgWord[] = [];
  const findings: Finding[] = [];
  words.forEach((word, index) => {
    const previous = words[index - 1]?.text;
    const family = previous === 'inet' || previous === 'inet6' ? previous : undefined;
    const addresses = family && !word.dynamic ? rangeAddresses(word.text, family, limit) : undefined;
    if (!family || !addresses) {
      expanded.push(word);
      return;
    }
    if (addresses.truncated) {
      findings.push({
        ruleId: 'invalid-value',
        severity: 'warning',
        message: `The range \`${word.text}\` is longer than netif_ipexpand_max (${limit}) allows: rc adds only ${addresses.texts.length} of its addresses`,
        range: word.range,
      });
    }
    addresses.texts.forEach((text, position) => {
      if (position > 0) expanded.push({ ...word, text: family });
      expanded.push({ ...word, text });
    });
  });
  return { words: expanded, findings };
}

interface RangeAddresses {
  readonly texts: string[];
  readonly truncated: boolean;
}

function rangeAddresses(text: string, family: 'inet' | 'inet6', limit: number): RangeAddresses | undefined {
  if (!text.includes('-') || text.includes('--')) return undefined;
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const length = slash < 0 ? undefined : text.slice(slash + 1);
  return family === 'inet' ? ipv4Range(address, length, limit) : ipv6Range(address, length, limit);
}

function ipv4Range(address: string, length: string | undefined, limit: number): RangeAddresses | undefined {
  const octets = address.split('.');
  const at = octets.findIndex((octet) => /^\d+-\d+$/.test(octet));
  if (at < 0) return undefined;
  const [low, high] = octets[at]!.split('-').map(Number) as [number, number];
  const texts: string[] = [];
  const last = Math.min(high, low + limit + 1);
  for (let value = low; value <= last; value++) {
    const octetsHere = [...octets.slice(0, at), String(value), ...octets.slice(at + 1)];
    texts.push(`${octetsHere.join('.')}/${texts.length === 0 ? (length ?? '32') : '32'}`);
  }
  return { texts, truncated: last < high };
}

function ipv6Range(address: string, length: string | undefined, limit: number): RangeAddresses | undefined {
  // As network.subr splits it: the group before the last `-` is the low end, the group after the first `-` the high end.
  const left = address.slice(0, address.lastIndexOf('-'));
  const right = address.slice(address.indexOf('-') + 1);
  const lowText = left.slice(left.lastIndexOf(':') + 1);
  const colon = right.indexOf(':');
  const highText = colon < 0 ? right : right.slice(0, colon);
  if (!/^[0-9a-fA-F]{1,4}$/.test(lowText) || !/^[0-9a-fA-F]{1,4}$/.test(highText) || address.includes('.')) return undefined;
  const head = left.slice(0, left.lastIndexOf(':'));
  const tail = colon < 0 ? '' : right.slice(colon);
  const low = Number.parseInt(lowText, 16);
  const high = Number.parseInt(highText, 16);
  const texts: string[] = [];
  const last = Math.min(high, low + limit + 1);
  for (let value = low; value <= last; value++) texts.push(`${head}:${value.toString(16).padStart(4, '0')}${tail}/${length ?? '64'}`);
  return { texts, truncated: last < high };
}
