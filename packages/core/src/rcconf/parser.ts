import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { Finding } from '../findings.js';
import { LineIndex, type SourceRange } from '../source.js';
import {
  AssignName,
  Backquoted,
  BracedReference,
  Comment,
  CommandSubstitution,
  DoubleQuoted,
  Newline,
  Operator,
  PIECE_TOKENS,
  PlainReference,
  SHELL_TOKENS,
  Semicolon,
  SingleQuoted,
  Unquoted,
  Unterminated,
  Whitespace,
  shellLexer,
} from './lexer.js';
import { lookahead, type GrammarBuildOptions } from '../grammar-options.js';

/** One lexical piece of a shell word, by source offsets (end exclusive). */
export type ShPiece =
  | { readonly kind: 'unquoted'; readonly start: number; readonly end: number }
  | { readonly kind: 'single-quoted'; readonly start: number; readonly end: number }
  | { readonly kind: 'double-quoted'; readonly start: number; readonly end: number }
  /** Backquotes or `$(...)`: run by sh, so the value cannot be known statically. */
  | { readonly kind: 'command'; readonly start: number; readonly end: number }
  | { readonly kind: 'reference'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'unterminated'; readonly start: number; readonly end: number }
  | { readonly kind: 'operator'; readonly start: number; readonly end: number };

export interface ShWord {
  readonly pieces: readonly ShPiece[];
  readonly range: SourceRange;
}

export interface RcAssignment {
  readonly name: string;
  readonly nameRange: SourceRange;
  /** The value's pieces (empty for `name=`). */
  readonly value: readonly ShPiece[];
  /** Range of the value as written (quotes included); empty range right after `=` for `name=`. */
  readonly valueRange: SourceRange;
  readonly range: SourceRange;
}

export type RcStatement =
  | { readonly kind: 'assignment'; readonly assignments: readonly RcAssignment[]; readonly range: SourceRange }
  /** Anything sh would run as a command (`sysrc ...`, `ifconfig ...`, `if`, `. file`). */
  | { readonly kind: 'command'; readonly words: readonly ShWord[]; readonly range: SourceRange };

export interface RcComment {
  readonly text: string;
  readonly range: SourceRange;
}

/** The syntax tree of one sh-assignment file: statements and comments with exact ranges. */
export interface RcFile {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly statements: readonly RcStatement[];
  readonly comments: readonly RcComment[];
  readonly findings: readonly Finding[];
}

interface RawCommand {
  readonly words: IToken[][];
}

const PIECE_KINDS = new Map<string, ShPiece['kind']>([
  [Unquoted.name, 'unquoted'],
  [SingleQuoted.name, 'single-quoted'],
  [DoubleQuoted.name, 'double-quoted'],
  [Backquoted.name, 'command'],
  [CommandSubstitution.name, 'command'],
  [BracedReference.name, 'reference'],
  [PlainReference.name, 'reference'],
  [Unterminated.name, 'unterminated'],
  [Operator.name, 'operator'],
]);

/** Built once per process (see the shared parser below); tests build one with `validateGrammar`. */
export class ShellParser extends EmbeddedActionsParser {
  comments: IToken[] = [];

  constructor(options: GrammarBuildOptions = {}) {
    super(SHELL_TOKENS, { ...lookahead(2), skipValidations: !options.validateGrammar });
    this.performSelfAnalysis();
  }

  script = this.RULE('script', (): RawCommand[] => {
    const commands: RawCommand[] = [];
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.CONSUME(Whitespace) },
        {
          ALT: () => {
            const comment = this.CONSUME(Comment);
            this.ACTION(() => this.comments.push(comment));
          },
        },
        {
          ALT: () => {
            const command = this.SUBRULE(this.command);
            this.ACTION(() => commands.push(command));
          },
        },
      ]),
    );
    return commands;
  });

  private command = this.RULE('command', (): RawCommand => {
    const words: IToken[][] = [this.SUBRULE(this.word)];
    // Whitespace continues the command only when a word follows (not a comment or the line's end).
    this.MANY({
      GATE: () => PIECE_TOKENS.includes(this.LA(2).tokenType),
      DEF: () => {
        this.CONSUME(Whitespace);
        const next = this.SUBRULE2(this.word);
        this.ACTION(() => words.push(next));
      },
    });
    return { words };
  });

  private word = this.RULE('word', (): IToken[] => {
    const pieces: IToken[] = [];
    this.AT_LEAST_ONE(() => {
      const piece = this.OR([
        { ALT: () => this.CONSUME(AssignName) },
        { ALT: () => this.CONSUME(Unquoted) },
        { ALT: () => this.CONSUME(SingleQuoted) },
        { ALT: () => this.CONSUME(DoubleQuoted) },
        { ALT: () => this.CONSUME(Backquoted) },
        { ALT: () => this.CONSUME(CommandSubstitution) },
        { ALT: () => this.CONSUME(BracedReference) },
        { ALT: () => this.CONSUME(PlainReference) },
        { ALT: () => this.CONSUME(Unterminated) },
        { ALT: () => this.CONSUME(Operator) },
      ]);
      this.ACTION(() => pieces.push(piece));
    });
    return pieces;
  });
}

let sharedParser: ShellParser | undefined;

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function toPiece(token: IToken): ShPiece {
  const kind = PIECE_KINDS.get(token.tokenType.name) ?? 'unquoted';
  const start = token.startOffset;
  const end = tokenEnd(token);
  if (kind === 'reference') {
    const name = token.image.startsWith('${') ? token.image.slice(2, -1) : token.image.slice(1);
    return { kind, name, start, end };
  }
  return { kind, start, end };
}

/**
 * Parses an rc.conf-family file (rc.conf, rc.conf.local, rc.conf.d/*, and
 * loader.conf, which uses the same assignment syntax). Never throws: lexing
 * and parsing problems become `syntax-error` findings, and the statements that
 * could be read are kept.
 */
export function parseRcConf(file: string, text: string): RcFile {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const lexed = shellLexer().tokenize(text);
  for (const error of lexed.errors) {
    findings.push({
      ruleId: 'syntax-error',
      severity: 'error',
      message: `Unexpected character ${JSON.stringify(text[error.offset] ?? '')}`,
      range: lines.range(file, error.offset, error.offset + error.length),
    });
  }
  for (const token of lexed.tokens) {
    if (token.tokenType === Unterminated) {
      findings.push({
        ruleId: 'syntax-error',
        severity: 'error',
        message: `Unterminated ${token.image[0]} quote: the rest of the file is inside it`,
        range: lines.range(file, token.startOffset, tokenEnd(token)),
      });
    }
  }
  sharedParser ??= new ShellParser();
  const parser = sharedParser;
  parser.input = lexed.tokens;
  parser.comments = [];
  const commands = parser.script() ?? [];
  for (const error of parser.errors) {
    const offset = Number.isNaN(error.token.startOffset) ? text.length : error.token.startOffset;
    findings.push({
      ruleId: 'syntax-error',
      severity: 'error',
      message: error.message,
      range: lines.range(file, offset, offset + Math.max(error.token.image.length, 0)),
    });
  }
  const comments = parser.comments.map((token) => ({ text: token.image, range: lines.range(file, token.startOffset, tokenEnd(token)) }));
  const statements = commands.map((command) => toStatement(file, lines, command));
  return { file, text, lines, statements, comments, findings };
}

function toStatement(file: string, lines: LineIndex, command: RawCommand): RcStatement {
  const first = command.words[0]![0]!;
  const lastWord = command.words[command.words.length - 1]!;
  const range = lines.range(file, first.startOffset, tokenEnd(lastWord[lastWord.length - 1]!));
  const isAssignment = (word: IToken[]): boolean => word[0]!.tokenType === AssignName;
  if (command.words.every(isAssignment)) {
    const assignments = command.words.map((word): RcAssignment => {
      const nameToken = word[0]!;
      const valueTokens = word.slice(1);
      const nameEnd = tokenEnd(nameToken) - 1;
      const valueStart = nameEnd + 1;
      const valueEnd = valueTokens.length > 0 ? tokenEnd(valueTokens[valueTokens.length - 1]!) : valueStart;
      return {
        name: nameToken.image.slice(0, -1),
        nameRange: lines.range(file, nameToken.startOffset, nameEnd),
        value: valueTokens.map(toPiece),
        valueRange: lines.range(file, valueStart, valueEnd),
        range: lines.range(file, nameToken.startOffset, valueEnd),
      };
    });
    return { kind: 'assignment', assignments, range };
  }
  const words = command.words.map((word): ShWord => {
    const pieces = word.map((token) => (token.tokenType === AssignName ? ({ kind: 'unquoted', start: token.startOffset, end: tokenEnd(token) } as const) : toPiece(token)));
    return { pieces, range: lines.range(file, word[0]!.startOffset, tokenEnd(word[word.length - 1]!)) };
  });
  return { kind: 'command', words, range };
}
