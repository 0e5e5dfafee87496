import type { LineIndex, SourceRange } from '../source.js';
import type { ShPiece } from './parser.js';

/**
 * A shell value after quote removal and `$var` expansion, with the source
 * offsets of every character, so that second-stage parsers (ifconfig and
 * route arguments) can point inside the quoted string. Characters produced by
 * expanding a reference all map to the reference; characters inside a command
 * substitution are kept as written and marked opaque.
 */
export interface ShValue {
  readonly text: string;
  /** Source offset where character i was written (inclusive). */
  readonly starts: readonly number[];
  /** Source offset after character i (exclusive). */
  readonly ends: readonly number[];
  /** Per character: inside a command substitution (never split into words). */
  readonly opaque: readonly boolean[];
  /** True when some part comes from `cmd` or $(cmd): the value cannot be known statically. */
  readonly dynamic: boolean;
}

/** One whitespace-separated argument of a command line, with its exact range. */
export interface ArgWord {
  readonly text: string;
  readonly range: SourceRange;
  /** Contains a command substitution: its text is the command, not its output. */
  readonly dynamic: boolean;
}

export type ValueLookup = (name: string) => ShValue | undefined;

class ValueBuilder {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  opaque: boolean[] = [];
  dynamic = false;

  push(char: string, start: number, end: number, opaque = false): void {
    this.text += char;
    this.starts.push(start);
    this.ends.push(end);
    this.opaque.push(opaque);
  }

  pushValue(value: ShValue | undefined, start: number, end: number): void {
    if (!value) return;
    for (let i = 0; i < value.text.length; i++) this.push(value.text[i]!, start, end, value.opaque[i]);
    this.dynamic ||= value.dynamic;
  }

  pushCommand(source: string, start: number, end: number): void {
    for (let i = start; i < end; i++) this.push(source[i]!, i, i + 1, true);
    this.dynamic = true;
  }

  build(): ShValue {
    return { text: this.text, starts: this.starts, ends: this.ends, opaque: this.opaque, dynamic: this.dynamic };
  }
}

/** Expands `$name` into the builder: an unknown variable expands to nothing, as in sh, and is noted in `unresolved`. */
function expander(builder: ValueBuilder, lookup: ValueLookup, unresolved: string[]): (name: string, start: number, end: number) => void {
  return (name, start, end) => {
    const value = lookup(name);
    if (!value) unresolved.push(name);
    builder.pushValue(value, start, end);
  };
}

const REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/;

/** Evaluates the pieces of one word as sh would, without running anything. `unresolved` collects references to unknown variables. */
export function evaluatePieces(source: string, pieces: readonly ShPiece[], lookup: ValueLookup, unresolved: string[] = []): ShValue {
  const builder = new ValueBuilder();
  const expand = expander(builder, lookup, unresolved);
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'single-quoted':
        for (let i = piece.start + 1; i < piece.end - 1; i++) builder.push(source[i]!, i, i + 1);
        break;
      case 'command':
      case 'unterminated':
        builder.pushCommand(source, piece.start, piece.end);
        break;
      case 'reference':
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(piece.name)) expand(piece.name, piece.start, piece.end);
        // `${x:-y}` and friends: the result depends on the environment.
        else builder.pushCommand(source, piece.start, piece.end);
        break;
      case 'double-quoted':
        evaluateDoubleQuoted(source, piece.start + 1, piece.end - 1, builder, expand);
        break;
      case 'unquoted':
      case 'operator':
        for (let i = piece.start; i < piece.end; i++) {
          if (source[i] === '\\' && i + 1 < piece.end) {
            builder.push(source[i + 1]!, i, i + 2);
            i++;
          } else builder.push(source[i]!, i, i + 1);
        }
        break;
    }
  }
  return builder.build();
}

function evaluateDoubleQuoted(
  source: string,
  start: number,
  end: number,
  builder: ValueBuilder,
  expand: (name: string, start: number, end: number) => void,
): void {
  for (let i = start; i < end; i++) {
    const char = source[i]!;
    if (char === '\\' && i + 1 < end && '$`"\\\n'.includes(source[i + 1]!)) {
      if (source[i + 1] !== '\n') builder.push(source[i + 1]!, i, i + 2);
      i++;
    } else if (char === '$' && source[i + 1] === '(') {
      const close = matchingParen(source, i + 1, end);
      builder.pushCommand(source, i, close);
      i = close - 1;
    } else if (char === '`') {
      let close = i + 1;
      while (close < end && source[close] !== '`') close += source[close] === '\\' ? 2 : 1;
      builder.pushCommand(source, i, Math.min(close + 1, end));
      i = close;
    } else if (char === '$') {
      const match = REFERENCE.exec(source.slice(i, end));
      if (match) {
        expand(match[1] ?? match[2]!, i, i + match[0].length);
        i += match[0].length - 1;
      } else if (source[i + 1] === '{') {
        const close = source.indexOf('}', i);
        const stop = close < 0 || close >= end ? end : close + 1;
        builder.pushCommand(source, i, stop);
        i = stop - 1;
      } else builder.push(char, i, i + 1);
    } else builder.push(char, i, i + 1);
  }
}

/** Offset just after the `)` closing the `(` at `open`, or `end`. */
function matchingParen(source: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return i + 1;
  }
  return end;
}

/** A value made of plain text whose characters map one to one onto `start..`. */
export function literalValue(text: string, start: number): ShValue {
  const builder = new ValueBuilder();
  for (let i = 0; i < text.length; i++) builder.push(text[i]!, start + i, start + i + 1);
  return builder.build();
}

/** Splits a value on blanks and newlines as the rc scripts do before handing it to ifconfig or route. */
export function splitWords(value: ShValue, file: string, lines: LineIndex): ArgWord[] {
  const words: ArgWord[] = [];
  let first = -1;
  const flush = (stop: number): void => {
    if (first < 0) return;
    let dynamic = false;
    for (let i = first; i < stop; i++) dynamic ||= value.opaque[i]!;
    words.push({ text: value.text.slice(first, stop), range: lines.range(file, value.starts[first]!, value.ends[stop - 1]!), dynamic });
    first = -1;
  };
  for (let i = 0; i < value.text.length; i++) {
    const blank = /\s/.test(value.text[i]!) && !value.opaque[i];
    if (blank) flush(i);
    else if (first < 0) first = i;
  }
  flush(value.text.length);
  return words;
}

/**
 * Evaluates text between `start` and `end` with double-quote rules (`\`
 * escapes, `$var` and `${var}` expanded, command substitutions opaque):
 * jail.conf strings and unquoted jail.conf words follow these rules too.
 */
export function evaluateExpandable(source: string, start: number, end: number, lookup: ValueLookup, unresolved: string[] = []): ShValue {
  const builder = new ValueBuilder();
  evaluateDoubleQuoted(source, start, end, builder, expander(builder, lookup, unresolved));
  return builder.build();
}
