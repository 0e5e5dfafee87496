// The shared parser skips Chevrotain's grammar validations to start faster;
// this builds one with them, so an ambiguous or broken grammar still fails here.
import { describe, expect, it } from 'vitest';
import { PfParser } from '../../src/pf/parser.js';

describe('the pf grammar', () => {
  it('passes Chevrotain\'s grammar validations (construction throws on a definition error)', () => {
    expect(() => new PfParser({ validateGrammar: true })).not.toThrow();
  });
});
