import { existsSync } from 'node:fs';
import * as path from 'node:path';

/*
 * Where the project's shared reference material lives (pfctl's regression
 * files, the seed articles): where PFLINT_SHARED says, else beside the
 * checkout (`../shared`), else at /work/shared. The tests that read it are
 * acceptance tests, so a missing folder is an error, never a skip.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');

function sharedDirectory(): string {
  const candidates = [process.env.PFLINT_SHARED, path.resolve(REPO, '../shared'), '/work/shared'].filter(
    (candidate): candidate is string => candidate !== undefined && candidate !== '',
  );
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'corpus/freebsd-pfctl')));
  if (found === undefined) {
    throw new Error(`the shared material (corpus/freebsd-pfctl, seeds) was not found in ${candidates.join(', ')}; set PFLINT_SHARED`);
  }
  return found;
}

const SHARED = sharedDirectory();

/** pfctl's regression files (`.in`, `.ok`, `.fail`), with a trailing slash. */
export const PFCTL_CORPUS = `${path.join(SHARED, 'corpus/freebsd-pfctl')}/`;

/** The seed articles, with a trailing slash. */
export const SEED_ARTICLES = `${path.join(SHARED, 'seeds')}/`;
