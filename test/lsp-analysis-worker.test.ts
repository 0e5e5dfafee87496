import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The built worker (`npm test` builds first), driving an analysis module written here:
// it runs until it is told to give up, so only the cancellation can end it early.
const temporary: string[] = [];
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const CORE = pathToFileURL(path.resolve('packages/core/dist/index.js')).href;

/** A directory removed after the test. */
function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(directory);
  return directory;
}

/** `source` written as an analysis module the worker can load. */
function analysisModule(name: string, source: string): URL {
  const file = path.join(temporaryDirectory('pflint-worker-'), name);
  writeFileSync(file, source);
  return pathToFileURL(file);
}

function endlessAnalysisModule(startedMarker: string): URL {
  return analysisModule(
    'endless-analysis.mjs',
    `import { writeFileSync } from 'node:fs';
import { CheckCancelled } from ${JSON.stringify(CORE)};
export function analyzeHost(fs, target, settings, openFiles, isCancelled) {
  if (settings.dialect === 'openbsd') return { findings: [], files: ['quick'] };
  writeFileSync(${JSON.stringify(startedMarker)}, 'started');
  const giveUpAt = Date.now() + 60_000;
  while (Date.now() < giveUpAt) if (isCancelled()) throw new CheckCancelled();
  return { findings: [], files: ['ran to the end'] };
}
`,
  );
}

/** A worker running the endless module; `marker` exists once an analysis has started. */
async function endlessWorker() {
  const { workerAnalyzer } = await import('../packages/language-server/dist/index.js');
  const marker = path.join(temporaryDirectory('pflint-worker-marker-'), 'started');
  return { analyzer: workerAnalyzer(endlessAnalysisModule(marker)), marker };
}

/**
 * A module whose analyses take 400 ms for root `/slow` and nothing for others,
 * and that appends what it does to `log`: `analyse ROOT` for its
 * `analyzeHost`, `warm` when its `warmUpAnalysis` is asked for the warm-up
 * host, `cut` when such a round gave way. With warm-up `endless` a round
 * runs until it is told to give up; with `none` the module has no
 * `warmUpAnalysis`, as an analysis module need not.
 */
function loggingAnalysisModule(log: string, warmUpRoot: string, warmUp: WarmUp): URL {
  const endlessWarmUp = warmUp === 'endless';
  return analysisModule(
    'logging-analysis.mjs',
    `import { appendFileSync } from 'node:fs';
import { CheckCancelled } from ${JSON.stringify(CORE)};
const log = (line) => appendFileSync(${JSON.stringify(log)}, line + '\\n');
${warmUp === 'none' ? '' : 'export '}function warmUpAnalysis(fs, target, settings, openFiles, isCancelled) {
  if (target.root === ${JSON.stringify(warmUpRoot)}) {
    log('warm');
    const giveUpAt = Date.now() + (${endlessWarmUp} ? 60_000 : 0);
    while (Date.now() < giveUpAt) if (isCancelled()) { log('cut'); throw new CheckCancelled(); }
    return { findings: [], files: [] };
  }
  log('warm-up analysis asked for ' + target.root);
  return { findings: [], files: [] };
}
export function analyzeHost(fs, target, settings, openFiles, isCancelled) {
  log('analyse ' + target.root);
  const busyUntil = Date.now() + (target.root === '/quick' ? 0 : target.root === '/slow' ? 400 : 5_000);
  while (Date.now() < busyUntil) if (target.root === '/slow-cancelled' && isCancelled()) throw new CheckCancelled();
  return { findings: [], files: [target.root] };
}
`,
  );
}

type WarmUp = 'endless' | 'quick' | 'none';

type LoggingWorker = {
  analyze(root: string, signal?: AbortSignal): Promise<unknown>;
  logged(): string[];
  rounds: number;
};

/** Runs `body` with a worker on the logging module, disposed afterwards whatever happens. */
async function withLoggingWorker(warmUp: WarmUp, body: (worker: LoggingWorker) => Promise<void>): Promise<void> {
  const { workerAnalyzer } = await import('../packages/language-server/dist/index.js');
  const warmUpModule = await import('../packages/language-server/dist/warm-up.js');
  const log = path.join(temporaryDirectory('pflint-worker-log-'), 'log');
  writeFileSync(log, '');
  const analyzer = workerAnalyzer(loggingAnalysisModule(log, warmUpModule.WARM_UP_ROOT, warmUp));
  try {
    await body({
      analyze: (root, signal) => analyzer.analyze({ target: { kind: 'directory', root }, buffers: new Map(), settings: {} }, signal),
      logged: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
      rounds: warmUpModule.WARM_UP_ROUNDS,
    });
  } finally {
    await analyzer.dispose();
  }
}

describe('analysis worker', () => {
  it('stops a running analysis when its signal aborts, answers undefined, and keeps serving', async () => {
    const { analyzer, marker } = await endlessWorker();
    try {
      const request = { target: { kind: 'directory' as const, root: '/nowhere' }, buffers: new Map<string, string>(), settings: {} };
      const cancel = new AbortController();
      const endless = analyzer.analyze(request, cancel.signal);
      await vi.waitFor(() => expect(existsSync(marker)).toBe(true), { timeout: 60_000, interval: 50 });
      const abortedAt = Date.now();
      cancel.abort();
      expect(await endless).toBeUndefined();
      expect(Date.now() - abortedAt).toBeLessThan(30_000);
      // The same worker answers the next request: cancelling did not cost a restart.
      expect(await analyzer.analyze({ ...request, settings: { dialect: 'openbsd' } })).toEqual({ findings: [], files: ['quick'] });
    } finally {
      await analyzer.dispose();
    }
  }, 120_000);

  it('drops an analysis aborted before the worker got to it', async () => {
    const { analyzer, marker } = await endlessWorker();
    try {
      const request = { target: { kind: 'directory' as const, root: '/nowhere' }, buffers: new Map<string, string>(), settings: { dialect: 'openbsd' as const } };
      const first = analyzer.analyze(request);
      const cancel = new AbortController();
      const second = analyzer.analyze({ ...request, settings: {} }, cancel.signal);
      cancel.abort();
      expect(await first).toEqual({ findings: [], files: ['quick'] });
      expect(await second).toBeUndefined();
      expect(existsSync(marker)).toBe(false);
    } finally {
      await analyzer.dispose();
    }
  }, 120_000);

  it('warms up in idle time after a slow analysis, and gives way to the next request', () =>
    withLoggingWorker('endless', async ({ analyze, logged }) => {
      expect(await analyze('/slow')).toEqual({ findings: [], files: ['/slow'] });
      await vi.waitFor(() => expect(logged()).toContain('warm'), { timeout: 30_000, interval: 20 });
      // The round runs until told to give up: only giving way lets this request through in time.
      const askedAt = Date.now();
      expect(await analyze('/quick')).toEqual({ findings: [], files: ['/quick'] });
      expect(Date.now() - askedAt).toBeLessThan(30_000);
      expect(logged().slice(0, 4)).toEqual(['analyse /slow', 'warm', 'cut', 'analyse /quick']);
      // The round cut short is run again once the worker is idle.
      await vi.waitFor(() => expect(logged().slice(4)).toContain('warm'), { timeout: 30_000, interval: 20 });
    }), 120_000);

  it('runs a fixed number of rounds, once per worker', () =>
    withLoggingWorker('quick', async ({ analyze, logged, rounds }) => {
      const warmRounds = () => logged().filter((line) => line === 'warm').length;
      await analyze('/slow');
      await vi.waitFor(() => expect(warmRounds()).toBe(rounds), { timeout: 30_000, interval: 20 });
      // Another slow host does not start a second warm-up: the code is ready whatever host comes next.
      await analyze('/slow');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(warmRounds()).toBe(rounds);
    }), 120_000);

  it('does not warm up after a slow analysis that was cancelled', () =>
    withLoggingWorker('quick', async ({ analyze, logged }) => {
      const cancel = new AbortController();
      const slow = analyze('/slow-cancelled', cancel.signal);
      await vi.waitFor(() => expect(logged()).toEqual(['analyse /slow-cancelled']), { timeout: 30_000, interval: 5 });
      // Cancelled only once it has run longer than an analysis after which the worker warms up.
      await new Promise((resolve) => setTimeout(resolve, 500));
      cancel.abort();
      expect(await slow).toBeUndefined();
      await analyze('/quick');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logged()).toEqual(['analyse /slow-cancelled', 'analyse /quick']);
    }), 120_000);

  it('serves on after a slow analysis when the module has no warm-up', () =>
    withLoggingWorker('none', async ({ analyze, logged }) => {
      await analyze('/slow');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await analyze('/quick')).toEqual({ findings: [], files: ['/quick'] });
      expect(logged()).toEqual(['analyse /slow', 'analyse /quick']);
    }), 120_000);

  it('does not warm up after quick analyses', () =>
    withLoggingWorker('quick', async ({ analyze, logged }) => {
      await analyze('/quick');
      await analyze('/quick');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logged()).toEqual(['analyse /quick', 'analyse /quick']);
    }), 120_000);
});
