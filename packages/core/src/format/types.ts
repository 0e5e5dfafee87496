import type { Finding } from '../findings.js';

/** Layout choices a user can make (`.pflintrc.json` "format", `.editorconfig`). Nothing here may change meaning. */
export interface FormatOptions {
  /** Columns per indentation level: pf continuation lines and anchor bodies, XML nesting, jail.conf blocks. */
  readonly indent: number;
  /** Indent with spaces, or with one tab per level (a tab then counts as `indent` columns). */
  readonly indentStyle: IndentStyle;
  /** Lines longer than this are broken where the language allows it (pf: `\` continuations). */
  readonly maxLineLength: number;
  /** Align runs of similar lines (pf macro blocks, ...) into columns. */
  readonly align: boolean;
}

export type IndentStyle = 'space' | 'tab';

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { indent: 4, indentStyle: 'space', maxLineLength: 100, align: true };

/** The text of one indentation level. */
export function indentUnit(options: Pick<FormatOptions, 'indent' | 'indentStyle'>): string {
  return options.indentStyle === 'tab' ? '\t' : ' '.repeat(Math.max(0, options.indent));
}

/**
 * A formatter either returns the whole new text or refuses: input it cannot
 * parse is never touched, and `errors` say why with file, line and column.
 */
export type FormatResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly errors: readonly Finding[] };

/**
 * Part of a file to format (editor "format selection"), as 0-based UTF-16
 * offsets, end exclusive. Formatters change only the lines it touches.
 */
export interface FormatSpan {
  readonly start: number;
  readonly end: number;
}
