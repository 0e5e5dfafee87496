import { describe, expect, it } from 'vitest';
import { applyEdits, checkPaths, defaultHostBuilders, memoryFileSystem, type Finding, type SourceRange } from '@pflint/core';

/**
 * A forwarding host (gateway_enable, nat) whose vnet jail www gets its
 * interfaces from jail.conf, not from rc: exec.prestart creates epair0 (the
 * host keeps epair0a, in FIB 1; the jail takes epair0b) and the gif0 tunnel
 * (MTU 1280, FIB 1), and exec.poststart points FIB 1's default route into
 * gif0. pflint takes these interfaces' settings from the commands, so its
 * findings on them point at jail.conf. (devd would also run rc's netif for
 * such an interface when it appears, applying a host `ifconfig_<if>` in a
 * race with the commands: see docs/open-work.md.)
 */
const BASE: Readonly<Record<string, string>> = {
  'host/boot/loader.conf': 'net.fibs="2"\n',
  'host/etc/rc.conf': [
    'ifconfig_vtnet0="inet 192.0.2.10/24 -lro -tso"',
    'defaultrouter="192.0.2.1"',
    'gateway_enable="YES"',
    'pf_enable="YES"',
    'jail_enable="YES"',
    '',
  ].join('\n'),
  'host/etc/pf.conf': [
    'set skip on lo0',
    'nat on vtnet0 inet from 10.0.0.0/24 to any -> (vtnet0)',
    'block in all',
    'pass out all keep state',
    'pass in quick on vtnet0 inet proto ipencap from 198.51.100.7 to 192.0.2.10',
    'pass in on epair0a inet from 10.0.0.0/24 to any',
    '',
  ].join('\n'),
  'host/etc/jail.conf': [
    'www {',
    '  path = "/jails/www";',
    '  vnet;',
    '  vnet.interface = "epair0b";',
    '  exec.prestart = "ifconfig epair0 create";',
    '  exec.prestart += "ifconfig epair0a inet 10.0.0.1/24 fib 1 up";',
    '  exec.prestart += "ifconfig gif0 create";',
    '  exec.prestart += "ifconfig gif0 inet 10.255.0.2 10.255.0.1 netmask 255.255.255.255 tunnel 192.0.2.10 198.51.100.7 tunnelfib 0 fib 1 mtu 1280";',
    '  exec.poststart += "route add default 10.255.0.1 -fib 1";',
    '}',
    '',
  ].join('\n'),
};

const CLAMP: [string, string] = ['set skip on lo0\n', 'set skip on lo0\nscrub all max-mss 1240\n'];
const VTNET1 = 'ifconfig_vtnet1="inet 198.51.100.10/24"';

/** The files of BASE with each change (`from` must occur once) and extra files. */
function hostFiles(changes: Readonly<Record<string, [string, string]>> = {}, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const files: Record<string, string> = { ...BASE, ...extra };
  for (const [file, [from, to]] of Object.entries(changes)) {
    expect(files[file]!.split(from).length - 1, `${from} occurs once in ${file}`).toBe(1);
    files[file] = files[file]!.replace(from, to);
  }
  return files;
}

function findings(ruleId: string, files: Readonly<Record<string, string>>): Finding[] {
  const result = checkPaths(memoryFileSystem(files), { paths: ['host'], builders: defaultHostBuilders });
  expect(result.errors).toEqual([]);
  return result.findings.filter((finding) => finding.ruleId === ruleId);
}

/** Where a range is, as `file line:column-line:column`, and the text it covers. */
function at(files: Readonly<Record<string, string>>, range: SourceRange): [string, string] {
  return [
    `${range.file} ${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`,
    files[range.file]!.slice(range.start.offset, range.end.offset),
  ];
}

describe('mss-clamp on interfaces created by jail.conf exec hooks', () => {
  it('no clamp over a jail-created gif0: points at the `mtu` of its jail.conf ifconfig command, without a fix', () => {
    const files = hostFiles({ 'host/etc/jail.conf': ['"ifconfig epair0 create";', '"ifconfig epair0 create";\n  exec.prestart += "ifconfig epair0b mtu 1280";'] });
    const reports = findings('mss-clamp', files);
    expect(reports.map((finding) => finding.message)).toEqual(['TCP is forwarded over gif0 (MTU 1280) but no pf rule clamps the MSS; add `scrub all max-mss 1240`']);
    expect(at(files, reports[0]!.range)).toEqual(['host/etc/jail.conf 9:135-9:143', 'mtu 1280']);
    expect(reports[0]!.fixes).toBeUndefined();
  });

  it('without an mtu word, points at gif0 in the `ifconfig gif0 create` command that made it', () => {
    const files = hostFiles({ 'host/etc/jail.conf': [' mtu 1280";', '";'] }, {});
    const reports = findings('mss-clamp', files).filter((finding) => finding.message.startsWith('TCP is forwarded'));
    expect(reports.map((finding) => at(files, finding.range))).toEqual([['host/etc/jail.conf 7:30-7:34', 'gif0']]);
    expect(reports[0]!.fixes).toBeUndefined();
  });

  it('a gif0 created and configured in exec.created is reported at that hook\'s commands', () => {
    const files = hostFiles({
      'host/etc/jail.conf': [
        '  exec.prestart += "ifconfig gif0 create";\n  exec.prestart += "ifconfig gif0 inet',
        '  exec.created = "ifconfig gif0 create";\n  exec.created += "ifconfig gif0 inet',
      ],
    });
    expect(files['host/etc/jail.conf']!.split('\n')[6]).toBe('  exec.created = "ifconfig gif0 create";');
    const reports = findings('mss-clamp', files).filter((finding) => finding.message.startsWith('TCP is forwarded'));
    expect(reports.map((finding) => at(files, finding.range))).toEqual([['host/etc/jail.conf 8:134-8:142', 'mtu 1280']]);
    const withoutMtu = hostFiles({
      'host/etc/jail.conf': [
        '  exec.prestart += "ifconfig gif0 create";\n  exec.prestart += "ifconfig gif0 inet',
        '  exec.created = "ifconfig gif0 create";\n  exec.created += "ifconfig gif0 inet',
      ],
    });
    withoutMtu['host/etc/jail.conf'] = withoutMtu['host/etc/jail.conf']!.replace(' mtu 1280"', '"');
    const created = findings('mss-clamp', withoutMtu).filter((finding) => finding.message.startsWith('TCP is forwarded'));
    expect(created.map((finding) => at(withoutMtu, finding.range))).toEqual([['host/etc/jail.conf 7:28-7:32', 'gif0']]);
    expect(created[0]!.fixes).toBeUndefined();
  });

  it('a jail epair side with the default MTU 1500 behind gif0: points at `epair0` in the create command, without a fix', () => {
    const files = hostFiles({ 'host/etc/pf.conf': CLAMP });
    const reports = findings('mss-clamp', files);
    expect(reports.map((finding) => [finding.message, ...at(files, finding.range)])).toEqual([
      [
        'epair0b in jail www has MTU 1500, above the MTU 1280 of gif0 its traffic is routed into; set its MTU to at most 1280',
        'host/etc/jail.conf 5:29-5:35',
        'epair0',
      ],
    ]);
    expect(reports[0]!.fixes).toBeUndefined();
  });

  it('finds the host side of the epair by the name it was created with, after a rename', () => {
    const files = hostFiles({
      'host/etc/pf.conf': CLAMP,
      'host/etc/jail.conf': ['fib 1 up";', 'fib 1 up";\n  exec.prestart += "ifconfig epair0a name wwwa";'],
    });
    expect(findings('mss-clamp', files).map((finding) => finding.message)).toEqual([
      'epair0b in jail www has MTU 1500, above the MTU 1280 of gif0 its traffic is routed into; set its MTU to at most 1280',
    ]);
  });

  it('a jail epair side given MTU 1500 by a prestart command: points at that `mtu 1500`', () => {
    const files = hostFiles({
      'host/etc/pf.conf': CLAMP,
      'host/etc/jail.conf': ['"ifconfig epair0 create";', '"ifconfig epair0 create";\n  exec.prestart += "ifconfig epair0b mtu 1500";'],
    });
    expect(findings('mss-clamp', files).map((finding) => at(files, finding.range))).toEqual([['host/etc/jail.conf 6:38-6:46', 'mtu 1500']]);
  });

  it('stays silent with a clamp that fits and the jail side at the tunnel MTU', () => {
    const files = hostFiles({
      'host/etc/pf.conf': CLAMP,
      'host/etc/jail.conf': ['"ifconfig epair0 create";', '"ifconfig epair0 create";\n  exec.prestart += "ifconfig epair0b mtu 1280";'],
    });
    expect(findings('mss-clamp', files)).toEqual([]);
  });

  it('stays silent when no jail creates the tunnel', () => {
    const files = hostFiles({ 'host/etc/jail.conf': ['  exec.prestart += "ifconfig gif0 create";\n', ''] });
    expect(findings('mss-clamp', files)).toEqual([]);
  });

  it("takes the MTU the jail's own rc.conf gives its epair side, which rc sets when the jail starts", () => {
    const jailRc = (mtu: number) => ({ 'host/jails/www/etc/rc.conf': `ifconfig_epair0b="inet 10.0.0.2/24 mtu ${mtu}"\n` });
    expect(findings('mss-clamp', hostFiles({ 'host/etc/pf.conf': CLAMP }, jailRc(1280)))).toEqual([]);
    const files = hostFiles({ 'host/etc/pf.conf': CLAMP }, jailRc(1400));
    expect(findings('mss-clamp', files).map((finding) => [finding.message, ...at(files, finding.range)])).toEqual([
      [
        'epair0b in jail www has MTU 1400, above the MTU 1280 of gif0 its traffic is routed into; set its MTU to at most 1280',
        'host/jails/www/etc/rc.conf 1:36-1:44',
        'mtu 1400',
      ],
    ]);
  });
});

describe('unknown-interface with interfaces created by jail.conf exec hooks', () => {
  const IFCONFIG_GIF0: [string, string] = ['jail_enable="YES"', 'jail_enable="YES"\nifconfig_gif0="mtu 1400"'];

  it("takes a host ifconfig_<if> for an interface a jail hook creates as naming an interface that exists (devd configures it when it appears)", () => {
    expect(findings('unknown-interface', hostFiles({ 'host/etc/rc.conf': IFCONFIG_GIF0 }))).toEqual([]);
  });

  it('the same for both halves of an epair a jail hook creates', () => {
    const files = hostFiles({ 'host/etc/rc.conf': ['jail_enable="YES"', 'jail_enable="YES"\nifconfig_epair0a="mtu 1400"\nifconfig_epair0b="mtu 1400"'] });
    expect(findings('unknown-interface', files)).toEqual([]);
  });

  it('still reports it when nothing creates the interface', () => {
    const files = hostFiles({ 'host/etc/rc.conf': IFCONFIG_GIF0, 'host/etc/jail.conf': ['  exec.prestart += "ifconfig gif0 create";\n', ''] });
    // The jail's own `ifconfig gif0 inet ...` is reported too, in jail.conf.
    const inRcConf = findings('unknown-interface', files).filter((finding) => finding.range.file === 'host/etc/rc.conf');
    expect(inRcConf.map((finding) => [finding.message, ...at(files, finding.range)])).toEqual([
      [
        '`gif0` is configured but never created (not in cloned_interfaces, not a NIC name, not a rename target)',
        'host/etc/rc.conf 6:1-6:25',
        'ifconfig_gif0="mtu 1400"',
      ],
    ]);
  });
});

describe('offload-on-forwarding with interfaces created by jail.conf exec hooks', () => {
  it('reports none of the jail-created interfaces (epair, gif), and fixes an rc NIC\'s ifconfig line in rc.conf', () => {
    const files = hostFiles({ 'host/etc/rc.conf': ['jail_enable="YES"', `jail_enable="YES"\n${VTNET1}`] });
    const reports = findings('offload-on-forwarding', files);
    expect(reports.map((finding) => [finding.message, ...at(files, finding.range)])).toEqual([
      [
        'vtnet1 (vtnet) keeps LRO and TSO on while this host forwards packets (IPv4 forwarding); add `-lro -tso` to its ifconfig line',
        'host/etc/rc.conf 6:1-6:40',
        VTNET1,
      ],
    ]);
    const fix = reports[0]!.fixes![0]!;
    expect(fix.safety).toBe('safe');
    expect(fix.edits.map((edit) => [...at(files, edit.range), edit.newText])).toEqual([['host/etc/rc.conf 6:39-6:39', '', ' -lro -tso']]);
    expect(applyEdits(files['host/etc/rc.conf']!, fix.edits).split('\n')[5]).toBe('ifconfig_vtnet1="inet 198.51.100.10/24 -lro -tso"');
  });

  it('stays silent when a jail.conf exec.prestart turns LRO and TSO off on the NIC', () => {
    const files = hostFiles({
      'host/etc/rc.conf': ['jail_enable="YES"', `jail_enable="YES"\n${VTNET1}`],
      'host/etc/jail.conf': ['"ifconfig epair0 create";', '"ifconfig epair0 create";\n  exec.prestart += "ifconfig vtnet1 -lro -tso";'],
    });
    expect(findings('offload-on-forwarding', files)).toEqual([]);
  });

  it('with only -lro in the prestart command, fixes the rc.conf line with the missing -tso alone', () => {
    const files = hostFiles({
      'host/etc/rc.conf': ['jail_enable="YES"', `jail_enable="YES"\n${VTNET1}`],
      'host/etc/jail.conf': ['"ifconfig epair0 create";', '"ifconfig epair0 create";\n  exec.prestart += "ifconfig vtnet1 -lro";'],
    });
    const reports = findings('offload-on-forwarding', files);
    expect(reports.map((finding) => at(files, finding.range))).toEqual([['host/etc/rc.conf 6:1-6:40', VTNET1]]);
    expect(applyEdits(files['host/etc/rc.conf']!, reports[0]!.fixes![0]!.edits).split('\n')[5]).toBe('ifconfig_vtnet1="inet 198.51.100.10/24 -tso"');
  });
});
