import type { HostModel } from './model/host.js';
import { LineIndex } from './source.js';

/** The languages pflint reads; `--as` names the first three. */
export type SourceLanguage = 'pf' | 'rcconf' | 'firebrick' | 'json';

/** pf.conf dialects. */
export type Dialect = 'freebsd' | 'openbsd';

/** Every dialect, in the order they are offered (`--dialect`, `.pflintrc.json`, the editor's setting). */
export const DIALECTS: readonly Dialect[] = ['freebsd', 'openbsd'];

/** One file that went into an analysis, with its text: fixes and suppressions work on the raw text. */
export interface SourceFile {
  readonly path: string;
  readonly language: SourceLanguage;
  readonly text: string;
  readonly lines: LineIndex;
}

export function sourceFile(path: string, language: SourceLanguage, text: string): SourceFile {
  return { path, language, text, lines: new LineIndex(text) };
}

/**
 * The pf side of a host, typed loosely on purpose: the pf front end owns the
 * syntax tree and the expanded ruleset, and rules that read them import its
 * types directly. The engine itself only needs to know which file it is.
 */
export interface PfAnalysis {
  /** The main pf.conf (includes are in `HostAnalysis.sources`). */
  readonly file: string;
  readonly dialect: Dialect;
  /** The syntax tree, with exact source ranges and comments. */
  readonly syntax?: unknown;
  /** The expanded ruleset pfctl would load, each rule pointing at its source range. */
  readonly ruleset?: unknown;
}

/**
 * What every rule receives: one host, analysed. Built by the check driver from
 * a host directory, a FireBrick XML file, or a list of loose files.
 */
export interface HostAnalysis {
  readonly host: HostModel;
  readonly pf?: PfAnalysis;
  /** Every file the analysis read, keyed by the same path findings use. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /**
   * True when the model describes the whole host (a host directory or a
   * router's XML). False for loose files: then a setting that was not seen may
   * still be set elsewhere, and rules must not conclude from its default.
   */
  readonly complete: boolean;
}
