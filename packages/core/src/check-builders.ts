import * as posixPath from 'node:path/posix';
import { sourceFile, type SourceFile } from './analysis.js';
import type { BuiltHost, HostBuilders } from './check.js';
import type { HostLayout } from './config.js';
import { buildFirebrickHost } from './firebrick/index.js';
import type { FileSystem } from './fs.js';
import { buildFreeBsdHost, discoverHost, hostFilesFromList, type FreeBsdHostFiles } from './host/index.js';
import type { HostModel } from './model/host.js';
import { joinPfToHost } from './pf/host-join.js';

/** The files of a host directory: where FreeBSD keeps them, except where .pflintrc.json's `host` says otherwise. */
function hostFiles(fs: FileSystem, directory: string, layout: HostLayout): FreeBsdHostFiles {
  const discovered = discoverHost(fs, directory);
  const at = (paths: readonly string[]): string[] => paths.map((path) => posixPath.join(directory, path));
  return {
    ...discovered,
    ...(layout.rcConf ? { rcConf: at(layout.rcConf) } : {}),
    ...(layout.loaderConf ? { loaderConf: at(layout.loaderConf) } : {}),
    ...(layout.sysctlConf ? { sysctlConf: at(layout.sysctlConf) } : {}),
    ...(layout.jailConf ? { jailConf: at(layout.jailConf) } : {}),
    ...(layout.pfConf ? { pfConf: posixPath.join(directory, layout.pfConf) } : {}),
  };
}

/** The text of every file the model was built from (all of the rc.conf family). */
function modelSources(fs: FileSystem, host: HostModel): Map<string, SourceFile> {
  const sources = new Map<string, SourceFile>();
  for (const path of host.files) {
    const text = fs.readFile(path);
    if (text !== undefined) sources.set(path, sourceFile(path, 'rcconf', text));
  }
  return sources;
}

/**
 * The file system as one host build sees it: each file is read once. Finding
 * the host's files reads them to see that they exist, and the front ends then
 * read them again (pf.conf is the whole ruleset, megabytes for a large one).
 */
function readingOnce(fs: FileSystem): FileSystem {
  const texts = new Map<string, string | undefined>();
  return {
    readFile(path) {
      if (texts.has(path)) return texts.get(path);
      const text = fs.readFile(path);
      texts.set(path, text);
      return text;
    },
    readDirectory: (path) => fs.readDirectory(path),
    isDirectory: (path) => fs.isDirectory(path),
  };
}

/**
 * The front ends this build of pflint reads hosts with, for `pflint check`,
 * `pflint model` and the language server: a FreeBSD host directory (rc.conf
 * family plus its pf.conf), a FireBrick XML file, or loose files of one host.
 */
export const defaultHostBuilders: HostBuilders = {
  freebsdHost(fileSystem, directory, options): BuiltHost {
    const fs = readingOnce(fileSystem);
    const files = hostFiles(fs, directory, options.layout);
    const host = buildFreeBsdHost(fs, files);
    const analysis = { host, sources: modelSources(fs, host), complete: true };
    if (!files.pfConf) return { analysis };
    return joinPfToHost(fs, analysis, files.pfConf, { ...options, root: directory });
  },

  firebrick(fileSystem, file): BuiltHost {
    const fs = readingOnce(fileSystem);
    const host = buildFirebrickHost(fs, file);
    const sources = new Map<string, SourceFile>([[file, sourceFile(file, 'firebrick', fs.readFile(file) ?? '')]]);
    return { analysis: { host, sources, complete: true } };
  },

  looseFiles(fileSystem, files, options): BuiltHost {
    const fs = readingOnce(fileSystem);
    const rcFamily = files.filter((file) => file.language === 'rcconf').map((file) => file.path);
    const pfConf = files.find((file) => file.language === 'pf')?.path;
    const host = buildFreeBsdHost(fs, hostFilesFromList(rcFamily, 'files'));
    const analysis = { host, sources: modelSources(fs, host), complete: false };
    return pfConf ? joinPfToHost(fs, analysis, pfConf, options) : { analysis };
  },
};
