import { withPlainRanges } from '@pflint/core';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runAnalysis, type AnalyzeHost } from './analyzer.js';
import { createFeatures, type FeatureQuery } from './features.js';
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
let lastAnsweredAt = 0;
/**
 * Quiet time before a host index is built ahead: the requests an editor
 * sends when a document opens (outline, colours, folding) come first rather
 * than wait for the build to reach a checkpoint.
 */
const INDEX_AHEAD_AFTER_QUIET_MS = 250;
/** Rounds of the warm-up run so far; undefined until an analysis slow enough to call for one. */
let warmUpRoundsDone: number | undefined;
/** A feature thread's query whose host index to build ahead (the `index` feature), after a document's opening parse. */
let hostToIndex: FeatureQuery | undefined;
let idleWorkScheduled = false;

/** True once the server has posted a job this thread has not answered: idle-time work stops at its next checkpoint. */
const jobWaiting = (): boolean => Atomics.load(setup.postedJob, 0) !== lastAnsweredJob;

const warmUpDue = (): boolean => warmUpAnalysis !== undefined && warmUpRoundsDone !== undefined && warmUpRoundsDone < WARM_UP_ROUNDS;

function scheduleIdleWork(): void {
  if (idleWorkScheduled || (!hostToIndex && !warmUpDue())) return;
  idleWorkScheduled = true;
  const wait = hostToIndex ? INDEX_AHEAD_AFTER_QUIET_MS - (performance.now() - lastAnsweredAt) : 0;
  if (wait > 0) setTimeout(runIdleWork, wait);
  else setImmediate(runIdleWork);
}

/**
 * One piece of idle-time work, then the next in a later macrotask, so that a
 * job arriving in between runs first: the index built ahead (given up if a
 * job cut it short: the request that needs it builds it), or a warm-up round
 * (one cut short is run again).
 */
function runIdleWork(): void {
  idleWorkScheduled = false;
  if (jobWaiting()) return;
  // A job answered while the timer ran: wait for the rest of a quiet spell after it.
  if (hostToIndex && performance.now() - lastAnsweredAt < INDEX_AHEAD_AFTER_QUIET_MS) return scheduleIdleWork();
  if (hostToIndex) {
    const query = hostToIndex;
    hostToIndex = undefined;
    try {
      answer({ ...query, op: 'index' }, jobWaiting);
    } catch {
      // Work nobody asked for: a build that fails fails again, and is reported, in the request that needs it.
    }
  } else if (warmUpDue()) {
    const { request, base } = warmUpRound(warmUpRoundsDone!);
    if (runAnalysis(warmUpAnalysis!, request, base, jobWaiting)) warmUpRoundsDone!++;
  }
  scheduleIdleWork();
}

parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  const isCancelled = (): boolean => Atomics.load(setup.cancelledJob, 0) === job.id;
  if (job.kind === 'feature') {
    try {
      reply = { id: job.id, result: answer(job.query, isCancelled) };
      if (job.query.op === 'parse') hostToIndex = job.query;
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
  lastAnsweredAt = performance.now();
  // Core's ranges compute their positions in getters, which a structured clone does not carry.
  parentPort?.postMessage(withPlainRanges(reply));
  scheduleIdleWork();
});
