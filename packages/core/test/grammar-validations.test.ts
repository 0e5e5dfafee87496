// The shared rc.conf, jail.conf and XML parsers skip Chevrotain's grammar
// validations to start faster; these build each with them, so an ambiguous or
// broken grammar still fails here (construction throws on a definition error).
import { describe, expect, it } from 'vitest';
import { JailParser } from '../src/jail/parser.js';
import { ShellParser } from '../src/rcconf/parser.js';
import { XmlItemParser } from '../src/xml/parser.js';

describe('the rc.conf, jail.conf and XML grammars', () => {
  it.each([
    ['rc.conf (sh)', () => new ShellParser({ validateGrammar: true })],
    ['jail.conf', () => new JailParser({ validateGrammar: true })],
    ['XML', () => new XmlItemParser({ validateGrammar: true })],
  ])("%s passes Chevrotain's grammar validations", (_name, build) => {
    expect(build).not.toThrow();
  });
});
