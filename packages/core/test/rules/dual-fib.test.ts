import { describe, expect, it } from 'vitest';
import { applyEdits, checkPaths, defaultHostBuilders, memoryFileSystem, type Finding } from '@pflint/core';

/**
 * A small two-uplink host: vtnet0 to the provider in FIB 0, gif0 to the
 * operator's router in FIB 1, a bridge whose public /27 only the tunnel side
 * may source. Each test breaks one thing.
 */
const BASE: Readonly<Record<string, string>> = {
  'host/boot/loader.conf': 'net.fibs="2"\n',
  'host/etc/rc.conf': [
    'ifconfig_vtnet0="inet 192.0.2.10/24 -lro -tso"',
    'defaultrouter="192.0.2.1"',
    'cloned_interfaces="gif0 bridge0"',
    'ifconfig_gif0="inet 10.255.0.2 10.255.0.1 netmask 255.255.255.255 tunnel 192.0.2.10 198.51.100.7 tunnelfib 0 fib 1"',
    'ifconfig_bridge0="inet 10.0.0.1/24"',
    'ifconfig_bridge0_alias0="inet 203.0.113.65/27"',
    'static_routes="fib1def fib1lan fib1pub"',
    'route_fib1def="default 10.255.0.1 -fib 1"',
    'route_fib1lan="-net 10.0.0.0/24 -interface bridge0 -fib 1"',
    'route_fib1pub="-net 203.0.113.64/27 -interface bridge0 -fib 1"',
    'gateway_enable="YES"',
    '',
  ].join('\n'),
  'host/etc/pf.conf': [
    'set skip on lo0',
    'scrub all max-mss 1240',
    'nat on vtnet0 inet from 10.0.0.0/24 to any -> (vtnet0)',
    'block in all',
    'pass out all keep state',
    'pass in quick on vtnet0 inet proto ipencap from 198.51.100.7 to 192.0.2.10',
    'pass in on vtnet0 inet proto tcp to (vtnet0) port 22',
    'pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443',
    'pass in on bridge0 inet from 203.0.113.64/27 to any rtable 1',
    'pass in on bridge0 inet from 10.0.0.0/24 to any',
    '',
  ].join('\n'),
};

function check(changes: Readonly<Record<string, [string, string]>> = {}): Finding[] {
  const files: Record<string, string> = { ...BASE };
  for (const [file, [from, to]] of Object.entries(changes)) {
    expect(files[file]!.split(from).length - 1, `${from} occurs once in ${file}`).toBe(1);
    files[file] = files[file]!.replace(from, to);
  }
  const result = checkPaths(memoryFileSystem(files), { paths: ['host'], builders: defaultHostBuilders });
  expect(result.errors).toEqual([]);
  return [...result.findings];
}

const summary = (findings: readonly Finding[]) => findings.map((finding) => `${finding.ruleId} ${finding.range.file}:${finding.range.start.line}`);

describe('the dual-FIB checks on a small host', () => {
  it('find nothing wrong with the working host', () => {
    expect(summary(check())).toEqual([]);
  });

  describe('missing-reply-to', () => {
    it('fires on a tunnel ingress rule in FIB 1 without reply-to, and its fix inserts the peer', () => {
      const findings = check({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet', 'pass in on gif0 inet'] });
      expect(summary(findings)).toEqual(['missing-reply-to host/etc/pf.conf:8']);
      const fix = findings[0]!.fixes![0]!;
      expect(fix.safety).toBe('safe');
      const pfConf = BASE['host/etc/pf.conf']!.replace('pass in on gif0 reply-to (gif0 10.255.0.1) inet', 'pass in on gif0 inet');
      expect(applyEdits(pfConf, fix.edits).split('\n')[7]).toBe(
        'pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443',
      );
      expect(findings[0]!.message).toContain('leave through vtnet0');
    });

    it('fires on a second uplink in FIB 0 too: a tunnel is not where the default route leads', () => {
      const findings = check({
        'host/etc/rc.conf': [' tunnelfib 0 fib 1"', ' tunnelfib 0"'],
        'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet', 'pass in on gif0 inet'],
      });
      expect(summary(findings).filter((line) => line.startsWith('missing-reply-to'))).toEqual(['missing-reply-to host/etc/pf.conf:8']);
    });

    it('stays silent on the provider uplink, whose replies leave the way they came', () => {
      expect(summary(check()).filter((line) => line.startsWith('missing-reply-to'))).toEqual([]);
    });

    const NO_REPLY_TO: [string, string] = ['pass in on gif0 reply-to (gif0 10.255.0.1) inet', 'pass in on gif0 inet'];
    const replyToFindings = (changes: Readonly<Record<string, [string, string]>>) => check(changes).filter((finding) => finding.ruleId === 'missing-reply-to');

    it('stays silent when the rule sets rtable 1: its state routes every reply in FIB 1', () => {
      expect(replyToFindings({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', 'pass in on gif0 inet proto tcp to 203.0.113.66 port 443 rtable 1'] })).toEqual([]);
    });

    it('stays silent when the server behind the rule sits on an interface in FIB 1, whose replies are routed there', () => {
      expect(replyToFindings({ 'host/etc/pf.conf': NO_REPLY_TO, 'host/etc/rc.conf': ['ifconfig_bridge0="inet 10.0.0.1/24"', 'ifconfig_bridge0="inet 10.0.0.1/24 fib 1"'] })).toEqual([]);
    });

    it('stays silent for connections from a FIB 1 bridge to anywhere: their replies come back by the tunnel and are routed in FIB 1', () => {
      expect(
        replyToFindings({
          'host/etc/rc.conf': ['ifconfig_bridge0="inet 10.0.0.1/24"', 'ifconfig_bridge0="inet 10.0.0.1/24 fib 1"'],
          'host/etc/pf.conf': ['pass in on bridge0 inet from 203.0.113.64/27 to any rtable 1', 'pass in on bridge0 inet from 203.0.113.64/27 to any'],
        }),
      ).toEqual([]);
    });

    it('fires for a route-to in place of reply-to, which routes only the requests, and offers no fix (a rule has one route option)', () => {
      const findings = replyToFindings({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet', 'pass in on gif0 route-to (gif0 10.255.0.1) inet'] });
      expect(findings.map((finding) => finding.range.start.line)).toEqual([8]);
      expect(findings[0]!.message).toContain('its `route-to` acts on the requests only; `reply-to (gif0 10.255.0.1)` takes its place');
      expect(findings[0]!.fixes).toBeUndefined();
    });

    it('takes a network destination behind a FIB 1 bridge as its servers, not as the host (whose first address it is)', () => {
      const bridgeInFib1 = { 'host/etc/rc.conf': ['ifconfig_bridge0="inet 10.0.0.1/24"', 'ifconfig_bridge0="inet 10.0.0.1/24 fib 1"'] as [string, string] };
      for (const to of ['203.0.113.64/27', '(bridge0:network)']) {
        expect(replyToFindings({ ...bridgeInFib1, 'host/etc/pf.conf': ['reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66', `inet proto tcp to ${to}`] }), to).toEqual([]);
      }
    });

    it('takes ping to self or to anything on the tunnel as answered in the tunnel FIB, and TCP to self as answered in FIB 0', () => {
      const rule = (text: string): [string, string] => ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', text];
      expect(replyToFindings({ 'host/etc/pf.conf': rule('pass in on gif0 inet proto icmp icmp-type echoreq') })).toEqual([]);
      expect(replyToFindings({ 'host/etc/pf.conf': rule('pass in on gif0 inet proto icmp to self icmp-type echoreq') })).toEqual([]);
      expect(replyToFindings({ 'host/etc/pf.conf': rule('pass in on gif0 inet proto tcp to self port 22') }).map((finding) => finding.range.start.line)).toEqual([8]);
    });

    it('takes from an anchor its interface and family, and nothing from an outbound one', () => {
      const anchor = (head: string): [string, string] => ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', `${head} {\n  pass proto tcp to 203.0.113.66 port 443\n}`];
      expect(replyToFindings({ 'host/etc/pf.conf': anchor('anchor "tun" out on gif0') })).toEqual([]);
      expect(replyToFindings({ 'host/etc/pf.conf': anchor('anchor "tun" in on gif0 inet') }).map((finding) => finding.message.slice(0, 4))).toEqual(['IPv4']);
    });

    it('fires for a rule on the interface group, or inside an anchor on the tunnel, without offering a fix', () => {
      for (const rule of ['pass in on gif inet proto tcp to 203.0.113.66 port 443', 'anchor "tun" on gif0 {\n  pass in inet proto tcp to 203.0.113.66 port 443\n}']) {
        const findings = replyToFindings({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', rule] });
        expect(findings.map((finding) => [finding.range.start.line, finding.fixes]), rule).toEqual([[rule.startsWith('anchor') ? 9 : 8, undefined]]);
        expect(findings[0]!.message).toContain('passed in on gif0');
      }
    });

    it("fires for the host's own services behind the tunnel, but not for ping, which the kernel answers in the request's FIB", () => {
      const service = replyToFindings({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', 'pass in on gif0 inet proto tcp to 10.255.0.2 port 22'] });
      expect(service.map((finding) => finding.range.start.line)).toEqual([8]);
      expect(replyToFindings({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', 'pass in on gif0 inet proto icmp to 10.255.0.2 icmp-type echoreq'] })).toEqual([]);
    });

    it('stays silent for stateless rules, which create no state for replies to follow', () => {
      const findings = check({ 'host/etc/pf.conf': ['pass in on gif0 reply-to (gif0 10.255.0.1) inet proto tcp to 203.0.113.66 port 443', 'pass in on gif0 inet proto tcp to 203.0.113.66 port 443 no state'] });
      expect(summary(findings).filter((line) => line.startsWith('missing-reply-to'))).toEqual([]);
    });
  });

  describe('missing-rtable', () => {
    it('fires when traffic from the tunnel-side /27 leaves through FIB 0', () => {
      const findings = check({ 'host/etc/pf.conf': ['to any rtable 1', 'to any'] });
      expect(summary(findings)).toEqual(['missing-rtable host/etc/pf.conf:9']);
      expect(findings[0]!.message).toContain('203.0.113.64/27');
      expect(findings[0]!.related?.[0]?.range.start.line).toBe(10);
    });

    it('stays silent when the bridge is in FIB 1 itself: what arrives on it is routed there', () => {
      expect(
        summary(check({ 'host/etc/rc.conf': ['ifconfig_bridge0="inet 10.0.0.1/24"', 'ifconfig_bridge0="inet 10.0.0.1/24 fib 1"'], 'host/etc/pf.conf': ['to any rtable 1', 'to any'] })).filter((line) => line.startsWith('missing-rtable')),
      ).toEqual([]);
    });

    it('reads a rule inside an anchor on the interface as a rule on it: on the tunnel side it fires, on another interface not', () => {
      const inAnchor = (on: string): [string, string] => ['pass in on bridge0 inet from 203.0.113.64/27 to any rtable 1', `anchor "j" in on ${on} {\n  pass inet from 203.0.113.64/27 to any\n}`];
      expect(summary(check({ 'host/etc/pf.conf': inAnchor('bridge0') })).filter((line) => line.startsWith('missing-rtable'))).toEqual(['missing-rtable host/etc/pf.conf:10']);
      expect(summary(check({ 'host/etc/pf.conf': inAnchor('vtnet0') })).filter((line) => line.startsWith('missing-rtable'))).toEqual([]);
    });

    it('fires despite a dup-to, which routes only a copy', () => {
      expect(summary(check({ 'host/etc/pf.conf': ['pass in on bridge0 inet from 203.0.113.64/27 to any rtable 1', 'pass in on bridge0 dup-to (gif0 10.255.0.1) inet from 203.0.113.64/27 to any'] }))).toEqual([
        'missing-rtable host/etc/pf.conf:9',
      ]);
    });

    it('stays silent for private sources that are NATed on the way out', () => {
      expect(summary(check()).filter((line) => line.startsWith('missing-rtable'))).toEqual([]);
    });

    it('stays silent when the traffic is for the host\'s own networks', () => {
      const findings = check({ 'host/etc/pf.conf': ['from 203.0.113.64/27 to any rtable 1', 'from 203.0.113.64/27 to 10.0.0.0/24'] });
      expect(summary(findings).filter((line) => line.startsWith('missing-rtable'))).toEqual([]);
    });
  });

  describe('fib-gap', () => {
    it('names the destination that falls through to FIB 1\'s default route', () => {
      const findings = check({ 'host/etc/rc.conf': ['static_routes="fib1def fib1lan fib1pub"', 'static_routes="fib1def fib1lan"'] });
      const gaps = findings.filter((finding) => finding.ruleId === 'fib-gap');
      expect(summary(gaps)).toEqual(['fib-gap host/etc/pf.conf:8']);
      expect(gaps[0]!.message).toContain('203.0.113.66');
      expect(gaps[0]!.message).toContain('-net 203.0.113.64/27 -interface bridge0 -fib 1');
    });

    it("reports FIB 0's default router when no interface's network reaches it (route(8) would not add it)", () => {
      const findings = check({ 'host/etc/rc.conf': ['defaultrouter="192.0.2.1"', 'defaultrouter="192.0.3.1"'] }).filter((finding) => finding.ruleId === 'fib-gap');
      // Line 4 follows from it: gif0's far endpoint is reached through that default route in FIB 0.
      expect(findings.map((finding) => `${finding.range.file}:${finding.range.start.line}`)).toEqual(['host/etc/rc.conf:2', 'host/etc/rc.conf:4']);
      expect(findings[0]!.message).toContain('the IPv4 default route of table 0 via 192.0.3.1 cannot work');
      expect(findings[0]!.message).toContain('correct the gateway address');
    });

    it('reports a FIB without a default route for a family it carries', () => {
      const findings = check({ 'host/etc/rc.conf': ['static_routes="fib1def fib1lan fib1pub"', 'static_routes="fib1lan fib1pub"'] });
      expect(findings.filter((finding) => finding.ruleId === 'fib-gap').map((finding) => finding.message)).toEqual([
        expect.stringContaining('table 1 has no IPv4 default route'),
      ]);
    });
  });

  describe('tunnel FIBs', () => {
    it('tunnelfib-recursion: outer packets routed in FIB 1 go back into gif0', () => {
      const findings = check({ 'host/etc/rc.conf': ['tunnelfib 0 fib 1', 'tunnelfib 1 fib 1'] });
      expect(summary(findings)).toEqual(['tunnelfib-recursion host/etc/rc.conf:4']);
    });

    it('implicit-tunnelfib: a gif in FIB 1 without tunnelfib works (FIB 0 at boot) but gets a hint and a fix', () => {
      const findings = check({ 'host/etc/rc.conf': [' tunnelfib 0 fib 1', ' fib 1'] });
      expect(summary(findings)).toEqual(['implicit-tunnelfib host/etc/rc.conf:4']);
      expect(findings[0]!.severity).toBe('info');
      const rcConf = BASE['host/etc/rc.conf']!.replace(' tunnelfib 0 fib 1', ' fib 1');
      expect(applyEdits(rcConf, findings[0]!.fixes![0]!.edits).split('\n')[3]).toContain('tunnel 192.0.2.10 198.51.100.7 tunnelfib 0 fib 1');
    });
  });

  describe('host and pf settings', () => {
    it('offload-on-forwarding: fixes the ifconfig line of the NIC', () => {
      const findings = check({ 'host/etc/rc.conf': ['192.0.2.10/24 -lro -tso"', '192.0.2.10/24"'] });
      expect(summary(findings)).toEqual(['offload-on-forwarding host/etc/rc.conf:1']);
      const rcConf = BASE['host/etc/rc.conf']!.replace('192.0.2.10/24 -lro -tso"', '192.0.2.10/24"');
      expect(applyEdits(rcConf, findings[0]!.fixes![0]!.edits).split('\n')[0]).toBe('ifconfig_vtnet0="inet 192.0.2.10/24 -lro -tso"');
    });

    it('offload-on-forwarding: fixes the assignment rc reads last, in rc.conf.local after rc.conf', () => {
      const files = { ...BASE, 'host/etc/rc.conf.local': 'ifconfig_vtnet0="inet 192.0.2.10/24"\n' };
      const findings = checkPaths(memoryFileSystem(files), { paths: ['host'], builders: defaultHostBuilders }).findings.filter(
        (finding) => finding.ruleId === 'offload-on-forwarding',
      );
      expect(summary(findings)).toEqual(['offload-on-forwarding host/etc/rc.conf.local:1']);
      expect(applyEdits(files['host/etc/rc.conf.local'], findings[0]!.fixes![0]!.edits)).toBe('ifconfig_vtnet0="inet 192.0.2.10/24 -lro -tso"\n');
    });

    it('offload-on-forwarding: stays silent on a host that does not forward', () => {
      const findings = check({
        'host/etc/rc.conf': ['192.0.2.10/24 -lro -tso"', '192.0.2.10/24"'],
        'host/etc/pf.conf': ['nat on vtnet0 inet from 10.0.0.0/24 to any -> (vtnet0)\n', ''],
      });
      // gateway_enable alone makes the host a forwarder.
      expect(summary(findings)).toContain('offload-on-forwarding host/etc/rc.conf:1');
      const leaf = checkPaths(
        memoryFileSystem({
          'leaf/etc/rc.conf': 'ifconfig_vtnet0="inet 192.0.2.10/24"\ndefaultrouter="192.0.2.1"\n',
          'leaf/etc/pf.conf': 'set skip on lo0\nblock in all\npass out all keep state\npass in on vtnet0 proto tcp to (vtnet0) port 22\n',
        }),
        { paths: ['leaf'], builders: defaultHostBuilders },
      );
      expect(summary(leaf.findings)).toEqual([]);
    });

    it('offload-on-forwarding: stays silent on a NIC rc does not start (NOAUTO), which forwards nothing', () => {
      const findings = check({ 'host/etc/rc.conf': ['gateway_enable="YES"', 'gateway_enable="YES"\nifconfig_vtnet1="inet 198.51.100.10/24 NOAUTO"'] });
      expect(summary(findings).filter((line) => line.startsWith('offload-on-forwarding'))).toEqual([]);
      const started = check({ 'host/etc/rc.conf': ['gateway_enable="YES"', 'gateway_enable="YES"\nifconfig_vtnet1="inet 198.51.100.10/24"'] });
      expect(summary(started).filter((line) => line.startsWith('offload-on-forwarding'))).toEqual(['offload-on-forwarding host/etc/rc.conf:12']);
    });

    it('gateway-not-enabled: nat and rtable need forwarding', () => {
      const findings = check({ 'host/etc/rc.conf': ['gateway_enable="YES"', 'gateway_enable="NO"'] });
      expect(summary(findings).filter((line) => line.startsWith('gateway-not-enabled'))).toEqual([
        'gateway-not-enabled host/etc/pf.conf:3',
        'gateway-not-enabled host/etc/pf.conf:9',
      ]);
    });

    it('mss-clamp: no clamp at all, and a clamp too large for gif0 with IPv4 inside', () => {
      expect(summary(check({ 'host/etc/pf.conf': ['scrub all max-mss 1240\n', ''] }))).toEqual(['mss-clamp host/etc/rc.conf:4']);
      expect(summary(check({ 'host/etc/pf.conf': ['max-mss 1240', 'max-mss 1241'] }))).toEqual(['mss-clamp host/etc/pf.conf:2']);
    });

    it('mss-clamp: stays silent when the scrub option of a filter rule clamps instead of a scrub rule, and judges that clamp alike', () => {
      const clampInFilterRule = (mss: number): [string, string] => [
        'scrub all max-mss 1240\nnat on vtnet0 inet from 10.0.0.0/24 to any -> (vtnet0)\nblock in all\npass out all keep state\n',
        `nat on vtnet0 inet from 10.0.0.0/24 to any -> (vtnet0)\nblock in all\npass out all keep state scrub (max-mss ${mss})\n`,
      ];
      expect(summary(check({ 'host/etc/pf.conf': clampInFilterRule(1240) }))).toEqual([]);
      expect(summary(check({ 'host/etc/pf.conf': clampInFilterRule(1241) }))).toEqual(['mss-clamp host/etc/pf.conf:4']);
    });

    it('tunnel-proto-blocked: inbound IP-in-IP from the far end needs its own pass rule', () => {
      const findings = check({ 'host/etc/pf.conf': ['pass in quick on vtnet0 inet proto ipencap from 198.51.100.7 to 192.0.2.10\n', ''] });
      expect(summary(findings)).toEqual(['tunnel-proto-blocked host/etc/rc.conf:4']);
      expect(findings[0]!.message).toContain('pass in quick on vtnet0 proto 4 from 198.51.100.7 to 192.0.2.10');
    });

    it('skip-loopback and no-default-deny', () => {
      expect(summary(check({ 'host/etc/pf.conf': ['set skip on lo0\n', ''] }))).toEqual(['skip-loopback host/etc/pf.conf:3']);
      expect(summary(check({ 'host/etc/pf.conf': ['block in all\n', ''] }))).toEqual(['no-default-deny host/etc/pf.conf:4']);
    });

    it('rdr-filter-mismatch: the pass rule must name the translated target', () => {
      const findings = check({
        'host/etc/pf.conf': [
          'block in all\n',
          'rdr on vtnet0 inet proto tcp to (vtnet0) port 8443 -> 10.0.0.5 port 443\nblock in all\npass in on vtnet0 inet proto tcp to (vtnet0) port 8443\n',
        ],
      });
      expect(summary(findings)).toEqual(['rdr-filter-mismatch host/etc/pf.conf:6']);
      const fixed = check({
        'host/etc/pf.conf': [
          'block in all\n',
          'rdr on vtnet0 inet proto tcp to (vtnet0) port 8443 -> 10.0.0.5 port 443\nblock in all\npass in on vtnet0 inet proto tcp to 10.0.0.5 port 443\n',
        ],
      });
      expect(summary(fixed)).toEqual([]);
    });
  });
});
