import { cancellationCheckpoint, CheckCancelled, createPfParseCache, type Dialect, type FileSystem, type PfParseResult, type PfSyntaxFile, type SourceRange } from '@pflint/core';
import type { CompletionItem, DocumentSymbol, FoldingRange } from 'vscode-languageserver';
import { completionsAt } from './completion.js';
import { firebrickDocumentSymbols, firebrickFoldingRanges } from './firebrick-outline.js';
import { formatDocument, type FormattingAnswer, type FormattingRequest } from './formatting.js';
import { buildHostIndex, pfView, type HostIndex, type PfView } from './host-index.js';
import { targetKey, type HostTarget } from './host-discovery.js';
import { definitionsOf, hostOccurrences, hostTexts, occurrenceAt, referencesOf, type Occurrence } from './host-symbols.js';
import { hoverAt, interfaceSource, type HoverAnswer } from './hover.js';
import type { DocumentLanguage } from './languages.js';
import { overlayFileSystem } from './overlay-fs.js';
import { documentSymbols, foldingRanges } from './pf-navigation.js';
import { rcDocumentSymbols } from './rc-outline.js';
import { renameEdits, renameTarget, type RenameAnswer, type RenameTarget } from './rename.js';
import { firebrickSemanticTokens, pfSemanticTokens, rcSemanticTokens } from './semantic-tokens.js';

/** What each language-feature request answers; ranges stay core ranges (file paths) until the server maps them to URIs. */
export interface FeatureResults {
  readonly symbols: DocumentSymbol[] | null;
  readonly folding: FoldingRange[] | null;
  readonly semanticTokens: number[] | null;
  readonly definition: SourceRange[];
  readonly references: SourceRange[];
  readonly hover: HoverAnswer | null;
  readonly completion: { readonly start: number; readonly items: CompletionItem[] };
  readonly prepareRename: RenameTarget | null;
  readonly rename: RenameAnswer;
  readonly format: FormattingAnswer;
  /** Nothing: a pf document is parsed ahead of the outline, colours or formatting an editor asks for next. */
  readonly parse: null;
}

export type FeatureOp = keyof FeatureResults;

/** The host a document belongs to, as the server knows it: the target and every open buffer in it. */
export interface HostContext {
  readonly target: HostTarget;
  /** Open documents of the host (absolute path, text): they win over the disk. */
  readonly buffers: readonly (readonly [string, string])[];
  /** Changes whenever the host may read differently (an edit, a change on disk, new settings). */
  readonly stamp: string;
  /** The client's `pflint.dialect`, below the host's `.pflintrc.json`. */
  readonly clientDialect?: Dialect;
}

/** One request on one version of a document. */
export interface FeatureQuery<Op extends FeatureOp = FeatureOp> {
  readonly op: Op;
  readonly file: string;
  readonly language: DocumentLanguage;
  readonly version: number;
  readonly text: string;
  /** The dialect in force for the document (host configuration, then client setting). */
  readonly dialect: Dialect;
  /** Cursor offset (UTF-16) for the position-based requests. */
  readonly offset: number;
  readonly includeDeclaration?: boolean;
  readonly newName?: string;
  readonly formatting?: FormattingRequest;
  readonly host: HostContext;
}

/** Answers feature requests; the stdio server runs one in a worker thread, since parsing a big host takes a while. */
export interface FeatureProvider {
  /** Gets ready before the first request (loads core), so the first outline or hover is not the slow part. */
  prepare?(): void;
  /**
   * Resolves with null when `signal` aborts before the request's turn comes,
   * or while a host index is being built for it.
   */
  answer<Op extends FeatureOp>(query: FeatureQuery<Op>, signal?: AbortSignal): Promise<FeatureResults[Op] | null>;
  dispose(): Promise<void>;
}

/** LSP's defaults when a request carries no options. */
const DEFAULT_FORMATTING: FormattingRequest = { tabSize: 4, insertSpaces: true };

/** How many parsed documents and host indexes a provider keeps: the ones being looked at. */
const CACHED_TREES = 8;
const CACHED_HOSTS = 4;

/**
 * A synchronous feature provider over `base` (the disk in the worker, a
 * memory file system in tests). Per-document requests (outline, folding,
 * semantic tokens, pf.conf formatting) share one parse of the document alone,
 * cached by version and dialect; formatting reads only the file's
 * configuration besides; the others build the host with core's front ends, cached by the host's stamp.
 */
export function createFeatures(
  base: FileSystem,
): <Op extends FeatureOp>(query: FeatureQuery<Op>, isCancelled?: () => boolean) => FeatureResults[Op] | null {
  const trees = new Map<string, { readonly version: number; readonly text: string; readonly dialect: Dialect; readonly parsed: PfParseResult; tokens?: number[] }>();
  // A new version of a document is parsed again only where it changed; that moves the statements of the version
  // before, so `trees` keeps one entry per document: the last one parsed.
  const pfParses = createPfParseCache();
  const hosts = new Map<string, { readonly stamp: string; readonly index: HostIndex }>();

  /** The document's parse (and its semantic tokens once asked for), once per version and dialect. */
  const parsedOf = (query: FeatureQuery): { readonly parsed: PfParseResult; tokens?: number[] } => {
    const cached = trees.get(query.file);
    if (cached?.version === query.version && cached.text === query.text && cached.dialect === query.dialect) return cached;
    // A long parse of a big document stops too when the request is cancelled (every few hundred statements).
    const checkpoint = isCancelled && cancellationCheckpoint(isCancelled);
    const parsed = pfParses.parse(query.text, { file: query.file, dialect: query.dialect, ...(checkpoint ? { checkpoint } : {}) });
    const entry = { version: query.version, text: query.text, dialect: query.dialect, parsed };
    const forgotten = remember(trees, query.file, entry, CACHED_TREES);
    if (forgotten !== undefined) pfParses.forget(forgotten);
    return entry;
  };
  const treeOf = (query: FeatureQuery): PfSyntaxFile => parsedOf(query).parsed.tree;

  /** Asked at every file read while a host index is built for the request being answered. */
  let isCancelled: (() => boolean) | undefined;

  /**
   * The host's index for the query's stamp. `acceptStale` takes the last one
   * built for the host whatever its stamp: completion runs on every keystroke
   * and reads the document's own names from the document itself, so the
   * index only adds names of other files and interfaces, which an edit in
   * progress rarely changes. Any other request brings the index up to date.
   */
  const indexOf = (query: FeatureQuery, acceptStale = false): HostIndex => {
    const key = targetKey(query.host.target);
    const cached = hosts.get(key);
    if (cached && (acceptStale || cached.stamp === query.host.stamp)) return cached.index;
    const buffers = new Map(query.host.buffers);
    buffers.set(query.file, query.text);
    const index = buildHostIndex(overlayFileSystem(buffers, base), query.host.target, [...buffers.keys()], {
      ...(query.host.clientDialect ? { clientDialect: query.host.clientDialect } : {}),
      ...(isCancelled ? { isCancelled } : {}),
      pfParses,
    });
    remember(hosts, key, { stamp: query.host.stamp, index }, CACHED_HOSTS);
    return index;
  };

  /** The host's occurrences as seen from one document: computed once per host index and document text. */
  const occurrences = new WeakMap<HostIndex, Map<string, { readonly text: string; readonly list: Occurrence[] }>>();
  const occurrencesOf = (query: FeatureQuery): { index: HostIndex; list: Occurrence[] } => {
    const index = indexOf(query);
    let byFile = occurrences.get(index);
    if (!byFile) occurrences.set(index, (byFile = new Map()));
    const cached = byFile.get(query.file);
    if (cached?.text === query.text) return { index, list: cached.list };
    const list = hostOccurrences(index, query.file, query.text, query.language);
    byFile.set(query.file, { text: query.text, list });
    return { index, list };
  };

  /**
   * The answer, or null when `cancelled` says so while a host index is being
   * built for it or the document is being parsed: those are the long parts of
   * a request on a big host, and neither a half-built index nor a half-made
   * parse is kept.
   */
  return <Op extends FeatureOp>(query: FeatureQuery<Op>, cancelled?: () => boolean): FeatureResults[Op] | null => {
    const answers: { readonly [Key in FeatureOp]: () => FeatureResults[Key] } = {
      symbols: () => {
        if (query.language === 'rcconf') return rcDocumentSymbols(query.file, query.text);
        if (query.language === 'firebrick') return firebrickDocumentSymbols(query.file, query.text);
        return documentSymbols(treeOf(query).statements);
      },
      folding: () => {
        if (query.language === 'firebrick') return firebrickFoldingRanges(query.file, query.text);
        return query.language === 'pf' ? foldingRanges(treeOf(query)) : null;
      },
      semanticTokens: () => {
        if (query.language === 'rcconf') return rcSemanticTokens(query.file, query.text);
        if (query.language === 'firebrick') return firebrickSemanticTokens(query.file, query.text);
        const entry = parsedOf(query);
        const tree = entry.parsed.tree;
        return (entry.tokens ??= pfSemanticTokens(entry.parsed, pfView(tree, query.dialect).references));
      },
      definition: () => {
        const { index, list } = occurrencesOf(query);
        const at = occurrenceAt(list, query.file, query.offset);
        return at ? definitionsOf(list, at, at.symbol.kind === 'interface' ? interfaceSource(index, at.symbol.name) : undefined) : [];
      },
      references: () => {
        const { list } = occurrencesOf(query);
        const at = occurrenceAt(list, query.file, query.offset);
        return at ? referencesOf(list, at, query.includeDeclaration === true) : [];
      },
      hover: () => {
        const { index, list } = occurrencesOf(query);
        return hoverAt(index, list, query.file, query.text, query.language, query.offset) ?? null;
      },
      completion: () => {
        const document = (): PfView | undefined => (query.language === 'pf' ? pfView(treeOf(query), query.dialect) : undefined);
        return completionsAt(indexOf(query, true), document, query.file, query.text, query.language, query.offset, query.dialect);
      },
      prepareRename: () => renameTarget(occurrencesOf(query).list, query.file, query.offset) ?? null,
      rename: () => {
        const { index, list } = occurrencesOf(query);
        const interfaces = new Set(index.analysis.host.interfaces.keys());
        return renameEdits(list, query.file, query.offset, query.newName ?? '', { texts: hostTexts(index, query.file, query.text), interfaces });
      },
      parse: () => {
        if (query.language === 'pf') parsedOf(query);
        return null;
      },
      format: () => {
        // pf.conf formatting reads the parse the outline and colours of this version share, or makes it from the
        // parse of an earlier version (re-reading only what changed). With neither, it does not make one to keep:
        // the formatter's own reading keeps no tree, which makes it faster than a whole parse.
        const parsed = query.language === 'pf' && trees.has(query.file) ? parsedOf(query).parsed : undefined;
        const fs = overlayFileSystem(new Map(query.host.buffers), base);
        return formatDocument(fs, query.file, query.text, query.language, query.dialect, query.formatting ?? DEFAULT_FORMATTING, parsed);
      },
    };
    isCancelled = cancelled;
    try {
      return answers[query.op]() as FeatureResults[Op];
    } catch (error) {
      if (error instanceof CheckCancelled) return null;
      throw error;
    } finally {
      isCancelled = undefined;
    }
  };
}

/** Keeps `value` as the newest entry; returns the key of the oldest when it made room by dropping it. */
function remember<T>(cache: Map<string, T>, key: string, value: T, limit: number): string | undefined {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size <= limit) return undefined;
  const oldest = cache.keys().next().value!;
  cache.delete(oldest);
  return oldest;
}

/** Features on the calling thread: for tests and small files. */
export function inProcessFeatures(base: FileSystem): FeatureProvider {
  const answer = createFeatures(base);
  return {
    answer: async (query, signal) => (signal?.aborted ? null : answer(query, () => signal?.aborted === true)),
    dispose: async () => undefined,
  };
}
