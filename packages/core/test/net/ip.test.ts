// net/ip.ts reads and writes addresses by hand for speed; ip-num stays the
// reference: these tests compare the two on chosen and on random text.
import fc from 'fast-check';
import { IPv4, IPv6, Validator, collapseIPv6Number } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from '../../src/net/ip.js';

/** What parseIp returned before the hand-written reader: ip-num's validators, IPv4 leading zeros refused. */
function referenceParse(text: string): { family: string; value: bigint; zone?: string } | undefined {
  if (text.includes(':')) {
    const percent = text.indexOf('%');
    const bare = percent >= 0 ? text.slice(0, percent) : text;
    const zone = percent >= 0 ? text.slice(percent + 1) : undefined;
    if (zone === '' || !Validator.isValidIPv6String(bare)[0]) return undefined;
    const value = IPv6.fromString(bare).value;
    return zone === undefined ? { family: 'inet6', value } : { family: 'inet6', value, zone };
  }
  if (!/^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/.test(text)) return undefined;
  if (!Validator.isValidIPv4String(text)[0]) return undefined;
  return { family: 'inet', value: IPv4.fromString(text).value };
}

function referenceFormat(family: 'inet' | 'inet6', value: bigint): string {
  return family === 'inet'
    ? IPv4.fromNumber(value).toString()
    : collapseIPv6Number(IPv6.fromBigInt(value).toString()).toLowerCase();
}

const hexGroup = fc.integer({ min: 0, max: 0xffff }).chain((group) =>
  fc.constantFrom(group.toString(16), group.toString(16).toUpperCase(), group.toString(16).padStart(4, '0')),
);

/** Well-formed IPv6 text with or without `::`, then possibly mutated by one character. */
const ipv6Text = fc
  .tuple(fc.array(hexGroup, { minLength: 0, maxLength: 9 }), fc.integer({ min: -1, max: 9 }))
  .map(([groups, gap]) =>
    gap < 0 || gap > groups.length ? groups.join(':') : `${groups.slice(0, gap).join(':')}::${groups.slice(gap).join(':')}`,
  );
const mutated = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.nat(), fc.constantFrom('', ':', '::', '0', 'g', '.', '%', '%em0', '1.2.3.4', 'fffff')).map(
    ([text, at, insert]) => {
      const position = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, position) + insert + text.slice(position);
    },
  );
const ipv4Text = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '')), { minLength: 1, maxLength: 5 })
  .map((octets) => octets.join('.'));
/** IPv6 text ending in a dotted quad (`::ffff:192.0.2.1`), well-formed or not. */
const dottedQuadText = fc
  .tuple(
    ipv6Text,
    fc.constantFrom(':', '::', ''),
    fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((octets) => octets.join('.')), ipv4Text),
  )
  .map(([groups, separator, quad]) => `${groups}${separator}${quad}`);

describe('parseIp', () => {
  it('reads plain addresses, zones and compressed forms', () => {
    expect(parseIp('192.0.2.10')).toEqual({ family: 'inet', value: 0xc000020an });
    expect(parseIp('0.0.0.0')).toEqual({ family: 'inet', value: 0n });
    expect(parseIp('255.255.255.255')).toEqual({ family: 'inet', value: 0xffffffffn });
    expect(parseIp('::')).toEqual({ family: 'inet6', value: 0n });
    expect(parseIp('::1')).toEqual({ family: 'inet6', value: 1n });
    expect(parseIp('2001:DB8::')).toEqual({ family: 'inet6', value: 0x20010db8n << 96n });
    expect(parseIp('1:2:3:4:5:6:7::')).toEqual({ family: 'inet6', value: 0x0001000200030004000500060007_0000n });
    expect(parseIp('fe80::1%vtnet0')).toEqual({ family: 'inet6', value: (0xfe80n << 112n) | 1n, zone: 'vtnet0' });
  });

  it('rejects what is not an address', () => {
    for (const text of ['', '10.0.0', '10.0.0.1.2', '010.0.0.1', '256.0.0.1', '10..0.1', '1:2', ':::', '1::2::3',
      '1:2:3:4:5:6:7:8:9', '1::2:3:4:5:6:7:8', ':1::', '1::2:', '12345::', 'fe80::1%', 'em0:network', 'g::1']) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });

  it('agrees with ip-num on random IPv6 text', () => {
    fc.assert(
      fc.property(fc.oneof(ipv6Text, mutated(ipv6Text)), (text) => {
        expect(parseIp(text)).toEqual(referenceParse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with ip-num on random IPv6 text ending in a dotted quad', () => {
    fc.assert(
      fc.property(fc.oneof(dottedQuadText, mutated(dottedQuadText)), (text) => {
        expect(parseIp(text)).toEqual(referenceParse(text));
      }),
      { numRuns: 3000 },
    );
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ family: 'inet6', value: 0xffff_c000_0201n });
    expect(parseIp('64:ff9b::10.0.0.1%em0')).toEqual({ family: 'inet6', value: (0x64_ff9bn << 96n) | 0x0a00_0001n, zone: 'em0' });
  });

  it('agrees with ip-num on random IPv4 text and on text from a small alphabet', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Text, mutated(ipv4Text), fc.stringMatching(/^[0-9a-fA-F:.%]{0,20}$/)), (text) => {
        expect(parseIp(text)).toEqual(referenceParse(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatIp', () => {
  it('writes IPv4 dotted and IPv6 with the first longest zero run compressed', () => {
    expect(formatIp({ family: 'inet', value: 0xc000020an })).toBe('192.0.2.10');
    expect(formatIp({ family: 'inet6', value: 0n })).toBe('::');
    expect(formatIp({ family: 'inet6', value: 1n })).toBe('::1');
    expect(formatIp({ family: 'inet6', value: 0x0001000000020000000000000000_0003n })).toBe('1:0:2::3');
    expect(formatIp({ family: 'inet6', value: 0x0001000000000002000000000003_0004n })).toBe('1::2:0:0:3:4');
    expect(formatIp({ family: 'inet6', value: 0x0001000200030000000400050006_0007n })).toBe('1:2:3:0:4:5:6:7');
    expect(formatIp({ family: 'inet6', value: 0xabcd0000000000000000000000000000n })).toBe('abcd::');
    expect(formatIp({ family: 'inet6', value: (0xfe80n << 112n) | 1n, zone: 'em0' })).toBe('fe80::1%em0');
  });

  it('agrees with ip-num on random addresses, zero groups favoured', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    const value6 = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => groups.reduce((sum, g) => (sum << 16n) | BigInt(g), 0n));
    fc.assert(
      fc.property(value6, (value) => {
        expect(formatIp({ family: 'inet6', value })).toBe(referenceFormat('inet6', value));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (number) => {
        expect(formatIp({ family: 'inet', value: BigInt(number) })).toBe(referenceFormat('inet', BigInt(number)));
      }),
      { numRuns: 1000 },
    );
  });
});
