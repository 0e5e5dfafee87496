/**
 * The token source between the lexer and the parser: it expands macros the
 * way pfctl's lexer does and cuts the stream into statements.
 *
 * pfctl facts this file encodes:
 * - `$name` outside quotes is replaced by the macro's text, which is lexed
 *   again in place. Text that came from a macro is not scanned for `$` again
 *   (so nesting only happens when a definition is read).
 * - The expansion is spliced into the character stream: if it ends inside a
 *   word and the file goes on with word characters, they form one word
 *   (`$ext_if:network` → `em0:network`).
 * - An undefined macro is an error for the rest of its line.
 * - Statements end with a newline; newlines inside `{ }` lists do not end a
 *   statement; `anchor ... {` + newline opens an inline body whose rules are
 *   statements of their own, closed by a `}` line.
 */
import type { ParseContext } from './parser.js';
import type { MacroOrigin } from './syntax.js';
import {
  Kw,
  LBrace,
  Comma,
  Arrow,
  Newline,
  RBrace,
  MacroUse,
  NumberToken,
  endsNumber,
  Word,
  Keyword,
  WORD_CONTINUATION,
  lexPf,
  makeToken,
  type PfToken,
} from './lexer.js';
import { tokenMatcher, type TokenType } from 'chevrotain';

export interface MacroValue {
  readonly value: string;
  /** `-D` macros win over definitions in the file. */
  readonly persistent: boolean;
}

export type MacroTable = Map<string, MacroValue>;

/** A `$name` that has no definition. */
export interface UndefinedMacro {
  readonly name: string;
  readonly token: PfToken;
}

/** After these tokens a `{` opens a list, not an inline anchor body. */
const LIST_OPENERS: ReadonlySet<TokenType> = new Set([
  Kw.on, Kw.from, Kw.to, Kw.port, Kw.proto, Kw.user, Kw.group, Kw.os, Kw['icmp-type'], Kw['icmp6-type'],
  Kw['route-to'], Kw['reply-to'], Kw['dup-to'], Kw['nat-to'], Kw['rdr-to'], Kw['binat-to'], Kw['received-on'],
  LBrace, Comma, Arrow,
]);

function isWordLike(token: PfToken): boolean {
  return (
    token.tokenType === Word || token.tokenType === NumberToken || tokenMatcher(token, Keyword)
  );
}

export class StatementReader {
  private readonly raw: PfToken[];
  private index = 0;
  /** Tokens already expanded, put back after an error. */
  private pending: PfToken[] = [];
  /** The rest of a statement that failed: errors there belong to the statement already reported. */
  private readonly leftovers = new WeakSet<PfToken>();
  private readonly expansions = new Map<string, PfToken[]>();
  /** Set when a glued macro made the reader lex the rest of the file again (a quoted string ran past the glued word). */
  readRestAgain = false;

  constructor(
    private readonly text: string,
    /** Read at each macro use: the positions ranges are made by change from statement to statement. */
    private readonly context: ParseContext,
    private readonly macros: MacroTable,
    private readonly onUndefined: (undefinedMacro: UndefinedMacro) => void,
    tokens: PfToken[],
  ) {
    this.raw = tokens;
  }

  /**
   * The next statement's tokens, ending with a newline token (a synthetic one
   * at the end of the file), or undefined at the end. Blank lines come back
   * as a lone newline.
   */
  next(): PfToken[] | undefined {
    const chunk: PfToken[] = [];
    let depth = 0;
    let opensAnchor = false;
    for (;;) {
      const token = this.take();
      if (!token) {
        if (chunk.length === 0) return undefined;
        chunk.push(this.syntheticNewline());
        return chunk;
      }
      if (token === UNDEFINED_MACRO) {
        // pfctl drops the rest of the line; the statement is lost.
        chunk.length = 0;
        depth = 0;
        opensAnchor = false;
        this.skipLine();
        continue;
      }
      const type = token.tokenType;
      if (chunk.length === 0) opensAnchor = type === Kw.anchor || type === Kw.ether;
      chunk.push(token);
      if (type === LBrace) {
        const previous = chunk[chunk.length - 2];
        if (opensAnchor && depth === 0 && previous && !LIST_OPENERS.has(previous.tokenType) && this.peekIsNewline()) {
          chunk.push(this.take() as PfToken);
          return chunk;
        }
        depth++;
      } else if (type === RBrace) {
        if (depth > 0) depth--;
      } else if (type === Newline && depth === 0) {
        return chunk;
      }
    }
  }

  /**
   * After a syntax error at `chunk[errorIndex]`, pfctl throws tokens away up
   * to and including the next newline; what follows is read again.
   */
  resync(chunk: PfToken[], errorIndex: number): void {
    let newline = errorIndex;
    while (newline < chunk.length && chunk[newline]!.tokenType !== Newline) newline++;
    const rest = chunk.slice(newline + 1);
    for (const token of rest) this.leftovers.add(token);
    this.pending = rest.concat(this.pending);
  }

  /** True when no token read is waiting to be handed out again: the next statement starts with the file's next token. */
  atStatementStart(): boolean {
    return this.pending.length === 0;
  }

  /** True for tokens put back by `resync`. */
  isLeftover(token: PfToken): boolean {
    return this.leftovers.has(token);
  }

  private peekIsNewline(): boolean {
    if (this.pending.length > 0) return this.pending[0]!.tokenType === Newline;
    return this.raw[this.index]?.tokenType === Newline;
  }

  private syntheticNewline(): PfToken {
    const end = this.text.length;
    return makeToken(Newline, '', end, end - 1);
  }

  private skipLine(): void {
    while (this.index < this.raw.length && this.raw[this.index]!.tokenType !== Newline) this.index++;
  }

  private take(): PfToken | typeof UNDEFINED_MACRO | undefined {
    const waiting = this.pending.shift();
    if (waiting) return waiting;
    const token = this.raw[this.index];
    if (!token) return undefined;
    this.index++;
    if (token.tokenType !== MacroUse) return token;
    const expanded = this.expand(token);
    if (!expanded) return UNDEFINED_MACRO;
    this.pending = expanded.concat(this.pending);
    return this.take();
  }

  private expand(use: PfToken): PfToken[] | undefined {
    const name = use.image.slice(1);
    const macro = this.macros.get(name);
    if (!macro) {
      this.onUndefined({ name, token: use });
      return undefined;
    }
    const origin: MacroOrigin = {
      name,
      use: this.context.lines.range(this.context.file, use.startOffset, use.endOffset! + 1),
    };
    const lexed = this.lexValue(macro.value);
    const tokens = lexed.map((token) => expandedToken(token, use.startOffset, use.endOffset!, origin));
    this.glueFollowingText(tokens, macro.value, use.endOffset! + 1);
    return tokens;
  }

  /**
   * The expansion's last word goes on with the file's word characters right
   * after `$name` (pfctl keeps reading the same word from the file). A number
   * there ends as the lexer decides from the file's next character: before
   * one a number cannot end before (`#`, `<`, `(`, ...) its digits are a word.
   */
  private glueFollowingText(tokens: PfToken[], value: string, after: number): void {
    const last = tokens[tokens.length - 1];
    if (!last || !isWordLike(last) || !value.endsWith(last.image)) return;
    const end = wordEnd(this.text, after);
    if (end === after) {
      const following = characterRead(this.text, after);
      if (last.tokenType === NumberToken && !endsNumber(following ?? '')) {
        const read = lexPf(last.image + following, this.context.dialect).tokens.filter((token) => token.startOffset < last.image.length);
        tokens.splice(tokens.length - 1, 1, ...read.map((token) => expandedToken(token, last.startOffset, last.endOffset!, last.macro!)));
      }
      return;
    }
    const glued = lexPf(last.image + this.text.slice(after, end), this.context.dialect).tokens.map((token) =>
      expandedToken(token, last.startOffset, end - 1, last.macro!),
    );
    tokens.splice(tokens.length - 1, 1, ...glued);
    // Drop the file's own tokens for the glued text.
    while (this.index < this.raw.length && this.raw[this.index]!.startOffset < end) {
      const straddling = this.raw[this.index]!.endOffset! >= end;
      this.index++;
      if (straddling) {
        // Only a quoted string can run past the glued word: read the rest again from there.
        const rest = lexPf(this.text.slice(end), this.context.dialect).tokens;
        for (const token of rest) {
          token.startOffset += end;
          token.endOffset = token.endOffset! + end;
        }
        this.raw.splice(this.index, this.raw.length - this.index, ...rest);
        this.readRestAgain = true;
        return;
      }
    }
  }

  private lexValue(value: string): PfToken[] {
    let tokens = this.expansions.get(value);
    if (!tokens) {
      tokens = lexPf(value, this.context.dialect).tokens;
      this.expansions.set(value, tokens);
    }
    return tokens;
  }
}

const UNDEFINED_MACRO = Symbol('undefined macro');

const BACKSLASH = '\\';

/**
 * Where the word characters that follow `offset` end, reading them the way
 * pfctl's lgetc hands them to the lexer: `\` + newline is skipped (a
 * continuation line goes on with the same word), `\` + another character is
 * that character. `offset` itself when no word character follows.
 */
function wordEnd(text: string, offset: number): number {
  let end = offset;
  for (;;) {
    const { character, after } = lgetc(text, end);
    if (character === undefined || !WORD_CONTINUATION.test(character)) return end;
    end = after;
  }
}

/** The character pfctl's lgetc hands the lexer at `offset`: continuation lines skipped, `\` + a character is that character. */
export function characterRead(text: string, offset: number): string | undefined {
  return lgetc(text, offset).character;
}

/** As `characterRead`, with the offset after the character read. */
function lgetc(text: string, offset: number): { character: string | undefined; after: number } {
  let next = offset;
  while (text[next] === BACKSLASH && text[next + 1] === '\n') next += 2;
  return text[next] === BACKSLASH ? { character: text[next + 1], after: next + 2 } : { character: text[next], after: next + 1 };
}

/** A token of a macro's text standing at the `$name` use. */
function expandedToken(token: PfToken, startOffset: number, endOffset: number, macro: MacroOrigin): PfToken {
  return makeToken(token.tokenType, token.image, startOffset, endOffset, macro);
}
