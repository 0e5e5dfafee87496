// The shared rc.conf, jail.conf, key-value and XML lexers and parsers skip
// Chevrotain's definition checks to start faster; these build each with them,
// so an ambiguous or broken grammar or token set still fails here
// (construction throws on a definition error).
import { describe, expect, it } from 'vitest';
import { createJailLexer, JailParser } from '../src/jail/parser.js';
import { createShellLexer } from '../src/rcconf/lexer.js';
import { ShellParser } from '../src/rcconf/parser.js';
import { createKeyValueLexer } from '../src/sysctl/keyvalue.js';
import { createXmlLexer } from '../src/xml/lexer.js';
import { XmlItemParser } from '../src/xml/parser.js';

describe('the rc.conf, jail.conf, key-value and XML grammars', () => {
  it.each([
    ['rc.conf (sh)', () => new ShellParser({ validateGrammar: true })],
    ['jail.conf', () => new JailParser({ validateGrammar: true })],
    ['XML', () => new XmlItemParser({ validateGrammar: true })],
  ])("%s passes Chevrotain's grammar validations", (_name, build) => {
    expect(build).not.toThrow();
  });

  it.each([
    ['rc.conf (sh)', () => createShellLexer({ validateGrammar: true })],
    ['jail.conf', () => createJailLexer({ validateGrammar: true })],
    ['key-value (loader.conf, sysctl.conf, wg-quick)', () => createKeyValueLexer({ validateGrammar: true })],
    ['XML', () => createXmlLexer({ validateGrammar: true })],
  ])("%s lexer passes Chevrotain's lexer validations", (_name, build) => {
    expect(build().lexerDefinitionErrors).toEqual([]);
  });
});
