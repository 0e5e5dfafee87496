import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { nodeFileSystem } from '../src/node-fs.js';
import { runPflint } from './run.js';

let root: string;

/** A host directory under a fresh temporary directory; `files` maps relative paths to text. */
function host(name: string, files: Record<string, string>): string {
  const directory = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    writeFileSync(path.join(directory, file), text);
  }
  return directory;
}

const MESSY_RC = 'hostname=gw\n\n\n\nifconfig_em0="inet 192.0.2.2/24"   \n';
const CLEAN_RC = 'hostname="gw"\n\nifconfig_em0="inet 192.0.2.2/24"\n';
const MESSY_XML = '<config><interface name="LAN" port="1"/></config>';

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pflint-fmt-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('pflint fmt', () => {
  it('prints the formatted text of one file', () => {
    const cwd = host('print', { 'etc/rc.conf': MESSY_RC });
    const result = runPflint(['fmt', 'etc/rc.conf'], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: CLEAN_RC, stderr: '' });
    expect(result.written.size).toBe(0);
  });

  it('--check lists the files that would change and exits 1; 0 when all are formatted', () => {
    const cwd = host('check', { 'etc/rc.conf': MESSY_RC, 'boot/loader.conf': 'net.fibs="2"\n' });
    const result = runPflint(['fmt', '--check', '.'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('etc/rc.conf\n');
    expect(result.stderr).toBe('1 file would be reformatted, 1 already formatted\n');
    expect(runPflint(['fmt', '--check', 'boot/loader.conf'], { cwd }).code).toBe(0);
  });

  it('--diff prints a unified diff and exits 1', () => {
    const cwd = host('diff', { 'etc/rc.conf': MESSY_RC });
    const result = runPflint(['fmt', '--diff', 'etc/rc.conf'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^--- etc\/rc\.conf\toriginal\n\+\+\+ etc\/rc\.conf\tformatted\n@@ -1,5 \+1,3 @@\n/);
    expect(result.stdout).toContain('-hostname=gw\n+hostname="gw"\n');
    expect(result.written.size).toBe(0);
  });

  it('--write rewrites only the files that change, through the atomic writer', () => {
    const cwd = host('write', { 'etc/rc.conf': MESSY_RC, 'etc/pf.conf': 'pass in all\n', 'router.xml': MESSY_XML });
    const result = runPflint(['fmt', '--write', '.'], { cwd });
    expect(result.code).toBe(0);
    expect([...result.written.keys()].sort()).toEqual([path.join(cwd, 'etc/rc.conf'), path.join(cwd, 'router.xml')]);
    expect(result.written.get(path.join(cwd, 'etc/rc.conf'))).toBe(CLEAN_RC);
    expect(result.stderr).toBe('2 files reformatted, 1 unchanged\n');
  });

  it('formats a file given twice, or also through its directory, once', () => {
    const cwd = host('twice', { 'etc/rc.conf': MESSY_RC });
    const result = runPflint(['fmt', '--check', 'etc/rc.conf', 'etc', './etc/rc.conf'], { cwd });
    expect(result.stdout).toBe('etc/rc.conf\n');
    expect(result.stderr).toBe('1 file would be reformatted, 0 already formatted\n');
  });

  it('formats every file it knows in a directory and leaves the others alone', () => {
    const cwd = host('walk', {
      'etc/rc.conf': CLEAN_RC,
      'etc/ips_blocklist': '10.0.0.0/8   \n',
      'notes.xml': '<project/>',
      'router.xml': MESSY_XML,
    });
    const result = runPflint(['fmt', '--check', '.'], { cwd });
    expect(result.stdout).toBe('router.xml\n');
    expect(result.stderr).toBe('1 file would be reformatted, 1 already formatted\n');
  });

  it('leaves a file with syntax errors untouched and names the error with its position', () => {
    const cwd = host('broken', { 'etc/rc.conf': 'a=1\nb="open\n', 'etc/rc.conf.local': 'c=3\n' });
    const result = runPflint(['fmt', '--write', 'etc'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('etc/rc.conf:2:3: Unterminated " quote: the rest of the file is inside it (syntax-error)\n');
    expect([...result.written.keys()]).toEqual([path.join(cwd, 'etc/rc.conf.local')]);
    expect(result.stderr).toContain('1 file reformatted, 0 unchanged\n');
  });

  it('prints nothing on stdout for a file it refuses', () => {
    const cwd = host('refuse', { 'router.xml': '<config><a></config>' });
    const result = runPflint(['fmt', 'router.xml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^router\.xml:1:10: .* \(syntax-error\)\n/);
  });

  it('takes the layout from .pflintrc.json over .editorconfig', () => {
    const cwd = host('options', {
      '.editorconfig': 'root = true\n[*.xml]\nindent_size = 3\n',
      'router.xml': MESSY_XML,
      'sub/router.xml': MESSY_XML,
      'sub/.pflintrc.json': '{ "format": { "indent": 1 } }',
    });
    expect(runPflint(['fmt', 'router.xml'], { cwd }).stdout).toBe('<config>\n   <interface name="LAN" port="1"/>\n</config>\n');
    expect(runPflint(['fmt', 'sub/router.xml'], { cwd }).stdout).toBe('<config>\n <interface name="LAN" port="1"/>\n</config>\n');
  });

  it('reports a bad "format" setting once and formats with the rest', () => {
    const cwd = host('bad-config', { '.pflintrc.json': '{ "format": { "indent": "two" } }', 'a/rc.conf': 'a=1\n', 'b/rc.conf': 'b=1\n' });
    const result = runPflint(['fmt', '--check', '.'], { cwd });
    expect(result.stderr.split('\n').filter((line) => line.includes('config-error'))).toEqual([
      '.pflintrc.json:1:25: "format.indent" must be a whole number from 0 to 16 (config-error)',
    ]);
    expect(result.stdout).toBe('a/rc.conf\nb/rc.conf\n');
  });

  it('--as forces the language of a file named on the command line', () => {
    const cwd = host('as', { 'gateway.txt': 'a=1\n' });
    expect(runPflint(['fmt', '--as', 'rcconf', 'gateway.txt'], { cwd }).stdout).toBe('a="1"\n');
    expect(runPflint(['fmt', '--as', 'firebrick', 'gateway.txt'], { cwd }).code).toBe(1);
  });

  it('refuses bad usage with exit 2', () => {
    const cwd = host('usage', { 'etc/rc.conf': MESSY_RC, 'etc/rc.conf.local': 'a=1\n' });
    const cases: [string[], RegExp][] = [
      [['fmt'], /give the files or directories to format/],
      [['fmt', '--check', '--write', 'etc'], /--check and --write cannot be combined/],
      [['fmt', '--dialect', 'netbsd', 'etc/rc.conf'], /--dialect must be one of freebsd, openbsd, not 'netbsd'/],
      [['fmt', '--as', 'yaml', 'etc/rc.conf'], /--as must be one of pf, rcconf, firebrick/],
      [['fmt', 'etc'], /2 files to format: printing works for one file/],
      [['fmt', '--frobnicate', 'etc'], /Unknown option/],
    ];
    for (const [argv, message] of cases) {
      const result = runPflint(argv, { cwd });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
    }
  });

  it('exits 2 for a path it cannot read, after formatting the others', () => {
    const cwd = host('missing', { 'etc/rc.conf': MESSY_RC });
    const result = runPflint(['fmt', '--check', 'etc/rc.conf', 'etc/nope.conf'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pflint fmt: cannot read etc/nope.conf\n');
    expect(result.stdout).toBe('etc/rc.conf\n');
  });

  it('exits 2 and says so when a file cannot be written', () => {
    const cwd = host('unwritable', { 'etc/rc.conf': MESSY_RC });
    let stderr = '';
    const code = runCli(['fmt', '--write', 'etc/rc.conf'], {
      fs: nodeFileSystem,
      cwd,
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      isTTY: false,
      writeFile: () => {
        throw new Error('read-only file system');
      },
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toContain('pflint fmt: cannot write etc/rc.conf: read-only file system\n');
  });

  it('is listed in pflint --help', () => {
    expect(runPflint(['--help']).stdout).toMatch(/\n {2}fmt +format pf\.conf/);
  });
});
