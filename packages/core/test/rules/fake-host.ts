import * as posixPath from 'node:path/posix';
import {
  emptyHostModel,
  sourceFile,
  type BuiltHost,
  type FileSystem,
  type HostAnalysis,
  type HostBuilders,
  type HostModel,
  type InputLanguage,
  type SourceFile,
  type SourceRange,
  type TableUse,
} from '@pflint/core';

/**
 * A stand-in for the real host builder, just enough for the engine's tests:
 * reads `net.fibs` from boot/loader.conf, `fib N` from etc/rc.conf and
 * `rtable N` from etc/pf.conf, with exact ranges. The real front ends are
 * tested in their own suites.
 */
export function fakeAnalysis(files: ReadonlyMap<string, SourceFile>, complete: boolean, name = 'host'): HostAnalysis {
  const tableUses: TableUse[] = [];
  let tableCount = 1;
  let tableCountSource: SourceRange | undefined;
  for (const file of files.values()) {
    if (file.path.endsWith('loader.conf')) {
      for (const match of file.text.matchAll(/^net\.fibs="?(\d+)"?/gm)) {
        tableCount = Number(match[1]);
        tableCountSource = file.lines.range(file.path, match.index, match.index + match[0].length);
      }
    }
    const pattern = file.language === 'pf' ? /\brtable (\d+)/g : /\bfib (\d+)/g;
    if (file.language === 'firebrick') continue;
    for (const match of file.text.matchAll(pattern)) {
      tableUses.push({
        table: Number(match[1]),
        how: file.language === 'pf' ? 'rtable' : 'interface-fib',
        source: file.lines.range(file.path, match.index, match.index + match[0].length),
      });
    }
  }
  const host: HostModel = {
    ...emptyHostModel(name, [...files.keys()]),
    kind: [...files.values()].some((file) => file.language === 'firebrick') ? 'firebrick' : 'freebsd',
    tableCount,
    ...(tableCountSource ? { tableCountSource } : {}),
    tableUses,
  };
  return { host, sources: files, complete };
}

/** Builds an analysis from in-memory file texts keyed by path. */
export function analysisOf(texts: Readonly<Record<string, string>>, complete = true): HostAnalysis {
  const files = new Map<string, SourceFile>();
  for (const [path, text] of Object.entries(texts)) files.set(path, sourceFile(path, languageOf(path), text));
  return fakeAnalysis(files, complete);
}

function languageOf(path: string): InputLanguage {
  if (path.endsWith('.xml')) return 'firebrick';
  return path.endsWith('pf.conf') ? 'pf' : 'rcconf';
}

const HOST_FILES = ['boot/loader.conf', 'etc/rc.conf', 'etc/pf.conf'];

/** Builders over the fake analysis, as the check driver takes them. */
export const FAKE_BUILDERS: HostBuilders = {
  freebsdHost(fs: FileSystem, directory: string): BuiltHost {
    const files = new Map<string, SourceFile>();
    for (const relative of HOST_FILES) {
      const path = posixPath.join(directory, relative);
      const text = fs.readFile(path);
      if (text !== undefined) files.set(path, sourceFile(path, languageOf(path), text));
    }
    return { analysis: fakeAnalysis(files, true, posixPath.basename(directory)) };
  },
  looseFiles(fs, requested): BuiltHost {
    const files = new Map<string, SourceFile>();
    for (const { path, language } of requested) files.set(path, sourceFile(path, language, fs.readFile(path) ?? ''));
    return { analysis: fakeAnalysis(files, false, 'files') };
  },
  firebrick(fs, path): BuiltHost {
    const files = new Map([[path, sourceFile(path, 'firebrick', fs.readFile(path) ?? '')]]);
    return { analysis: fakeAnalysis(files, true, posixPath.basename(path)) };
  },
};
