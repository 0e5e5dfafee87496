import { CheckCancelled, type Dialect, type FileSystem, type Finding, type RuleSetting } from '@pflint/core';
import type { HostTarget } from './host-discovery.js';
import { diskFileSystem, overlayFileSystem } from './overlay-fs.js';

/**
 * Settings from the client (`pflint.dialect`, `pflint.rules`, `pflint.host.root`).
 * The host's `.pflintrc.json` wins over the first two.
 */
export interface ClientSettings {
  readonly dialect?: Dialect;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** The host directory, relative to the workspace folder; found from the layout when absent. */
  readonly hostRoot?: string;
  /** `pflint.firebrick.files`: patterns naming FireBrick configurations whatever their name or first element. */
  readonly firebrickFiles?: readonly string[];
}

/** What an analysis returns: every finding for the host, and every file it read (to clear stale diagnostics). */
export interface HostAnalysisResult {
  readonly findings: readonly Finding[];
  readonly files: readonly string[];
  /** Problems that are no finding at any line (a front end missing from this build); the server logs them. */
  readonly errors?: readonly string[];
}

/**
 * The one thing the server needs from core: analyse a host through a file
 * system. Injected so tests can drive the protocol with a fake, and so the
 * real one can run in a worker thread.
 */
export type AnalyzeHost = (
  fs: FileSystem,
  target: HostTarget,
  settings: ClientSettings,
  /** Paths of the open documents in the target: they belong to the host even when layout alone would miss them. */
  openFiles: readonly string[],
  /** Asked between stages; once true the analysis may stop by throwing core's `CheckCancelled`. */
  isCancelled?: () => boolean,
) => HostAnalysisResult;

/** One analysis to run: the target, the open buffers (absolute path to text) and the settings. */
export interface AnalysisRequest {
  readonly target: HostTarget;
  readonly buffers: ReadonlyMap<string, string>;
  readonly settings: ClientSettings;
}

/** Runs analyses off the connection's critical path; see in-process and worker implementations. */
export interface HostAnalyzer {
  /** Gets ready before the first request (loads core), so opening the first file is not the slow part. */
  prepare?(): void;
  /**
   * The host's findings, or undefined when `signal` aborted the analysis
   * before it was complete (a newer edit made it stale): a cancelled analysis
   * gives nothing rather than part of an answer.
   */
  analyze(request: AnalysisRequest, signal?: AbortSignal): Promise<HostAnalysisResult | undefined>;
  dispose(): Promise<void>;
}

/**
 * Runs `request` against the overlay of its buffers on `base`; undefined when
 * it was cancelled, and a throwing analysis becomes an `internal-error` finding.
 */
export function runAnalysis(
  analyzeHost: AnalyzeHost,
  request: AnalysisRequest,
  base: FileSystem = diskFileSystem,
  isCancelled: () => boolean = () => false,
): HostAnalysisResult | undefined {
  const fs = overlayFileSystem(request.buffers, base);
  try {
    return analyzeHost(fs, request.target, request.settings, [...request.buffers.keys()], isCancelled);
  } catch (error) {
    if (error instanceof CheckCancelled) return undefined;
    const file = request.target.kind === 'file' ? request.target.file : [...request.buffers.keys()][0] ?? request.target.root;
    const origin = { line: 1, column: 1, offset: 0 };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      findings: [{ ruleId: 'internal-error', severity: 'error', message: `analysis failed: ${detail}`, range: { file, start: origin, end: origin } }],
      files: [file],
    };
  }
}

/**
 * Runs analyses on the server's own thread, one macrotask after the request so
 * pending protocol messages are read first. For tests and small hosts; the
 * stdio server uses the worker analyzer.
 */
export function inProcessAnalyzer(analyzeHost: AnalyzeHost, base: FileSystem = diskFileSystem): HostAnalyzer {
  return {
    analyze: (request, signal) =>
      new Promise((resolve) =>
        setImmediate(() => resolve(signal?.aborted ? undefined : runAnalysis(analyzeHost, request, base, () => signal?.aborted === true))),
      ),
    dispose: async () => undefined,
  };
}
