// Preloaded (`node --import`) into the `pflint` processes check.bench.js starts:
// as the process exits, it writes the CPU time of all its threads to stderr.
import process from 'node:process';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${(user + system) / 1000}\n`);
});
