import { checkPaths, defaultHostBuilders, memoryFileSystem, type Finding } from '@pflint/core';

/** A small whole host: an uplink, a renamed bridge and a gif tunnel, enough for the reference and addressing rules. */
export const RC_CONF = [
  'ifconfig_vtnet0="inet 192.0.2.10/24"',
  'ifconfig_vtnet0_ipv6="inet6 2001:db8::10 prefixlen 64"',
  'defaultrouter="192.0.2.1"',
  'ipv6_defaultrouter="fe80::1%vtnet0"',
  'cloned_interfaces="bridge0 gif0"',
  'ifconfig_bridge0_name="jails0"',
  'ifconfig_jails0="inet 10.0.0.1/24"',
  'ifconfig_gif0="inet 10.255.0.2 10.255.0.1 netmask 255.255.255.255 tunnel 192.0.2.10 198.51.100.7"',
  'pf_enable="YES"',
  '',
].join('\n');

/**
 * Checks a host made of `etc/rc.conf` (RC_CONF unless given) and `etc/pf.conf`
 * with the real front ends, and returns the findings of `ruleId`.
 */
export function findingsOf(ruleId: string, pfConf: string, rcConf = RC_CONF, complete = true, dialect: 'freebsd' | 'openbsd' = 'freebsd'): Finding[] {
  const files = { 'host/etc/rc.conf': rcConf, 'host/etc/pf.conf': pfConf };
  const paths = complete ? ['host'] : ['host/etc/rc.conf', 'host/etc/pf.conf'];
  const result = checkPaths(memoryFileSystem(files), { paths, builders: defaultHostBuilders, dialect });
  return result.findings.filter((finding) => finding.ruleId === ruleId);
}

/** `line:column message` of each finding, for compact assertions. */
export const where = (findings: readonly Finding[]) => findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column}`);
