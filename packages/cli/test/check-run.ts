import * as path from 'node:path';
import type { HostBuilders } from '@pflint/core';
import { EXIT_USAGE, UsageError, type CommandContext } from '../src/command.js';
import { createCheckCommand } from '../src/commands/check.js';
import { nodeFileSystem } from '../src/node-fs.js';
import { FAKE_BUILDERS } from '../../core/test/rules/fake-host.js';
import type { CliResult } from './run.js';

/**
 * Runs `pflint check` in-process with the given builders (the engine's fake
 * host builder by default), against the real file system; writes are
 * captured, not performed.
 */
export function runCheck(
  argv: readonly string[],
  options: {
    cwd?: string;
    isTTY?: boolean;
    env?: Record<string, string>;
    builders?: HostBuilders;
    /** Replaces the recording writeFile, e.g. to simulate a read-only disk. */
    writeFile?: CommandContext['writeFile'];
  } = {},
): CliResult {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const context: CommandContext = {
    fs: nodeFileSystem,
    cwd: options.cwd ?? process.cwd(),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: options.isTTY ?? false,
    writeFile: options.writeFile ?? ((file, text) => written.set(path.resolve(file), text)),
    env: options.env ?? {},
  };
  let code: number;
  try {
    code = createCheckCommand(options.builders ?? FAKE_BUILDERS).run(argv, context);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr += `pflint check: ${error.message}\n`;
    code = EXIT_USAGE;
  }
  return { code, stdout, stderr, written };
}
