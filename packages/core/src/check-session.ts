import { checkPaths, type BuiltHost, type CheckOptions, type CheckResult, type HostBuilders } from './check.js';
import type { FileSystem } from './fs.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import { createPfParseCache } from './pf/reparse.js';
import { withPlainRanges } from './source.js';

/** Thrown by `CheckSession.check` when the caller cancelled the check before it was complete. */
export class CheckCancelled extends Error {
  constructor() {
    super('check cancelled');
    this.name = 'CheckCancelled';
  }
}

/**
 * `checkPaths` for a caller that checks the same targets again and again (the
 * language server, once per edit): a check that is no longer wanted stops
 * early, a check whose inputs are unchanged is answered from memory, and a
 * pf.conf is parsed again only where it changed since the last check.
 */
export interface CheckSession {
  /**
   * The result `checkPaths(fs, options)` gives. `isCancelled` is asked between
   * the stages of the check (every file read, every builder, every rule, and
   * every few hundred statements of a pf.conf's parse; of its expansion only
   * where that keeps nothing, a file with an include, see
   * `PfExpandOptions.checkpoint`); once it
   * says true the check stops and throws `CheckCancelled`. A result
   * is only ever returned whole.
   */
  check(fs: FileSystem, options: CheckOptions, isCancelled?: () => boolean): CheckResult;
}

/** One answer the file system gave during a check. */
type Read =
  | { readonly kind: 'file'; readonly path: string; readonly text: string | undefined }
  | { readonly kind: 'directory'; readonly path: string; readonly names: readonly string[] | undefined }
  | { readonly kind: 'is-directory'; readonly path: string; readonly isDirectory: boolean };

interface RememberedCheck {
  readonly options: CheckOptions;
  /** Every distinct question the check asked the file system, with its answer. */
  readonly reads: readonly Read[];
  readonly result: CheckResult;
}

/** Enough for undoing an edit and redoing it, and for re-checks that change nothing (a save, another file opened). */
const DEFAULT_REMEMBERED = 4;

/**
 * A session remembering the last `capacity` checks. Reuse is exact because
 * core reads nothing but its `FileSystem` and keeps no state between calls: a
 * check is a function of its options and of the answers the file system gave
 * it, so when every question gets the same answer again, the result is the
 * same. The questions are asked again each time (a few small files, the open
 * buffers compared as strings), never assumed unchanged.
 */
export function createCheckSession(capacity = DEFAULT_REMEMBERED): CheckSession {
  const remembered: RememberedCheck[] = [];
  const pfParses = createPfParseCache();
  // The question that told the last check from a remembered one, asked first: the file being edited, whose
  // answer is in memory, rather than the files on disk.
  let telling: Read | undefined;
  const answersAgain = (fs: FileSystem, reads: readonly Read[]): boolean => {
    const first = telling && reads.find((read) => read.kind === telling!.kind && read.path === telling!.path);
    if (first && !answersAgainTo(fs, first)) return false;
    const differing = reads.find((read) => read !== first && !answersAgainTo(fs, read));
    if (differing) telling = differing;
    return differing === undefined;
  };
  return {
    check(fs, options, isCancelled = () => false) {
      const index = remembered.findIndex((entry) => sameOptions(entry.options, options) && answersAgain(fs, entry.reads));
      if (index >= 0) {
        const [entry] = remembered.splice(index, 1);
        remembered.unshift(entry!);
        return entry!.result;
      }
      const run = cancellableRun(isCancelled);
      const recorder = recordingFileSystem(run.guard(fs));
      const checked = checkPaths(recorder.fs, { ...run.options(options), pfParses });
      // A check cut short ran some stages on nothing; whatever it assembled is not the answer.
      if (run.wasCut()) throw new CheckCancelled();
      // Positions taken now: the next check moves the statements the kept parses share, and their ranges with them.
      const result = { ...checked, findings: withPlainRanges(checked.findings) };
      const reads = recorder.reads();
      if (reads) {
        remembered.unshift({ options, reads, result });
        remembered.length = Math.min(remembered.length, capacity);
      }
      return result;
    },
  };
}

/**
 * Whether two checks are asked the same: every option but `onProgress` (it
 * only watches), `paths` by its elements, the rest by identity. An option
 * added later is compared too: at worst a needless check, never a stale result.
 */
function sameOptions(a: CheckOptions, b: CheckOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof CheckOptions)[]);
  keys.delete('onProgress');
  return [...keys].every((key) => (key === 'paths' ? sameStrings(a.paths, b.paths) : a[key] === b[key]));
}

function answersAgainTo(fs: FileSystem, read: Read): boolean {
  switch (read.kind) {
    case 'file':
      return fs.readFile(read.path) === read.text;
    case 'directory':
      return sameStrings(fs.readDirectory(read.path), read.names);
    case 'is-directory':
      return fs.isDirectory(read.path) === read.isDirectory;
  }
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((name, index) => b[index] === name);
}

/**
 * Passes calls through and keeps the first answer to each question. `reads()`
 * is undefined when one question got two different answers during the check
 * (a file changed on disk meanwhile): such a check matches no single state of
 * the files, so it is not worth remembering.
 */
function recordingFileSystem(fs: FileSystem): { fs: FileSystem; reads(): Read[] | undefined } {
  const answers = new Map<string, Read>();
  let consistent = true;
  const keep = (key: string, read: Read, same: (earlier: Read) => boolean): void => {
    const earlier = answers.get(key);
    if (!earlier) answers.set(key, read);
    else if (!same(earlier)) consistent = false;
  };
  return {
    fs: {
      readFile(path) {
        const text = fs.readFile(path);
        keep(`file\0${path}`, { kind: 'file', path, text }, (earlier) => earlier.kind === 'file' && earlier.text === text);
        return text;
      },
      readDirectory(path) {
        const names = fs.readDirectory(path);
        const copy = names && [...names];
        keep(`directory\0${path}`, { kind: 'directory', path, names: copy }, (earlier) => earlier.kind === 'directory' && sameStrings(earlier.names, names));
        return names;
      },
      isDirectory(path) {
        const isDirectory = fs.isDirectory(path);
        keep(`is-directory\0${path}`, { kind: 'is-directory', path, isDirectory }, (earlier) => earlier.kind === 'is-directory' && earlier.isDirectory === isDirectory);
        return isDirectory;
      },
    },
    reads: () => (consistent ? [...answers.values()] : undefined),
  };
}

/**
 * Checkpoints for one check: the file system, each builder and each rule ask
 * `isCancelled` before doing their work, and a pf.conf's parse and expansion
 * every few hundred statements (`CheckOptions.checkpoint`). Once it says yes they stop by
 * throwing, and `wasCut` tells the caller that the result is incomplete (the
 * driver turns a throwing builder or rule into an `internal-error` finding and
 * goes on, which is why the throw alone is not enough).
 */
function cancellableRun(isCancelled: () => boolean): {
  guard(fs: FileSystem): FileSystem;
  options(options: CheckOptions): CheckOptions;
  wasCut(): boolean;
} {
  let cut = false;
  const isCut = (): boolean => (cut ||= isCancelled());
  const checkpoint = cancellationCheckpoint(isCut);
  // Every builder given, whatever its kind: one HostBuilders gains later is guarded without a change here.
  const guardedBuilders = (builders: HostBuilders): HostBuilders =>
    Object.fromEntries(
      Object.entries(builders).map(([kind, build]: [string, ((...args: unknown[]) => BuiltHost) | undefined]) => [
        kind,
        build && ((...args: unknown[]) => (checkpoint(), build(...args))),
      ]),
    );
  const guardedRule = (rule: Rule): Rule => {
    const { check } = rule;
    return check ? { ...rule, check: (analysis) => (checkpoint(), check(analysis)) } : rule;
  };
  return {
    guard: (fs) => cancellableFileSystem(fs, isCut),
    options: (options) => ({ ...options, builders: guardedBuilders(options.builders), rules: (options.rules ?? RULES).map(guardedRule), checkpoint }),
    wasCut: () => cut,
  };
}

/**
 * `fs`, asking `isCancelled` before every read and throwing `CheckCancelled`
 * once it says true: work that reads a host's files (a check, the language
 * server's host index) stops at its next read. Keep the result only for that
 * work: whoever reads through it later is cancelled with it.
 */
export function cancellableFileSystem(fs: FileSystem, isCancelled: () => boolean): FileSystem {
  const checkpoint = cancellationCheckpoint(isCancelled);
  return {
    readFile: (path) => (checkpoint(), fs.readFile(path)),
    readDirectory: (path) => (checkpoint(), fs.readDirectory(path)),
    isDirectory: (path) => (checkpoint(), fs.isDirectory(path)),
  };
}

/**
 * Throws `CheckCancelled` once `isCancelled` says true: the one check every
 * guarded step makes first, and what a caller hands a build as its
 * `checkpoint` (the language server's host index).
 */
export function cancellationCheckpoint(isCancelled: () => boolean): () => void {
  return () => {
    if (isCancelled()) throw new CheckCancelled();
  };
}
