import { defaultHostBuilders } from '@pflint/core';
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../src/analyzer.js';
import { createCoreAnalysis } from '../src/core-analysis.js';
import { WARM_UP_ROOT, WARM_UP_ROUNDS, warmUpRound } from '../src/warm-up.js';

const pfConfOf = (round: number): string => [...warmUpRound(round).request.buffers.values()][0]!;

describe('the warm-up host', () => {
  it('is a whole host that the real analysis reads without a finding, round after round through one session', () => {
    // Findings or errors would mean the rounds run the paths of broken configurations, not those of a user's edits.
    const analyze = createCoreAnalysis(defaultHostBuilders);
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      const { request, base } = warmUpRound(round);
      const result = runAnalysis(analyze, request, base);
      expect(result?.errors).toEqual([]);
      expect(result?.findings).toEqual([]);
      expect(result?.files).toEqual([`${WARM_UP_ROOT}/boot/loader.conf`, `${WARM_UP_ROOT}/etc/rc.conf`, `${WARM_UP_ROOT}/etc/pf.conf`]);
    }
  });

  it('changes one pf.conf line, the same one, from each round to the next', () => {
    const changedLines = new Set<number>();
    for (let round = 1; round < WARM_UP_ROUNDS; round++) {
      const before = pfConfOf(round - 1).split('\n');
      const after = pfConfOf(round).split('\n');
      expect(after).toHaveLength(before.length);
      const changed = after.flatMap((line, index) => (line === before[index] ? [] : [index]));
      expect(changed).toHaveLength(1);
      changedLines.add(changed[0]!);
    }
    expect(changedLines.size).toBe(1);
    // A ruleset long enough for a rule's pass over it to be worth optimising.
    expect(pfConfOf(0).split('\n').filter((line) => /^(pass|block) /.test(line)).length).toBeGreaterThan(250);
  });
});
