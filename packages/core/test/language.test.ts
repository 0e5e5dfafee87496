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
  it('agrees with knownLanguage where that has an answer', () => {
    expect(detectLanguage('/etc/rc.conf', 'pass in all\n')).toBe('rcconf');
    expect(detectLanguage('/etc/jail.conf.d/www.conf', 'www { }\n')).toBe('rcconf');
    expect(detectLanguage('/etc/pf.anchors/web', 'ext_if="em0"\n')).toBe('pf');
  });

  it('reads other XML as FireBrick, whose front end reports a root other than <config>', () => {
    expect(detectLanguage('/r/pom.xml', '<project/>')).toBe('firebrick');
    expect(detectLanguage('/r/router', FIREBRICK)).toBe('firebrick');
  });

  it('guesses pf from a statement keyword at the start of a line, else rc.conf', () => {
    expect(detectLanguage('/tmp/fw', 'ext_if = "em0"\nblock all\n')).toBe('pf');
    expect(detectLanguage('/tmp/vars', 'gateway_enable="YES"\n')).toBe('rcconf');
  });
});
