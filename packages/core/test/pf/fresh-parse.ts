/** What the parse cache's tests share: comparing a cached parse with a fresh one, and edits by text. */
import { expect } from 'vitest';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache, type PfParseCache } from '../../src/pf/reparse.js';
import type { PfParseOptions, PfParseResult } from '../../src/pf/syntax.js';

/** Asserts that `cached` is what parsing `text` from scratch gives: the tree with every position, findings, tokens. */
export function expectSameAsFresh(cached: PfParseResult, text: string, options: PfParseOptions): void {
  const fresh = parsePfConf(text, options);
  expect(cached.tree).toEqual(fresh.tree);
  expect(cached.findings).toEqual(fresh.findings);
  expect(cached.lexed).toEqual(fresh.lexed);
}

/** Parses each text in turn through one cache, comparing every result with a fresh parse; the results. */
export function parseVersions(texts: readonly string[], options: PfParseOptions, cache: PfParseCache = createPfParseCache()): PfParseResult[] {
  return texts.map((text) => {
    const result = cache.parse(text, options);
    expectSameAsFresh(result, text, options);
    return result;
  });
}

/** Replaces the first `find` in `text`. */
export function edited(text: string, find: string, replacement: string): string {
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`no ${find} in the text`);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}
