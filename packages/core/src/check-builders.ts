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
 * The front ends this build of pflint reads hosts with, for `pflint check`,
 * `pflint model` and the language server: a FreeBSD host directory (rc.conf
 * family plus its pf.conf), a FireBrick XML file, or loose files of one host.
 */
export const defaultHostBuilders: HostBuilders = {
  freebsdHost(fs, directory, options): BuiltHost {
    const files = hostFiles(fs, directory, options.layout);
    const host = buildFreeBsdHost(fs, files);
    const analysis = { host, sources: modelSources(fs, host), complete: true };
    if (!files.pfConf) return { analysis };
    return joinPfToHost(fs, analysis, files.pfConf, { dialect: options.dialect, root: directory, includePaths: options.includePaths });
  },

  firebrick(fs, file): BuiltHost {
    const host = buildFirebrickHost(fs, file);
    const sources = new Map<string, SourceFile>([[file, sourceFile(file, 'firebrick', fs.readFile(file) ?? '')]]);
    return { analysis: { host, sources, complete: true } };
  },

  looseFiles(fs, files, options): BuiltHost {
    const rcFamily = files.filter((file) => file.language === 'rcconf').map((file) => file.path);
    const pfConf = files.find((file) => file.language === 'pf')?.path;
    const host = buildFreeBsdHost(fs, hostFilesFromList(rcFamily, 'files'));
    const analysis = { host, sources: modelSources(fs, host), complete: false };
    return pfConf ? joinPfToHost(fs, analysis, pfConf, { dialect: options.dialect, includePaths: options.includePaths }) : { analysis };
  },
};
