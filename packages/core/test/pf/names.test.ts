import { describe, expect, it } from 'vitest';
import {
  icmpCodeByName,
  icmpCodeName,
  icmpTypeName,
  icmpTypeNumber,
  protocolName,
  protocolNumber,
  serviceName,
  servicePort,
  timeoutRank,
  tosValue,
} from '../../src/pf/names.js';

describe('pf name tables', () => {
  it('resolves services by name and alias, and names ports per protocol', () => {
    expect(servicePort('ssh')).toBe(22);
    expect(servicePort('www')).toBe(80);
    expect(servicePort('syslog')).toBe(514);
    expect(servicePort('no-such-service')).toBeUndefined();
    expect(serviceName(514, 'tcp')).toBe('shell');
    expect(serviceName(514, 'udp')).toBe('syslog');
    expect(serviceName(6667, 'tcp')).toBe('ircd');
    expect(serviceName(6667, 'udp')).toBeUndefined();
  });

  it('prints the official protocol name for aliases', () => {
    expect(protocolNumber('icmp6')).toBe(58);
    expect(protocolName(58)).toBe('ipv6-icmp');
    expect(protocolNumber('tcp')).toBe(6);
    expect(protocolName(254)).toBeUndefined();
  });

  it('keeps ICMP and ICMPv6 names apart and prints the first name of a shared number', () => {
    expect(icmpTypeNumber('unreach', 'inet')).toBe(3);
    expect(icmpTypeNumber('unreach', 'inet6')).toBe(1);
    expect(icmpTypeName(130, 'inet6')).toBe('groupqry');
    expect(icmpTypeNumber('toobig', 'inet')).toBeUndefined();
    expect(icmpCodeByName('port-unr', 'inet')).toEqual({ type: 3, code: 3 });
    expect(icmpCodeByName('port-unr', 'inet6')).toEqual({ type: 1, code: 4 });
    expect(icmpCodeName(11, 1, 'inet')).toBe('reassemb');
  });

  it('parses TOS names, hex and decimal, and rejects out-of-range values', () => {
    expect(tosValue('lowdelay')).toBe(0x10);
    expect(tosValue('af21')).toBe(0x48);
    expect(tosValue('0xb8')).toBe(0xb8);
    expect(tosValue('16')).toBe(16);
    expect(tosValue('256')).toBeUndefined();
    expect(tosValue('fast')).toBeUndefined();
  });

  it('orders state timeouts as pf stores them', () => {
    expect(timeoutRank('tcp.first')).toBeLessThan(timeoutRank('udp.first'));
    expect(timeoutRank('adaptive.end')).toBeLessThan(timeoutRank('src.track'));
    expect(timeoutRank('bogus')).toBe(-1);
  });
});
