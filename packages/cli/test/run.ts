import * as path from 'node:path';
import { runCli } from '../src/cli.js';
import { nodeFileSystem } from '../src/node-fs.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly written: ReadonlyMap<string, string>;
}

/** Runs the CLI in-process against the real file system; writes are captured, not performed. */
export function runPflint(argv: readonly string[], options: { cwd?: string; isTTY?: boolean } = {}): CliResult {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const code = runCli(argv, {
    fs: nodeFileSystem,
    cwd: options.cwd ?? process.cwd(),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: options.isTTY ?? false,
    writeFile: (file, text) => written.set(path.resolve(file), text),
    env: {},
  });
  return { code, stdout, stderr, written };
}
