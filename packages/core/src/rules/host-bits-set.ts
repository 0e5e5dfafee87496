import type { HostAnalysis } from '../analysis.js';
import { formatPrefix, hasHostBits, prefixOf } from '../net/ip.js';
import type { Rule, RuleReport } from './rule.js';
import { pfReferences } from './support/pf-references.js';

/** Checks pf.conf; rc.conf routes are checked by the host builder, which sees route(8)'s arguments. */
export const hostBitsSet: Rule = {
  meta: {
    id: 'host-bits-set',
    category: 'addressing',
    severity: 'warning',
    summary: 'A network prefix written with host bits set, which is silently masked',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'Reports a network written as an address with a prefix length whose host part is not zero: in pf.conf, ' +
        'a rule address or table entry such as `192.0.2.77/25`; in rc.conf, the destination of a route such as ' +
        '`-net 10.1.2.3/16` (static routes, jail hooks, wg-quick PostUp).',
      whyItMatters:
        'Neither pfctl nor route(8) complains: both clear the host bits, so `192.0.2.77/25` loads as ' +
        '`192.0.2.0/25`. If the author meant the single host, the rule or route covers 127 other addresses; if ' +
        'they meant the upper half of the /24, it covers the wrong half. Either way the file says something ' +
        'other than what the kernel does.',
      example: {
        language: 'pf',
        bad: 'table <office> { 192.0.2.77/25 }',
        good: 'table <office> { 192.0.2.0/25 }',
        note: 'Or `192.0.2.77` alone, if one host was meant.',
      },
      fix:
        'Write the network address (what is loaded today), or drop the prefix length if a single host was meant. ' +
        'The automatic fix, for pf.conf addresses written out (not through a macro), rewrites the address to ' +
        'the network that is loaded, so behaviour does not change.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const references = pfReferences(analysis);
    if (!references) return;
    const literals = references.addresses;
    for (let index = 0; index < literals.length; index++) {
      const literal = literals[index]!;
      if (literal.length === undefined || !hasHostBits(literal.address, literal.length)) continue;
      const loaded = formatPrefix(prefixOf(literal.address, literal.length));
      const edit = literal.textRange ? { range: literal.textRange, newText: loaded } : undefined;
      yield {
        range: literal.range,
        message: `${literal.text}${literal.macro ? ` (from $${literal.macro})` : ''} has host bits set: pfctl loads it as ${loaded}`,
        ...(edit ? { fixes: [{ description: `Write ${loaded}`, safety: 'safe' as const, edits: [edit] }] } : {}),
      };
    }
  },
};
