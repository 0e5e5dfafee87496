import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileSystem } from '@pflint/core';

export const nodeFileSystem: FileSystem = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDirectory(dir) {
    try {
      return fs.readdirSync(dir).sort();
    } catch {
      return undefined;
    }
  },
  isDirectory(dir) {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
};

/** Write through a temporary file in the same directory and rename over the target, keeping its mode. */
export function writeFileAtomic(file: string, text: string): void {
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.pflint-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, text, mode === undefined ? {} : { mode });
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
