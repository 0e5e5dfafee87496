import { randomBytes } from 'node:crypto';
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

/**
 * Writes through a temporary file in the same directory and renames it over
 * the target, so a reader (or a crash) sees the old file or the new one, never
 * half of one. The target's permission bits are kept. The temporary file is
 * created exclusively under an unguessable name, so a link planted in the
 * directory cannot redirect the write, and it is flushed to disk before the
 * rename. On any failure it is removed and the target is left as it was.
 */
export function writeFileAtomic(file: string, text: string): void {
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.pflint-${randomBytes(6).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  let created = false;
  try {
    descriptor = fs.openSync(temporary, 'wx', mode ?? 0o666);
    created = true;
    fs.writeFileSync(descriptor, text);
    // The mode given to open is filtered by the umask; set it exactly.
    if (mode !== undefined) fs.fchmodSync(descriptor, mode);
    fs.fsyncSync(descriptor);
    fs.closeSync(descriptor);
    descriptor = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (descriptor !== undefined) fs.closeSync(descriptor);
    // Only a file this call created is removed: an existing one of the same name is not ours.
    if (created) fs.rmSync(temporary, { force: true });
    throw error;
  }
}
