import { fileURLToPath } from 'node:url';
import * as posixPath from 'node:path/posix';
import { DIALECTS, loadConfig, type FileSystem, type RuleSetting, type SourceRange } from '@pflint/core';
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type CancellationToken,
  type CompletionItem,
  type FormattingOptions,
  type InitializeResult,
  type Location,
  type Position,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClientSettings, HostAnalysisResult, HostAnalyzer } from './analyzer.js';
import { codeActionsFor, type PublishedFinding } from './code-actions.js';
import { DIAGNOSTIC_SOURCE, defaultUriOf, diagnosticKey, findingToDiagnostic, toRange } from './diagnostics.js';
import { findHostTarget, targetContains, targetKey, type HostTarget } from './host-discovery.js';
import { documentLanguage, firebrickFiles, type DocumentLanguage, type FirebrickFiles } from './languages.js';
import { diskFileSystem, overlayFileSystem } from './overlay-fs.js';
import { inProcessFeatures, type FeatureOp, type FeatureProvider, type FeatureQuery, type FeatureResults } from './features.js';
import { SEMANTIC_TOKENS_LEGEND } from './semantic-tokens.js';

export interface ServerOptions {
  /** Runs the analyses: `workerAnalyzer` in the stdio server, `inProcessAnalyzer` with a fake in tests. */
  readonly analyzer: HostAnalyzer;
  /**
   * Minimum time between the starts of two analyses of one host. An edit
   * after a quiet period is analysed at once; edits inside the window are
   * coalesced into one run at its end. An edit during a run cancels it (it
   * stops at its next stage) and the next run starts when it has stopped.
   */
  readonly debounceMs?: number;
  /** Answers outline, navigation, hover, completion, rename and semantic tokens; on the server's thread by default. */
  readonly features?: FeatureProvider;
  /** What host discovery and the overlay sit on; the disk by default. */
  readonly fileSystem?: FileSystem;
}

export const DEFAULT_DEBOUNCE_MS = 150;

/** Files whose change can alter a host's findings; table files named in pf.conf are not known in advance. */
const WATCHED_GLOBS = [
  '**/{pf.conf,*.pf,rc.conf,rc.conf.local,loader.conf,loader.conf.local,sysctl.conf,sysctl.conf.local,jail.conf,.pflintrc.json,*.xml}',
  '**/{rc.conf.d,jail.conf.d,pf.anchors,wireguard}/*',
];

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

interface HostState {
  readonly target: HostTarget;
  /** Bumped on every change that affects the host; a run whose number is no longer current is stale. */
  requested: number;
  running: boolean;
  /** Aborts the running analysis: set while one runs. */
  cancelRunning: AbortController | undefined;
  /** The next run, once it is due (see `kick`). */
  timer: { cancel(): void } | undefined;
  lastStart: number;
  /** What was last published, per URI, so code actions find their findings and stale files get cleared. */
  published: Map<string, PublishedFinding[]>;
}

/** An open document the server analyses. */
interface TrackedDocument {
  readonly path: string;
  readonly language: DocumentLanguage;
  readonly hostKey: string;
}

/**
 * Wires pflint's language features to `connection`. The server has no
 * analysis of its own: it finds which host a document belongs to, hands the
 * host (with the open buffers) to the analyzer, and turns findings into
 * diagnostics and code actions.
 */
export function startServer(connection: Connection, options: ServerOptions): void {
  const { analyzer } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const baseFs = options.fileSystem ?? diskFileSystem;
  const features = options.features ?? inProcessFeatures(baseFs);
  const documents = new TextDocuments(TextDocument);
  const tracked = new Map<string, TrackedDocument>();
  const hosts = new Map<string, HostState>();
  let workspaceFolders: string[] = [];
  let settings: ClientSettings = {};
  /** `settings.firebrickFiles` as a test, compiled when the settings change rather than on every keystroke. */
  let isFirebrickFile: FirebrickFiles = () => false;
  let pullsConfiguration = false;
  let watchesDynamically = false;
  /** Bumped on every change on disk the client reports: cached host indexes may no longer match the files. */
  let diskGeneration = 0;

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.map(filePathOf).filter((path): path is string => path !== undefined);
    useSettings(sanitizeSettings(params.initializationOptions));
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    watchesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '<', '=', ',', '('] },
        renameProvider: { prepareProvider: true },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pflint' },
    };
  });

  connection.onInitialized(async () => {
    analyzer.prepare?.();
    features.prepare?.();
    if (watchesDynamically) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
      });
    }
    if (pullsConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'pflint' });
      await refreshSettings(undefined);
    }
  });

  connection.onDidChangeConfiguration(async (params) => {
    const pushed = (params.settings as { pflint?: unknown } | null | undefined)?.pflint;
    await refreshSettings(pushed);
    // `pflint.host.root` may move documents between hosts, `pflint.firebrick.files` change what a document is; the others need a fresh run for the new levels.
    for (const document of documents.all()) documentChanged(document);
    const inUse = new Set([...tracked.values()].map((entry) => entry.hostKey));
    for (const host of [...hosts.values()]) if (!inUse.has(targetKey(host.target))) forgetHost(host);
  });

  // The raw notification: the library's helper refuses to register before `initialize` has been seen.
  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
    const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
    const added = event.added.map((folder) => filePathOf(folder.uri)).filter((path): path is string => path !== undefined);
    workspaceFolders = [...workspaceFolders.filter((path) => !removed.has(path)), ...added];
  });

  documents.onDidChangeContent(({ document }) => documentChanged(document));

  documents.onDidClose(({ document }) => untrack(document.uri));

  function untrack(uri: string): void {
    const entry = tracked.get(uri);
    tracked.delete(uri);
    if (!entry) return;
    const host = hosts.get(entry.hostKey);
    if (!host) return;
    const stillOpen = [...tracked.values()].some((other) => other.hostKey === entry.hostKey);
    if (stillOpen) schedule(host);
    else forgetHost(host);
  }

  connection.onDidChangeWatchedFiles((params) => {
    diskGeneration++;
    for (const change of params.changes) {
      const path = filePathOf(change.uri);
      if (path === undefined) continue;
      for (const host of hosts.values()) if (targetContains(host.target, path) || isConfigAbove(host.target, path)) schedule(host);
    }
  });

  connection.onCodeAction((params) => {
    const only = params.context.only;
    if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
    const document = documents.get(params.textDocument.uri);
    const entry = tracked.get(params.textDocument.uri);
    if (!document || !entry) return [];
    const published = hosts.get(entry.hostKey)?.published.get(params.textDocument.uri) ?? [];
    const byKey = new Map(published.map((entry) => [diagnosticKey(entry.diagnostic), entry]));
    const asked = params.context.diagnostics
      .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE)
      .map((diagnostic) => byKey.get(diagnosticKey(diagnostic)))
      .filter((entry): entry is PublishedFinding => entry !== undefined);
    return codeActionsFor(asked, document, entry.language, uriOf);
  });

  connection.onDocumentSymbol(({ textDocument }, token) => ask(textDocument.uri, 'symbols', undefined, {}, token));

  connection.onFoldingRanges(({ textDocument }, token) => ask(textDocument.uri, 'folding', undefined, {}, token));

  connection.languages.semanticTokens.on(async ({ textDocument }, token) => ({ data: (await ask(textDocument.uri, 'semanticTokens', undefined, {}, token)) ?? [] }));

  connection.onDefinition(async ({ textDocument, position }, token) => {
    const locations = ((await ask(textDocument.uri, 'definition', position, {}, token)) ?? []).map(toLocation);
    return locations.length === 0 ? null : locations.length === 1 ? locations[0]! : locations;
  });

  connection.onReferences(async ({ textDocument, position, context }, token) => {
    const ranges = await ask(textDocument.uri, 'references', position, { includeDeclaration: context.includeDeclaration }, token);
    return ranges?.map(toLocation) ?? null;
  });

  connection.onHover(async ({ textDocument, position }, token) => {
    const hover = await ask(textDocument.uri, 'hover', position, {}, token);
    return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(hover.range) } : null;
  });

  connection.onCompletion(async ({ textDocument, position }, token) => {
    const answer = await ask(textDocument.uri, 'completion', position, {}, token);
    const document = documents.get(textDocument.uri);
    if (!answer || !document) return null;
    const range = { start: document.positionAt(answer.start), end: position };
    const items: CompletionItem[] = answer.items.map((item) => ({ ...item, textEdit: { range, newText: item.label } }));
    return { isIncomplete: false, items };
  });

  connection.onPrepareRename(async ({ textDocument, position }, token) => {
    const target = await ask(textDocument.uri, 'prepareRename', position, {}, token);
    return target ? { range: toRange(target.range), placeholder: target.placeholder } : null;
  });

  connection.onRenameRequest(async ({ textDocument, position, newName }, token) => {
    const answer = await ask(textDocument.uri, 'rename', position, { newName }, token);
    if (!answer) return null;
    if ('error' in answer) throw new ResponseError(ErrorCodes.InvalidParams, answer.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of answer.edits) (changes[uriOf(edit.range.file)] ??= []).push({ range: toRange(edit.range), newText: edit.newText });
    return { changes };
  });

  connection.onDocumentFormatting(({ textDocument, options }, token) => format(textDocument.uri, options, undefined, token));

  connection.onDocumentRangeFormatting(({ textDocument, options, range }, token) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    return format(textDocument.uri, options, { start: document.offsetAt(range.start), end: document.offsetAt(range.end) }, token);
  });

  connection.onShutdown(async () => {
    for (const host of hosts.values()) host.timer?.cancel();
    await Promise.all([analyzer.dispose(), features.dispose()]);
  });

  documents.listen(connection);
  connection.listen();

  function documentChanged(document: TextDocument): void {
    const path = filePathOf(document.uri);
    if (path === undefined) return;
    const language = documentLanguage(path, document.getText(), document.languageId, isFirebrickFile);
    if (!language) {
      // A settings change can take a document out of our languages (a FireBrick pattern removed).
      if (tracked.has(document.uri)) untrack(document.uri);
      return;
    }
    const target = configuredTarget(path, language) ?? findHostTarget(overlayFileSystem(openBuffers(), baseFs), path, language, boundaryOf(path));
    const hostKey = targetKey(target);
    const previous = tracked.get(document.uri);
    tracked.set(document.uri, { path, language, hostKey });
    if (previous && previous.hostKey !== hostKey) {
      const old = hosts.get(previous.hostKey);
      if (old) schedule(old);
    }
    let host = hosts.get(hostKey);
    if (!host) {
      host = { target, requested: 0, running: false, cancelRunning: undefined, timer: undefined, lastStart: -Infinity, published: new Map() };
      hosts.set(hostKey, host);
    }
    schedule(host);
    // Editors ask for a document's outline, colours or formatting once it is open: its parse is made meanwhile,
    // beside the host analysis, and later versions are parsed from it (only what an edit touched).
    if (!previous && language === 'pf') void ask(document.uri, 'parse');
  }

  /**
   * Asks the feature provider about an open document, with its host (the
   * target and every open buffer in it); null for documents the server does
   * not track, for a request cancelled before the worker got to it, or when
   * the provider fails.
   */
  async function ask<Op extends FeatureOp>(
    uri: string,
    op: Op,
    position: Position = { line: 0, character: 0 },
    extra: Pick<FeatureQuery, 'includeDeclaration' | 'newName' | 'formatting'> = {},
    token?: CancellationToken,
  ): Promise<FeatureResults[Op] | null> {
    const entry = tracked.get(uri);
    const document = documents.get(uri);
    const host = entry ? hosts.get(entry.hostKey) : undefined;
    if (!entry || !document || !host) return null;
    const fs = overlayFileSystem(openBuffers(), baseFs);
    const dialect = loadConfig(fs, { start: posixPath.dirname(entry.path) }).config.dialect ?? settings.dialect ?? 'freebsd';
    const buffers: [string, string][] = [];
    const stamp = [String(diskGeneration), settings.dialect ?? ''];
    for (const [otherUri, other] of tracked) {
      const open = documents.get(otherUri);
      if (!open || !targetContains(host.target, other.path)) continue;
      buffers.push([other.path, open.getText()]);
      stamp.push(`${other.path}@${open.version}`);
    }
    const query: FeatureQuery<Op> = {
      op,
      file: entry.path,
      language: entry.language,
      version: document.version,
      text: document.getText(),
      dialect,
      offset: document.offsetAt(position),
      ...extra,
      host: { target: host.target, buffers, stamp: stamp.join('\n'), ...(settings.dialect ? { clientDialect: settings.dialect } : {}) },
    };
    // The client's cancellation reaches the request waiting in line or, while its host index is built, the worker.
    const cancelled = new AbortController();
    const listening = token?.onCancellationRequested(() => cancelled.abort());
    if (token?.isCancellationRequested) cancelled.abort();
    try {
      return await features.answer(query, cancelled.signal);
    } catch (error) {
      connection.console.error(`pflint: ${op} failed for ${entry.path}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      listening?.dispose();
    }
  }

  /** Formats a document (or part of it) with core's formatter; a refusal is logged and changes nothing. */
  async function format(uri: string, options: FormattingOptions, range?: { start: number; end: number }, token?: CancellationToken): Promise<TextEdit[] | null> {
    const formatting = { tabSize: options.tabSize, insertSpaces: options.insertSpaces, ...(range ? { range } : {}) };
    const answer = await ask(uri, 'format', undefined, { formatting }, token);
    const document = documents.get(uri);
    if (!answer || !document) return null;
    if ('error' in answer) {
      connection.console.warn(answer.error);
      return [];
    }
    return answer.edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }));
  }

  function toLocation(range: SourceRange): Location {
    return { uri: uriOf(range.file), range: toRange(range) };
  }

  /** Something the host's findings depend on changed: the running analysis (if any) is stale, a new one is due. */
  function schedule(host: HostState): void {
    host.requested++;
    host.cancelRunning?.abort();
    kick(host);
  }

  /** Starts the host's next run when it is due: never two at once, never closer than the debounce window. */
  function kick(host: HostState): void {
    if (host.running || host.timer !== undefined || hosts.get(targetKey(host.target)) !== host) return;
    const delay = host.lastStart + debounceMs - Date.now();
    const start = (): void => {
      host.timer = undefined;
      void run(host);
    };
    // A run due now starts once the current messages are handled: a timer would add at least a millisecond.
    if (delay > 0) {
      const timeout = setTimeout(start, delay);
      host.timer = { cancel: () => clearTimeout(timeout) };
    } else {
      const immediate = setImmediate(start);
      host.timer = { cancel: () => clearImmediate(immediate) };
    }
  }

  async function run(host: HostState): Promise<void> {
    const generation = host.requested;
    const cancel = new AbortController();
    host.running = true;
    host.cancelRunning = cancel;
    host.lastStart = Date.now();
    const buffers = new Map<string, string>();
    const versions = new Map<string, number>();
    for (const [uri, entry] of tracked) {
      const document = documents.get(uri);
      if (!document || !targetContains(host.target, entry.path)) continue;
      buffers.set(entry.path, document.getText());
      versions.set(uri, document.version);
    }
    let result: HostAnalysisResult | undefined;
    try {
      result = await analyzer.analyze({ target: host.target, buffers, settings }, cancel.signal);
    } catch (error) {
      connection.console.error(`pflint: analysis of ${targetKey(host.target)} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    host.running = false;
    host.cancelRunning = undefined;
    for (const message of result?.errors ?? []) connection.console.warn(`pflint: ${message}`);
    // A newer edit supersedes this run: its positions may already be wrong, and a fresh run follows.
    if (result && generation === host.requested && hosts.get(targetKey(host.target)) === host) publish(host, result, versions);
    if (generation !== host.requested) kick(host);
  }

  function publish(host: HostState, result: HostAnalysisResult, versions: ReadonlyMap<string, number>): void {
    const next = new Map<string, PublishedFinding[]>();
    for (const file of result.files) next.set(uriOf(file), []);
    for (const finding of result.findings) {
      const uri = uriOf(finding.range.file);
      let list = next.get(uri);
      if (!list) next.set(uri, (list = []));
      list.push({ finding, diagnostic: findingToDiagnostic(finding, uriOf) });
    }
    for (const uri of host.published.keys()) if (!next.has(uri)) next.set(uri, []);
    host.published = new Map([...next].filter(([, list]) => list.length > 0));
    for (const [uri, list] of next) {
      const diagnostics: Diagnostic[] = list.map((entry) => entry.diagnostic);
      const version = versions.get(uri);
      void connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    }
  }

  function forgetHost(host: HostState): void {
    host.timer?.cancel();
    host.cancelRunning?.abort();
    hosts.delete(targetKey(host.target));
    for (const uri of host.published.keys()) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  function openBuffers(): Map<string, string> {
    const buffers = new Map<string, string>();
    for (const [uri, entry] of tracked) {
      const document = documents.get(uri);
      if (document) buffers.set(entry.path, document.getText());
    }
    return buffers;
  }

  /** Open documents keep the URI spelling the client used; other files get a canonical file URI. */
  function uriOf(file: string): string {
    for (const [uri, entry] of tracked) if (entry.path === file) return uri;
    return defaultUriOf(file);
  }

  /** The host named by `pflint.host.root`, when the document lies inside it. */
  function configuredTarget(path: string, language: DocumentLanguage): HostTarget | undefined {
    const folder = boundaryOf(path);
    if (!settings.hostRoot || folder === undefined || language === 'firebrick') return undefined;
    const root = posixPath.resolve(folder, settings.hostRoot);
    const target: HostTarget = { kind: 'directory', root };
    return targetContains(target, path) ? target : undefined;
  }

  function boundaryOf(path: string): string | undefined {
    const containing = workspaceFolders.filter((folder) => path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
    return containing.sort((a, b) => b.length - a.length)[0];
  }

  async function refreshSettings(pushed: unknown): Promise<void> {
    if (pullsConfiguration) {
      try {
        pushed = await connection.workspace.getConfiguration('pflint');
      } catch {
        // A client that advertised configuration but fails the request keeps the last known settings.
        return;
      }
    }
    if (pushed !== undefined) useSettings(sanitizeSettings(pushed));
  }

  function useSettings(next: ClientSettings): void {
    settings = next;
    isFirebrickFile = firebrickFiles(next.firebrickFiles ?? [], boundaryOf);
  }
}

/** A `.pflintrc.json` above a host directory also configures it (core searches upward). */
function isConfigAbove(target: HostTarget, path: string): boolean {
  if (posixPath.basename(path) !== '.pflintrc.json') return false;
  const directory = posixPath.dirname(path);
  const hostDirectory = target.kind === 'directory' ? target.root : posixPath.dirname(target.file);
  return hostDirectory === directory || hostDirectory.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/** The absolute POSIX path of a `file:` URI; other schemes (untitled, git) are not analysed. */
function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Keeps only well-formed settings; anything else falls back to `.pflintrc.json` and the defaults. */
export function sanitizeSettings(value: unknown): ClientSettings {
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as { dialect?: unknown; rules?: unknown; host?: { root?: unknown }; firebrick?: { files?: unknown } };
  const dialect = DIALECTS.find((candidate) => candidate === raw.dialect);
  const rules: Record<string, RuleSetting> = {};
  if (typeof raw.rules === 'object' && raw.rules !== null) {
    for (const [id, level] of Object.entries(raw.rules)) {
      const known = RULE_SETTINGS.find((candidate) => candidate === level);
      if (known) rules[id] = known;
    }
  }
  const hostRoot = typeof raw.host?.root === 'string' && raw.host.root.trim() !== '' ? raw.host.root.trim() : undefined;
  const patterns = Array.isArray(raw.firebrick?.files) ? raw.firebrick.files : [];
  const firebrickFiles = patterns.filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '').map((pattern) => pattern.trim());
  return {
    ...(dialect ? { dialect } : {}),
    ...(Object.keys(rules).length > 0 ? { rules } : {}),
    ...(hostRoot ? { hostRoot } : {}),
    ...(firebrickFiles.length > 0 ? { firebrickFiles } : {}),
  };
}
