import type { FileSystem } from '@pflint/core';

/** What a command can touch: everything outside core goes through here, so tests can run commands in-process. */
export interface CommandContext {
  readonly fs: FileSystem;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal (colour, progress). */
  readonly isTTY: boolean;
  /** Writes a file atomically (temporary file + rename), keeping its mode. */
  readonly writeFile: (path: string, text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
/** Findings at or above the threshold, or the input was rejected. */
export const EXIT_FINDINGS = 1;
/** Bad usage, unreadable input, or an internal error. */
export const EXIT_USAGE = 2;

export interface Command {
  readonly name: string;
  /** One line for `pflint --help`. */
  readonly summary: string;
  /** Full usage text for `pflint COMMAND --help`. */
  readonly usage: string;
  run(args: readonly string[], context: CommandContext): number;
}

/** Thrown for bad usage; main prints the message and exits with EXIT_USAGE. */
export class UsageError extends Error {}
