/**
 * The per-document features share one parse of a pf.conf per version and
 * dialect: the outline, the colours and formatting of the same text parse it
 * once. Formatting a document nothing has parsed makes no parse to keep (the
 * formatter reads the statements without keeping a tree) and gives the same
 * edits; formatting a new version of a parsed document parses it from the
 * version before (core's parse cache re-reads only what changed).
 */
import { formatText, memoryFileSystem } from '@pflint/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFeatures, type FeatureQuery } from '../src/features.js';
import { minimalEdit } from '../src/formatting.js';

const parses = vi.hoisted(() => ({ count: 0, last: undefined as unknown, formattedFrom: [] as unknown[] }));

vi.mock('@pflint/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@pflint/core')>();
  return {
    ...core,
    createPfParseCache: () => {
      const cache = core.createPfParseCache();
      return {
        parse: (...args: Parameters<typeof cache.parse>) => {
          parses.count++;
          return (parses.last = cache.parse(...args));
        },
        forget: (file: string) => cache.forget(file),
      };
    },
    // The parse each formatText call is handed (core's own parse inside it is not counted above).
    formatText: (...args: Parameters<typeof core.formatText>) => {
      parses.formattedFrom.push(args[2]?.parsed);
      return core.formatText(...args);
    },
  };
});

const FILE = '/hosts/a/etc/pf.conf';
const TEXT = 'ext_if="vtnet0"\npass   in on $ext_if proto { tcp udp }   to port { 22 80 }\n';

function query(op: FeatureQuery['op'], changes: Partial<FeatureQuery> = {}): FeatureQuery {
  const host = { target: { kind: 'directory' as const, root: '/hosts/a' }, buffers: [], stamp: 's' };
  return { op, file: FILE, language: 'pf', version: 1, text: TEXT, dialect: 'freebsd', offset: 0, host, ...changes };
}

describe('one parse per pf.conf version for the per-document features', () => {
  beforeEach(() => {
    parses.count = 0;
    parses.last = undefined;
    parses.formattedFrom = [];
  });

  it('formats from the parse the colours and the outline made, with the same result', () => {
    const answer = createFeatures(memoryFileSystem({ [FILE]: TEXT }));
    answer(query('semanticTokens'));
    answer(query('symbols'));
    const formatted = answer(query('format'));
    expect(parses.count).toBe(1);
    expect(parses.formattedFrom).toHaveLength(1);
    expect(parses.formattedFrom[0]).toBe(parses.last);
    const expected = formatText(FILE, TEXT, { language: 'pf' });
    expect(expected.ok).toBe(true);
    if (expected.ok) expect(formatted).toEqual({ edits: [minimalEdit(TEXT, expected.text)] });
  });

  it('formats a version nothing has parsed without parsing it to keep, with the same edits', () => {
    const answer = createFeatures(memoryFileSystem({ [FILE]: TEXT }));
    const cold = answer(query('format'));
    expect(parses.count).toBe(0);
    expect(parses.formattedFrom).toEqual([undefined]);
    answer(query('symbols'));
    expect(parses.count).toBe(1);
    expect(answer(query('format'))).toEqual(cold);
    expect(parses.count).toBe(1);
  });

  it('formats a new version of a parsed document from its own parse, with the edits formatText gives', () => {
    const answer = createFeatures(memoryFileSystem({ [FILE]: TEXT }));
    answer(query('symbols'));
    const edited = `${TEXT}block   all\n`;
    const formatted = answer(query('format', { version: 2, text: edited }));
    expect(parses.count).toBe(2);
    expect(parses.formattedFrom).toEqual([parses.last]);
    const expected = formatText(FILE, edited, { language: 'pf' });
    expect(expected.ok).toBe(true);
    if (expected.ok) expect(formatted).toEqual({ edits: [minimalEdit(edited, expected.text)] });
  });

  it('makes the parse on a parse request (sent when a document opens) that formatting then reads', () => {
    const answer = createFeatures(memoryFileSystem({ [FILE]: TEXT }));
    expect(answer(query('parse'))).toBeNull();
    expect(parses.count).toBe(1);
    answer(query('format'));
    expect(parses.count).toBe(1);
    expect(parses.formattedFrom).toEqual([parses.last]);
  });

  it('parses again for another version or another dialect', () => {
    const answer = createFeatures(memoryFileSystem({ [FILE]: TEXT }));
    answer(query('symbols'));
    answer(query('format'));
    expect(parses.count).toBe(1);
    answer(query('symbols', { dialect: 'openbsd' }));
    expect(parses.count).toBe(2);
    answer(query('symbols', { version: 2, text: `${TEXT}block all\n` }));
    expect(parses.count).toBe(3);
  });
});
