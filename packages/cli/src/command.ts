import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FileSystem } from '@pflint/core';

/** The `--format` values of the commands that print either a human's text or JSON (`rules`, `model`). */
export const TEXT_OR_JSON = ['text', 'json'] as const;

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

/**
 * A command's arguments as node's `parseArgs` reads them (strict, operands
 * allowed): an unknown option or one without its value is bad usage, not a
 * crash.
 */
export function parseCommandArgs<const Options extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: Options,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: Options }>> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `value` when it is one of `allowed` (undefined when not given); bad usage otherwise. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}

/** The values `--dialect` takes. */

/** Bad usage when a command that takes no operands was given some. */
export function noOperands(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`${command} takes no operands, not '${positionals[0]}'`);
}
