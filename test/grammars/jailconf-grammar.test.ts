import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatTokens, innermostScope, scopesOf, tokenize } from './tokenize.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const jailconf = (text: string) => tokenize('source.jailconf', text);

describe('jail.conf grammar (source.jailconf)', () => {
  // Regenerate after an intended grammar change with: npx vitest run test/grammars -u
  test('the jail.conf fixture tokenizes as in its snapshot', async () => {
    const tokens = await jailconf(fixture('jail.conf'));
    await expect(formatTokens(tokens)).toMatchFileSnapshot('./__snapshots__/jail.conf.tokens');
  });

  test('jail blocks, network parameters and interfaces in their values', async () => {
    const tokens = await jailconf('web {\n  vnet.interface = epair0b;\n  ip4.addr = "em0|192.0.2.10/24";\n}');
    expect(innermostScope(tokens, 1, 'web')).toBe('entity.name.section.jail.jailconf');
    expect(innermostScope(tokens, 2, 'vnet.interface')).toBe('support.variable.network.jailconf');
    expect(innermostScope(tokens, 2, 'epair0b')).toBe('entity.name.interface.jailconf');
    expect(innermostScope(tokens, 3, 'em0')).toBe('entity.name.interface.jailconf');
    expect(innermostScope(tokens, 3, '192.0.2.10')).toBe('constant.numeric.ip-address.ipv4.rcconf');
    expect(innermostScope(tokens, 4, '}')).toBe('punctuation.section.block.end.jailconf');
  });

  test('other parameters: plain names, += appends, bare booleans, $name variables', async () => {
    const tokens = await jailconf('path = "/jails/$name";\nexec.prestart += "ifconfig epair0a fib 1";\nmount.devfs;');
    expect(innermostScope(tokens, 1, 'path')).toBe('variable.other.parameter.jailconf');
    expect(innermostScope(tokens, 1, 'name')).toBe('variable.other.jailconf');
    expect(innermostScope(tokens, 2, '+=')).toBe('keyword.operator.assignment.jailconf');
    expect(innermostScope(tokens, 2, 'ifconfig epair0a fib 1')).toBe('string.quoted.double.jailconf');
    expect(innermostScope(tokens, 3, 'mount.devfs')).toBe('variable.other.parameter.jailconf');
    expect(innermostScope(tokens, 3, ';')).toBe('punctuation.terminator.statement.jailconf');
  });

  test('a block whose brace is on the next line still nests and ends', async () => {
    const tokens = await jailconf('web\n{\n  vnet.interface = epair0b;\n}\nexec.clean;');
    expect(innermostScope(tokens, 2, '{')).toBe('punctuation.section.block.begin.jailconf');
    expect(innermostScope(tokens, 3, 'epair0b')).toBe('entity.name.interface.jailconf');
    expect(innermostScope(tokens, 4, '}')).toBe('punctuation.section.block.end.jailconf');
    expect(scopesOf(tokens, 5, 'exec.clean')).toEqual([
      'source.jailconf',
      'meta.parameter.jailconf',
      'variable.other.parameter.jailconf',
    ]);
  });

  test('all three comment styles, and a block comment across lines', async () => {
    const tokens = await jailconf('# a\n// b\n/* c\nd */ persist;');
    expect(innermostScope(tokens, 1, 'a')).toBe('comment.line.jailconf');
    expect(innermostScope(tokens, 2, 'b')).toBe('comment.line.jailconf');
    expect(scopesOf(tokens, 4, 'd')).toContain('comment.block.jailconf');
    expect(innermostScope(tokens, 4, 'persist')).toBe('variable.other.parameter.jailconf');
  });
});
