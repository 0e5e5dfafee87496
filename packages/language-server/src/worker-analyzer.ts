import { Worker } from 'node:worker_threads';
import type { AnalysisRequest, HostAnalysisResult, HostAnalyzer } from './analyzer.js';
import type { FeatureProvider, FeatureQuery } from './features.js';

/** What a worker can be asked. */
export type WorkerTask = { readonly kind: 'analyze'; readonly request: AnalysisRequest } | { readonly kind: 'feature'; readonly query: FeatureQuery };

/** A task as posted to the worker. */
export type WorkerJob = WorkerTask & { readonly id: number };

/** The worker's answer to one job. */
export type WorkerReply = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

/** What the worker is started with: the module whose `analyzeHost` export it runs. */
export interface WorkerSetup {
  readonly analysisModule: string;
  /**
   * One slot of memory shared with the server's thread, holding the id of
   * the job to give up: the worker cannot read messages while it analyses,
   * but it reads this between stages.
   */
  readonly cancelledJob: Int32Array;
  /** The id of the last job posted to the worker, shared the same way: idle-time work gives way once it differs from the last job answered. */
  readonly postedJob: Int32Array;
}

/**
 * Runs analyses in a worker thread, so a slow host (a huge table file, a
 * pathological ruleset) never stalls the connection: the server keeps
 * answering requests and simply publishes when the worker replies. An
 * aborted analysis that has not started is dropped; one that is running stops
 * at its next stage.
 */
export function workerAnalyzer(analysisModule: URL): HostAnalyzer {
  const thread = workerThread(analysisModule);
  return {
    prepare: thread.prepare,
    analyze: async (request, signal) => ((await thread.run({ kind: 'analyze', request }, signal)) ?? undefined) as HostAnalysisResult | undefined,
    dispose: thread.dispose,
  };
}

/**
 * Answers language-feature requests (outline, hover, completion, rename...)
 * in a worker thread of its own, so they never wait for an analysis and a big
 * host never blocks the connection.
 */
export function workerFeatures(analysisModule: URL): FeatureProvider {
  const thread = workerThread(analysisModule);
  return {
    prepare: thread.prepare,
    answer: (query, signal) => thread.run({ kind: 'feature', query }, signal) as never,
    dispose: thread.dispose,
  };
}

/**
 * One worker thread running tasks one at a time in arrival order. Tasks wait
 * here, not in the worker's message queue, so a task whose request was
 * cancelled while it waited is dropped (answered with null) instead of run.
 * A task whose `signal` aborts while it runs is told through `cancelledJob`.
 * If the worker dies, pending tasks fail and the next task starts a fresh
 * worker.
 */
function workerThread(analysisModule: URL): {
  prepare(): void;
  run(task: WorkerTask, signal?: AbortSignal): Promise<unknown>;
  dispose(): Promise<void>;
} {
  interface Job {
    readonly job: WorkerJob;
    readonly signal: AbortSignal | undefined;
    readonly resolve: (result: unknown) => void;
    readonly reject: (error: Error) => void;
  }
  let worker: Worker | undefined;
  let nextId = 1;
  const cancelledJob = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const postedJob = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const waiting: Job[] = [];
  let running: Job | undefined;

  function failAll(error: Error): void {
    for (const job of [...(running ? [running] : []), ...waiting.splice(0)]) job.reject(error);
    running = undefined;
  }

  function pump(): void {
    while (!running && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.signal?.aborted) {
        next.resolve(null);
        continue;
      }
      worker ??= start();
      running = next;
      Atomics.store(postedJob, 0, next.job.id);
      worker.postMessage(next.job);
    }
  }

  function start(): Worker {
    const setup: WorkerSetup = { analysisModule: analysisModule.href, cancelledJob, postedJob };
    const started = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: setup });
    started.on('message', (reply: WorkerReply) => {
      const job = running;
      if (job?.job.id !== reply.id) return;
      running = undefined;
      if ('result' in reply) job.resolve(reply.result);
      else job.reject(new Error(reply.error));
      pump();
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
    run(task, signal) {
      const job: WorkerJob = { ...task, id: nextId++ };
      const promise = new Promise<unknown>((resolve, reject) => waiting.push({ job, signal, resolve, reject }));
      signal?.addEventListener(
        'abort',
        () => {
          if (running?.job.id === job.id) Atomics.store(cancelledJob, 0, job.id);
        },
        { once: true },
      );
      pump();
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
