/**
 * The pf.conf grammar as a Chevrotain EmbeddedActionsParser that builds the
 * syntax tree (syntax.ts) directly. It parses one statement at a time: the
 * driver (parse.ts) hands it the tokens of one statement, macros already
 * expanded, ending with the statement's newline. Statement order, option
 * repetition and value checks are the expansion step's business; this
 * grammar decides only what pfctl's yacc grammar decides.
 *
 * Where pfctl's grammar says STRING, both unquoted words and quoted strings
 * are accepted (`StringToken`); where it says numberstring, numbers too.
 */
import {
  EarlyExitException,
  EmbeddedActionsParser,
  type IOrAlt,
  NoViableAltException,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { lookahead, type GrammarBuildOptions } from '../grammar-options.js';
import { joinRanges, LineIndex, type OffsetPositions, type SourceRange } from '../source.js';
import {
  ALL_TOKEN_TYPES,
  Arrow,
  Bang,
  Comma,
  Equals,
  ExceptRange,
  Greater,
  GreaterEqual,
  InclusiveRange,
  Kw,
  LBrace,
  LParen,
  Less,
  LessEqual,
  Minus,
  Newline,
  NotEqual,
  NumberOrString,
  NumberToken,
  Quoted,
  RBrace,
  RParen,
  Slash,
  StringToken,
  Word,
  unquote,
  type PfToken,
} from './lexer.js';
import type {
  AfToOption,
  AltqDefinition,
  AnchorBody,
  AnchorRule,
  AntispoofRule,
  Atom,
  BlockReturn,
  BraceList,
  Comparison,
  ComparisonOperator,
  ComparisonSpec,
  Endpoint,
  EtherAnchor,
  EtherHosts,
  EtherRule,
  FilterOption,
  FilterRule,
  Host,
  HostSpec,
  Hosts,
  IcmpTypeItem,
  IncludeStatement,
  InterfaceClause,
  InterfaceItem,
  InterfaceSpec,
  LimiterDefinition,
  LimiterOption,
  LoadAnchor,
  LogSpec,
  MacAddress,
  MacroDefinition,
  NameValue,
  OneOrList,
  PfDialect,
  PoolOption,
  QueueDefinition,
  QueueOption,
  RouteOption,
  RouteTarget,
  RuleAction,
  SchedulerOption,
  SchedulerSpec,
  ScrubOption,
  ScrubRule,
  SetStatement,
  StateOption,
  StateSpec,
  Statement,
  TableDefinition,
  TableOption,
  TranslationAnchor,
  TranslationOption,
  TranslationRule,
  Redirection,
  SyntaxNode,
} from './syntax.js';

/** Where the statement being parsed comes from, for ranges. */
export interface ParseContext {
  readonly file: string;
  /** What the statement's ranges are made by: the file's LineIndex, or the statement's own positions when a later version may keep it. */
  readonly lines: OffsetPositions;
  readonly dialect: PfDialect;
}

/** A syntax error: the token pfctl's parser would have stopped at. */
export interface SyntaxErrorAt {
  readonly token: PfToken;
  /** Chevrotain's explanation (for debugging; findings say "syntax error" as pfctl does). */
  readonly message: string;
}

export interface StatementResult {
  readonly statement?: Statement;
  readonly error?: SyntaxErrorAt;
  /** The `{` token when the statement opens an inline anchor body. */
  readonly opensBody?: PfToken;
}

/** Spreading is not possible while Chevrotain records the grammar (sub-rules return placeholders then). */
function appendAll<T>(target: T[], values: readonly T[]): void {
  if (Array.isArray(values)) target.push(...values);
}

const SCHEDULERS = [Kw.cbq, Kw.priq, Kw.hfsc, Kw.fairq, Kw.codelq];

/**
 * A node under construction. Hot rules add optional parts by assignment:
 * a conditional spread (`...(x ? { x } : {})`) makes a temporary object and
 * copies it through a slow generic path on every call.
 */
type Building<T> = { -readonly [K in keyof T]: T[K] };

export class PfParser extends EmbeddedActionsParser {
  private context: ParseContext = { file: '', lines: new LineIndex(''), dialect: 'freebsd' };
  /** The `{` that ended the statement just parsed, when it opens an inline anchor body. */
  private bodyBrace: PfToken | undefined;
  /** The range made last in this statement and the offsets it covers (see `rangeOf`). */
  private lastRange: SourceRange | undefined;
  private lastRangeStart = 0;
  private lastRangeEnd = 0;
  /**
   * OR alternatives built once per rule: Chevrotain's OR otherwise gets a
   * fresh array of closures on every call (garbage on the hot path). Only
   * alternatives that capture nothing but `this` are shared this way.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one store for alternatives of every result type
  private readonly alternatives: Record<string, IOrAlt<any>[]> = {};

  /** Built once per process (see `GrammarBuildOptions`); a test builds one with `validateGrammar`. */
  constructor(options: GrammarBuildOptions = {}) {
    super(ALL_TOKEN_TYPES as TokenType[], { ...lookahead(3), recoveryEnabled: false, skipValidations: !options.validateGrammar });
    this.performSelfAnalysis();
  }

  /**
   * Parses one statement (tokens ending with a newline token). An anchor
   * statement ending in `{` opens an inline body: its `body` is an empty
   * placeholder and `opensBody` is set; the caller collects the following
   * statements until the matching `}` line.
   */
  parseStatement(tokens: PfToken[], context: ParseContext): StatementResult {
    this.context = context;
    this.bodyBrace = undefined;
    // Ranges are shared within a statement only: its context (file and positions) is one, and a statement that
    // makes no range does not leave the parser holding the last file's positions (and its text).
    this.lastRange = undefined;
    this.input = tokens;
    const statement = this.statementLine();
    const first = this.errors[0];
    if (first) return { error: { token: first.token as PfToken, message: first.message } };
    return { ...(statement ? { statement } : {}), ...(this.bodyBrace ? { opensBody: this.bodyBrace } : {}) };
  }

  /*
   * Chevrotain words these errors by computing every lookahead path of the
   * failing rule, which costs milliseconds per error on this grammar. pfctl
   * only says "syntax error", so the expensive part is skipped.
   */
  protected raiseNoAltException(): never {
    throw this.saveError(new NoViableAltException('syntax error', this.LA(1), this.LA(0)));
  }

  protected raiseEarlyExitException(): never {
    throw this.saveError(new EarlyExitException('syntax error', this.LA(1), this.LA(0)));
  }

  private saveError(error: IRecognitionException): IRecognitionException {
    (this as unknown as { SAVE_ERROR(error: IRecognitionException): IRecognitionException }).SAVE_ERROR(error);
    return error;
  }

  private openBody(brace: IToken): AnchorBody {
    this.bodyBrace = brace as PfToken;
    return { statements: [], range: this.tokenRange(brace) };
  }

  // -------------------------------------------------------------------------
  // Helpers (used only inside ACTION, never while Chevrotain records)

  private tokenRange(token: IToken): SourceRange {
    return this.rangeOf(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  /** From `first` to the last token consumed. */
  private span(first: IToken): SourceRange {
    const start = first.startOffset;
    let end = (first.endOffset ?? start) + 1;
    const last = this.LA(0);
    if (last && last !== first && last.startOffset >= start) end = (last.endOffset ?? last.startOffset) + 1;
    return this.rangeOf(start, end);
  }

  /**
   * A node made of one token covers what its atom covers, and a rule that
   * passes a sub-rule's node on with its own range often covers the same
   * text: such neighbours share one range object (ranges never change). On
   * the bench files that is 28–33 % of the ranges a parse would make, and
   * 7 % of what it keeps.
   */
  private rangeOf(start: number, end: number): SourceRange {
    if (this.lastRange && this.lastRangeStart === start && this.lastRangeEnd === end) return this.lastRange;
    const range = this.context.lines.range(this.context.file, start, end);
    this.lastRange = range;
    this.lastRangeStart = start;
    this.lastRangeEnd = end;
    return range;
  }

  private atom(token: IToken): Atom {
    const type = token.tokenType;
    const kind = type === Quoted ? 'quoted' : type === NumberToken ? 'number' : type === Word ? 'word' : 'keyword';
    const macro = (token as PfToken).macro;
    const text = kind === 'quoted' ? unquote(token.image) : token.image;
    const range = this.tokenRange(token);
    return macro ? { kind, text, raw: token.image, range, macro } : { kind, text, raw: token.image, range };
  }

  private isWord(text: string, offset = 1): boolean {
    const token = this.LA(offset);
    return token.tokenType === Word && token.image === text;
  }

  private get freebsd(): boolean {
    return this.context.dialect === 'freebsd';
  }

  // -------------------------------------------------------------------------
  // Top level

  private statementLine = this.RULE('statementLine', (): Statement | undefined => {
    const statement = this.OPTION(() => this.SUBRULE(this.statement));
    this.CONSUME(Newline);
    return statement;
  });

  private statementAlternatives: IOrAlt<Statement>[] | undefined;

  private statement = this.RULE('statement', (): Statement => {
    // One array for every call: OR's alternatives are otherwise rebuilt per statement.
    return this.OR<Statement>((this.statementAlternatives ??= [
      {
        GATE: () => this.LA(2).tokenType === Equals,
        ALT: () => this.SUBRULE(this.macroDefinition),
      },
      { ALT: () => this.SUBRULE(this.includeStatement) },
      { ALT: () => this.SUBRULE(this.tableDefinition) },
      { ALT: () => this.SUBRULE(this.setStatement) },
      { GATE: () => this.freebsd, ALT: () => this.SUBRULE(this.scrubRule) },
      { ALT: () => this.SUBRULE(this.natRule) },
      { ALT: () => this.SUBRULE(this.binatRule) },
      { ALT: () => this.SUBRULE(this.translationAnchor) },
      { ALT: () => this.SUBRULE(this.filterRule) },
      { ALT: () => this.SUBRULE(this.anchorRule) },
      { ALT: () => this.SUBRULE(this.loadAnchor) },
      { ALT: () => this.SUBRULE(this.antispoofRule) },
      { ALT: () => this.SUBRULE(this.altqDefinition) },
      { ALT: () => this.SUBRULE(this.queueDefinition) },
      { ALT: () => this.SUBRULE(this.etherStatement) },
      {
        GATE: () => this.LA(1).tokenType === Kw.state || this.isWord('source'),
        ALT: () => this.SUBRULE(this.limiterDefinition),
      },
    ]));
  });

  private macroDefinition = this.RULE('macroDefinition', (): MacroDefinition => {
    const start = this.LA(1);
    const name = this.CONSUME(StringToken);
    this.CONSUME(Equals);
    const values: IToken[] = [];
    this.AT_LEAST_ONE(() => values.push(this.CONSUME(NumberOrString)));
    return this.ACTION(() => {
      const atoms = values.map((token) => this.atom(token));
      return {
        kind: 'macro-definition',
        name: this.atom(name),
        values: atoms,
        value: atoms.map((atom) => atom.text).join(' '),
        overridden: false,
        range: this.span(start),
      };
    });
  });

  private includeStatement = this.RULE('includeStatement', (): IncludeStatement => {
    const start = this.CONSUME(Kw.include);
    const path = this.CONSUME(StringToken);
    return this.ACTION(() => {
      const atom = this.atom(path);
      return { kind: 'include', path: atom, resolvedPath: atom.text, range: this.span(start) };
    });
  });

  /** pfctl's `string`: one or more STRINGs joined with spaces. */
  private strings = this.RULE('strings', (): Atom[] => {
    const tokens: IToken[] = [];
    this.AT_LEAST_ONE(() => tokens.push(this.CONSUME(StringToken)));
    return this.ACTION(() => tokens.map((token) => this.atom(token)));
  });

  private string = this.RULE('string', (): Atom => {
    const token = this.CONSUME(StringToken);
    return this.ACTION(() => this.atom(token));
  });

  private number = this.RULE('number', (): Atom => {
    const token = this.CONSUME(NumberToken);
    return this.ACTION(() => this.atom(token));
  });

  /** pfctl's numberstring. */
  private numberString = this.RULE('numberString', (): Atom => {
    const token = this.CONSUME(NumberOrString);
    return this.ACTION(() => this.atom(token));
  });

  /*
   * Leaves as plain consumes instead of sub-rules: a sub-rule call costs
   * Chevrotain several times a consume, and these are most of the tokens.
   * Indexes from 20 up keep clear of the CONSUME1..9 of the rules.
   */
  private stringAtom(index: number): Atom {
    const token = this.consume(index, StringToken);
    return this.RECORDING_PHASE ? (token as unknown as Atom) : this.atom(token);
  }

  private numberAtom(index: number): Atom {
    const token = this.consume(index, NumberToken);
    return this.RECORDING_PHASE ? (token as unknown as Atom) : this.atom(token);
  }

  private numberStringAtom(index: number): Atom {
    const token = this.consume(index, NumberOrString);
    return this.RECORDING_PHASE ? (token as unknown as Atom) : this.atom(token);
  }

  private keyword = (type: TokenType, index = 1): Atom => {
    const token = index === 1 ? this.CONSUME(type) : index === 2 ? this.CONSUME2(type) : this.CONSUME3(type);
    return this.ACTION(() => this.atom(token));
  };

  // -------------------------------------------------------------------------
  // Tables

  private tableDefinition = this.RULE('tableDefinition', (): TableDefinition => {
    const start = this.CONSUME(Kw.table);
    this.CONSUME(Less);
    const name = this.stringAtom(20);
    this.CONSUME(Greater);
    const options: TableOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.tableOption)));
    return this.ACTION(() => ({ kind: 'table', name, options, range: this.span(start) }));
  });

  private tableOption = this.RULE('tableOption', (): TableOption => {
    const start = this.LA(1);
    return this.OR<TableOption>([
      {
        ALT: () => {
          const word = this.stringAtom(20);
          return this.ACTION(() => ({ kind: 'flag', word, range: word.range }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.file);
          const path = this.stringAtom(22);
          return this.ACTION(() => ({ kind: 'file', path, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBrace);
          this.MANY(() => this.CONSUME(Newline));
          const entries: HostSpec[] = [];
          this.OPTION(() => {
            entries.push(this.SUBRULE(this.ipSpec));
            this.MANY2(() => this.CONSUME2(Newline));
            this.MANY3(() => {
              this.OPTION2(() => this.CONSUME(Comma));
              entries.push(this.SUBRULE2(this.ipSpec));
              this.MANY4(() => this.CONSUME3(Newline));
            });
          });
          this.CONSUME(RBrace);
          return this.ACTION(() => ({ kind: 'entries', entries, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.timeout);
          const value = this.numberAtom(20);
          return this.ACTION(() => ({ kind: 'timeout', value, range: this.span(start) }));
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------
  // Options

  private setStatement = this.RULE('setStatement', (): SetStatement => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.set);
    const single = (type: TokenType, option: SetStatement['option'], value: () => Atom) => ({
      ALT: () => {
        this.CONSUME(type);
        const atom = value();
        return this.ACTION(() => ({ kind: 'set', keyword, option, value: atom, range: this.span(start) }) as SetStatement);
      },
    });
    return this.OR<SetStatement>([
      single(Kw.optimization, 'optimization', () => this.stringAtom(20)),
      single(Kw['ruleset-optimization'], 'ruleset-optimization', () => this.stringAtom(22)),
      single(Kw.loginterface, 'loginterface', () => this.SUBRULE(this.stringOrAll)),
      single(Kw.hostid, 'hostid', () => this.numberStringAtom(20)),
      single(Kw['block-policy'], 'block-policy', () => this.SUBRULE(this.dropOrReturn)),
      single(Kw['fail-policy'], 'fail-policy', () => this.SUBRULE2(this.dropOrReturn)),
      single(Kw['require-order'], 'require-order', () => this.SUBRULE(this.yesNo)),
      single(Kw.fingerprints, 'fingerprints', () => this.stringAtom(23)),
      single(Kw['state-policy'], 'state-policy', () => this.SUBRULE(this.stateLock)),
      single(Kw.debug, 'debug', () => this.stringAtom(24)),
      {
        ALT: () => {
          const which = this.OR2([{ ALT: () => this.CONSUME(Kw.timeout) }, { ALT: () => this.CONSUME(Kw.limit) }]);
          const { entries, braced } = this.SUBRULE(this.nameValueSpec);
          return this.ACTION(() => ({
            kind: 'set',
            keyword,
            option: which.tokenType === Kw.timeout ? 'timeout' : 'limit',
            entries,
            braced,
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.skip);
          const on = this.OPTION(() => this.SUBRULE(this.interfaceClause));
          return this.ACTION(() => ({
            kind: 'set',
            keyword,
            option: 'skip',
            interfaces: on && on.kind === 'on' ? on.interfaces : { kind: 'list', items: [], range: this.span(start) },
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw['state-defaults']);
          const stateOptions = this.SUBRULE(this.stateOptionList);
          return this.ACTION(() => ({
            kind: 'set',
            keyword,
            option: 'state-defaults',
            stateOptions,
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.keepcounters);
          return this.ACTION(() => ({ kind: 'set', keyword, option: 'keepcounters', range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.reassemble);
          const value = this.SUBRULE2(this.yesNo);
          const noDf = this.OPTION2(() => this.keyword(Kw['no-df']));
          return this.ACTION(() => ({
            kind: 'set',
            keyword,
            option: 'reassemble',
            value,
            ...(noDf ? { noDf } : {}),
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.syncookies);
          const value = this.stringAtom(25);
          const thresholds: NameValue[] = [];
          this.OPTION3(() => {
            this.CONSUME(LParen);
            this.AT_LEAST_ONE_SEP({
              SEP: Comma,
              DEF: () => thresholds.push(this.SUBRULE(this.nameValue)),
            });
            this.CONSUME(RParen);
          });
          return this.ACTION(() => ({
            kind: 'set',
            keyword,
            option: 'syncookies',
            value,
            thresholds,
            range: this.span(start),
          }));
        },
      },
    ]);
  });

  private stringOrAll = this.RULE('stringOrAll', (): Atom => {
    const token = this.OR((this.alternatives['stringOrAll'] ??= [{ ALT: () => this.CONSUME(StringToken) }, { ALT: () => this.CONSUME(Kw.all) }]));
    return this.ACTION(() => this.atom(token));
  });

  private dropOrReturn = this.RULE('dropOrReturn', (): Atom => {
    const token = this.OR((this.alternatives['dropOrReturn'] ??= [{ ALT: () => this.CONSUME(Kw.drop) }, { ALT: () => this.CONSUME(Kw.return) }]));
    return this.ACTION(() => this.atom(token));
  });

  /** `no` is a keyword, `yes` a word. */
  private yesNo = this.RULE('yesNo', (): Atom => {
    const token = this.OR((this.alternatives['yesNo'] ??= [{ ALT: () => this.CONSUME(Kw.no) }, { ALT: () => this.CONSUME(StringToken) }]));
    return this.ACTION(() => this.atom(token));
  });

  private stateLock = this.RULE('stateLock', (): Atom => {
    const token = this.OR((this.alternatives['stateLock'] ??= [{ ALT: () => this.CONSUME(Kw['if-bound']) }, { ALT: () => this.CONSUME(Kw.floating) }]));
    return this.ACTION(() => this.atom(token));
  });

  /** `tcp.first 10` or `interval 10` (interval is a keyword in FreeBSD); `start 25%` for syncookies. */
  private nameValue = this.RULE('nameValue', (): NameValue => {
    const start = this.LA(1);
    const name = this.OR([
      { ALT: () => this.CONSUME(StringToken) },
      { ALT: () => this.CONSUME(Kw.interval) },
    ]);
    const value = this.numberStringAtom(20);
    return this.ACTION(() => ({ name: this.atom(name), value, range: this.span(start) }));
  });

  private nameValueSpec = this.RULE('nameValueSpec', (): { entries: NameValue[]; braced: boolean } => {
    const entries: NameValue[] = [];
    return this.OR([
      {
        ALT: () => {
          entries.push(this.SUBRULE(this.nameValue));
          return { entries, braced: false };
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBrace);
          this.MANY(() => this.CONSUME(Newline));
          entries.push(this.SUBRULE2(this.nameValue));
          this.MANY2(() => this.CONSUME2(Newline));
          this.MANY3(() => {
            this.OPTION(() => this.CONSUME(Comma));
            entries.push(this.SUBRULE3(this.nameValue));
            this.MANY4(() => this.CONSUME3(Newline));
          });
          this.CONSUME(RBrace);
          return { entries, braced: true };
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------
  // Interfaces, protocols, hosts, ports

  private interfaceItem = this.RULE('interfaceItem', (): InterfaceItem => {
    const start = this.LA(1);
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const name = this.OR((this.alternatives['interfaceItem'] ??= [
      { ALT: () => this.CONSUME(StringToken) },
      { ALT: () => this.SUBRULE(this.anyInterface) },
    ]));
    return this.ACTION(() => ({
      kind: 'interface',
      negated: bang !== undefined,
      name: this.atom(name),
      range: this.span(start),
    }));
  });

  /*
   * Gated alternatives sit in rules of their own (here and in xhost,
   * filterOption): an OR with any gate makes Chevrotain try its alternatives
   * one by one on every call; without gates it picks by the next token.
   */

  /** OpenBSD's `on any`: every interface but loopback. */
  private anyInterface = this.RULE('anyInterface', (): IToken => {
    return this.OR((this.alternatives['anyInterface'] ??= [{ GATE: () => !this.freebsd, ALT: () => this.CONSUME(Kw.any) }]));
  });

  private interfaceList = this.listRule('interfaceList', () => this.interfaceItem);

  private interfaceSpec = this.RULE('interfaceSpec', (): InterfaceSpec => {
    return this.OR<InterfaceSpec>((this.alternatives['interfaceSpec'] ??= [
      { ALT: () => this.SUBRULE(this.interfaceList) },
      { ALT: () => this.SUBRULE(this.interfaceItem) },
    ]));
  });

  private interfaceClause = this.RULE('interfaceClause', (): InterfaceClause => {
    const start = this.CONSUME(Kw.on);
    return this.OR<InterfaceClause>([
      {
        ALT: () => {
          this.CONSUME(Kw.rdomain);
          const rdomain = this.numberAtom(20);
          return this.ACTION(() => ({ kind: 'on-rdomain', rdomain, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const interfaces = this.SUBRULE(this.interfaceSpec);
          return this.ACTION(() => ({ kind: 'on', interfaces, range: this.span(start) }));
        },
      },
    ]);
  });

  private addressFamily = this.RULE('addressFamily', (): Atom => {
    const token = this.OR((this.alternatives['addressFamily'] ??= [{ ALT: () => this.CONSUME(Kw.inet) }, { ALT: () => this.CONSUME(Kw.inet6) }]));
    return this.ACTION(() => this.atom(token));
  });

  private protocolList = this.listRule('protocolList', () => this.numberString);

  private protocols = this.RULE('protocols', (): OneOrList<Atom> => {
    this.CONSUME(Kw.proto);
    return this.OR<OneOrList<Atom>>([
      { ALT: () => this.SUBRULE(this.protocolList) },
      { ALT: () => this.numberStringAtom(20) },
    ]);
  });

  /** pfctl's `host`: everything but negation, `any`, lists and no-route/urpf-failed. */
  private host = this.RULE('host', (): Host => {
    const start = this.LA(1);
    const host = this.OR<Host>([
      {
        ALT: () => {
          const address = this.CONSUME(StringToken);
          return this.OR2<Host>([
            {
              ALT: () => {
                this.CONSUME(Minus);
                const to = this.stringAtom(20);
                return this.ACTION(() => ({
                  kind: 'range',
                  negated: false,
                  from: this.atom(address),
                  to,
                  range: this.span(start),
                }));
              },
            },
            {
              ALT: () => {
                this.CONSUME(Slash);
                const prefixLength = this.numberAtom(20);
                return this.ACTION(() => ({
                  kind: 'address',
                  negated: false,
                  address: this.atom(address),
                  prefixLength,
                  range: this.span(start),
                }));
              },
            },
            {
              ALT: () =>
                this.ACTION(() => ({
                  kind: 'address',
                  negated: false,
                  address: this.atom(address),
                  range: this.span(start),
                })),
            },
          ]);
        },
      },
      {
        // `10/8`: a bare number is not a host, only a number with a length.
        ALT: () => {
          const address = this.numberAtom(22);
          this.CONSUME2(Slash);
          const prefixLength = this.numberAtom(23);
          return this.ACTION(() => ({
            kind: 'address',
            negated: false,
            address,
            prefixLength,
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          const name = this.stringAtom(22);
          this.CONSUME(RParen);
          const prefixLength = this.OPTION(() => {
            this.CONSUME3(Slash);
            return this.numberAtom(24);
          });
          return this.ACTION(() => ({
            kind: 'dynamic',
            negated: false,
            interface: name,
            ...(prefixLength ? { prefixLength } : {}),
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Less);
          const name = this.stringAtom(23);
          this.CONSUME(Greater);
          return this.ACTION(() => ({ kind: 'table', negated: false, name, range: this.span(start) }));
        },
      },
    ]);
    // OpenBSD pools: `host weight N`.
    const weight = this.OPTION2(() => {
      this.CONSUME(Kw.weight);
      return this.numberAtom(25);
    });
    return this.ACTION(() => (weight ? ({ ...host, weight, range: this.span(start) } as Host) : host));
  });

  /** pfctl's `xhost`: `!`? host, no-route or urpf-failed; OpenBSD adds `route LABEL`. */
  private xhost = this.RULE('xhost', (): Host => {
    const start = this.LA(1);
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const host = this.OR<Host>([
      { ALT: () => this.SUBRULE(this.host) },
      {
        ALT: () => {
          this.CONSUME(Kw['no-route']);
          return this.ACTION(() => ({ kind: 'no-route', negated: false, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw['urpf-failed']);
          return this.ACTION(() => ({ kind: 'urpf-failed', negated: false, range: this.span(start) }));
        },
      },
      { ALT: () => this.SUBRULE(this.routeLabel, { ARGS: [bang === undefined] }) },
    ]);
    return this.ACTION(() =>
      bang && host.kind !== 'any' && host.kind !== 'route-label'
        ? ({ ...host, negated: true, range: this.span(start) } as Host)
        : host,
    );
  });

  /** OpenBSD's `route LABEL` host, never negated. */
  private routeLabel = this.RULE('routeLabel', (notNegated: boolean): Host => {
    const start = this.LA(1);
    return this.OR([
      {
        GATE: () => !this.freebsd && notNegated,
        ALT: () => {
          this.CONSUME(Kw.route);
          const label = this.stringAtom(20);
          return this.ACTION(() => ({ kind: 'route-label', label, range: this.span(start) }));
        },
      },
    ]);
  });

  /** pfctl's `ipspec`: any, an xhost, or a (nested) list. */
  private ipSpec = this.RULE('ipSpec', (): HostSpec => {
    return this.OR<HostSpec>((this.alternatives['ipSpec'] ??= [
      {
        ALT: () => {
          const token = this.CONSUME(Kw.any);
          return this.ACTION(() => ({ kind: 'any', range: this.tokenRange(token) }));
        },
      },
      { ALT: () => this.SUBRULE(this.xhost) },
      { ALT: () => this.SUBRULE(this.hostList) },
    ]));
  });

  private hostList = this.listRule('hostList', () => this.ipSpec);

  private unaryOperator = this.RULE('unaryOperator', (): ComparisonOperator => {
    return this.OR<ComparisonOperator>([
      { ALT: () => (this.CONSUME(Equals), '=') },
      { ALT: () => (this.CONSUME(NotEqual), '!=') },
      { ALT: () => (this.CONSUME(LessEqual), '<=') },
      { ALT: () => (this.CONSUME(GreaterEqual), '>=') },
      // FreeBSD's lexer returns `!`, `<`, `>` alone and the grammar glues `! =`.
      { GATE: () => this.freebsd, ALT: () => (this.CONSUME(Bang), this.CONSUME2(Equals), '!=') },
      {
        ALT: () => {
          this.CONSUME(Less);
          return this.OR2<ComparisonOperator>([
            { GATE: () => this.freebsd, ALT: () => (this.CONSUME3(Equals), '<=') },
            { ALT: () => '<' },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Greater);
          return this.OR3<ComparisonOperator>([
            { GATE: () => this.freebsd, ALT: () => (this.CONSUME4(Equals), '>=') },
            { ALT: () => '>' },
          ]);
        },
      },
    ]);
  });

  /** A port, uid or gid item. */
  private comparison = this.RULE('comparison', (): Comparison => {
    const start = this.LA(1);
    return this.OR<Comparison>([
      {
        ALT: () => {
          const operator = this.SUBRULE(this.unaryOperator);
          const value = this.numberStringAtom(20);
          return this.ACTION(() => ({ kind: 'unary', operator, value, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const value = this.numberStringAtom(22);
          return this.OR2<Comparison>([
            {
              ALT: () => {
                const op = this.OR3([
                  { ALT: () => this.CONSUME(ExceptRange) },
                  { ALT: () => this.CONSUME(InclusiveRange) },
                ]);
                const high = this.numberStringAtom(23);
                return this.ACTION(() => ({
                  kind: 'binary',
                  operator: op.tokenType === ExceptRange ? '<>' : '><',
                  low: value,
                  high,
                  range: this.span(start),
                }));
              },
            },
            { ALT: () => this.ACTION(() => ({ kind: 'unary', value, range: this.span(start) })) },
          ]);
        },
      },
    ]);
  });

  private comparisonList = this.listRule('comparisonList', () => this.comparison);

  private comparisonSpec = this.RULE('comparisonSpec', (): ComparisonSpec => {
    return this.OR<ComparisonSpec>((this.alternatives['comparisonSpec'] ??= [
      { ALT: () => this.SUBRULE(this.comparisonList) },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]));
  });

  private endpoint = this.RULE('endpoint', (): Endpoint => {
    const start = this.LA(1);
    return this.OR<Endpoint>([
      {
        ALT: () => {
          const hosts = this.SUBRULE(this.ipSpec);
          const ports = this.OPTION(() => {
            this.CONSUME(Kw.port);
            return this.SUBRULE(this.comparisonSpec);
          });
          return this.ACTION(() => {
            const endpoint: Building<Endpoint> = { hosts, range: this.span(start) };
            if (ports) endpoint.ports = ports;
            return endpoint;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Kw.port);
          const ports = this.SUBRULE2(this.comparisonSpec);
          return this.ACTION(() => ({ ports, range: this.span(start) }));
        },
      },
    ]);
  });

  private osList = this.listRule('osList', () => this.string);

  /** pfctl's fromto: `all`, or optional from / os / to. Returns undefined when nothing was written. */
  private hosts = this.RULE('hosts', (): Hosts | undefined => {
    const start = this.LA(1);
    return this.OR<Hosts | undefined>([
      {
        ALT: () => {
          const token = this.CONSUME(Kw.all);
          return this.ACTION(() => ({ kind: 'all', range: this.tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const from = this.OPTION(() => {
            this.CONSUME(Kw.from);
            return this.SUBRULE(this.endpoint);
          });
          const os = this.OPTION2(() => {
            this.CONSUME(Kw.os);
            return this.OR2<OneOrList<Atom>>([
              { ALT: () => this.SUBRULE(this.osList) },
              { ALT: () => this.stringAtom(20) },
            ]);
          });
          const to = this.OPTION3(() => {
            this.CONSUME(Kw.to);
            return this.SUBRULE2(this.endpoint);
          });
          return this.ACTION(() => {
            if (!from && !os && !to) return undefined;
            const fromTo: Building<Extract<Hosts, { kind: 'from-to' }>> = { kind: 'from-to', range: this.span(start) };
            if (from) fromTo.from = from;
            if (os) fromTo.os = os;
            if (to) fromTo.to = to;
            return fromTo;
          });
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------
  // Rule heads

  private log = this.RULE('log', (): LogSpec => {
    const start = this.CONSUME(Kw.log);
    const options: LogSpec['options'][number][] = [];
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => options.push(this.SUBRULE(this.logOption)) });
      this.CONSUME(RParen);
    });
    return this.ACTION(() => ({ kind: 'log', options, range: this.span(start) }));
  });

  private logOption = this.RULE('logOption', (): LogSpec['options'][number] => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          const token = this.OR2([
            { ALT: () => this.CONSUME(Kw.all) },
            { ALT: () => this.CONSUME(Kw.user) },
            { ALT: () => this.CONSUME(Kw.group) },
            { ALT: () => this.CONSUME(Kw.matches) },
          ]);
          return this.ACTION(() => ({ name: this.atom(token), range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const name = this.keyword(Kw.to);
          const values = this.SUBRULE(this.strings);
          return this.ACTION(() => ({ name, value: values[0]!, range: this.span(start) }));
        },
      },
    ]);
  });

  /** FreeBSD takes `log` and `quick` in either order. */
  private logQuick = this.RULE('logQuick', (): { log?: LogSpec; quick?: Atom } => {
    return this.OR([
      {
        ALT: () => {
          const log = this.SUBRULE(this.log);
          const quick = this.OPTION(() => this.keyword(Kw.quick));
          return quick ? { log, quick } : { log };
        },
      },
      {
        ALT: () => {
          const quick = this.keyword(Kw.quick, 2);
          const log = this.OPTION2(() => this.SUBRULE2(this.log));
          return log ? { log, quick } : { quick };
        },
      },
    ]);
  });

  private direction = this.RULE('direction', (): Atom => {
    const token = this.OR((this.alternatives['direction'] ??= [{ ALT: () => this.CONSUME(Kw.in) }, { ALT: () => this.CONSUME(Kw.out) }]));
    return this.ACTION(() => this.atom(token));
  });

  private action = this.RULE('action', (): RuleAction => {
    const start = this.LA(1);
    return this.OR<RuleAction>([
      {
        ALT: () => {
          const keyword = this.keyword(Kw.pass);
          return this.ACTION(() => ({ keyword, type: 'pass', range: keyword.range }));
        },
      },
      {
        ALT: () => {
          const keyword = this.keyword(Kw.match, 2);
          return this.ACTION(() => ({ keyword, type: 'match', range: keyword.range }));
        },
      },
      {
        ALT: () => {
          const keyword = this.keyword(Kw.block, 3);
          const blockReturn = this.OPTION(() => this.SUBRULE(this.blockReturn));
          return this.ACTION(() => ({
            keyword,
            type: 'block',
            ...(blockReturn ? { blockReturn } : {}),
            range: this.span(start),
          }));
        },
      },
    ]);
  });

  private blockReturn = this.RULE('blockReturn', (): BlockReturn => {
    const start = this.LA(1);
    const codes: Atom[] = [];
    let ttl: Atom | undefined;
    const token = this.OR([
      { ALT: () => this.CONSUME(Kw.drop) },
      { ALT: () => this.CONSUME(Kw.return) },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw['return-rst']);
          this.OPTION(() => {
            this.CONSUME(LParen);
            this.CONSUME(Kw.ttl);
            ttl = this.numberAtom(20);
            this.CONSUME(RParen);
          });
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw['return-icmp']);
          this.OPTION2(() => {
            this.CONSUME2(LParen);
            codes.push(this.numberStringAtom(20));
            this.OPTION3(() => {
              this.OPTION4(() => this.CONSUME(Comma));
              codes.push(this.numberStringAtom(22));
            });
            this.CONSUME2(RParen);
          });
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw['return-icmp6']);
          this.OPTION5(() => {
            this.CONSUME3(LParen);
            codes.push(this.numberStringAtom(23));
            this.CONSUME3(RParen);
          });
          return keyword;
        },
      },
    ]);
    return this.ACTION(() => ({
      keyword: this.atom(token),
      type: token.image as BlockReturn['type'],
      codes,
      ...(ttl ? { ttl } : {}),
      range: this.span(start),
    }));
  });

  /** direction, log/quick, interface, [route], af, proto, hosts, options: shared by pass/block/match. */
  private filterRule = this.RULE('filterRule', (): FilterRule => {
    const start = this.LA(1);
    const action = this.SUBRULE(this.action);
    const direction = this.OPTION(() => this.SUBRULE(this.direction));
    const logQuick = this.OPTION2(() => this.SUBRULE(this.logQuick));
    const on = this.OPTION3(() => this.SUBRULE(this.interfaceClause));
    const route = this.OPTION4({
      GATE: () => this.freebsd,
      DEF: () => this.SUBRULE(this.freebsdRoute),
    });
    const addressFamily = this.OPTION5(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION6(() => this.SUBRULE(this.protocols));
    const hosts = this.SUBRULE(this.hosts);
    const options = this.SUBRULE(this.filterOptions);
    return this.ACTION(() => {
      const rule: Building<FilterRule> = { kind: 'filter-rule', action, options, range: this.span(start) };
      if (direction) rule.direction = direction;
      if (logQuick?.log) rule.log = logQuick.log;
      if (logQuick?.quick) rule.quick = logQuick.quick;
      if (on) rule.on = on;
      if (route) rule.route = route;
      if (addressFamily) rule.addressFamily = addressFamily;
      if (protocols) rule.protocols = protocols;
      if (hosts) rule.hosts = hosts;
      return rule;
    });
  });

  // -------------------------------------------------------------------------
  // Filter options

  private filterOptions = this.RULE('filterOptions', (): FilterOption[] => {
    const options: FilterOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.filterOption)));
    return options;
  });

  private filterOptionAlternatives: IOrAlt<FilterOption>[] | undefined;

  private filterOption = this.RULE('filterOption', (): FilterOption => {
    const simple = (type: TokenType, values: () => Atom[]) => ({
      ALT: () => {
        const start = this.LA(1);
        const name = this.CONSUME(type);
        const atoms = values();
        return this.ACTION(
          () =>
            ({
              kind: 'keyword',
              name: this.atom(name),
              values: atoms,
              negated: false,
              range: this.span(start),
            }) as FilterOption,
        );
      },
    });
    return this.OR<FilterOption>((this.filterOptionAlternatives ??= [
      {
        ALT: () => {
          const start = this.LA(1);
          const name = this.OR2([{ ALT: () => this.CONSUME(Kw.user) }, { ALT: () => this.CONSUME(Kw.group) }]);
          const items = this.SUBRULE(this.comparisonSpec);
          return this.ACTION(() => ({
            kind: name.tokenType === Kw.user ? 'user' : 'group',
            name: this.atom(name),
            items,
            range: this.span(start),
          }));
        },
      },
      { ALT: () => this.SUBRULE(this.flags) },
      { ALT: () => this.SUBRULE(this.icmpType) },
      simple(Kw.prio, () => [this.numberAtom(20)]),
      simple(Kw.tos, () => [this.numberStringAtom(20)]),
      { ALT: () => this.SUBRULE(this.stateSpec) },
      simple(Kw.fragment, () => []),
      simple(Kw['allow-opts'], () => []),
      simple(Kw.once, () => []),
      simple(Kw.label, () => [this.stringAtom(20)]),
      { ALT: () => this.SUBRULE(this.queueOption) },
      simple(Kw.tag, () => this.SUBRULE(this.strings)),
      { ALT: () => this.SUBRULE(this.tagged) },
      simple(Kw.probability, () => [this.numberStringAtom(22)]),
      simple(Kw.rtable, () => [this.numberAtom(22)]),
      simple(Kw.ridentifier, () => [this.numberAtom(23)]),
      simple(Kw['max-pkt-size'], () => [this.numberAtom(24)]),
      simple(Kw['max-pkt-rate'], () => this.SUBRULE(this.rate)),
      simple(Kw['received-on'], () => [this.SUBRULE(this.interfaceItem).name]),
      simple(Kw['divert-reply'], () => []),
      simple(Kw['divert-packet'], () => {
        this.CONSUME(Kw.port);
        return [this.numberStringAtom(23)];
      }),
      { ALT: () => this.SUBRULE(this.divertTo) },
      { ALT: () => this.SUBRULE(this.dummynet) },
      { ALT: () => this.SUBRULE(this.setOption) },
      { ALT: () => this.SUBRULE(this.scrubOption) },
      { ALT: () => this.SUBRULE(this.translationOption) },
      { ALT: () => this.SUBRULE(this.afTo) },
      { ALT: () => this.SUBRULE(this.gatedFilterOption) },
    ]));
  });

  /*
   * The options that need a gate, apart: an OR with any gate makes Chevrotain
   * try its alternatives one by one on every call, and filterOption is called
   * for every option of every rule. Without gates it picks by the next token.
   */
  private gatedFilterOption = this.RULE('gatedFilterOption', (): FilterOption => {
    return this.OR<FilterOption>((this.alternatives['gatedFilterOption'] ??= [
      { GATE: () => !this.freebsd, ALT: () => this.SUBRULE(this.openbsdRoute) },
      {
        GATE: () => this.LA(1).tokenType === Kw.state || this.isWord('source'),
        ALT: () => this.SUBRULE(this.limiterOption),
      },
    ]));
  });

  private rate = this.RULE('rate', (): Atom[] => {
    const count = this.numberAtom(20);
    this.CONSUME(Slash);
    const seconds = this.numberAtom(22);
    return [count, seconds];
  });

  private tagged = this.RULE('tagged', (): FilterOption => {
    const start = this.LA(1);
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const name = this.CONSUME(Kw.tagged);
    const values = this.SUBRULE(this.strings);
    return this.ACTION(() => ({
      kind: 'keyword',
      name: this.atom(name),
      values,
      negated: bang !== undefined,
      range: this.span(start),
    }));
  });

  private flags = this.RULE('flags', (): FilterOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw.flags);
    return this.OR<FilterOption>([
      {
        ALT: () => {
          const any = this.keyword(Kw.any, 2);
          return this.ACTION(() => ({ kind: 'flags', name, any, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const set = this.OPTION(() => this.stringAtom(20));
          this.CONSUME(Slash);
          const mask = this.stringAtom(22);
          return this.ACTION(() => ({ kind: 'flags', name, ...(set ? { set } : {}), mask, range: this.span(start) }));
        },
      },
    ]);
  });

  private icmpItem = this.RULE('icmpItem', (): IcmpTypeItem => {
    const start = this.LA(1);
    const type = this.numberStringAtom(20);
    const code = this.OPTION(() => {
      this.CONSUME(Kw.code);
      return this.numberStringAtom(22);
    });
    return this.ACTION(() => ({ type, ...(code ? { code } : {}), range: this.span(start) }));
  });

  private icmpList = this.listRule('icmpList', () => this.icmpItem);

  private icmpType = this.RULE('icmpType', (): FilterOption => {
    const start = this.LA(1);
    const name = this.OR([{ ALT: () => this.CONSUME(Kw['icmp-type']) }, { ALT: () => this.CONSUME(Kw['icmp6-type']) }]);
    const items = this.OR2<OneOrList<IcmpTypeItem>>([
      { ALT: () => this.SUBRULE(this.icmpList) },
      { ALT: () => this.SUBRULE(this.icmpItem) },
    ]);
    return this.ACTION(() => ({
      kind: 'icmp-type',
      name: this.atom(name),
      family: name.tokenType === Kw['icmp-type'] ? 'icmp' : 'icmp6',
      items,
      range: this.span(start),
    }));
  });

  private queueOption = this.RULE('queueOption', (): FilterOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw.queue);
    const queues: Atom[] = [];
    this.OR([
      { ALT: () => queues.push(this.stringAtom(20)) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          queues.push(this.stringAtom(22));
          this.OPTION(() => {
            this.OPTION2(() => this.CONSUME(Comma));
            queues.push(this.stringAtom(23));
          });
          this.CONSUME(RParen);
        },
      },
    ]);
    return this.ACTION(() => ({ kind: 'queue', name, queues, range: this.span(start) }));
  });

  /** dnpipe/dnqueue N or ( N [,] M ). */
  private dummynet = this.RULE('dummynet', (): FilterOption => {
    const start = this.LA(1);
    const name = this.OR([{ ALT: () => this.CONSUME(Kw.dnpipe) }, { ALT: () => this.CONSUME(Kw.dnqueue) }]);
    const values: Atom[] = [];
    this.OR2([
      { ALT: () => values.push(this.numberAtom(20)) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          values.push(this.numberAtom(22));
          this.OPTION(() => this.CONSUME(Comma));
          values.push(this.numberAtom(23));
          this.CONSUME(RParen);
        },
      },
    ]);
    return this.ACTION(() => ({ kind: 'dummynet', name: this.atom(name), values, range: this.span(start) }));
  });

  /** `divert-to PORT` or `divert-to HOST port PORT` (pfctl reads HOST as a plain string). */
  private divertTo = this.RULE('divertTo', (): FilterOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw['divert-to']);
    const first = this.numberStringAtom(20);
    const port = this.OPTION(() => {
      this.CONSUME(Kw.port);
      return this.numberStringAtom(22);
    });
    return this.ACTION(() =>
      port
        ? {
            kind: 'divert-to',
            name,
            host: { kind: 'address', negated: false, address: first, range: first.range },
            port,
            range: this.span(start),
          }
        : { kind: 'divert-to', name, port: first, range: this.span(start) },
    );
  });

  /** `set prio`, `set tos`, `set ( ... )`, OpenBSD `set queue` / `set delay`. */
  private setOption = this.RULE('setOption', (): FilterOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw.set);
    const items: SchedulerOption[] = [];
    this.OR([
      { ALT: () => items.push(this.SUBRULE(this.setItem)) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE2(this.setItem)) });
          this.CONSUME(RParen);
        },
      },
    ]);
    return this.ACTION(() => ({ kind: 'set', name, items, range: this.span(start) }));
  });

  private setItem = this.RULE('setItem', (): SchedulerOption => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const name = this.OR([
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw.prio);
          this.OR2([
            { ALT: () => values.push(this.numberAtom(20)) },
            {
              ALT: () => {
                this.CONSUME(LParen);
                values.push(this.numberAtom(22));
                this.OPTION(() => this.CONSUME(Comma));
                values.push(this.numberAtom(23));
                this.CONSUME(RParen);
              },
            },
          ]);
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw.tos);
          values.push(this.numberStringAtom(20));
          return keyword;
        },
      },
      {
        GATE: () => !this.freebsd,
        ALT: () => {
          const keyword = this.CONSUME(Kw.queue);
          this.OR3([
            { ALT: () => values.push(this.stringAtom(20)) },
            {
              ALT: () => {
                this.CONSUME2(LParen);
                values.push(this.stringAtom(22));
                this.OPTION2(() => this.CONSUME2(Comma));
                values.push(this.stringAtom(23));
                this.CONSUME2(RParen);
              },
            },
          ]);
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw.delay);
          values.push(this.numberAtom(24));
          return keyword;
        },
      },
    ]);
    return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
  });

  private scrubOption = this.RULE('scrubOption', (): FilterOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw.scrub);
    this.CONSUME(LParen);
    const options: ScrubOption[] = [];
    this.OPTION(() => {
      options.push(this.SUBRULE(this.scrubItem));
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(Comma));
        options.push(this.SUBRULE2(this.scrubItem));
      });
    });
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: 'scrub', name, options, range: this.span(start) }));
  });

  private scrubItem = this.RULE('scrubItem', (): ScrubOption => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const name = this.OR([
      { GATE: () => bang === undefined, ALT: () => this.CONSUME(Kw['no-df']) },
      { GATE: () => bang === undefined, ALT: () => this.CONSUME(Kw['random-id']) },
      {
        GATE: () => bang === undefined,
        ALT: () => {
          const keyword = this.OR2([
            { ALT: () => this.CONSUME(Kw['min-ttl']) },
            { ALT: () => this.CONSUME(Kw['max-mss']) },
            { ALT: () => this.CONSUME(Kw.rtable) },
          ]);
          values.push(this.numberAtom(20));
          return keyword;
        },
      },
      {
        GATE: () => bang === undefined,
        ALT: () => {
          const keyword = this.CONSUME(Kw['set-tos']);
          values.push(this.numberStringAtom(20));
          return keyword;
        },
      },
      {
        GATE: () => bang === undefined,
        ALT: () => {
          const keyword = this.CONSUME(Kw.reassemble);
          values.push(this.stringAtom(20));
          return keyword;
        },
      },
      {
        GATE: () => bang === undefined,
        ALT: () => {
          const keyword = this.CONSUME(Kw.fragment);
          this.OPTION2(() => values.push(this.keyword(Kw.no)));
          values.push(this.keyword(Kw.reassemble, 2));
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw.tagged);
          appendAll(values, this.SUBRULE(this.strings));
          return keyword;
        },
      },
    ]);
    return this.ACTION(() => ({
      name: this.atom(name),
      values,
      ...(bang ? { negated: true } : {}),
      range: this.span(start),
    }));
  });

  /** `limiter` options on rules: `state limiter "name" (no-match)`; pfctl prints `id N` instead of the name. */
  private limiterOption = this.RULE('limiterOption', (): LimiterOption => {
    const start = this.LA(1);
    const type = this.OR([{ ALT: () => this.CONSUME(Kw.state) }, { ALT: () => this.CONSUME(Word) }]);
    this.CONSUME(Kw.limiter);
    // pfctl prints `state limiter id 1` for a rule that named the limiter.
    const first = this.CONSUME(StringToken);
    const id = this.OPTION2({
      GATE: () => first.tokenType === Word && first.image === 'id',
      DEF: () => this.numberAtom(20),
    });
    const action = this.OPTION(() => {
      this.CONSUME(LParen);
      const token = this.OR3([{ ALT: () => this.CONSUME(Kw.block) }, { ALT: () => this.CONSUME3(Word) }]);
      this.CONSUME(RParen);
      return token;
    });
    return this.ACTION(() => ({
      kind: 'limiter',
      type: type.image === 'state' ? 'state' : 'source',
      ...(id ? { id } : { name: this.atom(first) }),
      ...(action ? { action: this.atom(action) } : {}),
      range: this.span(start),
    }));
  });

  // -------------------------------------------------------------------------
  // State

  private stateSpec = this.RULE('stateSpec', (): StateSpec => {
    const start = this.LA(1);
    return this.OR<StateSpec>([
      {
        ALT: () => {
          this.CONSUME(Kw.no);
          this.CONSUME(Kw.state);
          return this.ACTION(() => ({
            kind: 'state',
            mode: 'no',
            options: [],
            parenthesised: false,
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          const mode = this.OR2([
            { ALT: () => this.CONSUME(Kw.keep) },
            { ALT: () => this.CONSUME(Kw.modulate) },
            { ALT: () => this.CONSUME(Kw.synproxy) },
          ]);
          this.CONSUME2(Kw.state);
          const options = this.OPTION(() => {
            this.CONSUME(LParen);
            const list = this.SUBRULE(this.stateOptionList);
            this.CONSUME(RParen);
            return list;
          });
          return this.ACTION(() => ({
            kind: 'state',
            mode: mode.image as StateSpec['mode'],
            options: options ?? [],
            parenthesised: options !== undefined,
            range: this.span(start),
          }));
        },
      },
    ]);
  });

  private stateOptionList = this.RULE('stateOptionList', (): StateOption[] => {
    const options: StateOption[] = [];
    options.push(this.SUBRULE(this.stateOption));
    this.MANY(() => {
      this.OPTION(() => this.CONSUME(Comma));
      options.push(this.SUBRULE2(this.stateOption));
    });
    return options;
  });

  private stateOption = this.RULE('stateOption', (): StateOption => {
    const start = this.LA(1);
    const flag = (type: TokenType) => ({
      ALT: () => {
        const name = this.CONSUME(type);
        return this.ACTION(() => ({ kind: 'flag', name: this.atom(name), range: this.span(start) }) as StateOption);
      },
    });
    const limit = (type: TokenType, index: number) => ({
      ALT: () => {
        const name = this.CONSUME(type);
        const value = this.numberAtom(20 + index);
        return this.ACTION(
          () => ({ kind: 'limit', name: this.atom(name), value, range: this.span(start) }) as StateOption,
        );
      },
    });
    return this.OR<StateOption>([
      limit(Kw.max, 1),
      limit(Kw['max-src-nodes'], 2),
      limit(Kw['max-src-states'], 3),
      limit(Kw['max-src-conn'], 4),
      flag(Kw['no-sync']),
      flag(Kw.sloppy),
      flag(Kw.pflow),
      flag(Kw['allow-related']),
      flag(Kw['if-bound']),
      flag(Kw.floating),
      {
        ALT: () => {
          const name = this.keyword(Kw['max-src-conn-rate']);
          const rate = this.SUBRULE(this.rate);
          return this.ACTION(() => ({ kind: 'rate', name, count: rate[0]!, seconds: rate[1]!, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const name = this.keyword(Kw['source-track']);
          const scope = this.OPTION(() =>
            this.OR2([{ ALT: () => this.CONSUME(Kw.rule) }, { ALT: () => this.CONSUME(Kw.global) }]),
          );
          return this.ACTION(() => ({
            kind: 'source-track',
            name,
            ...(scope ? { scope: this.atom(scope) } : {}),
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          const name = this.keyword(Kw.overload);
          this.CONSUME(Less);
          const table = this.stringAtom(20);
          this.CONSUME(Greater);
          let global: Atom | undefined;
          const flush = this.OPTION2(() => {
            const keyword = this.keyword(Kw.flush, 2);
            this.OPTION3(() => (global = this.keyword(Kw.global, 3)));
            return keyword;
          });
          return this.ACTION(() => ({
            kind: 'overload',
            name,
            table,
            ...(flush ? { flush } : {}),
            ...(global ? { global } : {}),
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          const name = this.stringAtom(22);
          const value = this.numberAtom(25);
          return this.ACTION(() => ({ kind: 'timeout', name, value, range: this.span(start) }));
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------
  // Routing and translation options

  private poolOptions = this.RULE('poolOptions', (): PoolOption[] => {
    const options: PoolOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.poolOption)));
    return options;
  });

  private poolOption = this.RULE('poolOption', (): PoolOption => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const name = this.OR([
      { ALT: () => this.CONSUME(Kw.bitmask) },
      { ALT: () => this.CONSUME(Kw.random) },
      { ALT: () => this.CONSUME(Kw['round-robin']) },
      { ALT: () => this.CONSUME(Kw['least-states']) },
      { ALT: () => this.CONSUME(Kw['static-port']) },
      { ALT: () => this.CONSUME(Kw['sticky-address']) },
      { ALT: () => this.CONSUME(Kw['endpoint-independent']) },
      { ALT: () => this.CONSUME(Kw['prefer-ipv6-nexthop']) },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw['source-hash']);
          this.OPTION(() => appendAll(values, this.SUBRULE(this.strings)));
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.CONSUME(Kw['map-e-portset']);
          values.push(this.numberStringAtom(20));
          this.CONSUME(Slash);
          values.push(this.numberStringAtom(22));
          this.CONSUME2(Slash);
          values.push(this.numberStringAtom(23));
          return keyword;
        },
      },
    ]);
    return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
  });

  /** FreeBSD: `em0` or `(em0 192.0.2.1)`. */
  private interfaceRouteTarget = this.RULE('interfaceRouteTarget', (): RouteTarget => {
    const start = this.LA(1);
    return this.OR<RouteTarget>([
      {
        ALT: () => {
          const name = this.stringAtom(20);
          return this.ACTION(() => ({ kind: 'route-interface', interface: name, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          const name = this.stringAtom(22);
          const nextHop = this.SUBRULE(this.host);
          this.CONSUME(RParen);
          return this.ACTION(() => ({ kind: 'route-interface', interface: name, nextHop, range: this.span(start) }));
        },
      },
    ]);
  });

  private interfaceRouteList = this.listRule('interfaceRouteList', () => this.interfaceRouteTarget);
  private hostOnlyList = this.listRule('hostOnlyList', () => this.host);

  /** A pool of plain hosts (redirection targets, OpenBSD route targets). */
  private redirectSpec = this.RULE('redirectSpec', (): OneOrList<Host> => {
    return this.OR<OneOrList<Host>>([
      { ALT: () => this.SUBRULE(this.hostOnlyList) },
      { ALT: () => this.SUBRULE(this.host) },
    ]);
  });

  /** FreeBSD: between the interface and the address family; targets are interfaces. */
  private freebsdRoute = this.RULE('freebsdRoute', (): RouteOption => {
    const start = this.LA(1);
    return this.OR<RouteOption>([
      {
        ALT: () => {
          const keyword = this.keyword(Kw.fastroute);
          return this.ACTION(() => ({
            kind: 'route',
            type: 'fastroute',
            keyword,
            pool: [],
            range: this.span(start),
          }));
        },
      },
      {
        ALT: () => {
          const keyword = this.SUBRULE(this.routeKeyword);
          const targets = this.OR2<OneOrList<RouteTarget>>([
            { ALT: () => this.SUBRULE(this.interfaceRouteList) },
            { ALT: () => this.SUBRULE(this.interfaceRouteTarget) },
          ]);
          const pool = this.SUBRULE(this.poolOptions);
          return this.ACTION(() => ({
            kind: 'route',
            type: keyword.text as RouteOption['type'],
            keyword,
            targets,
            pool,
            range: this.span(start),
          }));
        },
      },
    ]);
  });

  /** OpenBSD: a filter option whose targets are next-hop hosts. */
  private openbsdRoute = this.RULE('openbsdRoute', (): RouteOption => {
    const start = this.LA(1);
    const keyword = this.SUBRULE(this.routeKeyword);
    const targets = this.SUBRULE(this.redirectSpec);
    const pool = this.SUBRULE(this.poolOptions);
    return this.ACTION(() => ({
      kind: 'route',
      type: keyword.text as RouteOption['type'],
      keyword,
      targets,
      pool,
      range: this.span(start),
    }));
  });

  private routeKeyword = this.RULE('routeKeyword', (): Atom => {
    const token = this.OR((this.alternatives['routeKeyword'] ??= [
      { ALT: () => this.CONSUME(Kw['route-to']) },
      { ALT: () => this.CONSUME(Kw['reply-to']) },
      { ALT: () => this.CONSUME(Kw['dup-to']) },
    ]));
    return this.ACTION(() => this.atom(token));
  });

  private translationOption = this.RULE('translationOption', (): TranslationOption => {
    const start = this.LA(1);
    const name = this.OR([
      { ALT: () => this.CONSUME(Kw['nat-to']) },
      { ALT: () => this.CONSUME(Kw['rdr-to']) },
      { ALT: () => this.CONSUME(Kw['binat-to']) },
    ]);
    const targets = this.SUBRULE(this.redirectSpec);
    const port = this.OPTION(() => {
      this.CONSUME(Kw.port);
      return this.numberStringAtom(20);
    });
    const pool = this.SUBRULE(this.poolOptions);
    return this.ACTION(() => ({
      kind: 'translation',
      type: name.image as TranslationOption['type'],
      name: this.atom(name),
      targets,
      ...(port ? { port } : {}),
      pool,
      range: this.span(start),
    }));
  });

  private afTo = this.RULE('afTo', (): AfToOption => {
    const start = this.LA(1);
    const name = this.keyword(Kw['af-to']);
    const family = this.SUBRULE(this.addressFamily);
    this.CONSUME(Kw.from);
    const from = this.SUBRULE(this.redirectSpec);
    const to = this.OPTION(() => {
      this.CONSUME(Kw.to);
      return this.SUBRULE2(this.redirectSpec);
    });
    const pool = this.SUBRULE(this.poolOptions);
    return this.ACTION(() => ({
      kind: 'af-to',
      name,
      family,
      from,
      ...(to ? { to } : {}),
      pool,
      range: this.span(start),
    }));
  });

  // -------------------------------------------------------------------------
  // Anchors, antispoof, load anchor

  private anchorRule = this.RULE('anchorRule', (): AnchorRule => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.anchor);
    const name = this.OPTION(() => this.stringAtom(20));
    const direction = this.OPTION2(() => this.SUBRULE(this.direction));
    const quick = this.OPTION3(() => this.keyword(Kw.quick, 2));
    const on = this.OPTION4(() => this.SUBRULE(this.interfaceClause));
    const addressFamily = this.OPTION5(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION6(() => this.SUBRULE(this.protocols));
    const hosts = this.SUBRULE(this.hosts);
    const options = this.SUBRULE(this.filterOptions);
    const body = this.OPTION7(() => this.CONSUME(LBrace));
    return this.ACTION(() => ({
      kind: 'anchor',
      keyword,
      ...(name ? { name } : {}),
      ...(direction ? { direction } : {}),
      ...(quick ? { quick } : {}),
      ...(on ? { on } : {}),
      ...(addressFamily ? { addressFamily } : {}),
      ...(protocols ? { protocols } : {}),
      ...(hosts ? { hosts } : {}),
      options,
      ...(body ? { body: this.openBody(body) } : {}),
      range: this.span(start),
    }));
  });

  private loadAnchor = this.RULE('loadAnchor', (): LoadAnchor => {
    const start = this.CONSUME(Kw.load);
    this.CONSUME(Kw.anchor);
    const name = this.SUBRULE(this.strings);
    this.CONSUME(Kw.from);
    const path = this.SUBRULE2(this.strings);
    return this.ACTION(() => ({ kind: 'load-anchor', name: name[0]!, path: path[0]!, range: this.span(start) }));
  });

  private antispoofInterface = this.RULE('antispoofInterface', (): AntispoofRule['interfaces'] & SyntaxNode => {
    const start = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          const name = this.stringAtom(20);
          return this.ACTION(() => ({ name, dynamic: false, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          const name = this.stringAtom(22);
          this.CONSUME(RParen);
          return this.ACTION(() => ({ name, dynamic: true, range: this.span(start) }));
        },
      },
    ]);
  });

  private antispoofList = this.listRule('antispoofList', () => this.antispoofInterface);

  private antispoofRule = this.RULE('antispoofRule', (): AntispoofRule => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.antispoof);
    const logQuick = this.OPTION(() => this.SUBRULE(this.logQuick));
    this.CONSUME(Kw.for);
    const interfaces = this.OR([
      { ALT: () => this.SUBRULE(this.antispoofList) },
      { ALT: () => this.SUBRULE(this.antispoofInterface) },
    ]) as AntispoofRule['interfaces'];
    const addressFamily = this.OPTION2(() => this.SUBRULE(this.addressFamily));
    const options: FilterOption[] = [];
    this.MANY(() => {
      const optionStart = this.LA(1);
      const name = this.OR2([
        { ALT: () => this.CONSUME(Kw.label) },
        { ALT: () => this.CONSUME(Kw.rtable) },
        { ALT: () => this.CONSUME(Kw.ridentifier) },
      ]);
      const value = this.numberStringAtom(20);
      this.ACTION(() =>
        options.push({
          kind: 'keyword',
          name: this.atom(name),
          values: [value],
          negated: false,
          range: this.span(optionStart),
        }),
      );
    });
    return this.ACTION(() => ({
      kind: 'antispoof',
      keyword,
      ...logQuick,
      interfaces,
      ...(addressFamily ? { addressFamily } : {}),
      options,
      range: this.span(start),
    }));
  });

  // -------------------------------------------------------------------------
  // FreeBSD legacy statements

  private scrubRule = this.RULE('scrubRule', (): ScrubRule => {
    const start = this.LA(1);
    const no = this.OPTION(() => this.keyword(Kw.no));
    const keyword = this.keyword(Kw.scrub, 2);
    const direction = this.OPTION2(() => this.SUBRULE(this.direction));
    const logQuick = this.OPTION3(() => this.SUBRULE(this.logQuick));
    const on = this.OPTION4(() => this.SUBRULE(this.interfaceClause));
    const addressFamily = this.OPTION5(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION6(() => this.SUBRULE(this.protocols));
    const hosts = this.SUBRULE(this.hosts);
    const options: ScrubOption[] = [];
    this.OPTION7(() => {
      options.push(this.SUBRULE(this.scrubItem));
      this.MANY(() => {
        this.OPTION8(() => this.CONSUME(Comma));
        options.push(this.SUBRULE2(this.scrubItem));
      });
    });
    return this.ACTION(() => ({
      kind: 'scrub',
      keyword,
      ...(no ? { no } : {}),
      ...(direction ? { direction } : {}),
      ...logQuick,
      ...(on ? { on } : {}),
      ...(addressFamily ? { addressFamily } : {}),
      ...(protocols ? { protocols } : {}),
      ...(hosts ? { hosts } : {}),
      options,
      range: this.span(start),
    }));
  });

  /** `pass`, `pass log`, `log` after nat/rdr/binat. */
  private natPassLog = this.RULE('natPassLog', (): { pass?: Atom; log?: LogSpec } => {
    return this.OR([
      {
        ALT: () => {
          const pass = this.keyword(Kw.pass);
          const log = this.OPTION(() => this.SUBRULE(this.log));
          return log ? { pass, log } : { pass };
        },
      },
      { ALT: () => ({ log: this.SUBRULE2(this.log) }) },
    ]);
  });

  /** `tag T`, `! tagged T`, `rtable N` of translation rules, in pfctl's fixed order. */
  private translationTail = this.RULE('translationTail', (): FilterOption[] => {
    const options: FilterOption[] = [];
    this.OPTION(() => {
      const start = this.LA(1);
      const name = this.CONSUME(Kw.tag);
      const value = this.stringAtom(20);
      this.ACTION(() =>
        options.push({ kind: 'keyword', name: this.atom(name), values: [value], negated: false, range: this.span(start) }),
      );
    });
    this.OPTION2(() => options.push(this.SUBRULE(this.tagged)));
    this.OPTION3(() => {
      const start = this.LA(1);
      const name = this.CONSUME(Kw.rtable);
      const value = this.numberAtom(20);
      this.ACTION(() =>
        options.push({ kind: 'keyword', name: this.atom(name), values: [value], negated: false, range: this.span(start) }),
      );
    });
    return options;
  });

  private natRule = this.RULE('natRule', (): TranslationRule => {
    const start = this.LA(1);
    const no = this.OPTION(() => this.keyword(Kw.no));
    const keyword = this.OR([{ ALT: () => this.CONSUME(Kw.nat) }, { ALT: () => this.CONSUME(Kw.rdr) }]);
    const passLog = this.OPTION2(() => this.SUBRULE(this.natPassLog));
    const on = this.OPTION3(() => this.SUBRULE(this.interfaceClause));
    const addressFamily = this.OPTION4(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION5(() => this.SUBRULE(this.protocols));
    const hosts = this.SUBRULE(this.hosts);
    const options = this.SUBRULE(this.translationTail);
    const redirection = this.OPTION6(() => {
      const redirectionStart = this.CONSUME(Arrow);
      const targets = this.SUBRULE(this.redirectSpec);
      const port = this.OPTION7(() => {
        this.CONSUME(Kw.port);
        return this.numberStringAtom(20);
      });
      return this.ACTION(() => ({ targets, ...(port ? { port } : {}), range: this.span(redirectionStart) }));
    });
    const pool = this.SUBRULE(this.poolOptions);
    return this.ACTION(() => ({
      kind: 'translation-rule',
      type: keyword.image as 'nat' | 'rdr',
      keyword: this.atom(keyword),
      ...(no ? { no } : {}),
      ...passLog,
      ...(on ? { on } : {}),
      ...(addressFamily ? { addressFamily } : {}),
      ...(protocols ? { protocols } : {}),
      ...(hosts ? { hosts } : {}),
      options,
      ...(redirection ? { redirection } : {}),
      pool,
      range: this.span(start),
    }));
  });

  private binatRule = this.RULE('binatRule', (): TranslationRule => {
    const start = this.LA(1);
    const no = this.OPTION(() => this.keyword(Kw.no));
    const keyword = this.keyword(Kw.binat, 2);
    const passLog = this.OPTION2(() => this.SUBRULE(this.natPassLog));
    const on = this.OPTION3(() => this.SUBRULE(this.interfaceClause));
    const addressFamily = this.OPTION4(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION5(() => this.SUBRULE(this.protocols));
    const hostsStart = this.CONSUME(Kw.from);
    const from = this.SUBRULE(this.ipSpec);
    const fromEnd = this.LA(0);
    const to = this.OPTION6(() => {
      this.CONSUME(Kw.to);
      return this.SUBRULE2(this.ipSpec);
    });
    const options = this.SUBRULE(this.translationTail);
    const redirection = this.OPTION7(() => {
      const redirectionStart = this.CONSUME(Arrow);
      const target = this.SUBRULE(this.host);
      const port = this.OPTION8(() => {
        this.CONSUME(Kw.port);
        return this.numberStringAtom(20);
      });
      return this.ACTION(
        (): Redirection => ({ targets: target, ...(port ? { port } : {}), range: this.span(redirectionStart) }),
      );
    });
    const pool = this.SUBRULE(this.poolOptions);
    return this.ACTION(() => {
      const fromRange = this.tokenRange(hostsStart);
      const hosts: Hosts = {
        kind: 'from-to',
        from: { hosts: from, range: joinRanges(fromRange, this.tokenRange(fromEnd)) },
        ...(to ? { to: { hosts: to, range: to.range } } : {}),
        range: joinRanges(fromRange, (to ?? from).range),
      };
      return {
        kind: 'translation-rule',
        type: 'binat',
        keyword,
        ...(no ? { no } : {}),
        ...passLog,
        ...(on ? { on } : {}),
        ...(addressFamily ? { addressFamily } : {}),
        ...(protocols ? { protocols } : {}),
        hosts,
        options,
        ...(redirection ? { redirection } : {}),
        pool,
        range: this.span(start),
      };
    });
  });

  private translationAnchor = this.RULE('translationAnchor', (): TranslationAnchor => {
    const start = this.LA(1);
    const keyword = this.OR([
      { ALT: () => this.CONSUME(Kw['nat-anchor']) },
      { ALT: () => this.CONSUME(Kw['rdr-anchor']) },
      { ALT: () => this.CONSUME(Kw['binat-anchor']) },
    ]);
    const name = this.SUBRULE(this.strings);
    const on = this.OPTION(() => this.SUBRULE(this.interfaceClause));
    const addressFamily = this.OPTION2(() => this.SUBRULE(this.addressFamily));
    const protocols = this.OPTION3(() => this.SUBRULE(this.protocols));
    const hosts = this.SUBRULE(this.hosts);
    const options: FilterOption[] = [];
    this.OPTION4(() => {
      const optionStart = this.LA(1);
      const rtable = this.CONSUME(Kw.rtable);
      const value = this.numberAtom(20);
      this.ACTION(() =>
        options.push({
          kind: 'keyword',
          name: this.atom(rtable),
          values: [value],
          negated: false,
          range: this.span(optionStart),
        }),
      );
    });
    return this.ACTION(() => ({
      kind: 'translation-anchor',
      type: keyword.image.slice(0, keyword.image.indexOf('-')) as TranslationAnchor['type'],
      keyword: this.atom(keyword),
      name: name[0]!,
      ...(on ? { on } : {}),
      ...(addressFamily ? { addressFamily } : {}),
      ...(protocols ? { protocols } : {}),
      ...(hosts ? { hosts } : {}),
      options,
      range: this.span(start),
    }));
  });

  // -------------------------------------------------------------------------
  // Queueing

  /** A bandwidth or number; FreeBSD hfsc service curves `( m1 d m2 )`. */
  private schedulerOption = this.RULE('schedulerOption', (): SchedulerOption => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const name = this.OR([
      {
        ALT: () => {
          const keyword = this.OR2([
            { ALT: () => this.CONSUME(Kw.linkshare) },
            { ALT: () => this.CONSUME(Kw.realtime) },
            { ALT: () => this.CONSUME(Kw.upperlimit) },
          ]);
          this.OR3([
            { ALT: () => values.push(this.numberStringAtom(20)) },
            {
              ALT: () => {
                this.CONSUME(LParen);
                values.push(this.numberStringAtom(22));
                this.OPTION(() => this.CONSUME(Comma));
                values.push(this.numberStringAtom(23));
                this.OPTION2(() => this.CONSUME2(Comma));
                values.push(this.numberStringAtom(24));
                this.CONSUME(RParen);
              },
            },
          ]);
          return keyword;
        },
      },
      {
        ALT: () => {
          const keyword = this.OR4([
            { ALT: () => this.CONSUME(Kw.hogs) },
            { ALT: () => this.CONSUME(Kw.buckets) },
            { ALT: () => this.CONSUME(Kw.interval) },
            { ALT: () => this.CONSUME(Kw.target) },
          ]);
          values.push(this.numberStringAtom(25));
          return keyword;
        },
      },
      { ALT: () => this.CONSUME(StringToken) },
    ]);
    return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
  });

  private scheduler = this.RULE('scheduler', (): SchedulerSpec => {
    const start = this.LA(1);
    const name = this.OR(SCHEDULERS.map((type) => ({ ALT: () => this.CONSUME(type) })));
    const options: SchedulerOption[] = [];
    const parenthesised = this.OPTION(() => {
      this.CONSUME(LParen);
      options.push(this.SUBRULE(this.schedulerOption));
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(Comma));
        options.push(this.SUBRULE2(this.schedulerOption));
      });
      this.CONSUME(RParen);
      return true;
    });
    return this.ACTION(() => ({
      name: this.atom(name),
      options,
      parenthesised: parenthesised === true,
      range: this.span(start),
    }));
  });

  private queueDefinitionOption = this.RULE('queueDefinitionOption', (): QueueOption => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const bandwidth = () => {
      values.push(this.numberStringAtom(20));
      // OpenBSD: `burst B for T`.
      this.OPTION(() => {
        values.push(this.keyword(Kw.burst));
        values.push(this.numberStringAtom(22));
        values.push(this.keyword(Kw.for, 2));
        values.push(this.numberStringAtom(23));
      });
    };
    return this.OR<QueueOption>([
      { ALT: () => this.SUBRULE(this.scheduler) },
      {
        ALT: () => {
          const name = this.OR2([
            { ALT: () => this.CONSUME(Kw.bandwidth) },
            { ALT: () => this.CONSUME(Kw.min) },
            { ALT: () => this.CONSUME(Kw.max) },
          ]);
          bandwidth();
          return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const name = this.OR3([
            { ALT: () => this.CONSUME(Kw.priority) },
            { ALT: () => this.CONSUME(Kw.qlimit) },
            { ALT: () => this.CONSUME(Kw.tbrsize) },
            { ALT: () => this.CONSUME(Kw.flows) },
            { ALT: () => this.CONSUME(Kw.quantum) },
            { ALT: () => this.CONSUME(Kw.parent) },
          ]);
          values.push(this.numberStringAtom(24));
          return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(Kw.default);
          return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
        },
      },
    ]);
  });

  private queueNameList = this.listRule('queueNameList', () => this.string);

  private queueNames = this.RULE('queueNames', (): OneOrList<Atom> => {
    return this.OR<OneOrList<Atom>>([
      { ALT: () => this.SUBRULE(this.queueNameList) },
      { ALT: () => this.stringAtom(20) },
    ]);
  });

  private altqDefinition = this.RULE('altqDefinition', (): AltqDefinition => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.altq);
    const on = this.OPTION(() => this.SUBRULE(this.interfaceClause));
    const options: QueueOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.queueDefinitionOption)));
    this.CONSUME(Kw.queue);
    const queues = this.OPTION2(() => this.SUBRULE(this.queueNames));
    return this.ACTION(() => ({
      kind: 'altq',
      keyword,
      interfaces: on && on.kind === 'on' ? on.interfaces : { kind: 'list', items: [], range: keyword.range },
      options,
      ...(queues ? { queues } : {}),
      range: this.span(start),
    }));
  });

  private queueDefinition = this.RULE('queueDefinition', (): QueueDefinition => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.queue);
    const name = this.stringAtom(20);
    const on = this.OPTION(() => this.SUBRULE(this.interfaceClause));
    const options: QueueOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.queueDefinitionOption)));
    const children = this.OPTION2({ GATE: () => this.freebsd, DEF: () => this.SUBRULE(this.queueNames) });
    return this.ACTION(() => {
      const parent = options.find(
        (option): option is Exclude<QueueOption, SchedulerSpec> => option.name.text === 'parent' && 'values' in option,
      );
      return {
        kind: 'queue',
        keyword,
        name,
        ...(on && on.kind === 'on' ? { interfaces: on.interfaces } : {}),
        ...(parent ? { parent: parent.values[0]! } : {}),
        options,
        ...(children ? { children } : {}),
        range: this.span(start),
      };
    });
  });

  // -------------------------------------------------------------------------
  // FreeBSD ether rules

  private macAddress = this.RULE('macAddress', (): MacAddress => {
    const start = this.LA(1);
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const address = this.stringAtom(20);
    const prefixLength = this.OPTION2(() => {
      this.CONSUME(Slash);
      return this.numberAtom(20);
    });
    return this.ACTION(() => ({
      negated: bang !== undefined,
      address,
      ...(prefixLength ? { prefixLength } : {}),
      range: this.span(start),
    }));
  });

  private macList = this.listRule('macList', () => this.macAddress);

  private macSpec = this.RULE('macSpec', (): OneOrList<MacAddress> => {
    return this.OR<OneOrList<MacAddress>>([
      { ALT: () => this.SUBRULE(this.macList) },
      { ALT: () => this.SUBRULE(this.macAddress) },
    ]);
  });

  private etherHosts = this.RULE('etherHosts', (): EtherHosts | undefined => {
    const start = this.LA(1);
    return this.OR<EtherHosts | undefined>([
      {
        ALT: () => {
          const token = this.CONSUME(Kw.all);
          return this.ACTION(() => ({ kind: 'all', range: this.tokenRange(token) }));
        },
      },
      {
        ALT: () => {
          const from = this.OPTION(() => {
            this.CONSUME(Kw.from);
            return this.SUBRULE(this.macSpec);
          });
          const to = this.OPTION2(() => {
            this.CONSUME(Kw.to);
            return this.SUBRULE2(this.macSpec);
          });
          return this.ACTION(() =>
            from || to
              ? { kind: 'from-to', ...(from ? { from } : {}), ...(to ? { to } : {}), range: this.span(start) }
              : undefined,
          );
        },
      },
    ]);
  });

  private etherOption = this.RULE('etherOption', (): FilterOption => {
    const start = this.LA(1);
    const simple = (type: TokenType, value: () => Atom) => ({
      ALT: () => {
        const name = this.CONSUME(type);
        const atom = value();
        return this.ACTION(
          () =>
            ({
              kind: 'keyword',
              name: this.atom(name),
              values: [atom],
              negated: false,
              range: this.span(start),
            }) as FilterOption,
        );
      },
    });
    return this.OR<FilterOption>([
      simple(Kw.tag, () => this.stringAtom(20)),
      { ALT: () => this.SUBRULE(this.tagged) },
      { ALT: () => this.SUBRULE(this.queueOption) },
      simple(Kw.ridentifier, () => this.numberAtom(20)),
      simple(Kw.label, () => this.stringAtom(22)),
      { ALT: () => this.SUBRULE(this.dummynet) },
    ]);
  });

  private etherProtocols = this.RULE('etherProtocols', (): OneOrList<Atom> => this.SUBRULE(this.protocols));

  private etherStatement = this.RULE('etherStatement', (): EtherRule | EtherAnchor => {
    const start = this.LA(1);
    const keyword = this.keyword(Kw.ether);
    let action: IToken | undefined;
    let name: Atom | undefined;
    const anchor = this.OR([
      {
        ALT: () => {
          action = this.OR2([{ ALT: () => this.CONSUME(Kw.pass) }, { ALT: () => this.CONSUME(Kw.block) }]);
          return false;
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.anchor);
          this.OPTION(() => (name = this.stringAtom(20)));
          return true;
        },
      },
    ]);
    const direction = this.OPTION2(() => this.SUBRULE(this.direction));
    const quick = this.OPTION3(() => this.keyword(Kw.quick, 2));
    const on = this.OPTION4(() => this.SUBRULE(this.interfaceClause));
    const bridgeTo = this.OPTION5(() => {
      this.CONSUME(Kw['bridge-to']);
      return this.stringAtom(22);
    });
    const protocols = this.OPTION6(() => this.SUBRULE(this.etherProtocols));
    const hosts = this.SUBRULE(this.etherHosts);
    const l3 = this.OPTION7(() => {
      this.CONSUME(Kw.l3);
      return this.SUBRULE(this.hosts);
    });
    const options: FilterOption[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.etherOption)));
    const body = this.OPTION8(() => this.CONSUME(LBrace));
    return this.ACTION(() => {
      const head = {
        keyword,
        ...(direction ? { direction } : {}),
        ...(quick ? { quick } : {}),
        ...(on ? { on } : {}),
        ...(bridgeTo ? { bridgeTo } : {}),
        ...(protocols ? { protocols } : {}),
        ...(hosts ? { hosts } : {}),
        ...(l3 ? { l3 } : {}),
        options,
        range: this.span(start),
      };
      if (anchor) {
        return { kind: 'ether-anchor', ...head, ...(name ? { name } : {}), ...(body ? { body: this.openBody(body) } : {}) };
      }
      const actionAtom = this.atom(action!);
      return { kind: 'ether-rule', ...head, action: actionAtom, type: actionAtom.text as EtherRule['type'] };
    });
  });

  // -------------------------------------------------------------------------
  // Limiters

  private limiterDefinition = this.RULE('limiterDefinition', (): LimiterDefinition => {
    const start = this.LA(1);
    const type = this.OR([{ ALT: () => this.CONSUME(Kw.state) }, { ALT: () => this.CONSUME(Word) }]);
    this.CONSUME(Kw.limiter);
    const name = this.stringAtom(20);
    const options: LimiterDefinition['options'][number][] = [];
    this.MANY(() => options.push(this.SUBRULE(this.limiterSetting)));
    return this.ACTION(() => ({
      kind: 'limiter-definition',
      type: type.image === 'state' ? 'state' : 'source',
      name,
      options,
      range: this.span(start),
    }));
  });

  /** `id N`, `limit N`, `entries N`, `rate N/S`, `inet mask N`, `inet6 mask N`. */
  private limiterSetting = this.RULE('limiterSetting', (): LimiterDefinition['options'][number] => {
    const start = this.LA(1);
    const values: Atom[] = [];
    const name = this.OR([
      {
        GATE: () => this.isWord('rate'),
        ALT: () => {
          const token = this.CONSUME(Word);
          appendAll(values, this.SUBRULE(this.rate));
          return token;
        },
      },
      {
        ALT: () => {
          const token = this.OR2([{ ALT: () => this.CONSUME(Kw.inet) }, { ALT: () => this.CONSUME(Kw.inet6) }]);
          values.push(this.stringAtom(20));
          values.push(this.numberAtom(20));
          return token;
        },
      },
      {
        ALT: () => {
          const token = this.OR3([{ ALT: () => this.CONSUME(Kw.limit) }, { ALT: () => this.CONSUME2(Word) }]);
          values.push(this.numberAtom(22));
          return token;
        },
      },
    ]);
    return this.ACTION(() => ({ name: this.atom(name), values, range: this.span(start) }));
  });

  // -------------------------------------------------------------------------

  /**
   * A `{ item [,] item ... }` rule: newlines may follow `{` and each item
   * (pfctl's optnl), commas are optional, at least one item.
   */
  private listRule<T extends SyntaxNode>(name: string, item: () => (idx?: number) => T) {
    return this.RULE(name, (): BraceList<T> => {
      const start = this.CONSUME(LBrace);
      const rule = item();
      const items: T[] = [];
      this.MANY(() => this.CONSUME(Newline));
      items.push(this.SUBRULE(rule as never) as T);
      this.MANY2(() => this.CONSUME2(Newline));
      this.MANY3(() => {
        this.OPTION(() => this.CONSUME(Comma));
        items.push(this.SUBRULE2(rule as never) as T);
        this.MANY4(() => this.CONSUME3(Newline));
      });
      this.CONSUME(RBrace);
      return this.ACTION(() => ({ kind: 'list', items, range: this.span(start) }));
    });
  }
}
