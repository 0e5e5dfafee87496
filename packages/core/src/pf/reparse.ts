/**
 * Parsing a pf.conf again after an edit without reading all of it again: the
 * language server parses every version of a document it is sent, and an edit
 * touches a few lines of a file that may have thousands.
 *
 * A parse cuts the file into parts (`ReadUnit`: a statement with the blank
 * lines and comments before it), each read from a state with nothing
 * pending. The new version keeps the parts before the first changed
 * character and those after the last one, and reads only the stretch
 * between them. The result is what `parsePfConf` would give for the new text
 * (a test compares the two over random edits): where that cannot be
 * guaranteed cheaply, the whole file is parsed again instead:
 * - a macro definition in the stretch changed, came or went (every later
 *   `$name` could read differently);
 * - an `include` anywhere (another file, which may have changed unseen);
 * - a stretch whose text does not end where a kept part starts (a quoted
 *   string or a backslash continuation running on past it).
 */
import { LineIndex } from '../source.js';
import { lexPf, Newline, type LexedText, type PfToken } from './lexer.js';
import { fileTree, macrosAfter, parsePfConfInUnits, readStretch, type ReadUnit, type UnitRecording } from './parse.js';
import type { PfParseOptions, PfParseResult } from './syntax.js';

/** Parses of the files a caller reads again and again, each version re-reading only what changed since the last. */
export interface PfParseCache {
  /**
   * What `parsePfConf(text, options)` returns. The statements of a file's
   * earlier result are shared with the new one and their ranges move with the
   * new text: an earlier result of the same file is not valid any more.
   */
  parse(text: string, options: PfParseOptions): PfParseResult;
  /** Drops what is kept of `file`: its next parse reads it whole. */
  forget(file: string): void;
}

interface KeptParse {
  readonly text: string;
  readonly options: PfParseOptions;
  readonly parsed: PfParseResult;
  readonly units: ReadUnit[];
}

export function createPfParseCache(): PfParseCache {
  const kept = new Map<string, KeptParse>();
  return {
    parse(text, options) {
      const previous = kept.get(options.file);
      // Taken out whatever happens next: a parse made from it moves its statements.
      kept.delete(options.file);
      if (previous && sameReading(previous.options, options)) {
        const next = previous.text === text ? previous : reparse(previous, text, options);
        if (next) {
          kept.set(options.file, next);
          return next.parsed;
        }
      }
      const { parsed, recording } = parsePfConfInUnits(text, options);
      if (recording.reusable) kept.set(options.file, { text, options, parsed, units: recording.units });
      return parsed;
    },
    forget(file) {
      kept.delete(file);
    },
  };
}

/** Whether two parses of a file without includes read its text the same way. */
function sameReading(a: PfParseOptions, b: PfParseOptions): boolean {
  if (a.file !== b.file || (a.dialect ?? 'freebsd') !== (b.dialect ?? 'freebsd')) return false;
  const aMacros = Object.entries(a.macros ?? {});
  const bMacros = b.macros ?? {};
  return aMacros.length === Object.keys(bMacros).length && aMacros.every(([name, value]) => bMacros[name] === value);
}

/** The new version's parse from `previous`, or undefined when the whole file must be read again. */
function reparse(previous: KeptParse, text: string, options: PfParseOptions): KeptParse | undefined {
  const old = previous.text;
  const units = previous.units;
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  // Parts wholly before the first change stay; so do parts after the last one whose preceding newline (which ends
  // the part before them) is unchanged too.
  const before = firstIndex(units, (unit) => unit.end > prefix);
  const after = firstIndex(units, (unit) => unit.start > old.length - suffix, before);

  const from = before > 0 ? units[before - 1]!.end : 0;
  const oldTo = after < units.length ? units[after]!.start : old.length;
  const shift = text.length - old.length;
  const to = oldTo + shift;
  const stretch = lexStretch(text, from, to, options);
  if (!stretch) return undefined;

  const lines = new LineIndex(text);
  const kept = units.slice(0, before);
  const recording: UnitRecording = { units: [], start: from, reusable: true };
  readStretch(text, lines, options, stretch, macrosAfter(options, kept.filter((unit) => unit.definesMacro).flatMap((unit) => unit.statements)), recording);
  if (!recording.reusable || !sameMacroDefinitions(units.slice(before, after), recording.units)) return undefined;

  for (const unit of kept) unit.positions.moveTo(lines, 0);
  const moved = units.slice(after);
  for (const unit of moved) {
    unit.positions.moveTo(lines, shift);
    unit.start += shift;
    unit.end += shift;
  }
  // Blank lines and comments at the end of the stretch go with the first moved part.
  if (moved[0]) moved[0].start = recording.units.at(-1)?.end ?? from;

  const all = [...kept, ...recording.units, ...moved];
  const lexed: LexedText = {
    tokens: spliced(previous.parsed.lexed.tokens, stretch.tokens, from, oldTo, shift),
    comments: spliced(previous.parsed.lexed.comments, stretch.comments, from, oldTo, shift),
  };
  const tree = fileTree(text, options.file, lines, all.flatMap((unit) => unit.statements), lexed);
  return { text, options, parsed: { tree, findings: all.flatMap((unit) => unit.findings), lexed }, units: all };
}

/** Whether two runs of parts define the same macros with the same values, in the same order. */
function sameMacroDefinitions(a: readonly ReadUnit[], b: readonly ReadUnit[]): boolean {
  const definitions = (units: readonly ReadUnit[]): string[] =>
    units.filter((unit) => unit.definesMacro).flatMap((unit) => unit.statements.flatMap((statement) => (statement.kind === 'macro-definition' ? [`${statement.name.text}=${statement.value}`] : [])));
  const before = definitions(a);
  const after = definitions(b);
  return before.length === after.length && before.every((definition, index) => definition === after[index]);
}

/**
 * The tokens of `text` from `from` to `to`, offsets into `text`; undefined
 * when lexing the whole text could give other tokens there. Lexing the kept
 * rest starts fresh after the stretch, so the stretch must end with a newline
 * token of its own: its last newline could also be part of a quoted string
 * or of a comment continued by a backslash, running on into the rest.
 */
function lexStretch(text: string, from: number, to: number, options: PfParseOptions): LexedText | undefined {
  const lexed = lexPf(text.slice(from, to), options.dialect ?? 'freebsd');
  for (const list of [lexed.tokens, lexed.comments]) {
    for (const token of list) {
      token.startOffset += from;
      token.endOffset = token.endOffset! + from;
    }
  }
  const last = lexed.tokens.at(-1);
  if (to < text.length && from < to && (last?.tokenType !== Newline || last.startOffset !== to - 1)) return undefined;
  return lexed;
}

/** `old`'s tokens before `from`, then `middle`, then `old`'s from `oldTo` on, moved by `shift` (in place: the old list is given up). */
function spliced(old: PfToken[], middle: PfToken[], from: number, oldTo: number, shift: number): PfToken[] {
  const tail = old.slice(firstIndex(old, (token) => token.startOffset >= oldTo));
  if (shift !== 0) {
    for (const token of tail) {
      token.startOffset += shift;
      token.endOffset = token.endOffset! + shift;
    }
  }
  return old.slice(0, firstIndex(old, (token) => token.startOffset >= from)).concat(middle, tail);
}

/** The first index from `start` on whose item passes `test`, for a list sorted so that once one passes all later ones do. */
function firstIndex<T>(list: readonly T[], test: (item: T) => boolean, start = 0): number {
  let low = start;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (test(list[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** The length of the common ending of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let length = 0;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}
