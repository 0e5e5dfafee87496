import * as posixPath from 'node:path/posix';
import { commonEnds, formatText, resolveFormatOptions, type Dialect, type FileSystem, type FormatOptions, type PfParseResult } from '@pflint/core';
import type { DocumentLanguage } from './languages.js';

/** What the client asks: LSP's FormattingOptions, and for range formatting the part to format (UTF-16 offsets). */
export interface FormattingRequest {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  readonly range?: { readonly start: number; readonly end: number };
}

/** One replacement of `[start, end)` of the document (offsets), or why nothing was changed. */
export type FormattingAnswer =
  | { readonly edits: readonly { readonly start: number; readonly end: number; readonly newText: string }[] }
  | { readonly error: string };

/**
 * Formats a document with core's `formatText` (for pf.conf reading `parsed`,
 * the document's parse, when the caller has it). The layout is the file's
 * configuration (`.pflintrc.json` "format", then `.editorconfig`), with the
 * client's tab size and tabs-or-spaces filling in what neither sets. The answer is one minimal edit: the span between the
 * first and last changed character. A document the formatter refuses (syntax
 * errors) gets an error naming the first problem and no edit; so does a range
 * whose result would reach outside the lines the range touches.
 */
export function formatDocument(
  fs: FileSystem,
  file: string,
  text: string,
  language: DocumentLanguage,
  dialect: Dialect,
  request: FormattingRequest,
  parsed?: PfParseResult,
): FormattingAnswer {
  const result = formatText(file, text, {
    language,
    dialect,
    options: layoutFor(fs, file, request),
    ...(request.range ? { range: request.range } : {}),
    ...(parsed ? { parsed } : {}),
  });
  if (!result.ok) {
    const first = result.errors[0];
    const where = first ? `${posixPath.basename(first.range.file)}:${first.range.start.line}:${first.range.start.column}: ${first.message}` : 'unknown error';
    return { error: `pflint: ${posixPath.basename(file)} was not formatted (${where})` };
  }
  const edit = minimalEdit(text, result.text);
  if (!edit) return { edits: [] };
  if (request.range && !withinLines(text, request.range, edit)) {
    return { error: `pflint: formatting the selection of ${posixPath.basename(file)} would change lines outside it; nothing was changed` };
  }
  return { edits: [edit] };
}

/** The file's configured layout, the client's tab size and tabs-or-spaces filling in what the configuration leaves open. */
function layoutFor(fs: FileSystem, file: string, request: FormattingRequest): FormatOptions {
  return resolveFormatOptions(fs, file, undefined, {
    ...(request.tabSize > 0 ? { indent: request.tabSize } : {}),
    indentStyle: request.insertSpaces ? 'space' : 'tab',
  });
}

/** The one replacement that turns `before` into `after`: their common prefix and suffix are kept. */
export function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  let { prefix: start, suffix } = commonEnds(before, after);
  // Never split a surrogate pair: the edit must start and end on whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start, end: before.length - suffix, newText: after.slice(start, after.length - suffix) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when the edit stays inside the whole lines the range touches (their newlines included). */
function withinLines(text: string, range: { start: number; end: number }, edit: { start: number; end: number }): boolean {
  const first = text.lastIndexOf('\n', range.start - 1) + 1;
  const lastNewline = text.indexOf('\n', Math.max(range.start, range.end - 1));
  const last = lastNewline < 0 ? text.length : lastNewline + 1;
  return edit.start >= first && edit.end <= last;
}
