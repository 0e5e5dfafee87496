import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function endlessAnalysisModule(startedMarker: string): URL {
  const directory = mkdtempSync(path.join(tmpdir(), 'pflint-worker-'));
  temporary.push(directory);
  const file = path.join(directory, 'endless-analysis.mjs');
  writeFileSync(
    file,
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
  return pathToFileURL(file);
}

/** A worker running the endless module; `marker` exists once an analysis has started. */
async function endlessWorker() {
  const { workerAnalyzer } = await import('../packages/language-server/dist/index.js');
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'pflint-worker-marker-')), 'started');
  temporary.push(path.dirname(marker));
  return { analyzer: workerAnalyzer(endlessAnalysisModule(marker)), marker };
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
});
