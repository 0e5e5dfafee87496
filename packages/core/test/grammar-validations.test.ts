// The shared lexers and parsers skip Chevrotain's definition checks to start
// faster; these build each with them, so an ambiguous or broken grammar or
// token set still fails here (construction throws on a definition error).
// The pf lexer and parser are checked the same way in test/pf.
import type { EmbeddedActionsParser, Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import type { GrammarBuildOptions } from '../src/grammar-options.js';
import { createJailLexer, JailParser } from '../src/jail/parser.js';
import { createPfLexer } from '../src/pf/lexer.js';
import { PfParser } from '../src/pf/parser.js';
import { createShellLexer } from '../src/rcconf/lexer.js';
import { ShellParser } from '../src/rcconf/parser.js';
import { createKeyValueLexer } from '../src/sysctl/keyvalue.js';
import { createXmlLexer } from '../src/xml/lexer.js';
import { XmlItemParser } from '../src/xml/parser.js';

const PARSERS: [string, (options?: GrammarBuildOptions) => EmbeddedActionsParser][] = [
  ['rc.conf (sh)', (options) => new ShellParser(options)],
  ['jail.conf', (options) => new JailParser(options)],
  ['XML', (options) => new XmlItemParser(options)],
  ['pf.conf', (options) => new PfParser(options)],
];

const LEXERS: [string, (options?: GrammarBuildOptions) => Lexer][] = [
  ['rc.conf (sh)', createShellLexer],
  ['jail.conf', createJailLexer],
  ['key-value (loader.conf, sysctl.conf, wg-quick)', createKeyValueLexer],
  ['XML', createXmlLexer],
  ['pf.conf', createPfLexer],
];

// What each build passed to Chevrotain: without this, a build that ignored `validateGrammar` would pass the tests above too.
const parserSkips = (parser: EmbeddedActionsParser): unknown => (parser as unknown as { skipValidations: unknown }).skipValidations;
const lexerSkips = (lexer: Lexer): unknown => (lexer as unknown as { config: { skipValidations: unknown } }).config.skipValidations;

describe('the rc.conf, jail.conf, key-value and XML grammars', () => {
  it.each(PARSERS.filter(([name]) => name !== 'pf.conf'))("%s passes Chevrotain's grammar validations", (_name, build) => {
    expect(() => build({ validateGrammar: true })).not.toThrow();
  });

  it.each(LEXERS.filter(([name]) => name !== 'pf.conf'))("%s lexer passes Chevrotain's lexer validations", (_name, build) => {
    expect(build({ validateGrammar: true }).lexerDefinitionErrors).toEqual([]);
  });
});

describe('every grammar build', () => {
  it.each(PARSERS)('%s parser has Chevrotain validate when asked to, and only then', (_name, build) => {
    expect(parserSkips(build({ validateGrammar: true }))).toBe(false);
    expect(parserSkips(build())).toBe(true);
  });

  it.each(LEXERS)('%s lexer has Chevrotain validate when asked to, and only then', (_name, build) => {
    expect(lexerSkips(build({ validateGrammar: true }))).toBe(false);
    expect(lexerSkips(build())).toBe(true);
  });
});
