import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatTokens, innermostScope, scopesOf, tokenize } from './tokenize.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const rcconf = (text: string) => tokenize('source.rcconf', text);

describe('rc.conf family grammar (source.rcconf)', () => {
  // Regenerate after an intended grammar change with: npx vitest run test/grammars -u
  test('the radon rc.conf fixture tokenizes as in its snapshot', async () => {
    const tokens = await rcconf(fixture('radon.rc.conf'));
    await expect(formatTokens(tokens)).toMatchFileSnapshot('./__snapshots__/radon.rc.conf.tokens');
  });

  test('the loader.conf/sysctl.conf fixture tokenizes as in its snapshot', async () => {
    const tokens = await rcconf(fixture('loader.conf'));
    await expect(formatTokens(tokens)).toMatchFileSnapshot('./__snapshots__/loader.conf.tokens');
  });

  test('interface variables: the whole name, the interface inside it, and ifconfig words in the value', async () => {
    const tokens = await rcconf('ifconfig_em0_101_alias0="inet 10.0.0.1/24 fib 1"');
    expect(scopesOf(tokens, 1, 'em0_101')).toEqual([
      'source.rcconf',
      'meta.assignment.interface.rcconf',
      'support.variable.interface.rcconf',
      'entity.name.interface.rcconf',
    ]);
    expect(innermostScope(tokens, 1, '_alias0')).toBe('support.variable.interface.rcconf');
    expect(innermostScope(tokens, 1, 'inet')).toBe('keyword.other.ifconfig.rcconf');
    expect(innermostScope(tokens, 1, '10.0.0.1')).toBe('constant.numeric.ip-address.ipv4.rcconf');
    expect(innermostScope(tokens, 1, '24')).toBe('constant.numeric.prefix-length.rcconf');
    expect(innermostScope(tokens, 1, 'fib')).toBe('keyword.other.ifconfig.rcconf');
  });

  test('interface lists and renames: each listed word is an interface, AUTO is not', async () => {
    const tokens = await rcconf('cloned_interfaces="bridge0 gif0"\nifconfig_bridge0_name="bastille0"\nnetwork_interfaces="AUTO"');
    expect(innermostScope(tokens, 1, 'cloned_interfaces')).toBe('support.variable.interface.rcconf');
    expect(innermostScope(tokens, 1, 'bridge0')).toBe('entity.name.interface.rcconf');
    expect(innermostScope(tokens, 1, 'gif0')).toBe('entity.name.interface.rcconf');
    expect(innermostScope(tokens, 2, 'bridge0')).toBe('entity.name.interface.rcconf');
    expect(innermostScope(tokens, 2, 'bastille0')).toBe('entity.name.interface.rcconf');
    expect(innermostScope(tokens, 3, 'AUTO')).toBe('constant.language.pseudo-keyword.rcconf');
  });

  test('routing variables: route names in static_routes and route_<name>, route(8) flags in the value', async () => {
    const tokens = await rcconf(
      'static_routes="fib1def lan"\nroute_fib1def="-6 default -interface gif0 -fib 1"\ndefaultrouter_fib1="10.255.0.1"',
    );
    expect(innermostScope(tokens, 1, 'static_routes')).toBe('support.variable.routing.rcconf');
    expect(innermostScope(tokens, 1, 'fib1def')).toBe('entity.name.route.rcconf');
    expect(innermostScope(tokens, 2, 'fib1def')).toBe('entity.name.route.rcconf');
    expect(scopesOf(tokens, 2, 'fib1def')).toContain('support.variable.routing.rcconf');
    expect(innermostScope(tokens, 2, '-6')).toBe('keyword.other.route.rcconf');
    expect(innermostScope(tokens, 2, 'default')).toBe('keyword.other.route.rcconf');
    expect(innermostScope(tokens, 2, 'gif0')).toBe('entity.name.interface.rcconf');
    expect(innermostScope(tokens, 2, '-fib')).toBe('keyword.other.route.rcconf');
    expect(innermostScope(tokens, 3, 'defaultrouter_fib1')).toBe('support.variable.routing.rcconf');
  });

  test('ordinary variables are not singled out and their values get no network words', async () => {
    const tokens = await rcconf('hostname="inet.example.net" sshd_enable="YES"');
    expect(innermostScope(tokens, 1, 'hostname')).toBe('variable.other.assignment.rcconf');
    expect(innermostScope(tokens, 1, 'inet.example.net')).toBe('string.quoted.double.rcconf');
    expect(innermostScope(tokens, 1, 'sshd_enable')).toBe('variable.other.assignment.rcconf');
    expect(innermostScope(tokens, 1, 'YES')).toBe('constant.language.boolean.rcconf');
  });

  test('# starts a comment only at the start of a word, and a backslash does not continue it', async () => {
    const tokens = await rcconf('a=b#c\na=b #c \\\ngateway_enable="YES"');
    expect(innermostScope(tokens, 1, 'b#c')).toBe('meta.assignment.rcconf');
    expect(innermostScope(tokens, 2, '#')).toBe('punctuation.definition.comment.rcconf');
    expect(innermostScope(tokens, 3, 'gateway_enable')).toBe('support.variable.routing.rcconf');
  });

  test('expansions: $var and ${var} in double quotes, nothing in single quotes', async () => {
    const tokens = await rcconf('x="$a ${b:-c}" y=\'$a\'');
    expect(innermostScope(tokens, 1, 'a')).toBe('variable.other.rcconf');
    expect(innermostScope(tokens, 1, 'b')).toBe('variable.other.rcconf');
    expect(innermostScope(tokens, 1, ':-c')).toBe('string.unquoted.expansion-operand.rcconf');
    expect(innermostScope(tokens, 1, '$a')).toBe('string.quoted.single.rcconf');
  });

  test('command substitution, with backticks or $( ), is marked as such', async () => {
    const tokens = await rcconf('defaultrouter=`/bin/cat /etc/gateway`\nifconfig_em0="$(cat /etc/em0) up"');
    expect(innermostScope(tokens, 1, '/bin/cat /etc/gateway')).toBe('string.interpolated.backtick.rcconf');
    expect(innermostScope(tokens, 2, 'cat /etc/em0')).toBe('string.interpolated.dollar.rcconf');
    expect(innermostScope(tokens, 2, 'up')).toBe('keyword.other.ifconfig.rcconf');
  });

  test('a double-quoted value may span lines; the next assignment starts fresh afterwards', async () => {
    const tokens = await rcconf('cloned_interfaces="\nbridge0\n"\nnet.fibs=2');
    expect(scopesOf(tokens, 2, 'bridge0')).toContain('string.quoted.double.rcconf');
    expect(innermostScope(tokens, 4, 'net.fibs')).toBe('support.variable.routing.rcconf');
    expect(innermostScope(tokens, 4, '2')).toBe('constant.numeric.integer.rcconf');
  });

  test('rc.d pseudo-keywords are recognised in any case', async () => {
    const tokens = await rcconf('ifconfig_em0="dhcp"\nifconfig_em1="SYNCDHCP"');
    expect(innermostScope(tokens, 1, 'dhcp')).toBe('constant.language.pseudo-keyword.rcconf');
    expect(innermostScope(tokens, 2, 'SYNCDHCP')).toBe('constant.language.pseudo-keyword.rcconf');
  });
});
