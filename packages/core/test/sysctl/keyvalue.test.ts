import { describe, expect, it } from 'vitest';
import { parseKeyValueFile } from '../../src/sysctl/keyvalue.js';
import { readKernelSettings } from '../../src/sysctl/settings.js';

describe('loader.conf and sysctl.conf', () => {
  it('reads quoted loader.conf values and unquoted sysctl.conf values with their ranges', () => {
    const loader = parseKeyValueFile('loader.conf', '# FIBs\nnet.fibs="2"   # two tables\nif_gif_load="YES"\n');
    expect(loader.findings).toEqual([]);
    expect(loader.entries.map((entry) => [entry.key, entry.value, entry.valueRange.start.column, entry.valueRange.end.column])).toEqual([
      ['net.fibs', '2', 11, 12],
      ['if_gif_load', 'YES', 14, 17],
    ]);
    expect(loader.comments.map((comment) => comment.text)).toEqual(['# FIBs', '# two tables']);
    const sysctl = parseKeyValueFile('sysctl.conf', 'net.fibs=2\nnet.inet.ip.forwarding = 1\n');
    expect(sysctl.entries.map((entry) => [entry.key, entry.value])).toEqual([
      ['net.fibs', '2'],
      ['net.inet.ip.forwarding', '1'],
    ]);
  });

  it('reports a line that is not name=value, and keeps the rest', () => {
    const file = parseKeyValueFile('sysctl.conf', 'net.fibs 2\nnet.add_addr_allfibs=1\n');
    expect(file.findings.map((finding) => [finding.ruleId, finding.range.start.line])).toEqual([['syntax-error', 1]]);
    expect(file.entries.map((entry) => entry.key)).toEqual(['net.add_addr_allfibs']);
  });

  it('takes the routing settings, later files overriding earlier ones', () => {
    const settings = readKernelSettings([
      parseKeyValueFile('loader.conf', 'net.fibs="4"\nnet.add_addr_allfibs="1"\n'),
      parseKeyValueFile('sysctl.conf', 'net.fibs=2\nnet.inet6.ip6.forwarding=1\n'),
    ]);
    expect(settings.fibs?.value).toBe(2);
    expect(settings.fibs?.source?.file).toBe('sysctl.conf');
    expect(settings.addAddrAllFibs?.value).toBe(true);
    expect(settings.ip6Forwarding?.value).toBe(true);
    expect(settings.ipForwarding).toBeUndefined();
    expect(settings.findings).toEqual([]);
  });

  it('leaves unset settings unset (the builder applies the defaults)', () => {
    const settings = readKernelSettings([parseKeyValueFile('loader.conf', 'pf_load="YES"\n')]);
    expect(settings.fibs).toBeUndefined();
    expect(settings.addAddrAllFibs).toBeUndefined();
  });

  it('rejects values that are not numbers or out of range', () => {
    const settings = readKernelSettings([parseKeyValueFile('loader.conf', 'net.fibs="two"\nnet.fibs="0"\n')]);
    expect(settings.fibs).toBeUndefined();
    expect(settings.findings.map((finding) => [finding.ruleId, finding.range.start.line])).toEqual([
      ['invalid-value', 1],
      ['invalid-value', 2],
    ]);
  });

  it('tells repeated sections of one name apart by their index', () => {
    const { entries } = parseKeyValueFile('wg0.conf', 'ListenPort = 1\n[Interface]\nAddress = 10.0.0.1/24\n[Peer]\nPublicKey = a\n[Peer]\nPublicKey = b\n');
    expect(entries.map((entry) => `${entry.key}:${entry.section ?? '-'}:${entry.sectionIndex ?? '-'}`)).toEqual([
      'ListenPort:-:-',
      'Address:Interface:0',
      'PublicKey:Peer:1',
      'PublicKey:Peer:2',
    ]);
  });
});
