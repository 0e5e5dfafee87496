import { memoryFileSystem, type FileSystem } from '@pflint/core';
import type { AnalysisRequest } from './analyzer.js';

/**
 * A built-in host that the analysis worker analyses, results unused, through
 * a series of one-line edits while it has nothing else to do after analysing
 * a large host for the first time.
 *
 * Why: opening a document runs the whole-file paths (parse, expand, every
 * rule from scratch); the first edits after it are the first to run the
 * incremental ones (re-parse of a stretch, kept expansions, carried
 * comparisons) and every rule's pass over the new ruleset, in code V8 has not
 * optimised yet. On a 5,000-line pf.conf the first few edits took two to five
 * times as long as later ones (bench/lsp.bench.js, edit by edit). V8 optimises
 * a function for the objects it has seen, not for one host, so a small host
 * edited a few dozen times readies the same code for the user's.
 *
 * Why a host of its own rather than the user's: a round on the user's files
 * would go through the same kept parses and comparisons as the user's next
 * edit, and a round cut short by that edit would leave them describing a
 * version the user never wrote (the edit after it would then re-read
 * everything between the two changes). This host lives at a path no user file
 * has and is analysed in a check session of its own (the analysis module's
 * `warmUpAnalysis`), so the kept state of the user's hosts is untouched, and
 * it is small, so a round is short and a request waits little for the one
 * running.
 */
export function warmUpRound(round: number): { request: AnalysisRequest; base: FileSystem } {
  const pfConf = `${WARM_UP_ROOT}/etc/pf.conf`;
  const base = memoryFileSystem({ [`${WARM_UP_ROOT}/etc/rc.conf`]: RC_CONF, [`${WARM_UP_ROOT}/boot/loader.conf`]: LOADER_CONF });
  // The pf.conf is an open buffer, as the document a user edits is.
  const buffers = new Map([[pfConf, pfConfVersion(round)]]);
  return { request: { target: { kind: 'directory', root: WARM_UP_ROOT }, buffers, settings: {} }, base };
}

/**
 * Rounds in all. In-process, 20 rounds took the first edits of the
 * 5,000-line bench host from 82-159 ms to 50-69 ms, and 40 rounds did no
 * better; a few more than 20 leave a margin.
 */
export const WARM_UP_ROUNDS = 24;

/**
 * A first analysis quicker than this is of a host whose edits are quick
 * anyway, optimised or not. The first analysis in a worker includes building
 * the parsers (100-150 ms here), so a slow machine may warm up after opening
 * a small host too: at most the rounds' idle CPU, once per worker.
 */
export const WARM_UP_AFTER_MS = 200;

/** No host's path: a directory under the file system's root whose name says what it is. */
export const WARM_UP_ROOT = '/pflint-language-server-warm-up';

/** Rules after the hand-written part: enough that a rule's pass over the ruleset loops long enough to be optimised. */
const GENERATED_RULES = 300;

const RC_CONF = `hostname="warm-up.example"
ifconfig_em0="inet 192.0.2.10/24 -tso -lro"
defaultrouter="192.0.2.1"
ifconfig_em0_ipv6="inet6 2001:db8:0:1::10 prefixlen 64"
ipv6_defaultrouter="2001:db8:0:1::1"
cloned_interfaces="gif0 bridge0"
ifconfig_gif0="fib 1 tunnel 192.0.2.10 198.51.100.1 tunnelfib 0"
ifconfig_gif0_alias0="inet 10.9.9.2 10.9.9.1"
ifconfig_gif0_ipv6="inet6 2001:db8:ff::2 2001:db8:ff::1 prefixlen 128"
ifconfig_bridge0="inet 10.8.0.1/24"
ifconfig_bridge0_ipv6="inet6 2001:db8:8::1 prefixlen 64"
ifconfig_lo0_alias0="inet 203.0.113.5/32"
static_routes="t_default t6_default t_bridge t6_bridge t_routed"
route_t_default="-inet default 10.9.9.1 -fib 1"
route_t6_default="-6 default -interface gif0 -fib 1"
route_t_bridge="-net 10.8.0.0/24 -interface bridge0 -fib 1"
route_t6_bridge="-6 2001:db8:8::/64 -interface bridge0 -fib 1"
route_t_routed="-host 203.0.113.5 -interface lo0 -fib 1"
gateway_enable="YES"
ipv6_gateway_enable="YES"
pf_enable="YES"
`;

const LOADER_CONF = 'net.fibs="2"\n';

const PF_CONF_HEAD = `ext_if = "em0"
tun_if = "gif0"
tun_gw = "10.9.9.1"
tun_gw6 = "2001:db8:ff::1"
routed_v4 = "203.0.113.5"
jail_net = "10.8.0.0/24"
jail_net6 = "2001:db8:8::/64"
web_v4 = "10.8.0.10"
web_v6 = "2001:db8:8::10"
table <jails> { $jail_net }
table <admins> persist { 198.51.100.20, 203.0.113.64/28 }
table <abusers> persist
set skip on lo0
set block-policy drop
scrub in all fragment reassemble
scrub all max-mss 1220
nat on $ext_if inet from <jails> to any -> ($ext_if)
rdr pass on $ext_if inet proto tcp to ($ext_if) port { 80, 443 } -> $web_v4
rdr on $tun_if inet proto tcp to $routed_v4 port { 80, 443 } -> $web_v4
block quick from <abusers>
block drop in log all
block drop out log all
antispoof quick for { $ext_if, bridge0 }
pass out quick on $ext_if route-to ($tun_if $tun_gw) inet from $routed_v4 to any keep state
pass in quick on bridge0 inet6 from $jail_net6 to any rtable 1 keep state
pass in quick on bridge0 from <jails> to ! $jail_net keep state
pass in quick on $ext_if proto { 41, ipencap } from 198.51.100.1 to ($ext_if)
pass out quick on $ext_if proto { 41, ipencap } from ($ext_if) to 198.51.100.1
pass in quick on $tun_if reply-to ($tun_if $tun_gw) inet proto tcp from <admins> to $routed_v4 port 22 keep state
pass in quick on $tun_if reply-to ($tun_if $tun_gw6) inet6 proto { tcp, udp } to $web_v6 port { 80, 443 } keep state
pass quick on { $ext_if, bridge0 } inet6 proto ipv6-icmp icmp6-type { neighbrsol, neighbradv, toobig } keep state
pass out quick on $ext_if from ($ext_if) to any keep state
pass out quick on $tun_if keep state
`;

/** The generated rule at `index`; `round` changes the middle one, as a user editing a rule does. */
function generatedRule(index: number, round: number): string {
  const octet = index >> 1;
  if (index === GENERATED_RULES >> 1) return `pass in on $ext_if inet proto ${round % 2 === 0 ? 'tcp' : 'udp'} from <admins> to 203.0.113.9 port ${2000 + round}`;
  return index % 2 === 0
    ? `pass in on $ext_if inet proto tcp from <admins> to 198.51.100.${octet} port ${1024 + index}`
    : `block in quick on $ext_if inet from 192.0.2.${octet} to any`;
}

function pfConfVersion(round: number): string {
  const lines = [PF_CONF_HEAD];
  for (let index = 0; index < GENERATED_RULES; index++) lines.push(generatedRule(index, round), '\n');
  return lines.join('');
}
