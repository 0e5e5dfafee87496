// Runs every bench/*.bench.js in name order, one after another. Each bench
// prints its own numbers; they measure the compiled packages, so build first.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

for (const name of benches) {
  console.log(`\n# ${name}`);
  await import(pathToFileURL(path.join(here, name)).href);
}
