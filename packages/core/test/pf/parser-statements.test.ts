import { describe, expect, it } from 'vitest';
import type { PfDialect, StatementKind } from '../../src/pf/syntax.js';
import { only, parse, where } from './parser-helpers.js';

/** [source, statement kind] accepted by the dialect. */
type Case = readonly [string, StatementKind];

const BOTH: readonly Case[] = [
  ['ext_if = "em0"', 'macro-definition'],
  ['ports = "{ 22, 80 }" 443 www', 'macro-definition'],
  ['table <bad> persist', 'table'],
  ['table <mine> const counters { 10.0.0.0/8, !10.1.0.0/16 192.0.2.1 }', 'table'],
  ['table <empty> { }', 'table'],
  ['table <f> persist file "/etc/pf.bad" file "/etc/pf.worse"', 'table'],
  ['table <multi> {\n  10.0.0.1\n  10.0.0.2\n  , 10.0.0.3 }', 'table'],
  ['set timeout interval 10', 'set'],
  ['set timeout { tcp.first 30, tcp.established 3600 }', 'set'],
  ['set timeout {\n tcp.first 30\n udp.first 60\n}', 'set'],
  ['set limit { states 10000, frags 5000 }', 'set'],
  ['set limit states 100000', 'set'],
  ['set loginterface em0', 'set'],
  ['set loginterface none', 'set'],
  ['set hostid 0xdeadbeef', 'set'],
  ['set hostid 42', 'set'],
  ['set block-policy return', 'set'],
  ['set block-policy drop', 'set'],
  ['set state-policy if-bound', 'set'],
  ['set state-defaults pflow, no-sync', 'set'],
  ['set optimization aggressive', 'set'],
  ['set ruleset-optimization basic', 'set'],
  ['set fingerprints "/etc/pf.os"', 'set'],
  ['set skip on lo0', 'set'],
  ['set skip on { lo0 em1 }', 'set'],
  ['set debug misc', 'set'],
  ['set reassemble yes no-df', 'set'],
  ['set reassemble no', 'set'],
  ['set syncookies adaptive (start 25%, end 12%)', 'set'],
  ['set syncookies never', 'set'],
  ['pass', 'filter-rule'],
  ['block', 'filter-rule'],
  ['match', 'filter-rule'],
  ['pass in all', 'filter-rule'],
  ['block drop in quick log on em0 all', 'filter-rule'],
  ['block return-rst (ttl 64) in proto tcp all', 'filter-rule'],
  ['block return-icmp (port-unr, 3) in all', 'filter-rule'],
  ['block return-icmp6 (port-unr) in inet6 all', 'filter-rule'],
  ['block return in log (all, to pflog1) quick on ! em0 inet from any to any', 'filter-rule'],
  ['pass out on { em0, em1 } inet6 proto { tcp udp } from ::1 to fe80::1%em0 port { 53, 123 }', 'filter-rule'],
  ['pass in on egress proto tcp from any port >= 1024 to (egress) port = ssh', 'filter-rule'],
  ['pass in proto tcp from 10/8 port 1000 >< 2000 to 10.0.0.0/8 port 1024:65535', 'filter-rule'],
  ['pass in proto tcp to port { != 22, < 1024, 1 <> 2000, 21 >< 2048 }', 'filter-rule'],
  ['pass from 10.1.1.10 - 10.1.1.12 to <tbl> port www', 'filter-rule'],
  ['pass from { !10.0.0.1, 10.0.0.0/8, { 192.0.2.1 (em0) } } to ! <t>', 'filter-rule'],
  ['block in from no-route to any', 'filter-rule'],
  ['block in from urpf-failed', 'filter-rule'],
  ['pass in from (em0:network)/24 to self', 'filter-rule'],
  ['pass in proto tcp from any os "OpenBSD 3.3" to any', 'filter-rule'],
  ['pass in proto tcp from any os { Windows, "Linux 2.4" } to any', 'filter-rule'],
  ['pass proto tcp user { joe, >= 1000, unknown } group wheel', 'filter-rule'],
  ['pass proto tcp flags S/SA', 'filter-rule'],
  ['pass proto tcp flags /SA', 'filter-rule'],
  ['pass proto tcp flags any', 'filter-rule'],
  ['pass inet proto icmp icmp-type echoreq code 0', 'filter-rule'],
  ['pass inet6 proto icmp6 icmp6-type { echoreq, neighbrsol }', 'filter-rule'],
  ['pass tos lowdelay prio 3', 'filter-rule'],
  ['pass keep state', 'filter-rule'],
  ['pass no state', 'filter-rule'],
  ['pass modulate state (max 100, no-sync, sloppy)', 'filter-rule'],
  [
    'pass in proto tcp to port 80 synproxy state (max-src-conn 100, max-src-conn-rate 15/5, overload <bad> flush global, source-track rule, max-src-nodes 10, max-src-states 3, tcp.established 60, if-bound)',
    'filter-rule',
  ],
  ['pass keep state (source-track global, floating, pflow)', 'filter-rule'],
  ['pass fragment allow-opts label "web $srcaddr" tag T1 ! tagged T2 probability 20% rtable 1', 'filter-rule'],
  ['pass set prio 3', 'filter-rule'],
  ['pass set prio (1, 4)', 'filter-rule'],
  ['pass set tos lowdelay', 'filter-rule'],
  ['pass once', 'filter-rule'],
  ['match in all scrub (no-df random-id max-mss 1440 min-ttl 10)', 'filter-rule'],
  ['match in all scrub (reassemble tcp)', 'filter-rule'],
  ['pass in inet6 from any to 64:ff9b::/96 af-to inet from 198.51.100.1', 'filter-rule'],
  ['pass in from 10.0.0.0/8 af-to inet6 from 2001:db8::1 to 2001:db8::/96 round-robin', 'filter-rule'],
  ['match out on em0 inet from 10.0.0.0/8 to any nat-to (em0) port 1024:65535 static-port', 'filter-rule'],
  ['match in on em0 proto tcp to (em0) port 8443 rdr-to 10.0.0.5 port 443', 'filter-rule'],
  ['match on em0 from 192.168.1.1 binat-to 10.0.0.1', 'filter-rule'],
  ['match out nat-to { 10.0.0.1, 10.0.0.2 } round-robin sticky-address', 'filter-rule'],
  ['pass in proto tcp to port domain state limiter "dns" (no-match)', 'filter-rule'],
  ['pass in source limiter "dns" (block)', 'filter-rule'],
  ['pass in state limiter id 1 (no-match)', 'filter-rule'],
  ['pass in state limiter id', 'filter-rule'],
  ['pass in proto icmp max-pkt-rate 100/10', 'filter-rule'],
  ['pass out on em0 received-on fxp0', 'filter-rule'],
  ['match log (matches) inet proto tcp', 'filter-rule'],
  ['pass divert-to 127.0.0.1 port 8080', 'filter-rule'],
  ['anchor "foo"', 'anchor'],
  ['anchor foo in on em0 inet proto tcp from any to any port 80', 'anchor'],
  ['anchor "a/b/*"', 'anchor'],
  ['anchor quick', 'anchor'],
  ['anchor {\n pass\n}', 'anchor'],
  ['anchor "x" in {\n  pass in\n\n  anchor {\n    block\n  }\n}', 'anchor'],
  ['load anchor "spam" from "/etc/pf-spam.conf"', 'load-anchor'],
  ['antispoof for em0', 'antispoof'],
  ['antispoof log quick for { em0 (em1) } inet label "spoof"', 'antispoof'],
  ['state limiter "dns-server" id 1 limit 1000 rate 1/10', 'limiter-definition'],
  ['source limiter "dns" id 1 entries 2 limit 3 rate 4/5 inet mask 16 inet6 mask 64', 'limiter-definition'],
];

const FREEBSD_ONLY: readonly Case[] = [
  ['set fail-policy return', 'set'],
  ['set require-order no', 'set'],
  ['set require-order yes', 'set'],
  ['set keepcounters', 'set'],
  ['scrub in all fragment reassemble', 'scrub'],
  ['scrub fragment no reassemble', 'scrub'],
  ['no scrub on em0 from 10.0.0.1 to any', 'scrub'],
  ['scrub out on em0 all max-mss 1440 random-id set-tos lowdelay', 'scrub'],
  ['scrub in on em0 all ! tagged foo', 'scrub'],
  ['nat on em0 inet from 10.0.0.0/8 to any -> (em0)', 'translation-rule'],
  ['nat pass log on em0 from 10/8 to any tag T ! tagged U rtable 2 -> { 1.2.3.4, 1.2.3.5 } port 1024:65535 round-robin sticky-address', 'translation-rule'],
  ['nat on em0 from any to any -> 192.0.2.3 map-e-portset 6/8/0x34', 'translation-rule'],
  ['nat on em0 from any to any -> 192.0.2.0/24 source-hash 0x42424242424242424242424242424242', 'translation-rule'],
  ['nat on vtnet1 inet from ! (vtnet1) to any -> (vtnet1) endpoint-independent', 'translation-rule'],
  ['no nat on em0 from 10.0.0.1 to any', 'translation-rule'],
  ['rdr on em0 proto tcp from any to any port 80 -> 10.0.0.2 port 8080', 'translation-rule'],
  ['rdr pass on em0 proto tcp to port 1000:2000 -> 10.0.0.2 port 3000:*', 'translation-rule'],
  ['no rdr on em0 proto tcp from 10.0.0.1', 'translation-rule'],
  ['binat on em0 from 10.0.0.1 to any -> 192.0.2.1', 'translation-rule'],
  ['binat pass on em0 inet proto tcp from 10.0.0.1 -> 192.0.2.1', 'translation-rule'],
  ['no binat on em0 from 10.0.0.1 to any', 'translation-rule'],
  ['nat-anchor "ftp-proxy/*"', 'translation-anchor'],
  ['rdr-anchor "relayd/*" on em0 proto tcp to port 80 rtable 1', 'translation-anchor'],
  ['binat-anchor "b"', 'translation-anchor'],
  ['pass in quick on em1 route-to (em2 192.0.2.1) from 10.0.0.0/8 to any keep state', 'filter-rule'],
  ['pass out route-to { (em0 10.0.0.1), (em1 10.0.0.2) } round-robin inet', 'filter-rule'],
  ['pass in on vtnet0 route-to ( vtnet1 2001:db8::1 ) prefer-ipv6-nexthop inet', 'filter-rule'],
  ['pass out log quick on lo0 route-to lo0 from any to any', 'filter-rule'],
  // FreeBSD reads a bare route-to argument as an interface name, even an address.
  ['pass out route-to 10.0.0.1 from any to any', 'filter-rule'],
  ['pass in reply-to (em1 10.0.0.1)', 'filter-rule'],
  ['pass out dup-to { em2, (em3 10.0.0.2) }', 'filter-rule'],
  ['pass out fastroute', 'filter-rule'],
  ['pass in dnpipe 1 dnqueue (2, 3) ridentifier 12345 max-pkt-size 128', 'filter-rule'],
  ['pass in queue (bulk, ack)', 'filter-rule'],
  ['pass in queue std', 'filter-rule'],
  ['pass set (prio 1, tos 0x10)', 'filter-rule'],
  ['pass in proto tcp from any port ! = 22', 'filter-rule'],
  ['pass in proto tcp to port < = 1024', 'filter-rule'],
  ['pass in divert-to 700', 'filter-rule'],
  ['pass keep state (allow-related)', 'filter-rule'],
  ['antispoof for em0 ridentifier 5 rtable 1', 'antispoof'],
  ['altq on em0 cbq bandwidth 10Mb queue { std, ssh }', 'altq'],
  ['altq on igb0 fairq bandwidth 1Gb tbrsize 36000 qlimit 50 queue { qLink }', 'altq'],
  ['altq on em0 codelq (target 5 interval 100) bandwidth 100Mb queue', 'altq'],
  ['queue std bandwidth 50% cbq(default borrow red)', 'queue'],
  ['queue ssh on em0 priority 7 qlimit 20 hfsc(linkshare (10Mb 5 20Mb) upperlimit 30Mb) { ssh_login, ssh_bulk }', 'queue'],
  ['queue qLink fairq(default)', 'queue'],
  ['queue q2 fairq(linkshare (10% 20 50%), hogs 1Mb, buckets 64)', 'queue'],
  ['ether pass in on em0', 'ether-rule'],
  ['ether block out on igb0 to 00:01:02:03:04:05/24', 'ether-rule'],
  ['ether block out on igb0 to 00:01:02:03:04:05&ff:ff:ff:00:00:ff', 'ether-rule'],
  ['ether block out on igb0 to ! 00:01:02:03:04:05 l3 all', 'ether-rule'],
  ['ether pass in quick on bridge0 bridge-to em1 proto { 0x0800, 0x86dd } from { 00:11:22:33:44:55 } l3 from 10.0.0.1 to 10.0.0.2 tag T queue q dnpipe 1 label "x" ridentifier 4', 'ether-rule'],
  ['ether anchor "l2"', 'ether-anchor'],
  ['ether anchor in on em0 {\n ether pass\n ether block out\n}', 'ether-anchor'],
];

const OPENBSD_ONLY: readonly Case[] = [
  ['set debug warning', 'set'],
  ['pass in on rdomain 1', 'filter-rule'],
  ['pass out on any', 'filter-rule'],
  ['pass out inet from 10.0.0.0/8 route-to 10.255.0.1', 'filter-rule'],
  ['pass out route-to { 10.0.0.1 weight 2, 10.0.0.2 } least-states', 'filter-rule'],
  ['pass in reply-to (em0) dup-to <mirror>', 'filter-rule'],
  ['pass in proto tcp from any port != 22', 'filter-rule'],
  ['pass in proto tcp to port <= 1024', 'filter-rule'],
  ['pass set queue (bulk, ack) set delay 10', 'filter-rule'],
  ['pass in divert-packet port 700', 'filter-rule'],
  ['pass in divert-reply', 'filter-rule'],
  ['pass from route "lbl"', 'filter-rule'],
  ['queue rootq on em0 bandwidth 1G max 1G', 'queue'],
  ['queue std parent rootq bandwidth 20M burst 90M for 100ms min 5M qlimit 50 default', 'queue'],
  ['queue fq on em0 flows 1024 quantum 1500 bandwidth 100M', 'queue'],
  ['anchor "x" {\n table <t> { 10.0.0.1 }\n pass from <t>\n}', 'anchor'],
];

/** [source, line:column of the syntax error] rejected by the dialect. */
type Bad = readonly [string, string];

const BAD_BOTH: readonly Bad[] = [
  ['pass bogus', '1:6'],
  ['pass in on', '1:11'],
  ['pass from 10', '1:13'],
  ['pass from 10.0.0.1/', '1:20'],
  ['pass from 10.1.1.10-10.1.1.12 to', '1:33'],
  ['pass from <table>', '1:12'],
  ['table <t', '1:9'],
  ['table <> persist', '1:7'],
  ['block return-rst (64)', '1:19'],
  ['pass keep state (max)', '1:21'],
  ['pass "in"', '1:6'],
  ['set timeout', '1:12'],
  ['anchor "a" {pass}', '1:13'],
  ['pass ?', '1:6'],
  ['pass\r', '1:5'],
  ['pass on pass', '1:9'],
  // pfctl allows a newline after `{` and after an item, not after a comma.
  ['pass from { 10.0.0.1,\n 10.0.0.2 }', '1:22'],
  ['antispoof em0', '1:11'],
  ['load anchor x "y"', '1:18'],
  ['x = { a }', '1:5'],
];

const BAD_FREEBSD: readonly Bad[] = [
  ['pass on any', '1:9'],
  ['queue q parent p', '1:16'],
  ['pass in on rdomain 1', '1:20'],
  ['pass set queue q', '1:10'],
];

const BAD_OPENBSD: readonly Bad[] = [
  ['nat on em0 from any to any -> 1.2.3.4', '1:1'],
  ['scrub in all', '1:1'],
  ['altq on em0 cbq bandwidth 10Mb queue std', '1:1'],
  ['ether pass', '1:1'],
  ['pass in proto tcp from any port ! = 22', '1:33'],
  ['pass in route-to (em0 10.0.0.1)', '1:23'],
  ['set require-order no', '1:5'],
];

function checkAccepted(cases: readonly Case[], dialect: PfDialect): void {
  for (const [source, kind] of cases) {
    it(`${dialect} accepts: ${source.replaceAll('\n', '⏎')}`, () => {
      expect(only(source, dialect).kind).toBe(kind);
    });
  }
}

function checkRejected(cases: readonly Bad[], dialect: PfDialect): void {
  for (const [source, at] of cases) {
    it(`${dialect} rejects at ${at}: ${source.replaceAll('\n', '⏎').replaceAll('\r', '\\r')}`, () => {
      const result = parse(source, { dialect });
      expect(where(result)).toEqual([`pf.conf:${at} syntax-error`]);
      expect(result.findings[0]!.message).toBe('syntax error');
    });
  }
}

describe('statements both dialects accept', () => {
  checkAccepted(BOTH, 'freebsd');
  checkAccepted(BOTH, 'openbsd');
});

describe('FreeBSD-only statements', () => {
  checkAccepted(FREEBSD_ONLY, 'freebsd');
});

describe('OpenBSD-only statements', () => {
  checkAccepted(OPENBSD_ONLY, 'openbsd');
});

describe('syntax errors', () => {
  checkRejected(BAD_BOTH, 'freebsd');
  checkRejected(BAD_BOTH, 'openbsd');
  checkRejected(BAD_FREEBSD, 'freebsd');
  checkRejected(BAD_OPENBSD, 'openbsd');
});
