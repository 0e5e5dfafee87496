import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRule } from '@pflint/core';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'rules' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Ids the front ends and the model builder write into findings: `ruleId: 'x'`, `report('x', ...)`, `add('x', ...)`. */
function frontEndIds(): Set<string> {
  const ids = new Set<string>();
  const patterns = [/ruleId: '([a-z0-9-]+)'/g, /\b(?:report|add)\(\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'/g, /^\s+'([a-z0-9]+(?:-[a-z0-9]+)+)',\n\s+'(?:error|warning|info)'/gm];
  for (const file of sourceFiles(SOURCE)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) ids.add(match[1]!);
  }
  ids.add('pf-semantic');
  return ids;
}

describe('front-end finding ids', () => {
  it('finds the ids the front ends raise', () => {
    const ids = frontEndIds();
    for (const known of ['undefined-macro', 'route-unused', 'invalid-value', 'unknown-ip-group', 'xml-too-large', 'include-not-found']) expect(ids).toContain(known);
  });

  it('registers every one of them as a rule, so it can be configured, suppressed and explained', () => {
    expect([...frontEndIds()].filter((id) => !findRule(id)).sort()).toEqual([]);
  });
});
