/**
 * A long parse or expansion asks its caller's checkpoint every few hundred
 * statements, so that the language server can stop one a newer edit made
 * stale instead of waiting for its end.
 */
import { describe, expect, it } from 'vitest';
import { expandPfConf } from '../../src/pf/expand.js';
import { CHECKPOINT_EVERY, parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache } from '../../src/pf/reparse.js';
import { memoryFileSystem } from '../../src/fs.js';

const RULES = 4 * CHECKPOINT_EVERY + 10;
const FILE = '/etc/pf.conf';

function ruleset(rules = RULES): string {
  const lines = ['ext_if = "em0"'];
  for (let index = 0; index < rules; index++) lines.push(`pass in on $ext_if proto tcp to 192.0.2.${index % 250} port ${1024 + index}`);
  return `${lines.join('\n')}\n`;
}

class Stop extends Error {}

/** A checkpoint that counts its calls and throws `Stop` on call `stopAt` (never when undefined). */
function countingCheckpoint(stopAt?: number): { checkpoint: () => void; calls: () => number } {
  let calls = 0;
  return {
    checkpoint: () => {
      if (++calls === stopAt) throw new Stop();
    },
    calls: () => calls,
  };
}

describe('checkpoints of a parse', () => {
  it('are asked every CHECKPOINT_EVERY statements, and what one throws ends the parse', () => {
    const counting = countingCheckpoint();
    const parsed = parsePfConf(ruleset(), { file: FILE, checkpoint: counting.checkpoint });
    expect(parsed.tree.statements).toHaveLength(RULES + 1);
    expect(counting.calls()).toBe(Math.floor((RULES + 1) / CHECKPOINT_EVERY));

    const stopping = countingCheckpoint(2);
    expect(() => parsePfConf(ruleset(), { file: FILE, checkpoint: stopping.checkpoint })).toThrow(Stop);
    expect(stopping.calls()).toBe(2);
  });

  it('are asked in an included file too', () => {
    const fs = memoryFileSystem({ '/etc/rules.pf': ruleset() });
    const counting = countingCheckpoint();
    parsePfConf('include "/etc/rules.pf"\n', { file: FILE, fs, checkpoint: counting.checkpoint });
    expect(counting.calls()).toBe(Math.floor((RULES + 1) / CHECKPOINT_EVERY));
  });

  it('leave a parse cache able to read the file right after a cut parse', () => {
    const cache = createPfParseCache();
    const text = ruleset();
    cache.parse(text, { file: FILE });
    // Edits at both ends: the stretch read again is the whole file, long enough to be cut.
    const edited = text.replace('port 1024\n', 'port 2024\n').replace(`port ${1023 + RULES}\n`, 'port 80\n');
    expect(edited).not.toBe(text);
    expect(() => cache.parse(edited, { file: FILE, checkpoint: countingCheckpoint(1).checkpoint })).toThrow(Stop);
    const again = cache.parse(edited, { file: FILE });
    const fresh = parsePfConf(edited, { file: FILE });
    expect(again.findings).toEqual(fresh.findings);
    expect(again.tree.statements.map((statement) => [statement.kind, statement.range.start.offset, statement.range.end.offset])).toEqual(
      fresh.tree.statements.map((statement) => [statement.kind, statement.range.start.offset, statement.range.end.offset]),
    );
  });
});

describe('checkpoints of an expansion', () => {
  const tree = parsePfConf(ruleset(), { file: FILE }).tree;

  it('are asked every CHECKPOINT_EVERY top-level statements, and what one throws ends the expansion', () => {
    const counting = countingCheckpoint();
    const expanded = expandPfConf(tree, { checkpoint: counting.checkpoint });
    expect(expanded.config.rules.filter.length).toBe(RULES);
    expect(counting.calls()).toBe(Math.floor((RULES + 1) / CHECKPOINT_EVERY));

    // Not caught by the expansion's own guard, which turns errors in a statement into findings.
    expect(() => expandPfConf(tree, { checkpoint: countingCheckpoint(1).checkpoint })).toThrow(Stop);
  });

  it("end the expansion from an included file's statements too, even one asked to keep its rules", () => {
    const fs = memoryFileSystem({ '/etc/rules.pf': ruleset() });
    const included = parsePfConf('include "/etc/rules.pf"\n', { file: FILE, fs }).tree;
    const counting = countingCheckpoint();
    expect(expandPfConf(included, { checkpoint: counting.checkpoint }).config.rules.filter.length).toBe(RULES);
    expect(counting.calls()).toBe(Math.floor((RULES + 1) / CHECKPOINT_EVERY));
    // A file with an include keeps nothing, so it is asked; the statement's guard around the include must let the stop through.
    for (const keepExpansions of [false, true]) {
      expect(() => expandPfConf(included, { keepExpansions, checkpoint: countingCheckpoint(2).checkpoint })).toThrow(Stop);
    }
  });

  it('are not asked while the expansion keeps its rules for the next one', () => {
    const counting = countingCheckpoint(1);
    const expanded = expandPfConf(parsePfConf(ruleset(), { file: FILE }).tree, { keepExpansions: true, checkpoint: counting.checkpoint });
    expect(expanded.config.rules.filter.length).toBe(RULES);
    expect(counting.calls()).toBe(0);
  });
});
