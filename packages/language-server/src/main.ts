import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { workerAnalyzer, workerFeatures } from './worker-analyzer.js';

/**
 * Runs the language server on this process's stdin/stdout until the client
 * sends `exit`. Analyses run in a worker thread with core's check driver,
 * language features (outline, definitions, hovers, completion...) in another.
 */
export function startStdioServer(): void {
  // The server runs the same functions once per edit. By default V8 gives a function the feedback its optimising
  // compilers need only after the function has run for a while, so the first dozen or so edits after a large file
  // opened ran mostly unoptimised code (bench/lsp.bench.js, side by side: p95 62-78 ms with the default, 44-52 ms
  // with this flag). Set before the worker threads start, whose code is all compiled under it.
  setFlagsFromString('--no-lazy-feedback-allocation');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const analysisModule = new URL('./core-analysis.js', import.meta.url);
  startServer(connection, { analyzer: workerAnalyzer(analysisModule), features: workerFeatures(analysisModule) });
}
