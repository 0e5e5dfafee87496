import { createToken, EmbeddedActionsParser, Lexer, type IToken } from 'chevrotain';
import type { Finding } from '../findings.js';
import { LineIndex, type SourceRange } from '../source.js';
import { builtOnFirstUse, lexerConfig, lookahead, type GrammarBuildOptions } from '../grammar-options.js';

/** jail.conf(5): parameters (`name = value;`, `name += value;`, `flag;`) at top level or in `jailname { ... }` blocks. */
const Blank = createToken({ name: 'Blank', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
const Comma = createToken({ name: 'Comma', pattern: /,/ });
const PlusEquals = createToken({ name: 'PlusEquals', pattern: /\+=/ });
const Equals = createToken({ name: 'Equals', pattern: /=/ });
const Str = createToken({ name: 'Str', pattern: /"(?:[^"\\]|\\[\s\S])*"|'[^']*'/, line_breaks: true });
const Word = createToken({ name: 'Word', pattern: /(?:[^\s{};,="'#+/]|\+(?!=)|\/(?![/*]))+/ });

const TOKENS = [Blank, Comment, LBrace, RBrace, Semicolon, Comma, PlusEquals, Equals, Str, Word];
/** Built with `lexerConfig`; the shared one is built on first use. */
export function createJailLexer(options: GrammarBuildOptions = {}): Lexer {
  return new Lexer(TOKENS, lexerConfig(options));
}

const jailLexer = builtOnFirstUse(createJailLexer);

/** One value as written; `start`/`end` exclude the quotes of a string. */
export interface JailValue {
  readonly quote: '"' | "'" | undefined;
  readonly start: number;
  readonly end: number;
  readonly range: SourceRange;
}

export interface JailParameter {
  readonly name: string;
  readonly nameRange: SourceRange;
  /** Absent for a flag (`vnet;`, `mount.devfs;`). */
  readonly operator?: '=' | '+=';
  readonly values: readonly JailValue[];
  readonly range: SourceRange;
}

export interface JailBlock {
  readonly name: string;
  readonly nameRange: SourceRange;
  readonly parameters: readonly JailParameter[];
  readonly range: SourceRange;
}

export interface JailConfFile {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** Parameters outside any block: they apply to every jail. */
  readonly globals: readonly JailParameter[];
  readonly blocks: readonly JailBlock[];
  readonly comments: readonly { readonly text: string; readonly range: SourceRange }[];
  readonly findings: readonly Finding[];
}

interface RawParameter {
  readonly name: IToken;
  readonly operator?: IToken;
  readonly values: IToken[];
  readonly end: IToken;
}

interface RawBlock {
  readonly name: IToken;
  readonly parameters: RawParameter[];
  readonly end: IToken;
}

/** Built once per process (see the shared parser below); tests build one with `validateGrammar`. */
export class JailParser extends EmbeddedActionsParser {
  constructor(options: GrammarBuildOptions = {}) {
    super(TOKENS, { ...lookahead(3), recoveryEnabled: true, skipValidations: !options.validateGrammar });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    const globals: RawParameter[] = [];
    const blocks: RawBlock[] = [];
    this.MANY(() =>
      this.OR([
        {
          GATE: () => this.LA(2).tokenType === LBrace,
          ALT: () => {
            const block = this.SUBRULE(this.block);
            this.ACTION(() => blocks.push(block));
          },
        },
        {
          ALT: () => {
            const parameter = this.SUBRULE(this.parameter);
            this.ACTION(() => globals.push(parameter));
          },
        },
      ]),
    );
    return { globals, blocks };
  });

  private block = this.RULE('block', (): RawBlock => {
    const name = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Str) }]);
    this.CONSUME(LBrace);
    const parameters: RawParameter[] = [];
    this.MANY(() => {
      const parameter = this.SUBRULE(this.parameter);
      this.ACTION(() => parameters.push(parameter));
    });
    const end = this.CONSUME(RBrace);
    return { name, parameters, end };
  });

  private parameter = this.RULE('parameter', (): RawParameter => {
    const name = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME2(Str) }]);
    const values: IToken[] = [];
    let operator: IToken | undefined;
    this.OPTION(() => {
      operator = this.OR2([{ ALT: () => this.CONSUME(Equals) }, { ALT: () => this.CONSUME(PlusEquals) }]);
      this.OPTION2(() => {
        values.push(this.SUBRULE(this.value));
        this.MANY(() => {
          this.CONSUME(Comma);
          values.push(this.SUBRULE2(this.value));
        });
      });
    });
    const end = this.CONSUME(Semicolon);
    return operator ? { name, operator, values, end } : { name, values, end };
  });

  private value = this.RULE('value', (): IToken => this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Str) }]));
}

let sharedParser: JailParser | undefined;

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function unquotedName(token: IToken): string {
  return token.tokenType === Str ? token.image.slice(1, -1) : token.image;
}

/** Parses jail.conf. Never throws; syntax problems become `syntax-error` findings and what parsed is kept. */
export function parseJailConf(file: string, text: string): JailConfFile {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const lexed = jailLexer().tokenize(text);
  for (const error of lexed.errors) {
    findings.push({ ruleId: 'syntax-error', severity: 'error', message: 'Unexpected character', range: lines.range(file, error.offset, error.offset + error.length) });
  }
  sharedParser ??= new JailParser();
  const parser = sharedParser;
  parser.input = lexed.tokens;
  const raw = parser.file();
  for (const error of parser.errors) {
    const offset = Number.isNaN(error.token.startOffset) ? text.length : error.token.startOffset;
    findings.push({ ruleId: 'syntax-error', severity: 'error', message: error.message, range: lines.range(file, offset, offset + error.token.image.length) });
  }
  // Error recovery can leave placeholder tokens (NaN offsets) or missing parts in what the rules returned.
  const real = (token: IToken | undefined): token is IToken => token !== undefined && !Number.isNaN(token.startOffset);
  const toParameter = (parameter: RawParameter): JailParameter => ({
    name: unquotedName(parameter.name),
    nameRange: lines.range(file, parameter.name.startOffset, tokenEnd(parameter.name)),
    ...(real(parameter.operator) ? { operator: parameter.operator.image as '=' | '+=' } : {}),
    values: parameter.values.filter(real).map((token) => {
      const quoted = token.tokenType === Str;
      return {
        quote: quoted ? (token.image[0] as '"' | "'") : undefined,
        start: token.startOffset + (quoted ? 1 : 0),
        end: tokenEnd(token) - (quoted ? 1 : 0),
        range: lines.range(file, token.startOffset, tokenEnd(token)),
      };
    }),
    range: lines.range(file, parameter.name.startOffset, real(parameter.end) ? tokenEnd(parameter.end) : tokenEnd(parameter.name)),
  });
  const parameters = (list: readonly (RawParameter | undefined)[] | undefined): JailParameter[] =>
    (list ?? []).filter((parameter): parameter is RawParameter => parameter !== undefined && real(parameter.name)).map(toParameter);
  const globals = parameters(raw?.globals);
  const blocks = (raw?.blocks ?? [])
    .filter((block): block is RawBlock => block !== undefined && real(block.name))
    .map((block) => ({
      name: unquotedName(block.name),
      nameRange: lines.range(file, block.name.startOffset, tokenEnd(block.name)),
      parameters: parameters(block.parameters),
      range: lines.range(file, block.name.startOffset, real(block.end) ? tokenEnd(block.end) : text.length),
    }));
  const comments = (lexed.groups['comments'] ?? []).map((token) => ({ text: token.image, range: lines.range(file, token.startOffset, tokenEnd(token)) }));
  return { file, text, lines, globals, blocks, comments, findings };
}
