import { hostFilesFromList, knownLanguage, type InputLanguage } from '@pflint/core';

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

/**
 * Which language a document is in: by the client's language id when it names
 * one of ours, else core's `knownLanguage` (the file name; FireBrick for an
 * `.xml` file whose first element is `<config>`). Undefined means the server
 * leaves the document alone.
 */
export function documentLanguage(path: string, text: string, clientLanguageId?: string): DocumentLanguage | undefined {
  const fromClient = clientLanguageId ? CLIENT_LANGUAGE_IDS[clientLanguageId] : undefined;
  return fromClient ?? knownLanguage(path, text);
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
