import { withPlainRanges } from '@pflint/core';
import { parentPort, workerData } from 'node:worker_threads';
import { runAnalysis, type AnalyzeHost } from './analyzer.js';
import { createFeatures } from './features.js';
import { diskFileSystem } from './overlay-fs.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './worker-analyzer.js';

// The body of the threads started by workerAnalyzer and workerFeatures: loads
// the analysis module once, then answers jobs in order.
const setup = workerData as WorkerSetup;
const loaded = (await import(setup.analysisModule)) as { analyzeHost?: AnalyzeHost };
const analyzeHost = loaded.analyzeHost;

const answer = createFeatures(diskFileSystem);

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
  else reply = { id: job.id, result: runAnalysis(analyzeHost, job.request, diskFileSystem, isCancelled) };
  // Core's ranges compute their positions in getters, which a structured clone does not carry.
  parentPort?.postMessage(withPlainRanges(reply));
});
