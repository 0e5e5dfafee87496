import { describe, expect, it } from 'vitest';
import { checkPaths, defaultHostBuilders, memoryFileSystem } from '@pflint/core';
import { gatewayBroadcast } from '../../src/rules/gateway-broadcast.js';
import { runOnFirebrick } from './routes-fixture.js';

function firebrick(...elements: string[]) {
  const text = ['<config>', '<interface name="lan" port="LAN"><subnet ip="192.168.10.1/24"/><subnet ip="198.51.100.2/31"/></interface>', ...elements, '</config>'].join('\n');
  return runOnFirebrick(text, gatewayBroadcast);
}

describe('gateway-broadcast', () => {
  it('fires at a FireBrick route whose gateway is the subnet broadcast address, naming the subnet', () => {
    const findings = firebrick('<route ip="10.20.0.0/16" gateway="192.168.10.255"/>');
    expect(findings.map((finding) => [finding.range.start.line, finding.ruleId, finding.severity])).toEqual([[3, 'gateway-broadcast', 'warning']]);
    expect(findings[0]!.message).toBe(
      'The gateway 192.168.10.255 of 10.20.0.0/16 in routing table 0 is the broadcast address of 192.168.10.0/24: its packets go to every host on lan, not to a router',
    );
    expect(findings[0]!.related?.[0]?.range.start.line).toBe(2);
  });

  it('fires only at the route whose own gateway is the broadcast address, not at routes resolving through it', () => {
    expect(firebrick('<route ip="10.0.0.0/8" gateway="172.16.0.1"/>', '<route ip="172.16.0.0/16" gateway="192.168.10.255"/>').map((finding) => finding.range.start.line)).toEqual([4]);
  });

  it('stays silent for a host address and for the peer on a /31', () => {
    expect(firebrick('<route ip="10.20.0.0/16" gateway="192.168.10.254"/>', '<route ip="10.30.0.0/16" gateway="198.51.100.3"/>')).toEqual([]);
  });

  it('fires on a FreeBSD static route too', () => {
    const result = checkPaths(
      memoryFileSystem({ '/h/etc/rc.conf': 'ifconfig_em0="inet 192.0.2.10/24"\nstatic_routes="lab"\nroute_lab="-net 10.0.0.0/8 192.0.2.255"\n' }),
      { paths: ['/h'], builders: defaultHostBuilders },
    );
    expect(result.findings.filter((finding) => finding.ruleId === 'gateway-broadcast').map((finding) => finding.range.start.line)).toEqual([3]);
  });
});
