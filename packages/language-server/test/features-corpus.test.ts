import { fileURLToPath } from 'node:url';
import * as posixPath from 'node:path/posix';
import type { SourceRange } from '@pflint/core';
import { describe, expect, it } from 'vitest';
import { createFeatures, type FeatureOp, type FeatureQuery } from '../src/features.js';
import type { HostTarget } from '../src/host-discovery.js';
import type { DocumentLanguage } from '../src/languages.js';
import { diskFileSystem } from '../src/overlay-fs.js';

// Every position of the corpus hosts' files, every position-based feature: no request may throw, and
// every range answered must lie inside a real file. The corpus is read from disk, as the worker does.
const CORPUS = fileURLToPath(new URL('../../../corpus/', import.meta.url));
const POSITION_OPS: readonly FeatureOp[] = ['definition', 'references', 'hover', 'completion', 'prepareRename'];

const HOSTS: readonly { readonly target: HostTarget; readonly files: readonly [string, DocumentLanguage][] }[] = [
  { target: { kind: 'directory', root: `${CORPUS}radon` }, files: [['etc/pf.conf', 'pf'], ['etc/rc.conf', 'rcconf']] },
  { target: { kind: 'directory', root: `${CORPUS}vpsbig` }, files: [['etc/pf.conf', 'pf'], ['etc/rc.conf', 'rcconf'], ['etc/jail.conf', 'rcconf']] },
  {
    target: { kind: 'file', file: `${CORPUS}firebrick-basic/router.xml`, language: 'firebrick' },
    files: [['router.xml', 'firebrick']],
  },
];

describe('language features on every position of the corpus hosts', () => {
  for (const { target, files } of HOSTS) {
    const root = target.kind === 'directory' ? target.root : posixPath.dirname(target.file);
    it(`answers without throwing on ${posixPath.basename(root)}`, () => {
      const answer = createFeatures(diskFileSystem);
      let answered = 0;
      const misplaced: string[] = [];
      for (const [name, language] of files) {
        const file = posixPath.join(root, name);
        const text = diskFileSystem.readFile(file)!;
        const host = { target, buffers: [], stamp: 'corpus' };
        const base = { file, language, version: 1, text, dialect: 'freebsd' as const, host };
        for (const op of ['symbols', 'folding', 'semanticTokens', 'format'] as const) {
          expect(() => answer({ ...base, op, offset: 0 })).not.toThrow();
        }
        // Every third offset keeps the run short on a loaded machine and still lands on every token.
        for (let offset = 0; offset <= text.length; offset += 3) {
          for (const op of POSITION_OPS) {
            const query: FeatureQuery = { ...base, op, offset, includeDeclaration: true };
            const result = answer(query) as unknown;
            for (const range of rangesIn(result)) {
              const pointedAt = diskFileSystem.readFile(range.file);
              expect(pointedAt, `${op} at ${name}:${offset} points at ${range.file}`).toBeDefined();
              const { start, end } = range;
              const inside = start !== undefined && end !== undefined && start.offset <= end.offset && end.offset <= pointedAt!.length;
              if (!inside) misplaced.push(`${op} at ${name}:${offset}: ${JSON.stringify(range)}`);
              answered++;
            }
          }
        }
      }
      expect(misplaced).toEqual([]);
      // FireBrick XML has no navigation yet; the hosts do.
      if (target.kind === 'directory') expect(answered).toBeGreaterThan(0);
    }, 120_000);
  }
});

/** A range as a feature answered it: a range spread by mistake keeps its file and loses its positions. */
type AnsweredRange = Pick<SourceRange, 'file'> & Partial<Pick<SourceRange, 'start' | 'end'>>;

/** The core ranges in a feature answer (definitions, references, hover and rename ranges). */
function rangesIn(result: unknown): AnsweredRange[] {
  const isRange = (value: unknown): value is AnsweredRange => typeof value === 'object' && value !== null && 'file' in value;
  if (Array.isArray(result)) return result.filter(isRange);
  if (typeof result === 'object' && result !== null && 'range' in result) {
    const range = (result as { range: unknown }).range;
    if (isRange(range)) return [range];
  }
  return [];
}
