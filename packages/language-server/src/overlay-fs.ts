import * as fs from 'node:fs';
import * as posixPath from 'node:path/posix';
import type { FileSystem } from '@pflint/core';

/**
 * The language server's only disk access. Everything core reads goes through
 * `overlayFileSystem` over this, so an unsaved buffer always wins over the file
 * on disk.
 */
export const diskFileSystem: FileSystem = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDirectory(directory) {
    try {
      return fs.readdirSync(directory).sort();
    } catch {
      return undefined;
    }
  },
  isDirectory(directory) {
    try {
      return fs.statSync(directory).isDirectory();
    } catch {
      return false;
    }
  },
};

/**
 * A file system where open editor buffers (absolute POSIX paths to text) hide
 * the files below them. Buffers for files not yet saved appear in their
 * directory's listing, so a new rc.conf.d fragment counts before its first save.
 */
export function overlayFileSystem(buffers: ReadonlyMap<string, string>, base: FileSystem): FileSystem {
  const normalized = new Map<string, string>();
  for (const [file, text] of buffers) normalized.set(posixPath.normalize(file), text);
  const bufferNamesByDirectory = new Map<string, Set<string>>();
  for (const file of normalized.keys()) {
    let child = file;
    let parent = posixPath.dirname(child);
    while (parent !== child) {
      let names = bufferNamesByDirectory.get(parent);
      if (!names) bufferNamesByDirectory.set(parent, (names = new Set()));
      names.add(posixPath.basename(child));
      child = parent;
      parent = posixPath.dirname(child);
    }
  }
  return {
    readFile: (file) => normalized.get(posixPath.normalize(file)) ?? base.readFile(file),
    readDirectory(directory) {
      const fromBase = base.readDirectory(directory);
      const fromBuffers = bufferNamesByDirectory.get(posixPath.normalize(directory));
      if (!fromBuffers) return fromBase;
      return [...new Set([...(fromBase ?? []), ...fromBuffers])].sort();
    },
    isDirectory: (directory) => bufferNamesByDirectory.has(posixPath.normalize(directory)) || base.isDirectory(directory),
  };
}
