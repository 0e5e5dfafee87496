import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES, RULE_CATEGORIES, findRule, isValidRuleId, renderRuleDoc, renderRuleTable } from '@pflint/core';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/rules');
const TABLE_START = '<!-- rule-table:start -->';
const TABLE_END = '<!-- rule-table:end -->';
/** Set to regenerate docs/rules/ from the rules' metadata instead of comparing. */
const UPDATE = process.env['PFLINT_UPDATE_RULE_DOCS'] === '1';

describe('rule registry', () => {
  it('has unique, kebab-case ids in sorted order', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !isValidRuleId(id))).toEqual([]);
    expect([...ids].sort()).toEqual(ids);
  });

  it('finds rules by id and nothing else', () => {
    expect(findRule('fib-out-of-range')?.meta.category).toBe('routing');
    expect(findRule('fib-out-of-rang')).toBeUndefined();
  });

  it('rejects ids that are not kebab-case', () => {
    expect(isValidRuleId('fib-out-of-range')).toBe(true);
    for (const bad of ['FibOutOfRange', 'fib_out', '-fib', 'fib-', 'fib--gap', '1fib']) expect(isValidRuleId(bad)).toBe(false);
  });

  it('gives every rule a known category, a one-line summary and every docs section', () => {
    for (const { meta } of RULES) {
      expect(RULE_CATEGORIES).toContain(meta.category);
      expect(meta.summary, meta.id).toMatch(/^\S[^\n]*[^.\s]$/);
      for (const section of [meta.docs.whatItDoes, meta.docs.whyItMatters, meta.docs.fix, meta.docs.example.bad, meta.docs.example.good]) {
        expect(section.trim().length).toBeGreaterThan(0);
      }
      expect(meta.docs.example.bad).not.toBe(meta.docs.example.good);
    }
  });
});

describe('docs/rules', () => {
  it('holds one page per rule, equal to what `pflint explain` prints', () => {
    for (const { meta } of RULES) {
      const page = path.join(DOCS, `${meta.id}.md`);
      if (UPDATE) fs.writeFileSync(page, renderRuleDoc(meta));
      expect(fs.readFileSync(page, 'utf8'), `${page} is stale: run PFLINT_UPDATE_RULE_DOCS=1 npx vitest run packages/core/test/rules`).toBe(
        renderRuleDoc(meta),
      );
    }
  });

  it('has no page for a rule that does not exist', () => {
    const pages = fs.readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md');
    expect(pages.map((name) => name.slice(0, -3)).filter((id) => !findRule(id))).toEqual([]);
  });

  it('lists every rule in README.md', () => {
    const readme = path.join(DOCS, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const start = text.indexOf(TABLE_START);
    const end = text.indexOf(TABLE_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const table = `${TABLE_START}\n${renderRuleTable(RULES.map((rule) => rule.meta))}\n${TABLE_END}`;
    if (UPDATE) fs.writeFileSync(readme, text.slice(0, start) + table + text.slice(end + TABLE_END.length));
    const current = fs.readFileSync(readme, 'utf8');
    expect(current.slice(current.indexOf(TABLE_START), current.indexOf(TABLE_END) + TABLE_END.length)).toBe(table);
  });
});
