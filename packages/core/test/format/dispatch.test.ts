import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { formatText, formattableFiles } from '../../src/format/index.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf } from '../../src/pf/parse.js';

// A formatter that throws on one file name, to see the dispatcher turn a formatter bug into a refusal.
vi.mock('../../src/format/xml.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/format/xml.js')>();
  return {
    ...real,
    formatFirebrickXml: (...args: Parameters<typeof real.formatFirebrickXml>) => {
      if (args[0] === 'boom.xml') throw new Error('boom');
      return real.formatFirebrickXml(...args);
    },
  };
});

describe('formatText', () => {
  it('picks the formatter from the file name', () => {
    expect(formatText('etc/rc.conf', 'a=1\n')).toEqual({ ok: true, text: 'a="1"\n' });
    expect(formatText('router.xml', '<config><a/></config>')).toEqual({ ok: true, text: '<config>\n    <a/>\n</config>\n' });
    const pf = formatText('etc/pf.conf', 'pass   in    all\n');
    expect(pf).toEqual({ ok: true, text: 'pass in all\n' });
  });

  it('detects FireBrick XML by content and otherwise guesses as check does', () => {
    expect(formatText('router', '<config><a/></config>\n')).toEqual({ ok: true, text: '<config>\n    <a/>\n</config>\n' });
    expect(formatText('unnamed', 'x=1\n')).toEqual({ ok: true, text: 'x="1"\n' });
  });

  it('follows a forced language', () => {
    const asXml = formatText('etc/rc.conf', 'a=1\n', { language: 'firebrick' });
    expect(asXml.ok).toBe(false);
    expect(formatText('notes.txt', 'a=1\n', { language: 'rcconf' })).toEqual({ ok: true, text: 'a="1"\n' });
  });

  it('passes the options and the range on', () => {
    expect(formatText('router.xml', '<config><a/></config>', { options: { ...DEFAULT_FORMAT_OPTIONS, indent: 1 } })).toEqual({
      ok: true,
      text: '<config>\n <a/>\n</config>\n',
    });
    const text = 'a=1\nb=2\n';
    expect(formatText('etc/rc.conf', text, { range: { start: 4, end: 5 } })).toEqual({ ok: true, text: 'a=1\nb="2"\n' });
  });

  it('refuses pf.conf with a syntax error', () => {
    const result = formatText('etc/pf.conf', 'pass in on {\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.every((error) => error.ruleId === 'syntax-error' && error.range.file === 'etc/pf.conf')).toBe(true);
  });

  it('reads a pf.conf parse the caller already has, but not one of another text', () => {
    const text = 'pass   in    all\n';
    const parsed = parsePfConf(text, { file: 'etc/pf.conf', dialect: 'freebsd' });
    expect(formatText('etc/pf.conf', text, { parsed })).toEqual({ ok: true, text: 'pass in all\n' });
    // The parse handed over is what decides: one that reports a syntax error makes the formatter refuse.
    const error = { ruleId: 'syntax-error', severity: 'error' as const, message: 'test', range: parsed.tree.range };
    const refused = formatText('etc/pf.conf', text, { parsed: { ...parsed, findings: [error] } });
    expect(refused).toEqual({ ok: false, errors: [error] });
    const other = parsePfConf('pass out all\n', { file: 'etc/pf.conf', dialect: 'freebsd' });
    expect(formatText('etc/pf.conf', text, { parsed: { ...other, findings: [error] } })).toEqual({ ok: true, text: 'pass in all\n' });
  });

  it('turns a formatter exception into a refusal instead of throwing', () => {
    const result = formatText('boom.xml', '<config/>');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ ruleId: 'internal-error', range: { file: 'boom.xml', start: { line: 1, column: 1 } } });
  });
});

// Generous time limits: the suite runs on a shared two-core machine, next to everyone else's tests.
describe('formatText on arbitrary text', { timeout: 120_000 }, () => {
  it('never fails inside the rc.conf-family and XML formatters: it formats or names a syntax problem', () => {
    const files = ['etc/rc.conf', 'boot/loader.conf', 'etc/sysctl.conf', 'etc/jail.conf', 'usr/local/etc/wireguard/wg0.conf', 'router.xml'];
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.string({ unit: 'binary', maxLength: 60 }), (file, text) => {
        const result = formatText(file, text);
        if (!result.ok) expect(result.errors.map((error) => error.ruleId)).not.toContain('internal-error');
      }),
      { numRuns: 1500 },
    );
  });
});

describe('formattableFiles', () => {
  it('lists the files pflint knows, FireBrick XML by content, and skips the rest', () => {
    const fs = memoryFileSystem({
      '/h/etc/rc.conf': '',
      '/h/etc/pf.conf': '',
      '/h/etc/ips_blocklist': '10.0.0.0/8\n',
      '/h/boot/loader.conf': '',
      '/h/usr/local/etc/wireguard/wg0.conf': '',
      '/h/router.xml': '<?xml version="1.0"?>\n<config/>',
      '/h/other.xml': '<project/>',
      '/h/.git/rc.conf': '',
      '/h/node_modules/x/pf.conf': '',
      '/h/README.md': '',
    });
    expect(formattableFiles(fs, '/h')).toEqual([
      '/h/boot/loader.conf',
      '/h/etc/pf.conf',
      '/h/etc/rc.conf',
      '/h/router.xml',
      '/h/usr/local/etc/wireguard/wg0.conf',
    ]);
  });
});
