import * as posixPath from 'node:path/posix';
import { CONFIG_FILE_NAME, isHostDirectory, type FileSystem } from '@pflint/core';
import type { DocumentLanguage } from './languages.js';

/**
 * What one analysis covers: a host directory shaped like a root file system,
 * or a single file (a FireBrick XML router, or a config outside any host).
 */
export type HostTarget =
  | { readonly kind: 'directory'; readonly root: string }
  | { readonly kind: 'file'; readonly file: string; readonly language: DocumentLanguage };

/** A stable key for a target: documents with the same key are analysed together. */
export function targetKey(target: HostTarget): string {
  return target.kind === 'directory' ? `${target.root}/` : target.file;
}

/** True when `file` belongs to the target (is the file, or lies inside the host directory). */
export function targetContains(target: HostTarget, file: string): boolean {
  if (target.kind === 'file') return target.file === file;
  return file.startsWith(target.root.endsWith('/') ? target.root : `${target.root}/`);
}

/**
 * Finds the host a document belongs to: the nearest ancestor directory that
 * holds `.pflintrc.json` or looks like a root file system to core's check driver
 * (`isHostDirectory`: `etc/`, `boot/` or `usr/`), but not a host's own `usr/local`. The walk stops at `boundary` (the
 * workspace folder holding the document, which may itself be the host); with no
 * boundary it never accepts `/`, so a stray pf.conf on a developer's machine is
 * not analysed together with that machine's own /etc. A FireBrick XML file is
 * always a host of its own.
 */
export function findHostTarget(
  fs: FileSystem,
  file: string,
  language: DocumentLanguage,
  boundary: string | undefined,
): HostTarget {
  if (language === 'firebrick') return { kind: 'file', file, language };
  const stop = boundary === undefined ? undefined : posixPath.normalize(boundary);
  let directory = posixPath.dirname(file);
  while (true) {
    if (stop === undefined && directory === '/') break;
    if (isHostRoot(fs, directory)) return { kind: 'directory', root: directory };
    const parent = posixPath.dirname(directory);
    if (directory === stop || parent === directory) break;
    directory = parent;
  }
  return { kind: 'file', file, language };
}

/** A host directory to core's check driver, or one marked by its own `.pflintrc.json`. */
function isHostRoot(fs: FileSystem, directory: string): boolean {
  // A host's own usr/local has an etc/ too: it is part of the host above it.
  if (directory.endsWith('/usr/local')) return false;
  return fs.readFile(posixPath.join(directory, CONFIG_FILE_NAME)) !== undefined || isHostDirectory(fs, directory);
}
