import type { AddressFamily } from '../net/ip.js';

/**
 * The symbolic names pfctl resolves while parsing and prints back: services,
 * protocols, ICMP types and codes, TOS values and state timeouts. The tables
 * hold the facts of FreeBSD's services(5)/protocols(5) and pfctl's own ICMP
 * tables (the subset that matters for firewall rules); the first name listed
 * for a number is the one printed.
 */

type ServiceProtocol = 'tcp' | 'udp';

/** [name, port, protocols it is registered for, aliases]. */
const SERVICES: readonly (readonly [string, number, string, readonly string[]])[] = [
  ['echo', 7, 'tu', []],
  ['discard', 9, 'tu', ['sink', 'null']],
  ['daytime', 13, 'tu', []],
  ['chargen', 19, 'tu', ['ttytst', 'source']],
  ['ftp-data', 20, 'tu', []],
  ['ftp', 21, 'tu', []],
  ['ssh', 22, 'tu', []],
  ['telnet', 23, 'tu', []],
  ['smtp', 25, 'tu', ['mail']],
  ['time', 37, 'tu', ['timserver']],
  ['nicname', 43, 'tu', ['whois']],
  ['tacacs', 49, 'tu', []],
  ['domain', 53, 'tu', []],
  ['bootps', 67, 'tu', []],
  ['bootpc', 68, 'tu', []],
  ['tftp', 69, 'tu', []],
  ['gopher', 70, 'tu', []],
  ['finger', 79, 'tu', []],
  ['http', 80, 'tu', ['www', 'www-http']],
  ['kerberos-sec', 88, 'tu', ['kerberos']],
  ['pop3', 110, 'tu', ['pop-3']],
  ['sunrpc', 111, 'tu', ['rpcbind']],
  ['auth', 113, 'tu', ['ident']],
  ['nntp', 119, 'tu', ['usenet']],
  ['ntp', 123, 'tu', []],
  ['netbios-ns', 137, 'tu', []],
  ['netbios-dgm', 138, 'tu', []],
  ['netbios-ssn', 139, 'tu', []],
  ['imap', 143, 'tu', ['imap2', 'imap4']],
  ['snmp', 161, 'tu', []],
  ['snmptrap', 162, 'tu', ['snmp-trap']],
  ['bgp', 179, 'tu', []],
  ['irc', 194, 'tu', []],
  ['ldap', 389, 'tu', []],
  ['https', 443, 'tu', []],
  ['microsoft-ds', 445, 'tu', []],
  ['isakmp', 500, 'tu', []],
  ['shell', 514, 't', ['cmd']],
  ['syslog', 514, 'u', []],
  ['printer', 515, 'tu', ['spooler']],
  ['submission', 587, 'tu', []],
  ['ldaps', 636, 'tu', []],
  ['domain-s', 853, 'tu', []],
  ['rsync', 873, 'tu', []],
  ['imaps', 993, 'tu', []],
  ['pop3s', 995, 'tu', []],
  ['openvpn', 1194, 'tu', []],
  ['pip', 1321, 't', []],
  ['l2tp', 1701, 'tu', []],
  ['pptp', 1723, 'tu', []],
  ['radius', 1812, 'tu', []],
  ['radius-acct', 1813, 'tu', ['radacct']],
  ['nfsd', 2049, 'tu', ['nfs']],
  ['mysql', 3306, 'tu', []],
  ['ipsec-nat-t', 4500, 'tu', []],
  ['sip', 5060, 'tu', []],
  ['postgresql', 5432, 'tu', []],
  ['personal-agent', 5555, 't', []],
  ['ircd', 6667, 't', []],
  ['http-alt', 8080, 'tu', []],
];

const serviceByName = new Map<string, Map<ServiceProtocol, number>>();
const serviceByPort = new Map<string, string>();
for (const [name, port, protocols, aliases] of SERVICES) {
  for (const protocol of ['tcp', 'udp'] as const) {
    if (!protocols.includes(protocol[0]!)) continue;
    if (!serviceByPort.has(`${protocol}/${port}`)) serviceByPort.set(`${protocol}/${port}`, name);
    for (const alias of [name, ...aliases]) {
      let byProtocol = serviceByName.get(alias);
      if (!byProtocol) serviceByName.set(alias, (byProtocol = new Map()));
      byProtocol.set(protocol, port);
    }
  }
}

/** Port of a service name, looked up as pfctl does: tcp first, then udp. */
export function servicePort(name: string): number | undefined {
  const byProtocol = serviceByName.get(name);
  return byProtocol?.get('tcp') ?? byProtocol?.get('udp');
}

/** The service name pfctl prints for `port = N` (the rule's protocol; udp for anything but tcp). */
export function serviceName(port: number, protocol: ServiceProtocol): string | undefined {
  return serviceByPort.get(`${protocol}/${port}`);
}

/** [official name, number, aliases] as in protocols(5). */
const PROTOCOLS: readonly (readonly [string, number, readonly string[]])[] = [
  ['ip', 0, []],
  ['icmp', 1, []],
  ['igmp', 2, []],
  ['ggp', 3, []],
  ['ipencap', 4, []],
  ['st', 5, []],
  ['tcp', 6, []],
  ['egp', 8, []],
  ['igp', 9, []],
  ['pup', 12, []],
  ['udp', 17, []],
  ['hmp', 20, []],
  ['xns-idp', 22, []],
  ['rdp', 27, []],
  ['iso-tp4', 29, []],
  ['dccp', 33, []],
  ['xtp', 36, []],
  ['ddp', 37, []],
  ['idpr-cmtp', 38, []],
  ['ipv6', 41, []],
  ['ipv6-route', 43, []],
  ['ipv6-frag', 44, []],
  ['idrp', 45, []],
  ['rsvp', 46, []],
  ['gre', 47, []],
  ['esp', 50, []],
  ['ah', 51, []],
  ['skip', 57, []],
  ['ipv6-icmp', 58, ['icmp6']],
  ['ipv6-nonxt', 59, []],
  ['ipv6-opts', 60, []],
  ['rspf', 73, []],
  ['vmtp', 81, []],
  ['eigrp', 88, []],
  ['ospf', 89, ['ospfigp']],
  ['ax.25', 93, []],
  ['ipip', 94, []],
  ['etherip', 97, []],
  ['encap', 98, []],
  ['pim', 103, []],
  ['ipcomp', 108, []],
  ['carp', 112, ['vrrp']],
  ['l2tp', 115, []],
  ['isis', 124, []],
  ['sctp', 132, []],
  ['fc', 133, []],
  ['mobility-header', 135, []],
  ['udplite', 136, []],
  ['mpls-in-ip', 137, []],
  ['hip', 139, []],
  ['shim6', 140, []],
  ['wesp', 141, []],
  ['rohc', 142, []],
  ['pfsync', 240, []],
  ['divert', 258, []],
];

const protocolByName = new Map<string, number>();
const protocolByNumber = new Map<number, string>();
for (const [name, number, aliases] of PROTOCOLS) {
  protocolByNumber.set(number, name);
  for (const alias of [name, ...aliases]) protocolByName.set(alias, number);
}

export function protocolNumber(name: string): number | undefined {
  return protocolByName.get(name);
}

export function protocolName(number: number): string | undefined {
  return protocolByNumber.get(number);
}

export const IPPROTO_TCP = 6;
/** TCP flags in the order pfctl prints them, each at its bit position (F is bit 0). */
export const TCP_FLAG_ORDER = 'FSRPAUEW';
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMP = 1;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_SCTP = 132;
export const IPPROTO_IPV4 = 4;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_GRE = 47;

/** pfctl's ICMP type names, in its table order (the first match of a number is printed). */
const ICMP_TYPES: Readonly<Record<AddressFamily, readonly (readonly [string, number])[]>> = {
  inet: [
    ['echoreq', 8],
    ['echorep', 0],
    ['unreach', 3],
    ['squench', 4],
    ['redir', 5],
    ['althost', 6],
    ['routeradv', 9],
    ['routersol', 10],
    ['timex', 11],
    ['paramprob', 12],
    ['timereq', 13],
    ['timerep', 14],
    ['inforeq', 15],
    ['inforep', 16],
    ['maskreq', 17],
    ['maskrep', 18],
    ['trace', 30],
    ['dataconv', 31],
    ['mobredir', 32],
    ['ipv6-where', 33],
    ['ipv6-here', 34],
    ['mobregreq', 35],
    ['mobregrep', 36],
    ['skip', 39],
    ['photuris', 40],
  ],
  inet6: [
    ['unreach', 1],
    ['toobig', 2],
    ['timex', 3],
    ['paramprob', 4],
    ['echoreq', 128],
    ['echorep', 129],
    ['groupqry', 130],
    ['listqry', 130],
    ['grouprep', 131],
    ['listenrep', 131],
    ['groupterm', 132],
    ['listendone', 132],
    ['routersol', 133],
    ['routeradv', 134],
    ['neighbrsol', 135],
    ['neighbradv', 136],
    ['redir', 137],
    ['routrrenum', 138],
    ['wrureq', 139],
    ['wrurep', 140],
    ['fqdnreq', 139],
    ['fqdnrep', 140],
    ['niqry', 139],
    ['nirep', 140],
    ['mtraceresp', 200],
    ['mtrace', 201],
  ],
};

/** [name, type, code]. */
const ICMP_CODES: Readonly<Record<AddressFamily, readonly (readonly [string, number, number])[]>> = {
  inet: [
    ['net-unr', 3, 0],
    ['host-unr', 3, 1],
    ['proto-unr', 3, 2],
    ['port-unr', 3, 3],
    ['needfrag', 3, 4],
    ['srcfail', 3, 5],
    ['net-unk', 3, 6],
    ['host-unk', 3, 7],
    ['isolate', 3, 8],
    ['net-prohib', 3, 9],
    ['host-prohib', 3, 10],
    ['net-tos', 3, 11],
    ['host-tos', 3, 12],
    ['filter-prohib', 3, 13],
    ['host-preced', 3, 14],
    ['cutoff-preced', 3, 15],
    ['redir-net', 5, 0],
    ['redir-host', 5, 1],
    ['redir-tos-net', 5, 2],
    ['redir-tos-host', 5, 3],
    ['normal-adv', 9, 0],
    ['common-adv', 9, 16],
    ['transit', 11, 0],
    ['reassemb', 11, 1],
    ['badhead', 12, 0],
    ['optmiss', 12, 1],
    ['badlen', 12, 2],
    ['unknown-ind', 40, 1],
    ['auth-fail', 40, 2],
    ['decrypt-fail', 40, 3],
  ],
  inet6: [
    ['noroute-unr', 1, 0],
    ['admin-unr', 1, 1],
    ['beyond-unr', 1, 2],
    ['addr-unr', 1, 3],
    ['port-unr', 1, 4],
    ['transit', 3, 0],
    ['reassemb', 3, 1],
    ['badhead', 4, 0],
    ['nxthdr', 4, 1],
    ['redironlink', 137, 0],
    ['redirrouter', 137, 1],
  ],
};

export function icmpTypeNumber(name: string, family: AddressFamily): number | undefined {
  return ICMP_TYPES[family].find(([candidate]) => candidate === name)?.[1];
}

export function icmpTypeName(type: number, family: AddressFamily): string | undefined {
  return ICMP_TYPES[family].find(([, number]) => number === type)?.[0];
}

/** The code number of a code name; `type` is the ICMP type the code belongs to (undefined: any type). */
export function icmpCodeByName(name: string, family: AddressFamily): { type: number; code: number } | undefined {
  const entry = ICMP_CODES[family].find(([candidate]) => candidate === name);
  return entry ? { type: entry[1], code: entry[2] } : undefined;
}

export function icmpCodeName(type: number, code: number, family: AddressFamily): string | undefined {
  return ICMP_CODES[family].find(([, t, c]) => t === type && c === code)?.[0];
}

/** TOS and DSCP names pf.conf accepts, as the byte pfctl stores. */
const TOS_NAMES: Readonly<Record<string, number>> = {
  lowdelay: 0x10,
  throughput: 0x08,
  reliability: 0x04,
  critical: 0xa0,
  inetcontrol: 0xc0,
  netcontrol: 0xe0,
  ef: 0xb8,
  va: 0xb0,
  af11: 0x28,
  af12: 0x30,
  af13: 0x38,
  af21: 0x48,
  af22: 0x50,
  af23: 0x58,
  af31: 0x68,
  af32: 0x70,
  af33: 0x78,
  af41: 0x88,
  af42: 0x90,
  af43: 0x98,
  cs0: 0x00,
  cs1: 0x20,
  cs2: 0x40,
  cs3: 0x60,
  cs4: 0x80,
  cs5: 0xa0,
  cs6: 0xc0,
  cs7: 0xe0,
};

/** A TOS value: a name, `0x..` or decimal, 0-255. */
export function tosValue(text: string): number | undefined {
  if (Object.hasOwn(TOS_NAMES, text)) return TOS_NAMES[text];
  const value = /^0x[0-9a-f]{1,2}$/i.test(text) ? parseInt(text, 16) : /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return value >= 0 && value <= 255 ? value : undefined;
}

/**
 * State timeout names in pf's internal order, which is the order pfctl prints
 * a rule's timeouts in. `dialects` limits names to the pfctl that knows them.
 */
export const STATE_TIMEOUTS: readonly { readonly name: string; readonly dialects: 'both' | 'freebsd' | 'openbsd' }[] = [
  { name: 'tcp.first', dialects: 'both' },
  { name: 'tcp.opening', dialects: 'both' },
  { name: 'tcp.established', dialects: 'both' },
  { name: 'tcp.closing', dialects: 'both' },
  { name: 'tcp.finwait', dialects: 'both' },
  { name: 'tcp.closed', dialects: 'both' },
  { name: 'sctp.first', dialects: 'freebsd' },
  { name: 'sctp.opening', dialects: 'freebsd' },
  { name: 'sctp.established', dialects: 'freebsd' },
  { name: 'sctp.closing', dialects: 'freebsd' },
  { name: 'sctp.closed', dialects: 'freebsd' },
  { name: 'udp.first', dialects: 'both' },
  { name: 'udp.single', dialects: 'both' },
  { name: 'udp.multiple', dialects: 'both' },
  { name: 'icmp.first', dialects: 'both' },
  { name: 'icmp.error', dialects: 'both' },
  { name: 'other.first', dialects: 'both' },
  { name: 'other.single', dialects: 'both' },
  { name: 'other.multiple', dialects: 'both' },
  { name: 'frag', dialects: 'both' },
  { name: 'interval', dialects: 'both' },
  { name: 'adaptive.start', dialects: 'both' },
  { name: 'adaptive.end', dialects: 'both' },
  { name: 'src.track', dialects: 'both' },
  { name: 'tcp.tsdiff', dialects: 'openbsd' },
];

export function timeoutRank(name: string): number {
  return STATE_TIMEOUTS.findIndex((timeout) => timeout.name === name);
}
