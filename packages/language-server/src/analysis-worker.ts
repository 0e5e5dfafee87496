import { withPlainRanges } from '@pflint/core';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runAnalysis, type AnalyzeHost } from './analyzer.js';
import { createFeatures } from './features.js';
import { diskFileSystem } from './overlay-fs.js';
import { WARM_UP_AFTER_MS, WARM_UP_ROUNDS, warmUpRound } from './warm-up.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './worker-analyzer.js';

// The body of the threads started by workerAnalyzer and workerFeatures: loads
// the analysis module once, then answers jobs in order.
const setup = workerData as WorkerSetup;
const loaded = (await import(setup.analysisModule)) as { analyzeHost?: AnalyzeHost; warmUpAnalysis?: AnalyzeHost };
const { analyzeHost, warmUpAnalysis } = loaded;

const answer = createFeatures(diskFileSystem);

let lastAnsweredJob = 0;
/** Rounds of the warm-up run so far; undefined until an analysis slow enough to call for one. */
let warmUpRoundsDone: number | undefined;
let warmUpScheduled = false;

/** True once the server has posted a job this thread has not answered: idle-time work stops at its next checkpoint. */
const jobWaiting = (): boolean => Atomics.load(setup.postedJob, 0) !== lastAnsweredJob;

function scheduleWarmUp(): void {
  if (warmUpScheduled || warmUpRoundsDone === undefined || warmUpRoundsDone >= WARM_UP_ROUNDS) return;
  warmUpScheduled = true;
  setImmediate(runWarmUpRound);
}

/** One round, then the next in a later macrotask, so that a job arriving in between runs first; a cut round is run again. */
function runWarmUpRound(): void {
  warmUpScheduled = false;
  if (!warmUpAnalysis || jobWaiting()) return;
  const { request, base } = warmUpRound(warmUpRoundsDone!);
  if (runAnalysis(warmUpAnalysis, request, base, jobWaiting)) warmUpRoundsDone!++;
  scheduleWarmUp();
}

parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  const isCancelled = (): boolean => Atomics.load(setup.cancelledJob, 0) === job.id;
  if (job.kind === 'feature') {
    try {
      reply = { id: job.id, result: answer(job.query, isCancelled) };
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
  } else if (!analyzeHost) reply = { id: job.id, error: `${setup.analysisModule} exports no analyzeHost function` };
  else {
    const startedAt = performance.now();
    const result = runAnalysis(analyzeHost, job.request, diskFileSystem, isCancelled);
    if (result && warmUpRoundsDone === undefined && performance.now() - startedAt >= WARM_UP_AFTER_MS) warmUpRoundsDone = 0;
    reply = { id: job.id, result };
  }
  lastAnsweredJob = job.id;
  // Core's ranges compute their positions in getters, which a structured clone does not carry.
  parentPort?.postMessage(withPlainRanges(reply));
  scheduleWarmUp();
});
