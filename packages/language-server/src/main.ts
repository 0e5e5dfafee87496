import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { workerAnalyzer, workerFeatures } from './worker-analyzer.js';

/**
 * Runs the language server on this process's stdin/stdout until the client
 * sends `exit`. Analyses run in a worker thread with core's check driver,
 * language features (outline, definitions, hovers, completion...) in another.
 */
export function startStdioServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const analysisModule = new URL('./core-analysis.js', import.meta.url);
  startServer(connection, { analyzer: workerAnalyzer(analysisModule), features: workerFeatures(analysisModule) });
}
