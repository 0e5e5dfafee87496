import { parentPort, workerData } from 'node:worker_threads';
import { runAnalysis, type AnalyzeHost } from './analyzer.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './worker-analyzer.js';

// The body of the analysis thread started by workerAnalyzer: loads the analysis
// module once, then answers jobs in order.
const setup = workerData as WorkerSetup;
const loaded = (await import(setup.analysisModule)) as { analyzeHost?: AnalyzeHost };
const analyzeHost = loaded.analyzeHost;

parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  if (!analyzeHost) reply = { id: job.id, error: `${setup.analysisModule} exports no analyzeHost function` };
  else reply = { id: job.id, result: runAnalysis(analyzeHost, job.request) };
  parentPort?.postMessage(reply);
});
