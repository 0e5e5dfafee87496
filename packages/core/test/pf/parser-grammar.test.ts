// The shared parser skips Chevrotain's grammar validations to start faster;
// this builds one with them, so an ambiguous or broken grammar still fails here.
import { describe, expect, it } from 'vitest';
import { PfParser } from '../../src/pf/parser.js';

describe('the pf grammar', () => {
  it('passes Chevrotain\'s grammar validations', () => {
    const parser = new PfParser({ validateGrammar: true });
    expect(parser.definitionErrors).toEqual([]);
  });
});
