import {
  EmbeddedActionsParser,
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import {
  AttributeValue,
  EmptyTagClose,
  EndTagOpen,
  Equals,
  Name,
  SingleNode,
  StartTagOpen,
  TagClose,
  UnquotedValue,
  xmlTokenTypes,
} from './lexer.js';
import { lookahead, type GrammarBuildOptions } from '../grammar-options.js';

/*
 * The grammar is flat on purpose: a document is a sequence of markup items
 * (start tag, end tag, text, comment, ...), not a tree. Matching start and end
 * tags happens afterwards with an explicit stack, so 100,000 nested elements
 * cost 100,000 loop iterations instead of 100,000 JavaScript stack frames, and
 * a missing end tag is an ordinary finding rather than a parse failure.
 */

export interface RawAttribute {
  readonly name: IToken;
  /** Absent when the value was missing and Chevrotain's recovery stepped over it. */
  value?: IToken;
}

export interface RawStartTag {
  readonly kind: 'start';
  readonly open: IToken;
  readonly name: IToken;
  readonly attributes: RawAttribute[];
  /** `>` or `/>`; absent when the tag was never closed. */
  close?: IToken;
}

export interface RawEndTag {
  readonly kind: 'end';
  readonly open: IToken;
  name?: IToken;
  close?: IToken;
}

export interface RawSingle {
  readonly kind: 'single';
  readonly token: IToken;
}

export type RawItem = RawStartTag | RawEndTag | RawSingle;

export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const image = token.image.length > 20 ? `${token.image.slice(0, 20)}…` : token.image;
  return `'${image.replace(/\s+/g, ' ')}'`;
}

function label(tokenType: TokenType): string {
  return tokenType.LABEL ?? tokenType.name;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: () => 'unexpected input',
  buildEarlyExitMessage: ({ actual }) => (actual[0] ? `unexpected ${describeToken(actual[0])}` : 'unexpected input'),
};

/*
 * Chevrotain records every recognition error through SAVE_ERROR, which its
 * type declarations do not list. Recovery costs far more per error than
 * parsing costs per token, so garbage input is cut off after a number of
 * errors instead of being "recovered" for minutes.
 */
type ErrorSaver = { SAVE_ERROR(error: IRecognitionException): IRecognitionException };
const saveError = (EmbeddedActionsParser.prototype as unknown as ErrorSaver).SAVE_ERROR;

class TooManyErrors extends Error {}

export interface ParsedItems {
  readonly items: RawItem[];
  readonly errors: IRecognitionException[];
  /** Set when parsing stopped early because of too many errors: where it stopped. */
  readonly abandonedAt?: IToken;
}

/** Built once per process (see the shared parser below); tests build one with `validateGrammar`. */
export class XmlItemParser extends EmbeddedActionsParser {
  private items: RawItem[] = [];
  private errorBudget = 0;

  constructor(options: GrammarBuildOptions = {}) {
    super(xmlTokenTypes, { ...lookahead(3), recoveryEnabled: true, errorMessageProvider: messages, skipValidations: !options.validateGrammar });
    this.performSelfAnalysis();
  }

  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = saveError.call(this, error);
    if (--this.errorBudget < 0) throw new TooManyErrors();
    return saved;
  }

  parseItems(tokens: IToken[], maxErrors: number): ParsedItems {
    this.items = [];
    this.errorBudget = maxErrors;
    this.input = tokens;
    let abandonedAt: IToken | undefined;
    try {
      this.document();
    } catch (error) {
      if (!(error instanceof TooManyErrors)) throw error;
      abandonedAt = this.LA(1);
    }
    const result = { items: this.items, errors: this.errors, ...(abandonedAt ? { abandonedAt } : {}) };
    // Drop references so a large document is not kept alive by the shared parser.
    this.items = [];
    this.input = [];
    return result;
  }

  private readonly document = this.RULE('document', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.startTag) },
        { ALT: () => this.SUBRULE(this.endTag) },
        {
          ALT: () => {
            const token = this.CONSUME(SingleNode);
            this.ACTION(() => this.items.push({ kind: 'single', token }));
          },
        },
      ]);
    });
  });

  private readonly startTag = this.RULE('startTag', () => {
    const open = this.CONSUME(StartTagOpen);
    const name = this.CONSUME(Name);
    // Recorded before the attributes so that a tag abandoned by error recovery still shows up.
    const tag: RawStartTag = { kind: 'start', open, name, attributes: [] };
    this.ACTION(() => {
      if (!name.isInsertedInRecovery) this.items.push(tag);
    });
    this.MANY(() => {
      const attribute: RawAttribute = { name: this.CONSUME2(Name) };
      this.ACTION(() => tag.attributes.push(attribute));
      this.CONSUME(Equals);
      const value = this.SUBRULE(this.attributeValue);
      this.ACTION(() => {
        if (value && !value.isInsertedInRecovery) attribute.value = value;
      });
    });
    const close = this.OR([{ ALT: () => this.CONSUME(TagClose) }, { ALT: () => this.CONSUME(EmptyTagClose) }]);
    this.ACTION(() => {
      if (!close.isInsertedInRecovery) tag.close = close;
    });
  });

  /** Quoted, or a bare word that the tree builder reports as unquoted. Undefined after recovery. */
  private readonly attributeValue = this.RULE(
    'attributeValue',
    (): IToken | undefined =>
      this.OR([
        { ALT: () => this.CONSUME(AttributeValue) },
        { ALT: () => this.CONSUME(UnquotedValue) },
        { ALT: () => this.CONSUME(Name) },
      ]),
    { resyncEnabled: true, recoveryValueFunc: () => undefined },
  );

  private readonly endTag = this.RULE('endTag', () => {
    const open = this.CONSUME(EndTagOpen);
    const tag: RawEndTag = { kind: 'end', open };
    this.ACTION(() => this.items.push(tag));
    const name = this.CONSUME(Name);
    this.ACTION(() => {
      if (!name.isInsertedInRecovery) tag.name = name;
    });
    const close = this.CONSUME(TagClose);
    this.ACTION(() => {
      if (!close.isInsertedInRecovery) tag.close = close;
    });
  });
}

let sharedParser: XmlItemParser | undefined;

/** Parses a token stream into flat markup items; errors carry the offending token. */
export function parseXmlItems(tokens: IToken[], maxErrors: number): ParsedItems {
  sharedParser ??= new XmlItemParser();
  return sharedParser.parseItems(tokens, maxErrors);
}
