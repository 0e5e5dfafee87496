import { describe, expect, it } from 'vitest';
import { memoryFileSystem, type BuildOptions, type BuiltHost, type FileSystem, type HostBuilders, type HostModel, type InputLanguage } from '@pflint/core';
import { UsageError, type CommandContext } from '../src/command.js';
import { runCli } from '../src/cli.js';
import { createModelCommand } from '../src/commands/model.js';
import { at, radonHost } from '../../core/test/model/radon.js';
import { runPflint } from './run.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `model` built on `builders` against an in-memory host, the way cli.ts would dispatch it. */
function runModel(args: string[], builders: HostBuilders, files: Record<string, string>): Run {
  let stdout = '';
  let stderr = '';
  const context: CommandContext = {
    fs: memoryFileSystem(files),
    cwd: '/',
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: false,
    writeFile: () => {
      throw new Error('model must not write');
    },
    env: {},
  };
  const command = createModelCommand(builders);
  // Dispatch through a one-command CLI would need the registry; calling run mirrors cli.ts's error handling.
  try {
    return { code: command.run(args, context), stdout, stderr };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout, stderr: `${stderr}${error.message}` };
  }
}

function built(host: HostModel): BuiltHost {
  return { analysis: { host, sources: new Map(), complete: true } };
}

const HOST_FILES = { '/hosts/radon/etc/rc.conf': 'ifconfig_vtnet0="inet 152.53.147.5/22"\n' };

describe('pflint model', () => {
  it('prints the model a FreeBSD host directory builds, as text', () => {
    const calls: string[] = [];
    const builders: HostBuilders = {
      freebsdHost: (_fs: FileSystem, directory: string, options: BuildOptions) => {
        calls.push(`${directory} ${options.dialect}`);
        return built(radonHost());
      },
    };
    const result = runModel(['/hosts/radon'], builders, HOST_FILES);
    expect(result.code).toBe(0);
    expect(calls).toEqual(['/hosts/radon freebsd']);
    expect(result.stdout.startsWith('FreeBSD host radon\n')).toBe(true);
    expect(result.stdout).toContain('FIB 1 (5 routes):\n  inet   0.0.0.0/0         via 10.255.255.5');
    expect(result.stderr).toBe('');
  });

  it('prints JSON that parses and carries the format tag, routes and findings from the builder', () => {
    const extra = { ruleId: 'syntax-error', severity: 'error' as const, message: 'unterminated quote', range: at('etc/rc.conf', 44) };
    const builders: HostBuilders = { freebsdHost: () => ({ ...built(radonHost()), findings: [extra] }) };
    const result = runModel(['/hosts/radon', '--format', 'json'], builders, HOST_FILES);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.format).toBe('pflint-model');
    expect(json.tables[1].routes[0]).toMatchObject({ prefix: '0.0.0.0/0', target: { kind: 'gateway', gateway: '10.255.255.5' }, source: { line: 14 } });
    expect(json.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(['repeated-assignment', 'syntax-error']);
  });

  it('sends a FireBrick XML file to the FireBrick front end, detected from its <config> root', () => {
    const seen: string[] = [];
    const builders: HostBuilders = {
      firebrick: (_fs, file) => {
        seen.push(file);
        return built({ ...radonHost(), kind: 'firebrick', name: 'router' });
      },
      looseFiles: () => {
        throw new Error('not loose');
      },
    };
    const result = runModel(['/r/router.cfg'], builders, { '/r/router.cfg': '<?xml version="1.0"?>\n<config/>\n' });
    expect(result.code).toBe(0);
    expect(seen).toEqual(['/r/router.cfg']);
    expect(result.stdout.startsWith('FireBrick router\n')).toBe(true);
  });

  it('honours --as firebrick for a file that does not look like XML by name', () => {
    const seen: string[] = [];
    const builders: HostBuilders = { firebrick: (_fs, file) => (seen.push(file), built(radonHost())) };
    expect(runModel(['/r/router.txt', '--as', 'firebrick'], builders, { '/r/router.txt': 'junk' }).code).toBe(0);
    expect(seen).toEqual(['/r/router.txt']);
  });

  it('gives loose rc.conf-family files to the loose-file front end with their languages', () => {
    let given: readonly { path: string; language: InputLanguage }[] = [];
    const builders: HostBuilders = { looseFiles: (_fs, files) => ((given = files), built(radonHost())) };
    const files = { '/x/etc/rc.conf': 'a=1\n', '/x/boot/loader.conf': 'net.fibs=2\n' };
    expect(runModel(['/x/etc/rc.conf', '/x/boot/loader.conf'], builders, files).code).toBe(0);
    expect(given).toEqual([
      { path: '/x/etc/rc.conf', language: 'rcconf' },
      { path: '/x/boot/loader.conf', language: 'rcconf' },
    ]);
  });

  it('says clearly, with exit 2, when this build has no front end for the input', () => {
    const noFireBrick = runModel(['/r/router.xml'], {}, { '/r/router.xml': '<config/>' });
    expect(noFireBrick.code).toBe(2);
    expect(noFireBrick.stdout).toBe('');
    expect(noFireBrick.stderr).toMatch(/FireBrick XML is not available/);
    const noHost = runModel(['/hosts/radon'], {}, HOST_FILES);
    expect(noHost).toMatchObject({ code: 2, stdout: '' });
    expect(noHost.stderr).toMatch(/FreeBSD host directory is not available/);
  });

  it('with --resolve, shows where packets go in the chosen FIB instead of the model', () => {
    const builders: HostBuilders = { freebsdHost: () => built(radonHost()) };
    const result = runModel(['/hosts/radon', '--table', '1', '--resolve', '9.9.9.9', '--resolve', '2a06:9801:1c:1000::99'], builders, HOST_FILES);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('interfaces (');
    const paragraphs = result.stdout.split('\n\n');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/^FIB 1: 9\.9\.9\.9 → into tunnel gif0 to 128\.140\.64\.181, outer packets in FIB 0\n/);
    expect(paragraphs[0]).toContain('etc/rc.conf:14');
    // The hand-built radon has no jail /64 in FIB 1, so the IPv6 default into gif0 takes it.
    expect(paragraphs[1]!.split('\n').slice(0, 2)).toEqual([
      'FIB 1: 2a06:9801:1c:1000::99 → into tunnel gif0 to 128.140.64.181, outer packets in FIB 0',
      '  2a06:9801:1c:1000::99  ::/0  dev gif0  etc/rc.conf:13',
    ]);
  });

  it('with --resolve and --format json, prints the resolutions as one tagged document', () => {
    const builders: HostBuilders = { freebsdHost: () => built(radonHost()) };
    const result = runModel(['/hosts/radon', '--resolve', '1.1.1.1', '--format', 'json'], builders, HOST_FILES);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ format: 'pflint-resolution', version: 1, host: 'radon' });
    expect(json.resolutions).toHaveLength(1);
    expect(json.resolutions[0]).toMatchObject({ table: 0, outcome: 'interface', interface: 'vtnet0', nextHop: '152.53.144.1' });
  });

  it('rejects a --resolve that is not an address and a --table that is not a number', () => {
    const builders: HostBuilders = { freebsdHost: () => built(radonHost()) };
    expect(runModel(['/hosts/radon', '--resolve', 'example.org'], builders, HOST_FILES)).toMatchObject({ code: 2 });
    expect(runModel(['/hosts/radon', '--resolve', 'example.org'], builders, HOST_FILES).stderr).toMatch(/--resolve needs an IPv4 or IPv6 address/);
    expect(runModel(['/hosts/radon', '--resolve', '1.1.1.1', '--table', 'one'], builders, HOST_FILES).stderr).toMatch(/--table needs a table number/);
  });

  it('rejects a missing file, mixed inputs and bad options', () => {
    const builders: HostBuilders = { freebsdHost: () => built(radonHost()), looseFiles: () => built(radonHost()), firebrick: () => built(radonHost()) };
    expect(runModel(['/nope.conf'], builders, HOST_FILES)).toMatchObject({ code: 2, stderr: 'pflint model: /nope.conf: no such file or directory\n' });
    expect(runModel([], builders, HOST_FILES).stderr).toMatch(/give a host directory/);
    expect(runModel(['/hosts/radon', '--format', 'yaml'], builders, HOST_FILES).stderr).toMatch(/--format must be one of text, json/);
    expect(runModel(['/hosts/radon', '--as', 'cobol'], builders, HOST_FILES).stderr).toMatch(/--as must be one of/);
    expect(runModel(['/hosts/radon', '/hosts/radon/etc/rc.conf'], builders, HOST_FILES).stderr).toMatch(/one host directory alone/);
    const xmlAndMore = { '/r.xml': '<config/>', '/rc.conf': 'a=1' };
    expect(runModel(['/r.xml', '/rc.conf'], builders, xmlAndMore).stderr).toMatch(/give it alone/);
  });
});

describe('pflint model through the real CLI', () => {
  const router = 'corpus/firebrick-multitable/router.xml';

  it('prints corpus/radon: gif0 in FIB 1 with tunnelfib 0, and FIB 1 routes with their rc.conf lines', () => {
    const result = runPflint(['model', 'corpus/radon']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('FreeBSD host radon\n')).toBe(true);
    expect(result.stdout).toMatch(/\n {2}gif0: gif, fib 1 \(corpus\/radon\/etc\/rc\.conf:13\), tunnelfib 0 \(corpus\/radon\/etc\/rc\.conf:13\), tunnel 152\.53\.147\.5 → 128\.140\.64\.181/);
    const fib1 = result.stdout.slice(result.stdout.indexOf('\nFIB 1 ('));
    expect(fib1).toMatch(/\n {2}inet +0\.0\.0\.0\/0 +via 10\.255\.255\.5 .*corpus\/radon\/etc\/rc\.conf:28\n/);
    expect(fib1).toMatch(/\n {2}inet6 +::\/0 +dev gif0 .*corpus\/radon\/etc\/rc\.conf:27\n/);
  });

  it('reads loose rc.conf-family files of one host the same way', () => {
    const result = runPflint(['model', 'corpus/radon/etc/rc.conf', 'corpus/radon/boot/loader.conf', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.tableCount).toEqual({ value: 2, source: { file: 'corpus/radon/boot/loader.conf', line: 2, column: 1 } });
    expect(json.tables[1].routes.some((route: { prefix: string; source: { line: number } }) => route.prefix === '0.0.0.0/0' && route.source.line === 28)).toBe(true);
  });

  it('resolves on corpus/radon in FIB 1 through the tunnel, in JSON', () => {
    const result = runPflint(['model', 'corpus/radon', '--table', '1', '--resolve', '9.9.9.9', '--format', 'json']);
    expect(result.code).toBe(0);
    const [resolution] = JSON.parse(result.stdout).resolutions;
    expect(resolution).toMatchObject({ table: 1, outcome: 'tunnel', interface: 'gif0', tunnel: { endpoint: '128.140.64.181', wrapperTable: 0 } });
    expect(resolution.tunnel.outer).toMatchObject({ outcome: 'interface', interface: 'vtnet0', nextHop: '152.53.144.1' });
  });

  it('prints the FireBrick corpus router with both tables and the override', () => {
    const result = runPflint(['model', router]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('FireBrick router.xml\n')).toBe(true);
    expect(result.stdout).toMatch(/\ntable 0 \(\d+ routes\):\n/);
    expect(result.stdout).toMatch(/\ntable 1 \(\d+ routes\):\n/);
    expect(result.stdout).toMatch(/inet6 +::\/0 +via 192\.0\.2\.77 .*router\.xml:\d+\n/);
    expect(result.stdout).toContain('set-table 1');
  });

  it('resolves on the FireBrick corpus router: 6in4, an equal-localpref tie and a blackhole', () => {
    const result = runPflint(['model', router, '--resolve', '2001:db8::1', '--resolve', '10.50.1.1', '--resolve', '10.1.1.1']);
    expect(result.code).toBe(0);
    const [sixInFour, tie, sink] = result.stdout.split('\n\n');
    expect(sixInFour).toMatch(/^table 0: 2001:db8::1 → into 6in4 to 192\.0\.2\.77, outer packets in table 0\n/);
    expect(sixInFour).toMatch(/table 0: 192\.0\.2\.77 → out isp-a to 203\.0\.113\.1/);
    expect(tie).toMatch(/^table 0: 10\.50\.1\.1 → out lan to 192\.168\.20\.250\n.*nondeterministic with 1 other/);
    expect(sink).toMatch(/^table 0: 10\.1\.1\.1 → dropped silently \(blackhole\)/);
  });

  it('follows a route override for a session that matches it: guests\' web traffic leaves by table 1', () => {
    const guestWeb = ['model', router, '--resolve', '93.184.216.34', '--in', 'lan', '--from', '192.168.20.130', '--protocol', 'tcp', '--port', '443'];
    const result = runPflint(guestWeb);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'table 1: 93.184.216.34 → out isp-b to 198.51.100.9',
      '  route override guest-web: source-ip=guests protocol=6 target-port=80 443 → set-gateway 198.51.100.9, set-table 1 from table 0  corpus/firebrick-multitable/router.xml:45',
    ]);
    // Mail from the same guest, or web from a host outside the group, stays in the LAN's table 0.
    for (const other of [guestWeb.map((word) => (word === '443' ? '25' : word)), guestWeb.map((word) => (word === '192.168.20.130' ? '192.168.20.10' : word))]) {
      expect(runPflint(other).stdout).toMatch(/^table 0: 93\.184\.216\.34 → out isp-a to 203\.0\.113\.1\n/);
    }
    const json = JSON.parse(runPflint([...guestWeb, '--format', 'json']).stdout);
    expect(json.resolutions[0]).toMatchObject({ table: 1, interface: 'isp-b', override: { name: 'guest-web', fromTable: 0 } });
  });

  it('starts in the --in interface\'s table and rejects bad session options', () => {
    expect(runPflint(['model', router, '--resolve', '10.1.1.1', '--in', 'isp-b']).stdout).toMatch(/^table 1: 10\.1\.1\.1 → dropped silently/);
    expect(runPflint(['model', router, '--resolve', '10.1.1.1', '--in', 'nope'])).toMatchObject({ code: 2 });
    expect(runPflint(['model', router, '--resolve', '10.1.1.1', '--protocol', 'gre']).stderr).toMatch(/--protocol needs/);
    expect(runPflint(['model', router, '--resolve', '10.1.1.1', '--port', '70000']).stderr).toMatch(/--port needs/);
    expect(runPflint(['model', router, '--resolve', '10.1.1.1', '--from', 'guests']).stderr).toMatch(/--from needs/);
  });

  it('is listed in help and documents --format json', () => {
    expect(runPflint(['--help']).stdout).toMatch(/\n {2}model +print the interfaces and routing tables/);
    const help = runPflint(['model', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format json');
  });

  it('exits 2 with a usage message, not an internal error, for an unknown option', () => {
    let stderr = '';
    const result = runCli(['model', '--bogus'], {
      fs: memoryFileSystem({}),
      cwd: '/',
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      isTTY: false,
      writeFile: () => undefined,
      env: {},
    });
    expect(result).toBe(2);
    expect(stderr).toMatch(/^pflint model: .*--bogus/);
    expect(stderr).not.toMatch(/internal error/);
  });
});
