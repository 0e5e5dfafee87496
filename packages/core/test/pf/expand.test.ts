import { describe, expect, it } from 'vitest';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';
import { loadTableFile } from '../../src/pf/expand.js';
import { printLoadedConfig } from '../../src/pf/print.js';
import { loadPfConf, type PfLoadOptions } from '../../src/pf/semantic.js';
import { interfaceAddresses } from './interface-addresses.js';

function load(text: string, options: Partial<PfLoadOptions> = {}) {
  return loadPfConf(text, { file: 'pf.conf', ...options });
}

/** The printed ruleset, failing the test if anything was reported. */
function printed(text: string, options: Partial<PfLoadOptions> = {}): string {
  const result = load(text, options);
  expect(result.findings.map((finding) => finding.message)).toEqual([]);
  return printLoadedConfig(result.config);
}

function errors(text: string, options: Partial<PfLoadOptions> = {}): string[] {
  return load(text, options).findings.map((finding) => `${finding.range.start.line}: ${finding.message}`);
}

describe('list expansion', () => {
  it('makes one rule per combination in pfctl loop order (source host, source port, destination host, destination port)', () => {
    const text = 'block in proto tcp from { 10.0.0.0/8, 172.16.0.0/12 } port { 22, 21 } to 192.168.0.0/16 port { 80, 443 }\n';
    expect(printed(text).split('\n').slice(0, 5)).toEqual([
      'block drop in inet proto tcp from 10.0.0.0/8 port = ssh to 192.168.0.0/16 port = http',
      'block drop in inet proto tcp from 10.0.0.0/8 port = ssh to 192.168.0.0/16 port = https',
      'block drop in inet proto tcp from 10.0.0.0/8 port = ftp to 192.168.0.0/16 port = http',
      'block drop in inet proto tcp from 10.0.0.0/8 port = ftp to 192.168.0.0/16 port = https',
      'block drop in inet proto tcp from 172.16.0.0/12 port = ssh to 192.168.0.0/16 port = http',
    ]);
  });

  it('keeps the ports of scrub rules, in the same order', () => {
    expect(printed('scrub in on em0 proto tcp from any port { 1, 2 } to { 10.0.0.1, 10.0.0.2 }\n').trimEnd().split('\n')).toEqual([
      'scrub in on em0 inet proto tcp from any port = 1 to 10.0.0.1 fragment reassemble',
      'scrub in on em0 inet proto tcp from any port = 1 to 10.0.0.2 fragment reassemble',
      'scrub in on em0 inet proto tcp from any port = 2 to 10.0.0.1 fragment reassemble',
      'scrub in on em0 inet proto tcp from any port = 2 to 10.0.0.2 fragment reassemble',
    ]);
  });

  it('takes every destination for one source port before the next source port, in filter and translation rules', () => {
    const filter = 'pass in proto tcp from any port { 1, 2 } to { 10.0.0.1, 10.0.0.2 } label "$srcport $dstaddr $nr"\n';
    expect([...printed(filter).matchAll(/label "([^"]*)"/g)].map((match) => match[1])).toEqual([
      '1 10.0.0.1 0',
      '1 10.0.0.2 1',
      '2 10.0.0.1 2',
      '2 10.0.0.2 3',
    ]);
    const translation = 'rdr on em0 proto tcp from any port { 5, 6 } to { 10.0.0.1, 10.0.0.2 } -> 127.0.0.1\n';
    expect([...printed(translation).matchAll(/port = (\d) to (\S+)/g)].map((match) => `${match[1]} ${match[2]}`)).toEqual([
      '5 10.0.0.1',
      '5 10.0.0.2',
      '6 10.0.0.1',
      '6 10.0.0.2',
    ]);
  });

  it('expands interfaces and protocols outermost, and clears default flags on non-TCP rules', () => {
    expect(printed('pass out on { em0 em1 } proto { tcp udp } to 192.0.2.1\n')).toBe(
      [
        'pass out on em0 inet proto tcp from any to 192.0.2.1 flags S/SA keep state',
        'pass out on em0 inet proto udp from any to 192.0.2.1 keep state',
        'pass out on em1 inet proto tcp from any to 192.0.2.1 flags S/SA keep state',
        'pass out on em1 inet proto udp from any to 192.0.2.1 keep state',
        '',
      ].join('\n'),
    );
  });

  it('splits mixed address families and drops combinations that disagree', () => {
    expect(printed('pass from { 192.0.2.1 2001:db8::1 } to { 198.51.100.1 2001:db8::2 }\n')).toBe(
      [
        'pass inet from 192.0.2.1 to 198.51.100.1 flags S/SA keep state',
        'pass inet6 from 2001:db8::1 to 2001:db8::2 flags S/SA keep state',
        '',
      ].join('\n'),
    );
  });

  it('reports a rule whose combinations all disagree', () => {
    expect(errors('pass inet from 2001:db8::1 to any\n')).toEqual(['1: rule expands to no valid combination']);
  });

  it('applies masks and prints host prefixes bare', () => {
    expect(printed('pass to { 1.2.3.4/25 10.1.2.3/32 }\n')).toBe(
      'pass inet from any to 1.2.3.0/25 flags S/SA keep state\npass inet from any to 10.1.2.3 flags S/SA keep state\n',
    );
  });
});

describe('hosts', () => {
  it('resolves localhost statically to both loopback addresses', () => {
    expect(printed('block from localhost\n')).toBe('block drop inet from 127.0.0.1 to any\nblock drop inet6 from ::1 to any\n');
  });

  it('replaces interface names by the addresses the caller supplies, modifiers applied', () => {
    const options = { interfaces: interfaceAddresses({ vlan5: ['203.0.113.5/30', '2001:db8::5/126'] }) };
    expect(printed('pass in inet from vlan5:network to vlan5\n', options)).toBe(
      'pass in inet from 203.0.113.4/30 to 203.0.113.5 flags S/SA keep state\n',
    );
  });

  it('keeps unknown interface names and dynamic addresses symbolic', () => {
    expect(printed('pass in from em0:network to (em0)\n')).toBe('pass in from em0:network to (em0) flags S/SA keep state\n');
  });

  it('rejects an invalid port range', () => {
    expect(errors('pass in proto tcp from any port 500:100 to any\n')).toEqual(['1: invalid port range']);
  });
});

describe('translation', () => {
  it('groups translation statements before filter rules, nat then rdr then binat', () => {
    const text = [
      'binat on em0 from 192.0.2.20 to any -> 198.51.100.20',
      'rdr on em0 proto tcp from any to 198.51.100.1 port 22 -> 192.0.2.10',
      'nat on em0 from 192.0.2.0/24 to any -> 198.51.100.1',
      'pass in all',
      '',
    ].join('\n');
    expect(printed(text)).toBe(
      [
        'nat on em0 inet from 192.0.2.0/24 to any -> 198.51.100.1',
        'rdr on em0 inet proto tcp from any to 198.51.100.1 port = ssh -> 192.0.2.10',
        'binat on em0 inet from 192.0.2.20 to any -> 198.51.100.20',
        'pass in all flags S/SA keep state',
        '',
      ].join('\n'),
    );
  });

  it('enforces FreeBSD section order unless require-order is off', () => {
    const text = 'pass in all\nnat on em0 from 10.0.0.0/8 to any -> 192.0.2.1\n';
    expect(errors(text)).toEqual([
      '2: Rules must be in order: options, ethernet, normalization, queueing, translation, filtering',
    ]);
    expect(errors(`set require-order no\n${text}`)).toEqual([]);
  });

  it('forces round-robin for tables and several addresses and rejects other pool types there', () => {
    expect(printed('nat on em0 from 10.0.0.0/8 to any -> { 192.0.2.1 <pool> }\n')).toBe(
      'nat on em0 inet from 10.0.0.0/8 to any -> { 192.0.2.1, <pool> } round-robin\n',
    );
    expect(errors('nat on em0 from 10.0.0.0/8 to any -> <pool> random\n')).toEqual(['1: tables are not supported by pool type']);
  });

  it('maps a destination port range onto `port A:*`', () => {
    expect(printed('rdr on em0 proto tcp to 192.0.2.2 port 1000:1010 -> 10.0.0.1 port 2000:*\n')).toBe(
      'rdr on em0 inet proto tcp from any to 192.0.2.2 port 1000:1010 -> 10.0.0.1 port 2000:2010\n',
    );
  });

  it('rejects route options on block rules', () => {
    expect(errors('block in route-to (em1 192.0.2.1) all\n')).toEqual([
      '1: route-to, reply-to and dup-to are not supported on block rules',
    ]);
  });
});

describe('objects shared between expanded rules (the checks cache by identity)', () => {
  const text = [
    'pass in on em0 proto { tcp udp } from 10.0.0.0/8 to 192.0.2.1 port { 53 123 }',
    'block in on em0 from 10.0.0.0/8',
    'block in on ! em0 from 10.0.0.0/8',
    '',
  ].join('\n');
  const rules = () => load(text).config.rules.filter;

  it('gives the rules of one statement one endpoint per address and port written', () => {
    const [tcp53, tcp123, udp53] = rules();
    expect(tcp53!.from).toBe(tcp123!.from);
    expect(tcp53!.to).toBe(udp53!.to);
    expect(tcp53!.to).not.toBe(tcp123!.to);
  });

  it('does the same in translation and scrub rules', () => {
    const loaded = load('scrub in proto { tcp udp } to 192.0.2.1 port 53\nrdr on { em0 em1 } proto tcp to 192.0.2.1 port 80 -> 10.0.0.1\n').config.rules;
    const [scrubTcp, scrubUdp] = loaded.scrub;
    const [rdrEm0, rdrEm1] = loaded.rdr;
    expect(scrubTcp!.to).toBe(scrubUdp!.to);
    expect(scrubTcp!.to.port).toEqual({ operator: '=', value: 53 });
    expect(rdrEm0!.to).toBe(rdrEm1!.to);
  });

  it('gives every rule naming an address or an interface the same match object', () => {
    const all = rules();
    const [first, , , , block, negatedBlock] = all;
    expect(all).toHaveLength(6);
    expect(block!.from.address).toBe(first!.from.address);
    expect(block!.interface).toBe(first!.interface);
    expect(negatedBlock!.interface).not.toBe(first!.interface);
    expect(negatedBlock!.interface).toEqual({ name: 'em0', negated: true });
  });
});

describe('origins and state', () => {
  it('points every expanded rule at its statement and names the macros it used', () => {
    const result = load('ext = "em0"\nports = "{ 22 80 }"\npass in on $ext proto tcp to port $ports\n');
    const rules = result.config.rules.filter;
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.origin.range.start.line).toBe(3);
      expect(rule.origin.macros).toEqual(['ext', 'ports']);
    }
  });

  it('derives source tracking and the src.track timeout from max-src-conn-rate', () => {
    expect(printed('pass in proto tcp to port 80 keep state (max-src-conn-rate 10/5, overload <bad> flush global)\n')).toBe(
      'pass in proto tcp from any to any port = http flags S/SA keep state (source-track rule, max-src-conn-rate 10/5, overload <bad> flush global, src.track 5)\n',
    );
  });

  it('uses the block policy for a bare block', () => {
    expect(printed('set block-policy return\nblock in all\n')).toBe('set block-policy return\nblock return in all\n');
  });

  it('keeps going after a bad statement and reports each at its line', () => {
    const text = 'pass inet from 2001:db8::1\npass in all\nblock in route-to (em1 192.0.2.1) all\n';
    const result = load(text);
    expect(result.findings.map((finding) => finding.range.start.line)).toEqual([1, 3]);
    expect(result.config.rules.filter).toHaveLength(1);
  });
});

describe('table files', () => {
  function countingFileSystem(files: Record<string, string>): FileSystem & { reads: string[] } {
    const inner = memoryFileSystem(files);
    const reads: string[] = [];
    return {
      reads,
      readFile: (path) => {
        reads.push(path);
        return inner.readFile(path);
      },
      readDirectory: inner.readDirectory,
      isDirectory: inner.isDirectory,
    };
  }

  it('does not read table files while expanding, even large ones', () => {
    const big = Array.from({ length: 100_000 }, (_, index) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`).join('\n');
    const fs = countingFileSystem({ '/etc/big.txt': big });
    const result = load('table <big> persist file "/etc/big.txt"\nblock from <big>\n', { fs });
    expect(result.findings).toEqual([]);
    expect(fs.reads).toEqual([]);
    expect(printLoadedConfig(result.config)).toBe('table <big> persist file "/etc/big.txt"\nblock drop from <big> to any\n');
  });

  it('reads a table file on demand: comments skipped, masks applied', () => {
    const fs = memoryFileSystem({ '/t': '# comment\n1.0.0.1/32 ; trailing\n2.0.0.0/8\n!10.1.2.3\n' });
    const { entries, unreadable } = loadTableFile(fs, '/t');
    expect(unreadable).toBe(false);
    expect(entries.map((entry) => `${entry.negated ? '!' : ''}${entry.address.kind === 'prefix' ? entry.address.prefix.length : ''}`)).toEqual([
      '32',
      '8',
      '!32',
    ]);
    expect(loadTableFile(fs, '/missing').unreadable).toBe(true);
  });
});

describe("pfctl's consistency checks", () => {
  it.each([
    ['pass in proto udp all flags S/SA\n', 'flags only apply to tcp'],
    ['pass in proto icmp to port 80\n', 'port only applies to tcp/udp/sctp'],
    ['pass in to port 80\n', 'port only applies to tcp/udp/sctp'],
    ['pass in inet proto tcp icmp-type echoreq\n', 'icmp-type/code only applies to icmp'],
    ['pass in proto icmp6 icmp-type echoreq\n', 'icmp-type/code mismatch'],
    ["pass in proto tcp keep state (max-src-nodes 5, overload <bad>)\n", "'overload' requires 'max-src-conn' or 'max-src-conn-rate'"],
    ['pass in all no state tag t\n', 'tags cannot be used without keep state'],
    ['scrub in from any to any port 80\n', 'port only applies to tcp/udp/sctp'],
  ])('rejects %j', (text, message) => {
    expect(errors(text)).toEqual([`1: ${message}`]);
  });

  it('accepts the consistent forms of the same rules', () => {
    expect(errors('pass in proto tcp all flags S/SA\npass in proto udp to port 53\npass in inet proto icmp icmp-type echoreq\npass in all tag t\n')).toEqual([]);
  });
});

describe('robustness', () => {
  it('never throws on mangled corpus-like input, and every finding has a location', async () => {
    const fc = await import('fast-check');
    const lines = [
      'ext = "{ em0 em1 }"',
      'table <t> const { 10/8 ::1 }',
      'nat on $ext from <t> to any -> { 192.0.2.1 (em2) } bitmask',
      'rdr on em0 proto tcp to port 1000:2000 -> 10.0.0.1 port 80:*',
      'pass in on $ext route-to (em1 2001:db8::1) inet proto tcp from { 10.0.0.1 ::1 } to port { ssh 80 } keep state (max-src-conn-rate 1/0)',
      'block return-icmp(host-unr, 99) in proto icmp icmp-type { echoreq 300 } code 7',
      'match out on egress nat-to { lo0 vlan1 } af-to inet6 from ::1',
      'anchor "a" { \npass all\n}',
      'antispoof for { em0 (em1) } inet6 label "$if"',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 8 }), fc.array(fc.nat(200)), (chosen, cuts) => {
        let text = `${chosen.join('\n')}\n`;
        for (const cut of cuts.slice(0, 3)) text = text.slice(0, cut % (text.length + 1)) + text.slice((cut % (text.length + 1)) + 1);
        const result = load(text);
        printLoadedConfig(result.config);
        for (const finding of result.findings) {
          expect(finding.range.start.line).toBeGreaterThan(0);
          expect(finding.ruleId).not.toBe('internal-error');
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('anchors', () => {
  it('rejects reserved anchor names and keeps inline bodies as nested rulesets', () => {
    expect(errors('anchor "_x"\n')).toEqual(["1: anchor names beginning with '_' are reserved for internal use"]);
    const result = load('anchor "web" in on em0 {\n  pass in proto tcp to port 80\n}\n');
    expect(result.findings).toEqual([]);
    const [anchor] = result.config.rules.filter;
    expect(anchor?.anchor?.name).toBe('web');
    expect(anchor?.anchor?.body?.filter).toHaveLength(1);
  });
});

describe('the `$nr` label macro', () => {
  const labels = (text: string, options: Partial<PfLoadOptions> = {}): string[] =>
    [...printed(text, options).matchAll(/label "([^"]*)"/g)].map((match) => match[1]!);

  it('is the rule\'s place among the rules of its anchor that FreeBSD numbers: every type but binat, from 0', () => {
    const text = [
      'nat on em0 from 10.0.0.0/8 to any -> (em0)',
      'binat on em0 from 10.1.1.1 to any -> 192.0.2.9',
      'pass in on em0 proto tcp to port { 22, 80 } label "in-$nr"',
      'anchor "a" {',
      '  pass out label "inner-$nr"',
      '}',
      'pass out label "out-$nr"',
      '',
    ].join('\n');
    // nat 0, the two pass rules 1 and 2, the anchor rule 3; the anchor's body counts from 0 again.
    expect(labels(text)).toEqual(['in-1', 'in-2', 'inner-0', 'out-4']);
  });

  it('counts the rules of included files in the ruleset that includes them', () => {
    const fs = memoryFileSystem({ '/etc/pf.d/first.conf': 'pass in proto tcp to port { 22, 80 }\n' });
    const text = 'include "/etc/pf.d/first.conf"\npass out label "after-$nr"\n';
    expect(labels(text, { fs, baseDir: '/etc' })).toEqual(['after-2']);
  });

  it('fills antispoof labels in for each rule antispoof makes, as any other label', () => {
    const text = 'pass out label "first-$nr"\nantispoof for em0 inet label "spoof-$if-$nr"\npass in label "last-$nr"\n';
    const interfaces = interfaceAddresses({ em0: ['192.0.2.5/24'] });
    expect(labels(text, { interfaces })).toEqual(['first-0', 'spoof-em0-1', 'spoof-any-2', 'last-3']);
  });

  it('fills tag and tagged names in as labels, in scrub, filter and translation rules', () => {
    const text = [
      'scrub in on { em0 em1 } all ! tagged "s-$if-$nr"',
      'nat on em0 from 10.0.0.0/8 to any tag "nat-$nr" -> (em0)',
      'binat on em0 from 10.1.1.1 to any tag "binat-$if-$nr" -> 192.0.2.9',
      'pass in on { em0 em1 } tag "t-$if-$nr"',
      'pass out tagged "t-$if-$nr"',
      '',
    ].join('\n');
    // The two scrub rules are 0 and 1, then nat 2; binat rules count as 0.
    expect([...printed(text).matchAll(/(?:! )?tag(?:ged)? (\S+)/g)].map((match) => match[0])).toEqual([
      '! tagged s-em0-0',
      '! tagged s-em1-1',
      'tag nat-2',
      'tag binat-em0-0',
      'tag t-em0-3',
      'tag t-em1-4',
      'tagged t-any-5',
    ]);
  });

  it('keeps the tagged name and rtable of a scrub rule, printed where pfctl prints them', () => {
    expect(printed('scrub in on em0 all max-mss 1400 tagged web rtable 1\n').trimEnd()).toBe(
      'scrub in on em0 all max-mss 1400 fragment reassemble tagged web rtable 1',
    );
  });

  it('numbers OpenBSD\'s rules, translation rules among them, in one sequence', () => {
    const text = 'match out on em0 inet nat-to (em0)\npass in on em0 proto tcp to port { 22, 80 } label "in-$nr"\n';
    expect(labels(text, { dialect: 'openbsd' })).toEqual(['in-1', 'in-2']);
  });
});

describe('routing options', () => {
  it('needs an explicit direction', () => {
    expect(errors('pass route-to (em1 192.0.2.1) all\n')).toEqual(['1: direction must be explicit with rules that specify routing']);
    expect(errors('pass out route-to (em1 192.0.2.1) all\n')).toEqual([]);
  });

  it('keeps only next hops of the rule family, unless prefer-ipv6-nexthop allows IPv6 for IPv4', () => {
    expect(errors('pass in route-to (em1 2001:db8::1) inet all\n')).toEqual(['1: no routing address with matching address family found.']);
    expect(errors('pass in route-to (em1 2001:db8::1) prefer-ipv6-nexthop inet all\n')).toEqual([]);
  });
});
