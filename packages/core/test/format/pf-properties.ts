/**
 * The pf.conf formatter's guarantees as reusable checks, for the corpus and
 * the fuzz tests: idempotent, meaning-preserving (the printed ruleset and the
 * findings are the same), nothing lost (tokens and comments as multisets),
 * and refusal exactly when the parser reports a syntax error.
 */
import { expect } from 'vitest';
import type { FileSystem } from '../../src/fs.js';
import { formatPf, type PfFormatOptions } from '../../src/format/pf.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { Comma, lexPf, Newline } from '../../src/pf/lexer.js';
import { parsePfConf } from '../../src/pf/parse.js';
import { printLoadedConfig } from '../../src/pf/print.js';
import { loadPfConf } from '../../src/pf/semantic.js';
import type { PfDialect } from '../../src/pf/syntax.js';

export interface LoadContext {
  readonly fs?: FileSystem;
  readonly baseDir?: string;
}

/** What `pflint print` shows, plus every finding's id and message (lines may move). */
export function meaning(text: string, dialect: PfDialect, context: LoadContext = {}): string {
  const loaded = loadPfConf(text, { file: 'pf.conf', dialect, ...context });
  const findings = loaded.findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
  return [printLoadedConfig(loaded.config), ...findings].join('\n');
}

function counts(items: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const item of items) result.set(item, (result.get(item) ?? 0) + 1);
  return result;
}

/** Non-whitespace tokens (commas apart: the formatter adds them to brace lists) and comment texts. */
export function inventory(text: string, dialect: PfDialect): { tokens: Map<string, number>; commas: number; comments: Map<string, number> } {
  const lexed = lexPf(text, dialect);
  const tokens = lexed.tokens.filter((token) => token.tokenType !== Newline);
  return {
    tokens: counts(tokens.filter((token) => token.tokenType !== Comma).map((token) => `${token.tokenType.name} ${token.image}`)),
    commas: tokens.filter((token) => token.tokenType === Comma).length,
    comments: counts(lexed.comments.map((comment) => comment.image.trimEnd())),
  };
}

export function hasSyntaxError(text: string, dialect: PfDialect): boolean {
  return parsePfConf(text, { file: 'pf.conf', dialect }).findings.some((finding) => finding.ruleId === 'syntax-error');
}

/**
 * Formats `text` and checks every guarantee. Returns the formatted text, or
 * undefined when the formatter (rightly) refused the file.
 */
export function checkGuarantees(
  text: string,
  dialect: PfDialect,
  context: LoadContext = {},
  layout: Partial<PfFormatOptions> = {},
): string | undefined {
  const options: PfFormatOptions = { ...DEFAULT_FORMAT_OPTIONS, dialect, ...layout };
  const result = formatPf('pf.conf', text, options);
  if (!result.ok) {
    // Refusing is allowed for syntax errors only, never for the formatter's own safety check.
    expect(result.errors.map((error) => error.ruleId)).toSatisfy((ids: string[]) => ids.every((id) => id === 'syntax-error'));
    expect(hasSyntaxError(text, dialect)).toBe(true);
    return undefined;
  }
  const formatted = result.text;

  const again = formatPf('pf.conf', formatted, options);
  expect(again.ok).toBe(true);
  if (again.ok) expect(again.text).toBe(formatted);

  expect(meaning(formatted, dialect, context)).toBe(meaning(text, dialect, context));

  const before = inventory(text, dialect);
  const after = inventory(formatted, dialect);
  expect(after.tokens).toEqual(before.tokens);
  expect(after.comments).toEqual(before.comments);
  // Commas are only ever added (between brace-list items), never removed.
  expect(after.commas).toBeGreaterThanOrEqual(before.commas);

  if (formatted !== '') expect(formatted.endsWith('\n') && !formatted.endsWith('\n\n')).toBe(true);
  return formatted;
}
