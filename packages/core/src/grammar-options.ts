/** How one of the Chevrotain parsers is built. */
export interface GrammarBuildOptions {
  /**
   * Run Chevrotain's grammar validations (ambiguity, left recursion, ...).
   * They are a large part of building a parser, which every `pflint` run
   * pays, and the grammar cannot change at run time: so they are off, and
   * a test builds each parser with them.
   */
  readonly validateGrammar?: boolean;
}
