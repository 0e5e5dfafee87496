import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { settingsForServer } from './settings.js';

/** The client id: vscode-languageclient reads `pflint.trace.server` because of it. */
const CLIENT_ID = 'pflint';

/**
 * The documents the server is given. XML is included because FireBrick
 * configurations have no name of their own: the server recognises them by
 * their `<config>` root and leaves every other XML file alone.
 */
const DOCUMENT_SELECTOR = ['pf', 'rcconf', 'jailconf', 'xml'].map((language) => ({ scheme: 'file', language }));

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('pflint', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('pflint.restartServer', async () => {
      output.info('Restarting the pflint language server.');
      try {
        await client?.restart();
      } catch (error) {
        reportStartFailure(error, output);
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    reportStartFailure(error, output);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  // The bundled server is an ES module; `module` makes the client fork it with
  // VS Code's own Node runtime, so no Node installation is needed. The server
  // speaks over stdio only.
  const server = { module: context.asAbsolutePath('dist/server/server.js'), transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    // Used until the server pulls the settings itself (workspace/configuration),
    // which it does for every client that supports it, VS Code included.
    initializationOptions: settingsForServer((key) => vscode.workspace.getConfiguration('pflint').get(key)),
  };
  return new LanguageClient(CLIENT_ID, 'pflint', serverOptions, clientOptions);
}

/** A server that fails to start is reported, not thrown: colouring and the editor behaviour still work without it. */
function reportStartFailure(error: unknown, output: vscode.LogOutputChannel): void {
  const message = error instanceof Error ? error.message : String(error);
  output.error(`The pflint language server did not start: ${message}`);
  void vscode.window.showErrorMessage(`pflint: the language server did not start (${message}). See the pflint output.`);
}
