import * as posixPath from 'node:path/posix';

/**
 * The only way core reaches files. The CLI passes one backed by node:fs, the
 * language server one that overlays open editor buffers, tests an in-memory
 * one. Synchronous on purpose: pf's `include` is resolved while lexing, and
 * every caller already holds the whole host in memory or on local disk.
 * Paths are POSIX paths.
 */
export interface FileSystem {
  /** The file's text, or undefined if it does not exist or is not a regular file. */
  readFile(path: string): string | undefined;
  /** Names (not paths) in a directory, or undefined if it is not a directory. */
  readDirectory(path: string): readonly string[] | undefined;
  isDirectory(path: string): boolean;
}

/** An in-memory file system: keys are POSIX paths, values file contents. */
export function memoryFileSystem(files: Readonly<Record<string, string>>): FileSystem {
  const normalized = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) normalized.set(posixPath.normalize(path), text);
  const directories = new Map<string, Set<string>>();
  for (const path of normalized.keys()) {
    let child = path;
    let parent = posixPath.dirname(child);
    while (parent !== child) {
      let names = directories.get(parent);
      if (!names) directories.set(parent, (names = new Set()));
      names.add(posixPath.basename(child));
      child = parent;
      parent = posixPath.dirname(child);
    }
  }
  return {
    readFile: (path) => normalized.get(posixPath.normalize(path)),
    readDirectory: (path) => {
      const names = directories.get(posixPath.normalize(path));
      return names ? [...names].sort() : undefined;
    },
    isDirectory: (path) => directories.has(posixPath.normalize(path)),
  };
}
