import { runCli } from './cli.js';
import { nodeFileSystem, writeFileAtomic } from './node-fs.js';

process.exitCode = runCli(process.argv.slice(2), {
  fs: nodeFileSystem,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  writeFile: writeFileAtomic,
  env: process.env,
});
