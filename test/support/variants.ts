import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** One broken variant of a corpus host (corpus/variants.json): one text replaced, one rule raised at the given lines. */
export interface Variant {
  readonly name: string;
  readonly host: string;
  readonly file: string;
  readonly rule: string;
  readonly at?: string;
  readonly lines: readonly number[];
  readonly fixClears?: boolean;
  readonly from: string;
  readonly to: string;
}

export const CORPUS_VARIANTS: readonly Variant[] = (
  JSON.parse(readFileSync(path.join(REPO, 'corpus/variants.json'), 'utf8')) as { variants: Variant[] }
).variants;
