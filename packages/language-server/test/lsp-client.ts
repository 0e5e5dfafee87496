import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createMessageConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SEMANTIC_TOKENS_LEGEND } from '../src/semantic-tokens.js';
import { startServer, type ServerOptions } from '../src/server.js';

/**
 * A minimal LSP client over a real JSON-RPC connection: it keeps every
 * publishDiagnostics notification and lets a test wait for the one it expects.
 */
export class LspTestClient {
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<() => void>();
  readonly versions = new Map<string, number>();

  constructor(readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of this.waiters) waiter();
    });
    // The server pulls settings and registers watchers; answer as a plain editor would.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  settings: unknown = {};

  /** `initializationOptions`: the settings a client hands over at start-up (the VS Code extension's `pflint.*`). */
  initialize(rootPath: string, capabilities: InitializeParams['capabilities'] = {}, initializationOptions?: unknown): Promise<InitializeResult> {
    const uri = pathToFileURL(rootPath).href;
    return this.connection.sendRequest('initialize', {
      processId: null,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'workspace' }],
      capabilities,
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
    } satisfies InitializeParams);
  }

  async initialized(): Promise<void> {
    await this.connection.sendNotification('initialized', {});
  }

  async open(path: string, text: string, languageId = 'plaintext'): Promise<string> {
    const uri = pathToFileURL(path).href;
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a full-document change event). */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Every notification seen so far, oldest first. */
  get history(): readonly PublishDiagnosticsParams[] {
    return this.published;
  }

  /** Resolves with the first notification (from `after` on) for `uri` that satisfies `accept`. */
  waitForDiagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const { after = 0, timeoutMs = 5000 } = options;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.published.slice(after).find((params) => params.uri === uri && accept(params));
        if (!found) return false;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published.filter((params) => params.uri === uri))}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      check();
    });
  }

  codeActions(uri: string, diagnostics: readonly Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  async shutdown(): Promise<void> {
    await this.connection.sendRequest('shutdown');
  }
}

/** Applies a workspace edit's changes for one document to its text, as an editor would. */
export function applyWorkspaceEdit(edit: WorkspaceEdit | undefined, uri: string, text: string): string {
  const edits: TextEdit[] = edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 1, text), edits);
}

/**
 * The server and a client in one process, joined by in-memory streams. The
 * streams are never ended: the server library exits the process when its
 * input closes, so these tests stop at `shutdown` (the stdio tests cover `exit`).
 */
export function inMemoryServer(options: ServerOptions): LspTestClient {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, options);
  return new LspTestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
}

/** Diagnostics as `rule@line` (1-based), sorted: what most assertions compare. */
export function ruleLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${String(diagnostic.code)}@${diagnostic.range.start.line + 1}`).sort();
}

/**
 * Semantic tokens decoded from LSP's relative encoding with the server's
 * legend: `line:character+length type[.declaration]`, lines counted from
 * `firstLine` (1 to compare with editor line numbers).
 */
export function decodeSemanticTokens(data: readonly number[], firstLine = 0): string[] {
  const { tokenTypes } = SEMANTIC_TOKENS_LEGEND;
  const decoded: string[] = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index < data.length; index += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(index, index + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push(`${line + firstLine}:${character}+${length} ${tokenTypes[type]}${modifiers ? '.declaration' : ''}`);
  }
  return decoded;
}
