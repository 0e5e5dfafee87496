import { LLkLookaheadStrategy, type ILexerConfig, type ILookaheadStrategy, type IParserConfig } from 'chevrotain';

/** How one of the Chevrotain parsers is built. */
export interface GrammarBuildOptions {
  /**
   * Run Chevrotain's grammar validations (ambiguity, left recursion, ...).
   * They are a large part of building a parser, which every `pflint` run
   * pays, and the grammar cannot change at run time: so they are off, and
   * a test builds each lexer and parser with them.
   */
  readonly validateGrammar?: boolean;
}

type AlternationOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type AlternationLookahead = ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']>;
type OptionalOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];
type OptionalLookahead = ReturnType<ILookaheadStrategy['buildLookaheadForOptional']>;

/**
 * Chevrotain's LL(k) lookahead with each decision's function built the first
 * time the parser meets that decision. `performSelfAnalysis` builds one for
 * every OR, OPTION and MANY of the grammar, which was about 40 % of building
 * the pf.conf parser, while a run reaches only the few that its input uses.
 * The decisions are the same: the functions come from the same strategy.
 */
class LookaheadOnFirstUse extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions): AlternationLookahead {
    const choose = builtOnFirstUse(() => super.buildLookaheadForAlternation(options));
    // Chevrotain calls lookahead functions with the parser as `this`.
    return function (this: unknown, alternatives) {
      return choose().call(this, alternatives);
    };
  }

  override buildLookaheadForOptional(options: OptionalOptions): OptionalLookahead {
    const enter = builtOnFirstUse(() => super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return enter().call(this);
    };
  }
}

/** The lookahead part of a parser's configuration: at most `maxLookahead` tokens, built on first use. */
export function lookahead(maxLookahead: number): Pick<IParserConfig, 'maxLookahead' | 'lookaheadStrategy'> {
  return { maxLookahead, lookaheadStrategy: new LookaheadOnFirstUse({ maxLookahead }) };
}

/**
 * A lexer or parser built the first time it is asked for: building one costs
 * start-up time, which a run that never reads that language should not pay.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * How the rc.conf, jail.conf, key-value and XML lexers are built: token
 * offsets only (lines come from LineIndex when a range needs them; tracking
 * them per token would only cost time), and Chevrotain's definition checks
 * skipped unless asked for (`validateGrammar`).
 */
export function lexerConfig(options: GrammarBuildOptions): ILexerConfig {
  return { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !options.validateGrammar };
}
