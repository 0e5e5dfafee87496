import * as posixPath from 'node:path/posix';
import { loadConfig } from '../config.js';
import type { Finding } from '../findings.js';
import type { FileSystem } from '../fs.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatOptions, type IndentStyle } from './types.js';

export const EDITORCONFIG_FILE_NAME = '.editorconfig';

/** `max_line_length = off`: no limit. A finite number, so layouts can still do arithmetic with it. */
const UNLIMITED_LINE_LENGTH = Number.MAX_SAFE_INTEGER;

/**
 * The layout for one file: `.pflintrc.json`'s "format" object wins over
 * `.editorconfig`, which wins over `editorDefaults` (what an editor asks for,
 * e.g. LSP's tab size and tabs-or-spaces), which win over pflint's defaults,
 * setting by setting. The configuration file's `config-error` findings are
 * appended to `findings` when given; a bad "format" value is ignored.
 */
export function resolveFormatOptions(
  fs: FileSystem,
  file: string,
  findings?: Finding[],
  editorDefaults: Partial<FormatOptions> = {},
): FormatOptions {
  const loaded = loadConfig(fs, { start: posixPath.dirname(file) });
  findings?.push(...loaded.findings);
  return { ...DEFAULT_FORMAT_OPTIONS, ...editorDefaults, ...editorconfigOptions(fs, file), ...loaded.config.format };
}

interface EditorconfigSection {
  readonly matches: (relativePath: string) => boolean;
  readonly properties: ReadonlyMap<string, string>;
}

interface EditorconfigFile {
  readonly root: boolean;
  readonly sections: readonly EditorconfigSection[];
}

/**
 * What the `.editorconfig` files above `file` say about indentation and line
 * length. Files are read from the file's directory upward until one says
 * `root = true`; nearer files override farther ones, and within a file later
 * sections override earlier ones. `indent_style` chooses tabs or spaces; the
 * width of a level is `indent_size`, or `tab_width` when that is `tab` or absent.
 */
export function editorconfigOptions(fs: FileSystem, file: string): Partial<FormatOptions> {
  const chain: { directory: string; config: EditorconfigFile }[] = [];
  let directory = posixPath.dirname(file);
  while (true) {
    const text = fs.readFile(posixPath.join(directory, EDITORCONFIG_FILE_NAME));
    if (text !== undefined) {
      const config = parseEditorconfig(text);
      chain.push({ directory, config });
      if (config.root) break;
    }
    const parent = posixPath.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  const properties = new Map<string, string>();
  for (const { directory: base, config } of chain.reverse()) {
    const relative = posixPath.relative(base, file);
    for (const section of config.sections) {
      if (section.matches(relative)) for (const [key, value] of section.properties) properties.set(key, value);
    }
  }
  const number = (key: string): number | undefined => {
    const value = properties.get(key);
    return value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : undefined;
  };
  const indent = number('indent_size') ?? number('tab_width');
  const maxLineLength = properties.get('max_line_length') === 'off' ? UNLIMITED_LINE_LENGTH : number('max_line_length');
  const style = properties.get('indent_style');
  const indentStyle: IndentStyle | undefined = style === 'tab' || style === 'space' ? style : undefined;
  return {
    ...(indent === undefined ? {} : { indent }),
    ...(indentStyle === undefined ? {} : { indentStyle }),
    ...(maxLineLength === undefined ? {} : { maxLineLength }),
  };
}

/** The INI dialect of .editorconfig: `[glob]` sections, `key = value`, `#` and `;` comment lines. Keys and values are case-insensitive. */
function parseEditorconfig(text: string): EditorconfigFile {
  let root = false;
  const sections: { matches: (path: string) => boolean; properties: Map<string, string> }[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      sections.push({ matches: globMatcher(section[1]!), properties: new Map() });
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    const value = line.slice(equals + 1).trim().toLowerCase();
    const current = sections[sections.length - 1];
    if (current) current.properties.set(key, value);
    else if (key === 'root') root = value === 'true';
  }
  return { root, sections };
}

/**
 * An EditorConfig glob as a matcher of paths relative to the .editorconfig's
 * directory: `*` (not `/`), `**`, `?`, `[set]`, `[!set]`, `{a,b}`, `{1..9}`,
 * backslash escapes. A glob without `/` matches the file name at any depth.
 */
function globMatcher(glob: string): (path: string) => boolean {
  const anchored = glob.includes('/');
  const body = globToRegExp(anchored && glob.startsWith('/') ? glob.slice(1) : glob);
  const expression = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`);
  return (path) => expression.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function globToRegExp(glob: string): string {
  let result = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '\\' && index + 1 < glob.length) {
      result += escapeRegExp(glob[++index]!);
    } else if (char === '*') {
      if (glob[index + 1] === '*') {
        result += '.*';
        index++;
      } else result += '[^/]*';
    } else if (char === '?') {
      result += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close < 0) {
        result += '\\[';
        continue;
      }
      const set = glob.slice(index + 1, close);
      const negated = set.startsWith('!');
      result += `[${negated ? '^' : ''}${(negated ? set.slice(1) : set).replace(/[\\\]^]/g, '\\$&')}]`;
      index = close;
    } else if (char === '{') {
      const close = matchingBrace(glob, index);
      const inner = close < 0 ? undefined : glob.slice(index + 1, close);
      const range = inner === undefined ? null : /^(-?\d+)\.\.(-?\d+)$/.exec(inner);
      const alternatives = inner === undefined ? [] : splitTopLevel(inner);
      if (range) {
        result += numberRange(Number(range[1]), Number(range[2]));
        index = close;
      } else if (alternatives.length > 1) {
        result += `(?:${alternatives.map(globToRegExp).join('|')})`;
        index = close;
      } else result += '\\{';
    } else {
      result += escapeRegExp(char);
    }
  }
  return result;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let index = open; index < glob.length; index++) {
    if (glob[index] === '\\') index++;
    else if (glob[index] === '{') depth++;
    else if (glob[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

/** Splits `a,{b,c},d` at the commas outside nested braces. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `{3..12}`: the numbers as written in decimal; a very wide range only checks that it is an integer. */
function numberRange(from: number, to: number): string {
  const [low, high] = from <= to ? [from, to] : [to, from];
  if (high - low > 1000) return '-?\\d+';
  const numbers: string[] = [];
  for (let value = low; value <= high; value++) numbers.push(escapeRegExp(String(value)));
  return `(?:${numbers.join('|')})`;
}
