import * as posixPath from 'node:path/posix';
import type { FileSystem } from '../fs.js';
import type { HostModel } from '../model/host.js';
import { parseRcConf } from '../rcconf/parser.js';
import { RcVariables } from '../rcconf/variables.js';

/**
 * The files that describe one FreeBSD host, by role, in the order the boot
 * reads them. Paths are as the caller's FileSystem names them.
 */
export interface FreeBsdHostFiles {
  /** Display name: the host directory's name. */
  readonly name: string;
  /** The directory shaped like the host's root file system, when there is one (jail roots are found under it). */
  readonly root?: string;
  /** rc.conf, rc.conf.local, then etc/rc.conf.d/* and usr/local/etc/rc.conf.d/* in name order. */
  readonly rcConf: readonly string[];
  /** loader.conf, loader.conf.local, then boot/loader.conf.d/*.conf in name order. */
  readonly loaderConf: readonly string[];
  readonly sysctlConf: readonly string[];
  readonly jailConf: readonly string[];
  readonly wireguard: readonly string[];
  /** pf.conf: `pf_rules` if set, else etc/pf.conf; parsed by the pf front end, not here. */
  readonly pfConf?: string;
}

function existing(fs: FileSystem, paths: readonly string[]): string[] {
  return paths.filter((path) => fs.readFile(path) !== undefined);
}

function filesIn(fs: FileSystem, directory: string, suffix = ''): string[] {
  const names = fs.readDirectory(directory) ?? [];
  return existing(
    fs,
    [...names]
      .filter((name) => name.endsWith(suffix) && !name.startsWith('.'))
      .sort()
      .map((name) => posixPath.join(directory, name)),
  );
}

/** Where pf reads its rules: `pf_rules` from rc.conf (rooted in the host directory), else etc/pf.conf. */
function findPfConf(fs: FileSystem, root: string | undefined, rcConf: readonly string[]): string | undefined {
  const files = rcConf.map((path) => parseRcConf(path, fs.readFile(path) ?? ''));
  const configured = new RcVariables(files).text('pf_rules');
  const candidate = configured && !/[`$]/.test(configured) ? configured : '/etc/pf.conf';
  const path = root === undefined ? candidate : posixPath.join(root, candidate);
  return fs.readFile(path) !== undefined ? path : undefined;
}

/** Finds the configuration files of a host laid out like a root file system under `root`. */
export function discoverHost(fs: FileSystem, root: string): FreeBsdHostFiles {
  const at = (path: string): string => posixPath.join(root, path);
  // rc.conf.d files are read by the service they are named after; they all hold rc.conf variables, and come last.
  const rcConf = [
    ...existing(fs, [at('etc/rc.conf'), at('etc/rc.conf.local')]),
    ...filesIn(fs, at('etc/rc.conf.d')),
    ...filesIn(fs, at('usr/local/etc/rc.conf.d')),
  ];
  const pfConf = findPfConf(fs, root, rcConf);
  return {
    name: posixPath.basename(posixPath.resolve('/', root)) || root,
    root,
    rcConf,
    // loader(8) reads its loader_conf_files (loader.conf, loader.conf.local), then the `.conf` files of loader_conf_dirs.
    loaderConf: [...existing(fs, [at('boot/loader.conf'), at('boot/loader.conf.local')]), ...filesIn(fs, at('boot/loader.conf.d'), '.conf')],
    sysctlConf: existing(fs, [at('etc/sysctl.conf'), at('etc/sysctl.conf.local')]),
    jailConf: [...existing(fs, [at('etc/jail.conf')]), ...filesIn(fs, at('etc/jail.conf.d'), '.conf')],
    wireguard: filesIn(fs, at('usr/local/etc/wireguard'), '.conf'),
    ...(pfConf ? { pfConf } : {}),
  };
}

/**
 * Sorts an explicit list of files into their roles by name (rc.conf*,
 * rc.conf.d/*, loader.conf, loader.conf.d/*.conf, sysctl.conf, jail.conf, wireguard/*.conf,
 * pf.conf); files of unknown role are returned in `unknown`.
 */
export function hostFilesFromList(paths: readonly string[], name = 'host'): FreeBsdHostFiles & { readonly unknown: readonly string[] } {
  const rcConf: string[] = [];
  const loaderConf: string[] = [];
  const sysctlConf: string[] = [];
  const jailConf: string[] = [];
  const wireguard: string[] = [];
  const unknown: string[] = [];
  let pfConf: string | undefined;
  for (const path of paths) {
    const base = posixPath.basename(path);
    const parent = posixPath.basename(posixPath.dirname(path));
    if (parent === 'rc.conf.d' || /^rc\.conf(?:\.local)?$/.test(base)) rcConf.push(path);
    else if (/^loader\.conf(?:\.local)?$/.test(base) || (parent === 'loader.conf.d' && base.endsWith('.conf'))) loaderConf.push(path);
    else if (/^sysctl\.conf(?:\.local)?$/.test(base)) sysctlConf.push(path);
    else if (base === 'jail.conf' || parent === 'jail.conf.d') jailConf.push(path);
    else if (parent === 'wireguard' && base.endsWith('.conf')) wireguard.push(path);
    else if (base === 'pf.conf') pfConf = path;
    else unknown.push(path);
  }
  // Each reader's order whatever the caller's order, as discoverHost lists them.
  return {
    name,
    rcConf: inReadingOrder(rcConf, rcConfRank),
    loaderConf: inReadingOrder(loaderConf, namedFirst(['loader.conf', 'loader.conf.local'])),
    sysctlConf: inReadingOrder(sysctlConf, namedFirst(['sysctl.conf', 'sysctl.conf.local'])),
    jailConf: inReadingOrder(jailConf, namedFirst(['jail.conf'])),
    wireguard: inReadingOrder(wireguard, namedFirst([])),
    ...(pfConf ? { pfConf } : {}),
    unknown,
  };
}

/** `paths` in the order their reader goes through them: by `rank`, files of one rank by name (as `filesIn` lists them). */
function inReadingOrder(paths: string[], rank: (path: string) => number): string[] {
  return paths.sort((a, b) => rank(a) - rank(b) || byName(posixPath.basename(a), posixPath.basename(b)));
}

/** A rank for `inReadingOrder`: the files named, in that order, then the rest (a `.d` directory's files). */
function namedFirst(names: readonly string[]): (path: string) => number {
  return (path) => {
    const rank = names.indexOf(posixPath.basename(path));
    return rank >= 0 ? rank : names.length;
  };
}

/** Where rc reads an rc.conf-family file: rc.conf (0), rc.conf.local (1), etc/rc.conf.d's files (2), then usr/local/etc/rc.conf.d's (3). */
function rcConfRank(path: string): number {
  const base = posixPath.basename(path);
  if (base === 'rc.conf') return 0;
  if (base === 'rc.conf.local') return 1;
  return /(?:^|\/)usr\/local\/etc\/rc\.conf\.d$/.test(posixPath.dirname(path)) ? 3 : 2;
}

/** The order `Array.prototype.sort` gives names by default, which `filesIn` uses. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rc.conf files of the rc run that reads `file`, in the order it reads
 * them: the host's own run, or a jail's (a jail boots with an rc of its own,
 * which never sources the host's files). Undefined when the model's rc reads
 * no such file.
 */
export function rcReadingOrder(host: HostModel, file: string): readonly string[] | undefined {
  if (host.rcFiles?.includes(file)) return host.rcFiles;
  for (const jail of host.jails) {
    const order = jail.host && rcReadingOrder(jail.host, file);
    if (order) return order;
  }
  return undefined;
}
