import * as posixPath from 'node:path/posix';
import { sourceFile, type SourceFile } from './analysis.js';
import type { BuiltHost, HostBuilders } from './check.js';
import { buildFirebrickHost } from './firebrick/index.js';
import { buildFreeBsdHost, buildFreeBsdHostAnalysis, hostFilesFromList } from './host/index.js';
import { joinPfToHost } from './pf/host-join.js';

/**
 * The front ends this build of pflint reads hosts with, for `pflint check`,
 * `pflint model` and the language server: a FreeBSD host directory (rc.conf
 * family plus its pf.conf), a FireBrick XML file, or loose files of one host.
 */
export const defaultHostBuilders: HostBuilders = {
  freebsdHost(fs, directory, options): BuiltHost {
    const built = buildFreeBsdHostAnalysis(fs, directory);
    const pfConf = options.layout.pfConf ? posixPath.join(directory, options.layout.pfConf) : built.pfConf;
    if (!pfConf) return { analysis: built.analysis };
    return joinPfToHost(fs, built.analysis, pfConf, { dialect: options.dialect, root: directory });
  },

  firebrick(fs, file): BuiltHost {
    const host = buildFirebrickHost(fs, file);
    const sources = new Map<string, SourceFile>([[file, sourceFile(file, 'firebrick', fs.readFile(file) ?? '')]]);
    return { analysis: { host, sources, complete: true } };
  },

  looseFiles(fs, files, options): BuiltHost {
    const rcFamily = files.filter((file) => file.language === 'rcconf').map((file) => file.path);
    const pfConf = files.find((file) => file.language === 'pf')?.path;
    const hostFiles = hostFilesFromList(rcFamily, 'files');
    const host = buildFreeBsdHost(fs, hostFiles);
    const sources = new Map<string, SourceFile>();
    for (const path of host.files) {
      const text = fs.readFile(path);
      if (text !== undefined) sources.set(path, sourceFile(path, 'rcconf', text));
    }
    const analysis = { host, sources, complete: false };
    return pfConf ? joinPfToHost(fs, analysis, pfConf, { dialect: options.dialect }) : { analysis };
  },
};
