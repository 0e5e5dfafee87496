// Started by check.bench.js in a fresh process: parses one pf.conf with the
// compiled core, as the `pflint` command's first parse runs (cold code, a heap
// that starts empty), and prints the parse's wall and CPU time (all threads:
// the garbage collector's helpers count) as JSON. Loading the modules and
// reading the file are not in the numbers: the parse alone is.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { parsePfConf } from '../packages/core/dist/index.js';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const cpu = process.cpuUsage();
const start = performance.now();
parsePfConf(text, { file });
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
