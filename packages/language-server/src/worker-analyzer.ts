import { Worker } from 'node:worker_threads';
import type { AnalysisRequest, HostAnalysisResult, HostAnalyzer } from './analyzer.js';

/** A request as posted to the worker. */
export interface WorkerJob {
  readonly id: number;
  readonly request: AnalysisRequest;
}

/** The worker's answer to one job. */
export type WorkerReply =
  | { readonly id: number; readonly result: HostAnalysisResult }
  | { readonly id: number; readonly error: string };

/** What the worker is started with: the module whose `analyzeHost` export it runs. */
export interface WorkerSetup {
  readonly analysisModule: string;
}

/**
 * Runs analyses in a worker thread, so a slow host (a huge table file, a
 * pathological ruleset) never stalls the connection: the server keeps
 * answering requests and simply publishes when the worker replies. Jobs run
 * one at a time in arrival order. If the worker dies, pending jobs fail and
 * the next job starts a fresh worker.
 */
export function workerAnalyzer(analysisModule: URL): HostAnalyzer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: HostAnalysisResult) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  }

  function start(): Worker {
    const setup: WorkerSetup = { analysisModule: analysisModule.href };
    const started = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: setup });
    started.on('message', (reply: WorkerReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if ('result' in reply) job.resolve(reply.result);
      else job.reject(new Error(reply.error));
    });
    started.on('error', (error) => {
      worker = undefined;
      failAll(error);
    });
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`analysis worker exited with code ${code}`));
    });
    // The worker must not keep the process alive after the client says `exit`.
    started.unref();
    return started;
  }

  return {
    prepare() {
      worker ??= start();
    },
    analyze(request) {
      worker ??= start();
      const id = nextId++;
      const job: WorkerJob = { id, request };
      const promise = new Promise<HostAnalysisResult>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage(job);
      return promise;
    },
    async dispose() {
      const stopping = worker;
      worker = undefined;
      failAll(new Error('analyzer disposed'));
      await stopping?.terminate();
    },
  };
}
