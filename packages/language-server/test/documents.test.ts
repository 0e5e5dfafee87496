import { describe, expect, it } from 'vitest';
import { knownLanguage, memoryFileSystem } from '@pflint/core';
import { findHostTarget } from '../src/host-discovery.js';
import { documentLanguage, firebrickFiles } from '../src/languages.js';
import { overlayFileSystem } from '../src/overlay-fs.js';

describe('document languages', () => {
  it.each([
    ['/h/etc/pf.conf', 'pf'],
    ['/h/etc/lan.pf', 'pf'],
    ['/h/etc/pf.anchors/com.example', 'pf'],
    ['/h/etc/rc.conf', 'rcconf'],
    ['/h/etc/rc.conf.local', 'rcconf'],
    ['/h/etc/rc.conf.d/routing', 'rcconf'],
    ['/h/boot/loader.conf', 'rcconf'],
    ['/h/etc/sysctl.conf', 'rcconf'],
    ['/h/etc/jail.conf', 'rcconf'],
    ['/h/etc/jail.conf.d/www.conf', 'rcconf'],
    ['/h/boot/loader.conf.d/fibs.conf', 'rcconf'],
    ['/h/usr/local/etc/wireguard/wg0.conf', 'rcconf'],
  ])('%s is %s by its name, as for pflint check and fmt', (path, language) => {
    expect(documentLanguage(path, '')).toBe(language);
    expect(knownLanguage(path, '')).toBe(language);
  });

  it('recognises FireBrick XML by its <config> root, after a declaration and comments', () => {
    expect(documentLanguage('/r/fb.xml', '<?xml version="1.0"?>\n<!-- router -->\n<config xmlns="http://firebrick.ltd.uk/xml/fb2700/">')).toBe('firebrick');
    expect(documentLanguage('/r/pom.xml', '<?xml version="1.0"?>\n<project>')).toBeUndefined();
    expect(documentLanguage('/r/fb.xml', '<configuration/>')).toBeUndefined();
  });

  it('reads the files pflint.firebrick.files names as FireBrick: paths below the workspace folder, bare patterns by file name', () => {
    const isFirebrick = firebrickFiles(['routers/*.xml', '*.fbconf'], (path) => (path.startsWith('/w/') ? '/w' : undefined));
    expect(documentLanguage('/w/routers/core.xml', '<?xml version="1.0"?>\n<!-- exported -->', undefined, isFirebrick)).toBe('firebrick');
    expect(documentLanguage('/w/deep/site/edge.fbconf', '', undefined, isFirebrick)).toBe('firebrick');
    expect(documentLanguage('/elsewhere/edge.fbconf', '', undefined, isFirebrick)).toBe('firebrick');
    // Not below routers/ of the workspace folder, and not FireBrick by its root either.
    expect(documentLanguage('/w/other/routers/core.xml', '<project/>', undefined, isFirebrick)).toBeUndefined();
    // The client's language id still wins, and the patterns do not take files of other languages.
    expect(documentLanguage('/w/routers/core.xml', '', 'pf', isFirebrick)).toBe('pf');
    expect(documentLanguage('/w/etc/pf.conf', '', undefined, isFirebrick)).toBe('pf');
    expect(documentLanguage('/w/routers/core.xml', '<project/>', undefined, firebrickFiles([], () => '/w'))).toBeUndefined();
  });

  it('answers fast on hostile XML that would make a backtracking pattern explode', () => {
    const hostile = `<?xml version="1.0"?>${' '.repeat(30_000)}<!--${' \n'.repeat(10_000)}`;
    const started = performance.now();
    expect(documentLanguage('/r/fb.xml', hostile)).toBeUndefined();
    expect(documentLanguage('/r/fb.xml', `${' \t\n'.repeat(20_000)}x`)).toBeUndefined();
    expect(documentLanguage('/r/fb.xml', `${'\n'.repeat(20_000)}<config>`)).toBe('firebrick');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("leaves other files alone, unless the client's language id names one of ours", () => {
    expect(documentLanguage('/h/etc/hosts', '127.0.0.1 localhost')).toBeUndefined();
    expect(documentLanguage('/h/README.md', 'pass in all')).toBeUndefined();
    expect(documentLanguage('/h/firewall.rules', '', 'pf')).toBe('pf');
    expect(documentLanguage('/h/jails.conf', '', 'jailconf')).toBe('rcconf');
    expect(documentLanguage('/h/etc/hosts', '', 'plaintext')).toBeUndefined();
  });
});

describe('host discovery', () => {
  const fs = memoryFileSystem({
    '/ws/radon/etc/pf.conf': '',
    '/ws/radon/etc/rc.conf': '',
    '/ws/radon/usr/local/etc/wireguard/wg0.conf': '',
    '/ws/vps/boot/loader.conf': '',
    '/ws/vps/rules/lan.pf': '',
    '/ws/configured/.pflintrc.json': '{}',
    '/ws/configured/fw/pf.conf': '',
    '/ws/loose/pf.conf': '',
    '/etc/rc.conf': '',
  });

  it('finds the nearest directory shaped like a root file system', () => {
    expect(findHostTarget(fs, '/ws/radon/etc/pf.conf', 'pf', '/ws')).toEqual({ kind: 'directory', root: '/ws/radon' });
    expect(findHostTarget(fs, '/ws/vps/rules/lan.pf', 'pf', '/ws')).toEqual({ kind: 'directory', root: '/ws/vps' });
    expect(findHostTarget(fs, '/ws/configured/fw/pf.conf', 'pf', '/ws')).toEqual({ kind: 'directory', root: '/ws/configured' });
  });

  it("does not take a host's own usr/local for a host", () => {
    expect(findHostTarget(fs, '/ws/radon/usr/local/etc/wireguard/wg0.conf', 'rcconf', '/ws')).toEqual({ kind: 'directory', root: '/ws/radon' });
  });

  it('treats a file outside any host, and every FireBrick file, as a host of its own', () => {
    expect(findHostTarget(fs, '/ws/loose/pf.conf', 'pf', '/ws')).toEqual({ kind: 'file', file: '/ws/loose/pf.conf', language: 'pf' });
    expect(findHostTarget(fs, '/ws/radon/etc/fb.xml', 'firebrick', '/ws')).toEqual({ kind: 'file', file: '/ws/radon/etc/fb.xml', language: 'firebrick' });
  });

  it('stops at the workspace folder, and never takes / without one', () => {
    expect(findHostTarget(fs, '/ws/loose/pf.conf', 'pf', '/ws/loose')).toEqual({ kind: 'file', file: '/ws/loose/pf.conf', language: 'pf' });
    expect(findHostTarget(fs, '/ws/loose/pf.conf', 'pf', undefined)).toEqual({ kind: 'file', file: '/ws/loose/pf.conf', language: 'pf' });
    expect(findHostTarget(fs, '/etc/rc.conf', 'rcconf', '/')).toEqual({ kind: 'directory', root: '/' });
  });
});

describe('overlay file system', () => {
  const disk = memoryFileSystem({ '/h/etc/pf.conf': 'on disk', '/h/etc/rc.conf': 'rc on disk' });

  it('serves open buffers over the disk and the disk for the rest', () => {
    const fs = overlayFileSystem(new Map([['/h/etc/pf.conf', 'in the editor']]), disk);
    expect(fs.readFile('/h/etc/pf.conf')).toBe('in the editor');
    expect(fs.readFile('/h/etc/rc.conf')).toBe('rc on disk');
    expect(fs.readFile('/h/etc/missing')).toBeUndefined();
  });

  it('lists unsaved new files in their directories, which then exist', () => {
    const fs = overlayFileSystem(new Map([['/h/etc/rc.conf.d/new', 'x']]), disk);
    expect(fs.readDirectory('/h/etc')).toEqual(['pf.conf', 'rc.conf', 'rc.conf.d']);
    expect(fs.readDirectory('/h/etc/rc.conf.d')).toEqual(['new']);
    expect(fs.isDirectory('/h/etc/rc.conf.d')).toBe(true);
    expect(fs.isDirectory('/h/etc/pf.conf')).toBe(false);
    expect(fs.readDirectory('/nowhere')).toBeUndefined();
  });
});
