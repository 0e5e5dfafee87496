import { describe, expect, it } from 'vitest';
import { checkPaths, detectLanguage, memoryFileSystem, type CheckOptions, type FileSystem } from '@pflint/core';
import { FAKE_BUILDERS } from './rules/fake-host.js';

const RADON = {
  '/c/radon/boot/loader.conf': 'net.fibs="2"\n',
  '/c/radon/etc/rc.conf': 'ifconfig_gif0="up fib 1"\nifconfig_bastille0="up fib 2"\n',
  '/c/radon/etc/pf.conf': 'pass in on gif0 rtable 1\n',
};

function run(files: Record<string, string>, options: Partial<CheckOptions> & Pick<CheckOptions, 'paths'>, fs?: FileSystem) {
  return checkPaths(fs ?? memoryFileSystem(files), { builders: FAKE_BUILDERS, ...options });
}

function summary(result: ReturnType<typeof checkPaths>): string[] {
  return result.findings.map((f) => `${f.range.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId}`);
}

describe('checkPaths', () => {
  it('builds a host directory, runs the rules and keeps every file read', () => {
    const result = run(RADON, { paths: ['/c/radon'] });
    expect(summary(result)).toEqual(['/c/radon/etc/rc.conf:2:24 error fib-out-of-range']);
    expect(result.hostCount).toBe(1);
    expect([...result.sources.keys()].sort()).toEqual(['/c/radon/boot/loader.conf', '/c/radon/etc/pf.conf', '/c/radon/etc/rc.conf']);
    expect(result.errors).toEqual([]);
  });

  it('checks every host below a directory of hosts, and FireBrick XML files in it', () => {
    // pom.xml is XML but no FireBrick configuration (its root is not <config>): not a router to check.
    const files = { ...RADON, '/c/other/etc/rc.conf': 'ifconfig_em0="up fib 1"\n', '/c/fb.xml': '<config/>', '/c/notes.txt': 'x', '/c/pom.xml': '<project/>' };
    const result = run(files, { paths: ['/c'] });
    expect(result.hostCount).toBe(3);
    expect(summary(result)).toEqual([
      '/c/other/etc/rc.conf:1:18 error fib-out-of-range',
      '/c/radon/etc/rc.conf:2:24 error fib-out-of-range',
    ]);
  });

  it('looks for hosts and XML files a few levels down, skipping hidden directories', () => {
    const files = {
      ...RADON,
      '/c/fb/basic/router.xml': '<config/>',
      '/c/.git/etc/x': '',
      '/c/a/b/c/d/router.xml': '<config/>',
    };
    const result = run(files, { paths: ['/c'] });
    expect(result.hostCount).toBe(2);
    expect([...result.sources.keys()].filter((path) => path.endsWith('.xml'))).toEqual(['/c/fb/basic/router.xml']);
  });

  it('treats loose files as one incomplete host', () => {
    const result = run(RADON, { paths: ['/c/radon/etc/rc.conf', '/c/radon/etc/pf.conf'] });
    expect(result.hostCount).toBe(1);
    expect(summary(result)).toEqual([]);
    const withLoader = run(RADON, { paths: ['/c/radon/etc/rc.conf', '/c/radon/boot/loader.conf'] });
    expect(summary(withLoader)).toEqual(['/c/radon/etc/rc.conf:2:24 error fib-out-of-range']);
  });

  it('reads a file as the language --as names', () => {
    const files = { '/x/rules.txt': 'comment="rtable 1"\n', '/x/boot/loader.conf': 'net.fibs=1' };
    const paths = ['/x/rules.txt', '/x/boot/loader.conf'];
    expect(summary(run(files, { paths }))).toEqual([]);
    expect(summary(run(files, { paths, as: 'pf' }))).toEqual(['/x/rules.txt:1:10 error fib-out-of-range']);
  });

  it('reports paths that do not exist or hold no host, and checks the rest', () => {
    const result = run({ ...RADON, '/empty/readme': 'x' }, { paths: ['/nope', '/empty', '/c/radon'] });
    expect(result.errors).toEqual([
      '/nope: no such file or directory',
      '/empty: no host found (expected etc/, boot/ or usr/ below it, or FireBrick .xml files)',
    ]);
    expect(result.hostCount).toBe(1);
  });

  it('says which front end is missing instead of failing', () => {
    const result = checkPaths(memoryFileSystem(RADON), { paths: ['/c/radon'], builders: {} });
    expect(result.errors).toEqual(['no FreeBSD host front end is available in this build of pflint']);
    expect(result.hostCount).toBe(0);
  });

  it('turns a builder that throws into an internal-error finding', () => {
    const result = checkPaths(memoryFileSystem(RADON), {
      paths: ['/c/radon/etc/pf.conf'],
      builders: {
        looseFiles: () => {
          throw new Error('parser exploded');
        },
      },
    });
    expect(result.findings.map((f) => [f.ruleId, f.message, f.range.file])).toEqual([
      ['internal-error', 'reading /c/radon/etc/pf.conf failed: parser exploded', '/c/radon/etc/pf.conf'],
    ]);
  });

  it('applies the nearest .pflintrc.json: severities, off, and its own problems', () => {
    const config = '{\n  "rules": { "fib-out-of-range": "info", "nope": "off" }\n}\n';
    const result = run({ ...RADON, '/c/.pflintrc.json': config }, { paths: ['/c/radon'] });
    expect(summary(result)).toEqual([
      '/c/.pflintrc.json:2:42 warning config-error',
      '/c/radon/etc/rc.conf:2:24 info fib-out-of-range',
    ]);
    expect(result.sources.get('/c/.pflintrc.json')?.language).toBe('json');
    const off = run({ ...RADON, '/cfg.json': '{"rules": {"fib-out-of-range": "off"}}' }, { paths: ['/c/radon'], configFile: '/cfg.json' });
    expect(summary(off)).toEqual([]);
  });

  it('reports a configuration problem once, however many hosts share the file', () => {
    const files = { ...RADON, '/c/other/etc/rc.conf': '', '/c/.pflintrc.json': '{"x": 1}' };
    expect(summary(run(files, { paths: ['/c/radon', '/c/other'] }))).toEqual(['/c/.pflintrc.json:1:2 error config-error', '/c/radon/etc/rc.conf:2:24 error fib-out-of-range']);
  });

  it('applies suppression comments and counts what they suppressed', () => {
    const files = { ...RADON, '/c/radon/etc/rc.conf': 'ifconfig_gif0="up fib 1"\n# pflint disable=fib-out-of-range\nifconfig_bastille0="up fib 2"\n' };
    const result = run(files, { paths: ['/c/radon'] });
    expect(summary(result)).toEqual([]);
    expect(result.suppressedCount).toBe(1);
  });

  it('uses the dialect from the command line over the configuration, and the configuration over the default', () => {
    const seen: string[] = [];
    const builders = {
      freebsdHost: (fs: FileSystem, directory: string, options: { dialect: string }) => {
        seen.push(options.dialect);
        return FAKE_BUILDERS.freebsdHost!(fs, directory, { dialect: 'freebsd', layout: {}, includePaths: [] });
      },
    };
    const files = { ...RADON, '/c/.pflintrc.json': '{"dialect": "openbsd"}' };
    checkPaths(memoryFileSystem(files), { paths: ['/c/radon'], builders });
    checkPaths(memoryFileSystem(files), { paths: ['/c/radon'], builders, dialect: 'freebsd' });
    checkPaths(memoryFileSystem(RADON), { paths: ['/c/radon'], builders });
    expect(seen).toEqual(['openbsd', 'freebsd', 'freebsd']);
  });

  it('reports progress after each host', () => {
    const progress: string[] = [];
    run({ ...RADON, '/c/b/etc/rc.conf': '' }, { paths: ['/c'], onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`) });
    expect(progress).toEqual(['1/2 /c/b', '2/2 /c/radon']);
  });
});

describe('detectLanguage', () => {
  it('goes by the file name first', () => {
    expect(detectLanguage('/etc/pf.conf', 'x=1')).toBe('pf');
    expect(detectLanguage('/etc/pf.conf.local', '')).toBe('pf');
    expect(detectLanguage('anchors/web.pf', '')).toBe('pf');
    expect(detectLanguage('/etc/rc.conf', 'pass')).toBe('rcconf');
    expect(detectLanguage('/etc/rc.conf.d/routing', '')).toBe('rcconf');
    expect(detectLanguage('/boot/loader.conf', '')).toBe('rcconf');
    expect(detectLanguage('/usr/local/etc/wireguard/wg0.conf', '[Interface]')).toBe('rcconf');
    expect(detectLanguage('router.xml', '')).toBe('firebrick');
  });

  it('falls back to the content', () => {
    expect(detectLanguage('config', '<?xml version="1.0"?><config/>')).toBe('firebrick');
    expect(detectLanguage('fw', 'ext_if = "em0"\nblock all\n')).toBe('pf');
    expect(detectLanguage('vars', 'gateway_enable="YES"\n')).toBe('rcconf');
  });
});
