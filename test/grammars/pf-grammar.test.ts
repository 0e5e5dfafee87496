import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatTokens, innermostScope, scopesOf, tokenize } from './tokenize.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const pf = (text: string) => tokenize('source.pf', text);

describe('pf grammar (source.pf)', () => {
  // Regenerate after an intended grammar change with: npx vitest run test/grammars -u
  test('the radon pf.conf fixture tokenizes as in its snapshot', async () => {
    const tokens = await pf(fixture('radon.pf.conf'));
    await expect(formatTokens(tokens)).toMatchFileSnapshot('./__snapshots__/radon.pf.conf.tokens');
  });

  test("every word of pfctl's keyword table is coloured as a keyword or named constant", async () => {
    // FreeBSD 14's keyword table plus the later additions listed in pf-grammar.md §2.5.
    const keywords = `all allow-opts altq anchor antispoof any bandwidth binat binat-anchor bitmask block
      block-policy bridge-to buckets cbq code codelq debug divert-reply divert-to dnpipe dnqueue drop dup-to
      ether fail-policy fairq fastroute file fingerprints flags floating flush for fragment from global group
      hfsc hogs hostid icmp-type icmp6-type if-bound in include inet inet6 interval keep keepcounters l3 label
      limit linkshare load log loginterface map-e-portset match max max-mss max-src-conn max-src-conn-rate
      max-src-nodes max-src-states min-ttl modulate nat nat-anchor no no-df no-route no-sync on optimization
      os out overload pass port prio priority priq probability proto qlimit queue quick random random-id rdr
      rdr-anchor realtime reassemble reply-to require-order return return-icmp return-icmp6 return-rst
      ridentifier round-robin route route-to rtable rule ruleset-optimization scrub set set-tos skip sloppy
      source-hash source-track state state-defaults state-policy static-port sticky-address syncookies
      synproxy table tag tagged target tbrsize timeout to tos ttl upperlimit urpf-failed user
      allow-related af-to nat-to rdr-to binat-to prefer-ipv6-nexthop`.split(/\s+/);
    // One keyword per line, after a word that gives none of them a special context.
    const tokens = await pf(keywords.map((keyword) => `pass ${keyword}`).join('\n'));
    const uncoloured = keywords.filter((keyword, index) => {
      const scope = innermostScope(tokens, index + 1, keyword);
      return !/^(keyword|constant\.language|storage\.modifier)\./.test(scope);
    });
    expect(uncoloured).toEqual([]);
  });

  test('routing options are their own keyword group', async () => {
    const tokens = await pf(
      'pass out on $wan route-to ($tun 10.255.0.1) inet\npass in on $tun reply-to ($tun 10.255.0.1) dup-to em1 rtable 1',
    );
    expect(innermostScope(tokens, 1, 'route-to')).toBe('keyword.other.routing.pf');
    expect(innermostScope(tokens, 2, 'reply-to')).toBe('keyword.other.routing.pf');
    expect(innermostScope(tokens, 2, 'dup-to')).toBe('keyword.other.routing.pf');
    expect(innermostScope(tokens, 2, 'rtable')).toBe('keyword.other.routing.pf');
    expect(innermostScope(tokens, 1, 'pass')).toBe('keyword.control.action.pf');
    expect(innermostScope(tokens, 1, 'out')).toBe('keyword.other.direction.pf');
    expect(innermostScope(tokens, 1, 'inet')).toBe('keyword.other.address-family.pf');
  });

  test('a keyword inside a longer pfctl word is not a keyword', async () => {
    // "-" and "." are word characters for pfctl, so these are single (unknown) words.
    const tokens = await pf('pass in on em0 route-toX pass.in block-policy');
    expect(scopesOf(tokens, 1, 'route-toX pass.in')).toEqual(['source.pf']);
    expect(innermostScope(tokens, 1, 'block-policy')).toBe('keyword.other.option.set.pf');
  });

  test('quoted text is a string, never a keyword', async () => {
    const tokens = await pf('anchor "pass/route-to"\nload anchor "x" from "/etc/pf.anchors/x"');
    expect(innermostScope(tokens, 1, 'pass/route-to')).toBe('string.quoted.double.pf');
    expect(innermostScope(tokens, 2, '/etc/pf.anchors/x')).toBe('string.quoted.double.pf');
  });

  test('macro definitions, macro uses, and quoted macro values lexed as pf tokens', async () => {
    const tokens = await pf('lan_net = "10.0.2/24"\nports = "{ 22, 80 }"\npass from $lan_net to any port $ports');
    expect(innermostScope(tokens, 1, 'lan_net')).toBe('variable.other.definition.macro.pf');
    expect(innermostScope(tokens, 1, '=')).toBe('keyword.operator.assignment.pf');
    expect(scopesOf(tokens, 1, '10.0.2')).toContain('string.quoted.double.pf');
    expect(innermostScope(tokens, 1, '10.0.2')).toBe('constant.numeric.ip-address.ipv4.pf');
    expect(innermostScope(tokens, 2, '22')).toBe('constant.numeric.integer.pf');
    expect(innermostScope(tokens, 3, 'lan_net')).toBe('variable.other.macro.pf');
    expect(innermostScope(tokens, 3, '$')).toBe('punctuation.definition.variable.pf');
  });

  test('port = at the start of a continued rule line is a comparison, not a macro definition', async () => {
    const tokens = await pf('pass in proto tcp to any \\\nport = 22');
    expect(innermostScope(tokens, 1, '\\')).toBe('punctuation.separator.continuation.line.pf');
    expect(innermostScope(tokens, 2, 'port')).toBe('keyword.other.pf');
    expect(innermostScope(tokens, 2, '=')).toBe('keyword.operator.comparison.pf');
  });

  test('a comment ending in a backslash swallows the next line; one without does not', async () => {
    const tokens = await pf('# pass in all \\\npass out all\n# plain comment\npass out all');
    expect(innermostScope(tokens, 2, 'pass out all')).toBe('comment.line.number-sign.pf');
    expect(innermostScope(tokens, 4, 'pass')).toBe('keyword.control.action.pf');
  });

  test('# ends a word and starts a comment; inside quotes it is literal', async () => {
    const tokens = await pf('pass in on em0#comment\nlabel "a#b"');
    expect(innermostScope(tokens, 1, 'em0')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 1, 'comment')).toBe('comment.line.number-sign.pf');
    expect(innermostScope(tokens, 2, 'a#b')).toBe('string.quoted.double.pf');
  });

  test('tables: definitions, references, and the <> port operator', async () => {
    const tokens = await pf('table <bad> persist\nblock from <bad> to any port 1000 <> 2000');
    expect(innermostScope(tokens, 1, 'bad')).toBe('entity.name.type.table.pf');
    expect(innermostScope(tokens, 1, 'persist')).toBe('storage.modifier.table.pf');
    expect(innermostScope(tokens, 2, 'bad')).toBe('variable.other.table.pf');
    expect(innermostScope(tokens, 2, '<>')).toBe('keyword.operator.range.pf');
  });

  test('addresses: IPv4 and IPv6 with prefix lengths and zones', async () => {
    const tokens = await pf('pass from 192.0.2.0/24 to 2001:db8::/32\npass from fe80::1%em0 to ::1');
    expect(innermostScope(tokens, 1, '192.0.2.0')).toBe('constant.numeric.ip-address.ipv4.pf');
    expect(innermostScope(tokens, 1, '24')).toBe('constant.numeric.prefix-length.pf');
    expect(innermostScope(tokens, 1, '2001:db8::')).toBe('constant.numeric.ip-address.ipv6.pf');
    expect(innermostScope(tokens, 1, '32')).toBe('constant.numeric.prefix-length.pf');
    expect(innermostScope(tokens, 2, 'fe80::1')).toBe('constant.numeric.ip-address.ipv6.pf');
    expect(innermostScope(tokens, 2, '%em0')).toBe('constant.other.zone.pf');
    expect(innermostScope(tokens, 2, '::1')).toBe('constant.numeric.ip-address.ipv6.pf');
  });

  test('a range written without spaces is one word to pfctl, so it is not shown as addresses', async () => {
    const tokens = await pf('pass from 10.1.1.10-10.1.1.12 to 10.1.1.10 - 10.1.1.12');
    expect(scopesOf(tokens, 1, '10.1.1.10-10.1.1.12')).toEqual(['source.pf']);
    expect(innermostScope(tokens, 1, '-')).toBe('keyword.operator.range.address.pf');
  });

  test('port ranges and rates are numbers, not IPv6 addresses', async () => {
    const tokens = await pf('pass to any port 1024:65535 keep state (max-src-conn-rate 3/30)');
    expect(innermostScope(tokens, 1, '1024')).toBe('constant.numeric.integer.pf');
    expect(innermostScope(tokens, 1, ':')).toBe('keyword.operator.range.pf');
    expect(innermostScope(tokens, 1, '3')).toBe('constant.numeric.integer.pf');
    expect(innermostScope(tokens, 1, 'max-src-conn-rate')).toBe('keyword.other.state-option.pf');
    expect(innermostScope(tokens, 1, 'keep')).toBe('keyword.other.state.pf');
  });

  test('interfaces: after on/for whatever their name, elsewhere by shape or address modifier', async () => {
    const tokens = await pf('pass in on xnic inet6 from (em0.101:network) to (xnic:0) tag trusted');
    expect(innermostScope(tokens, 1, 'xnic')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 1, 'inet6')).toBe('keyword.other.address-family.pf');
    expect(innermostScope(tokens, 1, 'em0.101')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 1, ':network')).toBe('support.variable.interface.modifier.pf');
    expect(innermostScope(tokens, 1, ':0')).toBe('support.variable.interface.modifier.pf');
    expect(scopesOf(tokens, 1, 'trusted')).toEqual(['source.pf']);
  });

  test('every plain word in an on/for list is an interface, across lines', async () => {
    const tokens = await pf('antispoof quick for { $ext_if, xnic }\npass in on { inic,\n  !ipg_b } all');
    expect(innermostScope(tokens, 1, 'xnic')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 1, 'ext_if')).toBe('variable.other.macro.pf');
    expect(innermostScope(tokens, 2, 'inic')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 3, '!')).toBe('keyword.operator.negation.pf');
    expect(innermostScope(tokens, 3, 'ipg_b')).toBe('support.variable.interface.pf');
    expect(innermostScope(tokens, 3, 'all')).toBe('keyword.other.pf');
  });

  test('label macros are recognised in label strings only', async () => {
    const tokens = await pf('pass label "$srcaddr to $dstport"\ntable <t> file "$srcaddr"');
    expect(innermostScope(tokens, 1, '$srcaddr')).toBe('variable.language.label-macro.pf');
    expect(innermostScope(tokens, 1, 'label')).toBe('keyword.other.option.pf');
    expect(innermostScope(tokens, 2, '$srcaddr')).toBe('string.quoted.double.pf');
  });

  test('service and ICMP type names are named constants; longer words are not', async () => {
    const tokens = await pf('pass proto tcp to any port { ssh, https } tag sshd\npass inet6 proto ipv6-icmp icmp6-type { echoreq, toobig }');
    expect(innermostScope(tokens, 1, 'ssh')).toBe('support.constant.service.pf');
    expect(innermostScope(tokens, 1, 'https')).toBe('support.constant.service.pf');
    expect(scopesOf(tokens, 1, 'sshd')).toEqual(['source.pf']);
    expect(innermostScope(tokens, 2, 'echoreq')).toBe('support.constant.icmp-type.pf');
    expect(innermostScope(tokens, 2, 'toobig')).toBe('support.constant.icmp-type.pf');
  });

  test('TCP flags after flags', async () => {
    const tokens = await pf('pass proto tcp flags S/SA');
    expect(innermostScope(tokens, 1, 'S')).toBe('constant.other.tcp-flags.pf');
    expect(innermostScope(tokens, 1, 'SA')).toBe('constant.other.tcp-flags.pf');
  });
});
