import { describe, expect, it } from 'vitest';
import { applyEdits, planFixes, sourceFile, type Finding, type Fix, type SourceFile } from '@pflint/core';

const TEXT = 'abcdefghij\n';
const file: SourceFile = sourceFile('f', 'pf', TEXT);
const sources = new Map([['f', file]]);

function fix(safety: Fix['safety'], ...edits: [number, number, string][]): Fix {
  return {
    description: edits.map(([, , text]) => text).join(),
    safety,
    edits: edits.map(([start, end, newText]) => ({ range: file.lines.range('f', start, end), newText })),
  };
}

function findingWith(...fixes: Fix[]): Finding {
  return { ruleId: 'r', severity: 'error', message: 'm', range: file.lines.range('f', 0, 0), fixes };
}

describe('planFixes', () => {
  it('applies safe fixes only, unless unsafe ones are asked for', () => {
    const findings = [findingWith(fix('safe', [0, 1, 'A'])), findingWith(fix('unsafe', [2, 3, 'C']))];
    expect(planFixes(findings, sources, 'safe').changed.get('f')).toBe('Abcdefghij\n');
    expect(planFixes(findings, sources, 'unsafe').changed.get('f')).toBe('AbCdefghij\n');
  });

  it('skips a fix that overlaps one already chosen, leaving it for the next pass', () => {
    const first = fix('safe', [0, 3, 'X']);
    const second = fix('safe', [2, 5, 'Y']);
    const plan = planFixes([findingWith(first), findingWith(second)], sources, 'safe');
    expect(plan.changed.get('f')).toBe('Xdefghij\n');
    expect(plan.applied).toEqual([first]);
    expect(plan.skipped).toEqual([second]);
  });

  it('applies a fix whole or not at all', () => {
    const blocker = fix('safe', [5, 6, 'F']);
    const partlyBlocked = fix('safe', [0, 1, 'A'], [5, 6, 'Z']);
    const plan = planFixes([findingWith(blocker), findingWith(partlyBlocked)], sources, 'safe');
    expect(plan.changed.get('f')).toBe('abcdeFghij\n');
  });

  it('shares an edit that several findings offer, instead of calling it a conflict', () => {
    const plan = planFixes([findingWith(fix('safe', [1, 2, 'B'])), findingWith(fix('safe', [1, 2, 'B']))], sources, 'safe');
    expect(plan.changed.get('f')).toBe('aBcdefghij\n');
    expect(plan.applied).toHaveLength(2);
  });

  it('treats two insertions at one point as a conflict, and touching ranges as none', () => {
    const insertions = planFixes([findingWith(fix('safe', [3, 3, '1'])), findingWith(fix('safe', [3, 3, '2']))], sources, 'safe');
    expect(insertions.changed.get('f')).toBe('abc1defghij\n');
    const touching = planFixes([findingWith(fix('safe', [0, 2, 'X'])), findingWith(fix('safe', [2, 4, 'Y']))], sources, 'safe');
    expect(touching.changed.get('f')).toBe('XYefghij\n');
  });

  it('takes only the first fix a finding offers, and none for files it did not read', () => {
    const plan = planFixes([findingWith(fix('safe', [0, 1, 'A']), fix('safe', [9, 10, 'J']))], sources, 'safe');
    expect(plan.changed.get('f')).toBe('Abcdefghij\n');
    const elsewhere: Fix = { description: 'x', safety: 'safe', edits: [{ range: file.lines.range('g', 0, 1), newText: 'x' }] };
    expect(planFixes([findingWith(elsewhere)], sources, 'safe').changed.size).toBe(0);
  });
});

describe('applyEdits', () => {
  it('applies edits in any order by offset', () => {
    const edits = fix('safe', [8, 10, '!'], [0, 0, '>'], [4, 5, '']).edits;
    expect(applyEdits(TEXT, edits)).toBe('>abcdfgh!\n');
  });
});
