import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';

const CORPUS = fileURLToPath(new URL('../../../../corpus/', import.meta.url));

/** A corpus host's files in an in-memory file system, rooted at `/<host>`. */
export function corpusHost(host: string): FileSystem {
  const files: Record<string, string> = {};
  const walk = (directory: string, virtual: string): void => {
    for (const name of readdirSync(directory)) {
      const real = path.join(directory, name);
      if (statSync(real).isDirectory()) walk(real, `${virtual}/${name}`);
      else files[`${virtual}/${name}`] = readFileSync(real, 'utf8');
    }
  };
  walk(path.join(CORPUS, host), `/${host}`);
  return memoryFileSystem(files);
}
