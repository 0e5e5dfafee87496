// What the in-process benches share: a few runs of the same work, timed by
// the wall clock and by this process's CPU time.
import { performance } from 'node:perf_hooks';
import process from 'node:process';

/** Process CPU time in ms: on a shared machine wall time also counts other processes' turns. */
function cpuTime() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** `work` run `runs` times: the best wall time and the best CPU time in ms, and the last run's result. */
export function bestOf(runs, work) {
  const times = [];
  const cpuTimes = [];
  let result;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const cpuStart = cpuTime();
    result = work();
    cpuTimes.push(cpuTime() - cpuStart);
    times.push(performance.now() - start);
  }
  return { best: Math.min(...times), bestCpu: Math.min(...cpuTimes), result };
}

/**
 * `work` on `megabytes` of input: one warm-up run, then `bestOf(runs, work)`,
 * printed under `label` (padded to `width`) as wall and CPU time and MB/s.
 * Returns the best CPU time and the last run's result.
 */
export function throughput(label, width, megabytes, runs, work) {
  work();
  const { best, bestCpu, result } = bestOf(runs, work);
  console.log(
    `${label.padEnd(width)} ${best.toFixed(1).padStart(8)} ms wall ${(megabytes / (best / 1000)).toFixed(1).padStart(6)} MB/s` +
      `  ${bestCpu.toFixed(1).padStart(8)} ms cpu ${(megabytes / (bestCpu / 1000)).toFixed(1).padStart(6)} MB/s`,
  );
  return { bestCpu, result };
}
