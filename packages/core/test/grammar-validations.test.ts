// The shared lexers and parsers skip Chevrotain's definition checks to start
// faster; these build each with them, so an ambiguous or broken grammar or
// token set still fails here (construction throws on a definition error), and
// check that each build hands the option on to Chevrotain at all.
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
  ['pf.conf', (options) => new PfParser(options)],
  ['rc.conf (sh)', (options) => new ShellParser(options)],
  ['jail.conf', (options) => new JailParser(options)],
  ['XML', (options) => new XmlItemParser(options)],
];

const LEXERS: [string, (options?: GrammarBuildOptions) => Lexer][] = [
  ['pf.conf', createPfLexer],
  ['rc.conf (sh)', createShellLexer],
  ['jail.conf', createJailLexer],
  ['key-value (loader.conf, sysctl.conf, wg-quick)', createKeyValueLexer],
  ['XML', createXmlLexer],
];

describe('every grammar build', () => {
  it.each(PARSERS)("%s parser passes Chevrotain's grammar validations, run only when asked for", (_name, build) => {
    let validated: EmbeddedActionsParser | undefined;
    expect(() => (validated = build({ validateGrammar: true }))).not.toThrow();
    // What the build passed to Chevrotain: a build that ignored `validateGrammar` would pass the line above too.
    expect(validated).toHaveProperty('skipValidations', false);
    expect(build()).toHaveProperty('skipValidations', true);
  });

  it.each(LEXERS)("%s lexer passes Chevrotain's definition checks, run only when asked for", (_name, build) => {
    const validated = build({ validateGrammar: true });
    expect(validated.lexerDefinitionErrors).toEqual([]);
    expect(validated).toHaveProperty('config.skipValidations', false);
    expect(build()).toHaveProperty('config.skipValidations', true);
  });
});
