import { describe, expect, it } from 'vitest';
import { pfKeywordsAfter } from '../../src/pf/content-assist.js';

describe('pfKeywordsAfter: the keywords the grammar accepts next', () => {
  it('offers statement keywords at the start of a statement, and no rule options', () => {
    const keywords = pfKeywordsAfter('', 'freebsd')!;
    expect(keywords).toEqual(expect.arrayContaining(['pass', 'block', 'match', 'table', 'set', 'anchor', 'load', 'include', 'nat', 'rdr']));
    expect(keywords).not.toContain('quick');
    expect(keywords).not.toContain('from');
  });

  it('follows the statement: rule options after an action, the values of an option', () => {
    const afterPass = pfKeywordsAfter('pass ', 'freebsd')!;
    expect(afterPass).toEqual(expect.arrayContaining(['in', 'out', 'quick', 'on', 'proto', 'from', 'to', 'keep']));
    expect(afterPass).not.toContain('pass');
    expect(afterPass).not.toContain('table');
    expect(pfKeywordsAfter('set block-policy ', 'freebsd')).toEqual(['drop', 'return']);
    expect(pfKeywordsAfter('table <trusted> ', 'freebsd')).toEqual(['file', 'timeout']);
  });

  it('drops what the statement already has where the grammar allows it once', () => {
    const afterOn = pfKeywordsAfter('pass in on em0 ', 'freebsd')!;
    expect(afterOn).toContain('proto');
    expect(afterOn).not.toContain('in');
    expect(afterOn).not.toContain('on');
  });

  it('reads a macro as its value, or as one word when its value is unknown, and follows backslash continuations', () => {
    const values: Record<string, string> = { ports: '{ 80, 443 }', dst: '2001:db8::1' };
    expect(pfKeywordsAfter('pass in on $ext inet6 proto tcp to $dst port $ports keep ', 'freebsd', (name) => values[name])).toEqual(['state']);
    expect(pfKeywordsAfter('pass in on $ext ', 'freebsd')).toContain('proto');
    const continued = pfKeywordsAfter('pass out on em0 \\\n  proto tcp ', 'freebsd')!;
    expect(continued).toContain('from');
    expect(continued).not.toContain('proto');
  });

  it('offers -> where a translation target is due, and nowhere else', () => {
    expect(pfKeywordsAfter('nat on em0 from 10.0.0.0/8 to any ', 'freebsd')).toContain('->');
    expect(pfKeywordsAfter('rdr on em0 proto tcp to port 80 ', 'freebsd')).toContain('->');
    expect(pfKeywordsAfter('pass in on em0 from any to any ', 'freebsd')).not.toContain('->');
    expect(pfKeywordsAfter('', 'freebsd')).not.toContain('->');
  });

  it("offers only the dialect's keywords", () => {
    expect(pfKeywordsAfter('pass ', 'freebsd')).toContain('dnpipe');
    expect(pfKeywordsAfter('pass ', 'openbsd')).not.toContain('dnpipe');
  });

  it('has no answer for text that starts no statement', () => {
    expect(pfKeywordsAfter('garbage words ', 'freebsd')).toBeUndefined();
    expect(pfKeywordsAfter('pass in on em0 port ', 'freebsd')).toBeUndefined();
  });
});
