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
 *   string or a backslash continuation running on past it);
 * - a reading that `UnitRecording.reusable` says cannot be kept (the end of
 *   the file without a newline or inside braces, a glued macro that made the
 *   reader lex the rest of the file again).
 */
import { commonEnds, LineIndex } from '../source.js';
import { lexPf, Newline, type LexedText } from './lexer.js';
import { commentsOf, fileTree, parsePfConfInUnits, readStretch, type ReadUnit, type UnitRecording } from './parse.js';
import type { MacroDefinition, PfParseOptions, PfParseResult } from './syntax.js';

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

/** A part of the file with its tokens and comments. */
interface KeptPart {
  readonly unit: ReadUnit;
  /** Offsets into the newest text once `settled`: the check never reads tokens, so moving them waits. */
  lexed: LexedText;
  /** How far the edits since the tokens were last moved have moved the part. */
  unsettledShift: number;
}

/** The part's tokens, moved to where the part now stands. */
function settled(part: KeptPart): LexedText {
  if (part.unsettledShift !== 0) {
    moveTokens(part.lexed, part.unsettledShift);
    part.unsettledShift = 0;
  }
  return part.lexed;
}

interface KeptParse {
  readonly text: string;
  /** What the parse was asked to read with, copied: a caller may change its options object afterwards. */
  readonly reading: Reading;
  readonly parsed: PfParseResult;
  readonly parts: KeptPart[];
  /** The tokens and comments after the last part (comments and blank lines at the end of the file). */
  readonly tail: LexedText;
}

/** Files whose last parse a cache keeps by default: the ones being edited. */
const KEPT_FILES = 8;

/** A cache keeping the last parse of at most `capacity` files, the most recently parsed. */
export function createPfParseCache(capacity = KEPT_FILES): PfParseCache {
  const kept = new Map<string, KeptParse>();
  const keep = (file: string, parse: KeptParse): void => {
    kept.set(file, parse);
    if (kept.size > capacity) kept.delete(kept.keys().next().value!);
  };
  return {
    parse(text, options) {
      const previous = kept.get(options.file);
      // Taken out whatever happens next: a parse made from it moves its statements.
      kept.delete(options.file);
      if (previous && sameReading(previous.reading, options)) {
        const next = previous.text === text ? previous : reparse(previous, text, options);
        if (next) {
          keep(options.file, next);
          return next.parsed;
        }
      }
      const { parsed, recording } = parsePfConfInUnits(text, options);
      if (recording.reusable) {
        const { parts, tail } = cutIntoParts(recording.units, parsed.lexed);
        keep(options.file, { text, reading: readingOf(options), parsed, parts, tail });
      }
      return parsed;
    },
    forget(file) {
      kept.delete(file);
    },
  };
}

/** The options that decide how a file without includes is read. */
interface Reading {
  readonly file: string;
  readonly dialect: string;
  readonly macros: readonly (readonly [string, string])[];
}

function readingOf(options: PfParseOptions): Reading {
  return { file: options.file, dialect: options.dialect ?? 'freebsd', macros: Object.entries(options.macros ?? {}) };
}

/** Whether `options` read a file without includes as `reading` did. */
function sameReading(reading: Reading, options: PfParseOptions): boolean {
  if (reading.file !== options.file || reading.dialect !== (options.dialect ?? 'freebsd')) return false;
  const macros = options.macros ?? {};
  return reading.macros.length === Object.keys(macros).length && reading.macros.every(([name, value]) => macros[name] === value);
}

/** The new version's parse from `previous`, or undefined when the whole file must be read again. */
function reparse(previous: KeptParse, text: string, options: PfParseOptions): KeptParse | undefined {
  const old = previous.text;
  const parts = previous.parts;
  const { prefix, suffix } = commonEnds(old, text);
  // Parts wholly before the first change stay; so do parts after the last one whose preceding newline (which ends
  // the part before them) is unchanged too.
  const before = firstIndex(parts, ({ unit }) => unit.end > prefix);
  const after = firstIndex(parts, ({ unit }) => unit.start > old.length - suffix, before);

  const from = before > 0 ? parts[before - 1]!.unit.end : 0;
  const oldTo = after < parts.length ? parts[after]!.unit.start : old.length;
  const shift = text.length - old.length;
  const to = oldTo + shift;
  const stretch = lexStretch(text, from, to, options);
  if (!stretch) return undefined;

  const lines = new LineIndex(text);
  const kept = parts.slice(0, before);
  const recording: UnitRecording = { units: [], start: from, reusable: true };
  readStretch(text, lines, options, stretch, kept.flatMap(({ unit }) => unit.statements), recording);
  const replaced = parts.slice(before, after).map(({ unit }) => unit);
  if (!recording.reusable || !sameMacroDefinitions(replaced, recording.units)) return undefined;

  for (const { unit } of kept) unit.positions.moveBy(0, lines);
  const moved = parts.slice(after);
  for (const part of moved) {
    part.unit.positions.moveBy(shift, lines);
    part.unit.start += shift;
    part.unit.end += shift;
    part.unsettledShift += shift;
  }
  const read = cutIntoParts(recording.units, stretch);
  let tail = read.tail;
  const firstMoved = moved[0];
  if (firstMoved) {
    // Blank lines and comments at the end of the stretch go with the first moved part.
    firstMoved.unit.start = recording.units.at(-1)?.end ?? from;
    firstMoved.lexed = joined(read.tail, settled(firstMoved));
    tail = previous.tail;
    moveTokens(tail, shift);
  }

  const all = [...kept, ...read.parts, ...moved];
  const withComments = [...all.filter((part) => part.lexed.comments.length > 0).map(settled), ...(tail.comments.length > 0 ? [tail] : [])];
  const comments = withComments.flatMap((lexed) => commentsOf(lexed, text, lines, options.file));
  const tree = fileTree(text, options.file, lines, concatenated(all.map(({ unit }) => unit.statements)), comments);
  const findings = concatenated(all.map(({ unit }) => unit.findings));
  return { text, reading: previous.reading, parsed: withTokensOnDemand(tree, findings, all, tail), parts: all, tail };
}

/**
 * A parse result whose `lexed` is put together (and the tokens of parts an
 * edit moved are moved) when first read: the check never reads it (only the
 * formatter and the colours do), and one list of every token of a big file
 * costs more than the rest of a re-parse.
 */
function withTokensOnDemand(tree: PfParseResult['tree'], findings: PfParseResult['findings'], parts: readonly KeptPart[], tail: LexedText): PfParseResult {
  let lexed: LexedText | undefined;
  return {
    tree,
    findings,
    get lexed() {
      return (lexed ??= joined(...parts.map(settled), tail));
    },
  };
}

/** `lexed` cut at the ends of `units` (which follow each other from where `lexed` starts), and what is after the last. */
function cutIntoParts(units: readonly ReadUnit[], lexed: LexedText): { parts: KeptPart[]; tail: LexedText } {
  let token = 0;
  let comment = 0;
  const upTo = (end: number): LexedText => {
    const tokenStart = token;
    const commentStart = comment;
    while (token < lexed.tokens.length && lexed.tokens[token]!.startOffset < end) token++;
    while (comment < lexed.comments.length && lexed.comments[comment]!.startOffset < end) comment++;
    return { tokens: lexed.tokens.slice(tokenStart, token), comments: lexed.comments.slice(commentStart, comment) };
  };
  const parts = units.map((unit) => ({ unit, lexed: upTo(unit.end), unsettledShift: 0 }));
  return { parts, tail: upTo(Infinity) };
}

/** Moves tokens by `shift` characters, in place (the version they were read in is given up). */
function moveTokens(lexed: LexedText, shift: number): void {
  if (shift === 0) return;
  for (const list of [lexed.tokens, lexed.comments]) {
    for (const token of list) {
      token.startOffset += shift;
      token.endOffset = token.endOffset! + shift;
    }
  }
}

function joined(...pieces: LexedText[]): LexedText {
  return { tokens: concatenated(pieces.map((piece) => piece.tokens)), comments: concatenated(pieces.map((piece) => piece.comments)) };
}

/**
 * The lists one after another, in one array made at its final size: for
 * thousands of short lists `flatMap` costs several times as much (13.6
 * against 2.1 ms for 5,000 lists of 16 tokens).
 */
function concatenated<T>(lists: readonly (readonly T[])[]): T[] {
  let length = 0;
  for (const list of lists) length += list.length;
  const all = new Array<T>(length);
  let next = 0;
  for (const list of lists) {
    for (let index = 0; index < list.length; index++) all[next++] = list[index]!;
  }
  return all;
}

/** Whether two runs of parts define the same macros with the same values, in the same order. */
function sameMacroDefinitions(a: readonly ReadUnit[], b: readonly ReadUnit[]): boolean {
  const definitions = (units: readonly ReadUnit[]): MacroDefinition[] =>
    units.flatMap((unit) => unit.statements.filter((statement): statement is MacroDefinition => statement.kind === 'macro-definition'));
  const before = definitions(a);
  const after = definitions(b);
  return (
    before.length === after.length &&
    before.every((definition, index) => definition.name.text === after[index]!.name.text && definition.value === after[index]!.value)
  );
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
  moveTokens(lexed, from);
  const last = lexed.tokens.at(-1);
  if (to < text.length && from < to && (last?.tokenType !== Newline || last.startOffset !== to - 1)) return undefined;
  return lexed;
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
