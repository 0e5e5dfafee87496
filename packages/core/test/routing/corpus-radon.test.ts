import { describe, expect, it } from 'vitest';
import { RoutingTables, finalResolution, formatIp, memoryFileSystem, parseIp, type Resolution } from '@pflint/core';
import { buildFreeBsdHostFromDirectory } from '../../src/host/builder.js';
import { corpusHost } from '../host/corpus.js';

/** Each step as `table address → prefix target @line`, so a chain reads like `route get` output. */
function chain(resolution: Resolution): string[] {
  const steps = resolution.steps.map((step) => {
    const target = step.route.target;
    const to = target.kind === 'interface' ? target.interface : target.kind === 'gateway' ? `via ${formatIp(target.gateway)}` : target.kind;
    return `${step.table} ${formatIp(step.address)} → ${to} @${step.route.source.start.line}`;
  });
  return resolution.tunnel ? [...steps, '(outer)', ...chain(resolution.tunnel.outer)] : steps;
}

function resolveIn(tables: RoutingTables, table: number, address: string): Resolution {
  return tables.resolve(table, parseIp(address)!);
}

describe('routing on corpus/radon (seed 000) built by the rc.conf front end', () => {
  const host = buildFreeBsdHostFromDirectory(corpusHost('radon'), '/radon');
  const tables = RoutingTables.forHost(host);

  it('sends FIB 1 IPv4 through gif0 to 10.255.255.5, the outer packet through FIB 0 via Netcup (tunnelfib 0)', () => {
    const result = resolveIn(tables, 1, '9.9.9.9');
    expect(result.outcome).toBe('tunnel');
    expect(chain(result)).toEqual([
      '1 9.9.9.9 → via 10.255.255.5 @28',
      '1 10.255.255.5 → gif0 @14',
      '(outer)',
      '0 128.140.64.181 → via 152.53.144.1 @5',
      '0 152.53.144.1 → vtnet0 @4',
    ]);
    expect(finalResolution(result)).toMatchObject({ outcome: 'interface', interface: 'vtnet0' });
  });

  it('sends FIB 1 IPv6 straight into gif0 (-interface default)', () => {
    expect(chain(resolveIn(tables, 1, '2001:db8::1'))).toEqual([
      '1 2001:db8::1 → gif0 @27',
      '(outer)',
      '0 128.140.64.181 → via 152.53.144.1 @5',
      '0 152.53.144.1 → vtnet0 @4',
    ]);
  });

  it('delivers the BGP jail prefixes and host addresses on the host in FIB 1', () => {
    expect(resolveIn(tables, 1, '2a06:9801:1c:1000::99')).toMatchObject({ outcome: 'interface', interface: 'bastille0' });
    expect(chain(resolveIn(tables, 1, '2a06:9801:1c:1000::99'))).toEqual(['1 2a06:9801:1c:1000::99 → bastille0 @30']);
    expect(chain(resolveIn(tables, 1, '10.254.254.10'))).toEqual(['1 10.254.254.10 → bastille0 @31']);
    expect(chain(resolveIn(tables, 1, '194.28.98.217'))).toEqual(['1 194.28.98.217 → lo0 @33']);
    expect(chain(resolveIn(tables, 1, '194.28.98.216'))).toEqual(['1 194.28.98.216 → bastille0 @34']);
  });

  it('routes FIB 0 by Netcup, the IPv6 default through the scoped link-local router', () => {
    expect(chain(resolveIn(tables, 0, '9.9.9.9'))).toEqual(['0 9.9.9.9 → via 152.53.144.1 @5', '0 152.53.144.1 → vtnet0 @4']);
    expect(resolveIn(tables, 0, '2001:db8::1')).toMatchObject({ outcome: 'interface', interface: 'vtnet0', nextHop: parseIp('fe80::1%vtnet0') });
    expect(chain(resolveIn(tables, 0, '194.28.98.216'))).toEqual(['0 194.28.98.216 → bastille0 @35']);
    expect(resolveIn(tables, 0, '152.53.147.5').outcome).toBe('local');
  });

  function radonWith(change: (rcConf: string) => string): RoutingTables {
    const files = corpusHost('radon');
    const edited = memoryFileSystem({
      '/radon/etc/rc.conf': change(files.readFile('/radon/etc/rc.conf')!),
      '/radon/boot/loader.conf': files.readFile('/radon/boot/loader.conf')!,
    });
    return RoutingTables.forHost(buildFreeBsdHostFromDirectory(edited, '/radon'));
  }

  it('finds the tunnel recursion when gif0 says tunnelfib 1', () => {
    const recursive = radonWith((text) => text.replace('tunnelfib 0"', 'tunnelfib 1"'));
    const result = resolveIn(recursive, 1, '9.9.9.9');
    expect(result.outcome).toBe('loop');
    expect(result.explanation).toMatch(/same tunnel/);
    expect(chain(result)).toEqual([
      '1 9.9.9.9 → via 10.255.255.5 @28',
      '1 10.255.255.5 → gif0 @14',
      '(outer)',
      '1 128.140.64.181 → via 10.255.255.5 @28',
      '1 10.255.255.5 → gif0 @14',
    ]);
    expect(resolveIn(recursive, 1, '2001:db8::1').outcome).toBe('loop');
  });

  it('routes the outer packets in FIB 0 when tunnelfib is left out (the creating process’s FIB)', () => {
    const implicit = radonWith((text) => text.replace(' tunnelfib 0"', '"'));
    expect(implicit.tunnels.get('gif0')?.wrapperTable).toBe(0);
    const result = resolveIn(implicit, 1, '9.9.9.9');
    expect(result.outcome).toBe('tunnel');
    expect(finalResolution(result)).toMatchObject({ table: 0, outcome: 'interface', interface: 'vtnet0' });
  });
});
