import * as posixPath from 'node:path/posix';
import { isFirebrickXml } from '@pflint/core';

/** The languages the server publishes diagnostics for. */
export type DocumentLanguage = 'pf' | 'rcconf' | 'firebrick';

/** Base names of the rc.conf family: rc(8)'s files, loader(8), sysctl(8) and jail(8). */
const RCCONF_NAMES = new Set([
  'rc.conf',
  'rc.conf.local',
  'loader.conf',
  'loader.conf.local',
  'sysctl.conf',
  'sysctl.conf.local',
  'jail.conf',
]);

/** Directories whose files are rc.conf fragments or jail.conf fragments. */
const RCCONF_DIRECTORIES = new Set(['rc.conf.d', 'jail.conf.d', 'loader.conf.d']);

/** Directories conventionally holding pf anchor files loaded with `load anchor ... from`. */
const PF_ANCHOR_DIRECTORIES = new Set(['pf.anchors', 'pf.d', 'anchors']);

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

/**
 * Which language a document is in: by the client's language id when it names
 * one of ours, else by its file name, else (for XML) by a `<config>` root.
 * Undefined means the server leaves the document alone.
 */
export function documentLanguage(path: string, text: string, clientLanguageId?: string): DocumentLanguage | undefined {
  const fromClient = clientLanguageId ? CLIENT_LANGUAGE_IDS[clientLanguageId] : undefined;
  if (fromClient) return fromClient;
  const name = posixPath.basename(path);
  const directory = posixPath.basename(posixPath.dirname(path));
  if (name === 'pf.conf' || name.endsWith('.pf') || PF_ANCHOR_DIRECTORIES.has(directory)) return 'pf';
  if (RCCONF_NAMES.has(name) || RCCONF_DIRECTORIES.has(directory)) return 'rcconf';
  if (name.toLowerCase().endsWith('.xml') && isFirebrickXml(text)) return 'firebrick';
  return undefined;
}
