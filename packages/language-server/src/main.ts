import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { workerAnalyzer } from './worker-analyzer.js';

/**
 * Runs the language server on this process's stdin/stdout until the client
 * sends `exit`. Analyses run in a worker thread with core's check driver.
 */
export function startStdioServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection, { analyzer: workerAnalyzer(new URL('./core-analysis.js', import.meta.url)) });
}
