import { describe, expect, it } from 'vitest';
import { detectLanguage, knownLanguage, languageFromName } from '../src/language.js';

const FIREBRICK = '<?xml version="1.0"?>\n<!-- router -->\n<config xmlns="http://firebrick.ltd.uk/xml/fb2700/"/>';

describe('knownLanguage: the one detector of check, fmt and the language server', () => {
  it.each([
    ['/h/etc/pf.conf', 'pf'],
    ['/h/etc/pf.conf.local', 'pf'],
    ['/h/etc/lan.pf', 'pf'],
    ['/h/etc/pf.anchors/com.example', 'pf'],
    ['/h/etc/pf.d/web', 'pf'],
    ['/h/etc/anchors/web.rules', 'pf'],
    ['/h/etc/rc.conf', 'rcconf'],
    ['/h/etc/rc.conf.local', 'rcconf'],
    ['/h/etc/rc.conf.d/routing', 'rcconf'],
    ['/h/usr/local/etc/rc.conf.d/bird', 'rcconf'],
    ['/h/boot/loader.conf', 'rcconf'],
    ['/h/boot/loader.conf.local', 'rcconf'],
    ['/h/boot/loader.conf.d/fibs.conf', 'rcconf'],
    ['/h/etc/sysctl.conf', 'rcconf'],
    ['/h/etc/sysctl.conf.local', 'rcconf'],
    ['/h/etc/jail.conf', 'rcconf'],
    ['/h/etc/jail.conf.d/www.conf', 'rcconf'],
    ['/h/usr/local/etc/wireguard/wg0.conf', 'rcconf'],
  ])('%s is %s by its name', (path, language) => {
    expect(languageFromName(path)).toBe(language);
    expect(knownLanguage(path, () => expect.unreachable('the text of a named file is not read'))).toBe(language);
  });

  it.each([
    '/h/etc/hosts',
    '/h/README.md',
    '/h/etc/pf.tables/blocklist',
    '/h/etc/jail.conf.d/README',
    '/h/boot/loader.conf.d/notes.txt',
    '/h/usr/local/etc/wireguard/wg0.key',
    '/h/etc/rc.conf.orig',
  ])('%s is not claimed', (path) => {
    expect(knownLanguage(path, 'pass all\n')).toBeUndefined();
  });

  it('claims XML only with a <config> root, whatever the case of the suffix', () => {
    expect(languageFromName('/r/router.xml')).toBeUndefined();
    expect(knownLanguage('/r/router.xml', FIREBRICK)).toBe('firebrick');
    expect(knownLanguage('/r/ROUTER.XML', () => FIREBRICK)).toBe('firebrick');
    expect(knownLanguage('/r/pom.xml', '<?xml version="1.0"?>\n<project/>')).toBeUndefined();
    expect(knownLanguage('/r/unreadable.xml', () => undefined)).toBeUndefined();
    expect(knownLanguage('/r/router.conf', FIREBRICK)).toBeUndefined();
  });
});

describe('detectLanguage: files the user named', () => {
  it.each([
    // Where knownLanguage has an answer, the same one, whatever the text.
    ['/etc/rc.conf', 'pass in all\n', 'rcconf'],
    ['/etc/jail.conf.d/www.conf', 'www { }\n', 'rcconf'],
    ['/etc/pf.anchors/web', 'ext_if="em0"\n', 'pf'],
    // Other XML is read as FireBrick, whose front end reports a root other than <config>.
    ['/r/pom.xml', '<project/>', 'firebrick'],
    ['/r/router', FIREBRICK, 'firebrick'],
    // Otherwise pf when a line starts with a statement keyword, else rc.conf.
    ['/tmp/fw', 'ext_if = "em0"\nblock all\n', 'pf'],
    ['/tmp/vars', 'gateway_enable="YES"\n', 'rcconf'],
  ])('%s holding %j is %s', (path, text, language) => {
    expect(detectLanguage(path, text)).toBe(language);
  });
});
