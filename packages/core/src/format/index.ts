import * as posixPath from 'node:path/posix';
import type { InputLanguage } from '../check.js';
import { detectLanguage, knownLanguage } from '../language.js';
import type { FileSystem } from '../fs.js';
import type { PfDialect, PfParseResult } from '../pf/syntax.js';
import { formatPf } from './pf.js';
import { formatRcConf } from './rcconf.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatOptions, type FormatResult, type FormatSpan } from './types.js';
import { formatFirebrickXml } from './xml.js';

export interface FormatTextOptions {
  /** Forces the language (`--as`, an editor's language id); otherwise detected as `pflint check` does. */
  readonly language?: InputLanguage;
  /** pf.conf dialect; freebsd by default. */
  readonly dialect?: PfDialect;
  /** Layout; `resolveFormatOptions` gives the one configured for a file. Defaults otherwise. */
  readonly options?: FormatOptions;
  /** Format only what lies on the lines this part of the text touches. */
  readonly range?: FormatSpan;
  /**
   * pf.conf: `parsePfConf(text, { file, dialect })` of this text, when the
   * caller has it already (the language server parses a document once per
   * version for its outline and colours); the formatter then reads it instead
   * of parsing again. A parse of another text is ignored.
   */
  readonly parsed?: PfParseResult;
}

/**
 * Formats one file's text in its language: the one entry point for
 * `pflint fmt` and the language server. Never throws: a file with syntax
 * errors, or a formatter failure, comes back as `{ ok: false, errors }` and
 * the caller leaves the file as it is.
 */
export function formatText(file: string, text: string, request: FormatTextOptions = {}): FormatResult {
  const language = request.language ?? detectLanguage(file, text);
  const options = request.options ?? DEFAULT_FORMAT_OPTIONS;
  const rangeOption = request.range ? { range: request.range } : {};
  try {
    switch (language) {
      case 'pf':
        return formatPf(file, text, { ...options, dialect: request.dialect ?? 'freebsd', ...rangeOption, parsed: request.parsed });
      case 'rcconf':
        return formatRcConf(file, text, { ...options, ...rangeOption });
      case 'firebrick':
        return formatFirebrickXml(file, text, { ...options, ...rangeOption });
    }
  } catch (error) {
    const origin = { line: 1, column: 1, offset: 0 };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [
        {
          ruleId: 'internal-error',
          severity: 'error',
          message: `the formatter failed on this file (${detail}); it was left unchanged. Please report this with the file.`,
          range: { file, start: origin, end: origin },
        },
      ],
    };
  }
}

/** Directories deeper than this below the one given are not searched (a symbolic-link cycle must end). */
const MAXIMUM_DIRECTORY_DEPTH = 16;

/**
 * Every file below `directory` that pflint can format, sorted: the files
 * `knownLanguage` claims (pf.conf, *.pf, anchor files, the rc.conf family,
 * and `*.xml` whose first element is `<config>`). Hidden entries and
 * node_modules are skipped; table files and other unknown names are not
 * formatted.
 */
export function formattableFiles(fs: FileSystem, directory: string): string[] {
  const found: string[] = [];
  const walk = (current: string, depth: number): void => {
    for (const name of fs.readDirectory(current) ?? []) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = posixPath.join(current, name);
      if (fs.isDirectory(path)) {
        if (depth < MAXIMUM_DIRECTORY_DEPTH) walk(path, depth + 1);
        continue;
      }
      if (knownLanguage(path, () => fs.readFile(path)) !== undefined) found.push(path);
    }
  };
  walk(directory, 0);
  return found.sort();
}
