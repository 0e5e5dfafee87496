import * as posixPath from 'node:path/posix';
import type { InputLanguage } from './check.js';
import { isFirebrickXml } from './firebrick/build.js';

/*
 * Which language a file is in: the one answer for `pflint check`, `pflint fmt`
 * and the language server, so that an editor and the command line never read
 * the same file two ways.
 */

/** rc(8), loader(8) and sysctl(8) files, by base name. */
const RCCONF_NAME = /^(?:rc\.conf(?:\.local)?|loader\.conf(?:\.local)?|sysctl\.conf(?:\.local)?|jail\.conf)$/;

/** Directories whose every file is an rc.conf fragment: rc(8) sources all of them. */
const RCCONF_DIRECTORIES = new Set(['rc.conf.d']);

/** Directories whose `*.conf` files belong to the rc.conf family: jail(8), loader(8) and wg-quick(8) read only those. */
const RCCONF_CONF_DIRECTORIES = new Set(['jail.conf.d', 'loader.conf.d', 'wireguard']);

/** pf.conf and its variants (`pf.conf.local`, `pf.conf.orig`), and the `.pf` suffix. */
const PF_NAME = /^(?:pf\.conf.*|.+\.pf)$/;

/** Directories conventionally holding pf anchor files loaded with `load anchor ... from`. */
const PF_ANCHOR_DIRECTORIES = new Set(['pf.anchors', 'pf.d', 'anchors']);

/** A line that starts a pf statement: how a file of no known name is told to be pf rather than rc.conf. */
const PF_KEYWORD_LINE = /^\s*(?:pass|block|match|set|table|anchor|nat|rdr|binat|scrub|antispoof|include|load|altq|queue|ether|nat-anchor|rdr-anchor)\b/m;

/**
 * The language a file's name alone says: pf or the rc.conf family. XML is
 * never decided by name (see `knownLanguage`); undefined for names pflint
 * does not know (table files, READMEs).
 */
export function languageFromName(path: string): Exclude<InputLanguage, 'firebrick'> | undefined {
  const name = posixPath.basename(path);
  const directory = posixPath.basename(posixPath.dirname(path));
  if (PF_NAME.test(name) || PF_ANCHOR_DIRECTORIES.has(directory)) return 'pf';
  if (RCCONF_NAME.test(name) || RCCONF_DIRECTORIES.has(directory)) return 'rcconf';
  if (RCCONF_CONF_DIRECTORIES.has(directory) && name.endsWith('.conf')) return 'rcconf';
  return undefined;
}

/**
 * The language of a file pflint should claim on its own (a directory's
 * files, a document opened in an editor): by name, and FireBrick for an
 * `.xml` file whose first element is `<config>`. `text` is read only for XML.
 * Undefined means "not ours".
 */
export function knownLanguage(path: string, text: string | (() => string | undefined)): InputLanguage | undefined {
  const byName = languageFromName(path);
  if (byName) return byName;
  if (!path.toLowerCase().endsWith('.xml')) return undefined;
  return isFirebrickXml((typeof text === 'string' ? text : text()) ?? '') ? 'firebrick' : undefined;
}

/**
 * The language of a file the user named explicitly: `knownLanguage`, else a
 * guess, since the user asked for this file to be read. XML (by name or by a
 * leading `<`) is read as FireBrick, whose front end says so when the root is
 * not `<config>`; a file with a line that starts a pf statement is pf; the
 * rest is rc.conf.
 */
export function detectLanguage(path: string, text: string): InputLanguage {
  const known = knownLanguage(path, text);
  if (known) return known;
  if (path.toLowerCase().endsWith('.xml') || /^\s*</.test(text)) return 'firebrick';
  return PF_KEYWORD_LINE.test(text) ? 'pf' : 'rcconf';
}
