/**
 * Versions of a pfctl corpus file made by random edits, for the property tests
 * that compare what a cache keeps across versions (a parse, an expansion, the
 * references) with what a fresh reading of each version gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { PFCTL_CORPUS } from '../shared-material.js';
import { pfTextEdit, withEdit, type PfTextEdit } from './text-edits.js';

let corpus: readonly string[] | undefined;

/** The pf.conf files of pfctl's regression corpus (`*.in`), in name order, read once. */
export function pfctlCorpus(): readonly string[] {
  return (corpus ??= readdirSync(PFCTL_CORPUS)
    .filter((name) => name.endsWith('.in'))
    .sort()
    .map((name) => readFileSync(PFCTL_CORPUS + name, 'utf8')));
}

/** A corpus file (its index) and the rounds of edits that make its later versions. */
export interface CorpusEdits {
  readonly file: number;
  readonly rounds: readonly (readonly PfTextEdit[])[];
}

/**
 * A corpus file and one to five rounds of one to three edits each (`edit`,
 * by default `pfTextEdit`). Kept as the index and the edits rather than the
 * texts, so that a counterexample prints short; `corpusVersions` makes the texts.
 */
export function corpusEdits(edit: fc.Arbitrary<PfTextEdit> = pfTextEdit): fc.Arbitrary<CorpusEdits> {
  return fc.record({
    file: fc.nat({ max: pfctlCorpus().length - 1 }),
    rounds: fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
  });
}

/** The file's text, then its text after each round of edits (each round applied to the version before). */
export function corpusVersions({ file, rounds }: CorpusEdits): string[] {
  let text = pfctlCorpus()[file]!;
  const versions = [text];
  for (const round of rounds) versions.push((text = round.reduce(withEdit, text)));
  return versions;
}
