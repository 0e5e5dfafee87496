import * as posixPath from 'node:path/posix';
import { hostFilesFromList, knownLanguage, type InputLanguage } from '@pflint/core';
import picomatch from 'picomatch';

/** The languages the server publishes diagnostics for: core's, so the server and `pflint check`/`fmt` agree. */
export type DocumentLanguage = InputLanguage;

/** Language ids editors commonly assign, mapped to ours; lets a user force a language on any file. */
const CLIENT_LANGUAGE_IDS: Readonly<Record<string, DocumentLanguage>> = {
  pf: 'pf',
  'pf-conf': 'pf',
  pfconf: 'pf',
  rcconf: 'rcconf',
  'rc-conf': 'rcconf',
  jailconf: 'rcconf',
  firebrick: 'firebrick',
};

/** True for a path the user's `pflint.firebrick.files` patterns name. */
export type FirebrickFiles = (path: string) => boolean;

/**
 * The `pflint.firebrick.files` patterns as a test on absolute paths. A
 * pattern with a slash is matched against the path below the workspace folder
 * that holds the file (`routers/*.xml`, `**\/fb-*.cfg`); one without a slash
 * against the file name alone (`*.fbconf`), as editors read such patterns.
 */
export function firebrickFiles(patterns: readonly string[], folderOf: (path: string) => string | undefined): FirebrickFiles {
  const matcher = (selected: string[]): ((text: string) => boolean) => (selected.length === 0 ? () => false : picomatch(selected, { dot: true }));
  // picomatch's own `basename` option also changes how patterns with a slash match, so the two kinds are kept apart.
  const byPath = matcher(patterns.filter((pattern) => pattern.includes('/')));
  const byName = matcher(patterns.filter((pattern) => !pattern.includes('/')));
  return (path) => {
    const folder = folderOf(path);
    return byName(posixPath.basename(path)) || byPath(folder === undefined ? path : posixPath.relative(folder, path));
  };
}

/**
 * Which language a document is in: by the client's language id when it names
 * one of ours, then FireBrick for a file the user's patterns name, else
 * core's `knownLanguage` (the file name; FireBrick for an `.xml` file whose
 * first element is `<config>`). Undefined means the server leaves the
 * document alone.
 */
export function documentLanguage(path: string, text: string, clientLanguageId?: string, isFirebrick: FirebrickFiles = () => false): DocumentLanguage | undefined {
  const fromClient = clientLanguageId ? CLIENT_LANGUAGE_IDS[clientLanguageId] : undefined;
  return fromClient ?? (isFirebrick(path) ? 'firebrick' : knownLanguage(path, text));
}

/**
 * Which parser reads a file of the rc.conf family, as the host builder picks
 * it by name (core's `hostFilesFromList`): jail.conf files, `key=value` files
 * (loader.conf, sysctl.conf, wg-quick), or sh (rc.conf, rc.conf.d, and any
 * other name forced into the family).
 */
export function rcFileSyntax(path: string): 'jail' | 'key-value' | 'sh' {
  const roles = hostFilesFromList([path]);
  if (roles.jailConf.length > 0) return 'jail';
  return roles.loaderConf.length + roles.sysctlConf.length + roles.wireguard.length > 0 ? 'key-value' : 'sh';
}
