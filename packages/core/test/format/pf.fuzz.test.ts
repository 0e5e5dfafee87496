/**
 * The pf.conf formatter's guarantees over generated input: rulesets built
 * from a grammar of pieces (macros, lists, tables, anchors, comments in odd
 * places, random blanks and backslash continuations), and corpus files whose
 * blanks between tokens were randomly replaced. A file that does not parse
 * must be refused; every other must format idempotently, keep its printed
 * ruleset and lose nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPf } from '../../src/format/pf.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { lexPf, Newline } from '../../src/pf/lexer.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { checkGuarantees, meaning } from './pf-properties.js';
import { PFCTL_CORPUS as PFCTL } from '../shared-material.js';

const corpus = readdirSync(PFCTL)
  .filter((name) => name.endsWith('.in'))
  .sort()
  .map((name) => readFileSync(PFCTL + name, 'utf8'));

/** Blanks between two tokens: spaces, tabs, or a backslash continuation. */
const gap = fc.oneof(
  { weight: 5, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constantFrom('  ', '\t', ' \t ', '    ') },
  { weight: 1, arbitrary: fc.constantFrom(' \\\n', ' \\\n    ', '\t\\\n\t') },
);

/** Pieces of text joined with random gaps. */
function spaced(...parts: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.tuple(fc.tuple(...parts), fc.array(gap, { minLength: parts.length, maxLength: parts.length })).map(([words, gaps]) =>
    words.filter((word) => word !== '').reduce((text, word, index) => (index === 0 ? word : text + gaps[index]! + word), ''),
  );
}

const optional = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(fc.constant(''), arbitrary);

/** A brace list, sometimes with commas, sometimes spread over lines with comments. */
function list(item: fc.Arbitrary<string>): fc.Arbitrary<string> {
  // A comment right after an item (`80# note`, or through a continuation) keeps an all-digit item a word.
  const separator = fc.constantFrom(' ', ', ', ',', '\n  ', ' # note\n  ', '\n  # own line\n  ', '# note\n  ', '\\\n# continued\n  ');
  return fc
    .tuple(fc.array(item, { minLength: 1, maxLength: 4 }), fc.array(separator, { minLength: 4, maxLength: 4 }), fc.constantFrom('', ' '))
    .map(([items, separators, pad]) => `{${pad}${items.map((entry, index) => (index === 0 ? entry : separators[index]! + entry)).join('')}${pad}}`);
}

const address = fc.constantFrom('10.0.0.1', '192.168.0.0/16', '2001:db8::/32', '<bad>', '($ext)', '$lan', 'em0:network', '! 10.1.0.0/16', 'self');
const host = fc.oneof(address, list(address), fc.constant('any'));
const port = fc.oneof(fc.constantFrom('80', 'ssh', '1024:65535', '> 1023', '$ports', '!= 25'), list(fc.constantFrom('80', '443', 'domain')));
const iface = fc.oneof(fc.constantFrom('em0', '$ext', '! lo0'), list(fc.constantFrom('em0', 'em1', '$ext')));

const filterRule = spaced(
  fc.constantFrom('pass', 'block', 'block return', 'match', 'block drop'),
  optional(fc.constantFrom('in', 'out')),
  optional(fc.constantFrom('log', 'log (all)', 'quick', 'log quick')),
  optional(spaced(fc.constant('on'), iface)),
  optional(fc.constantFrom('inet', 'inet6')),
  optional(fc.oneof(fc.constantFrom('proto tcp', 'proto udp'), list(fc.constantFrom('tcp', 'udp')).map((protos) => `proto ${protos}`))),
  optional(spaced(fc.constant('from'), host, optional(spaced(fc.constant('port'), port)))),
  optional(spaced(fc.constant('to'), host, optional(spaced(fc.constant('port'), port)))),
  optional(fc.constantFrom('flags S/SA', 'keep state', 'keep state (max 100, source-track rule)', 'no state', 'modulate state')),
  optional(fc.constantFrom('label "some label"', 'tag T1', 'rtable 1', 'queue q', "label 'with  spaces'")),
);

const macroDefinition = fc
  .tuple(fc.constantFrom('ext', 'lan', 'ports', 'a_rather_long_macro_name'), fc.constantFrom('=', ' = ', '\t=  '))
  .chain(([name, equals]) =>
    fc
      .constantFrom(
        { ext: '"em0"', lan: '"10.0.0.0/24"', ports: '"{ 22 80 }"', a_rather_long_macro_name: '"x"' }[name]!,
        { ext: 'em1', lan: '"{ 10.0.0.0/24, 10.1.0.0/24 }"', ports: '"443"', a_rather_long_macro_name: '"y z"' }[name]!,
      )
      .map((value) => `${name}${equals}${value}`),
  );

const tableDefinition = spaced(
  fc.constantFrom('table <bad>', 'table <trusted_hosts>'),
  optional(fc.constantFrom('persist', 'const', 'persist counters')),
  optional(list(address.filter((entry) => !entry.startsWith('<') && !entry.startsWith('$') && !entry.startsWith('(')))),
);

const anchor = fc
  .tuple(fc.constantFrom('anchor "inner"', 'anchor "x" in on em0', 'anchor'), fc.array(filterRule, { minLength: 1, maxLength: 3 }))
  .map(([head, rules]) => `${head} {\n${rules.map((rule) => `  ${rule}`).join('\n')}\n}`);

const statement = fc.oneof(
  { weight: 6, arbitrary: filterRule },
  { weight: 2, arbitrary: tableDefinition },
  { weight: 1, arbitrary: anchor },
  { weight: 1, arbitrary: fc.constantFrom('set skip on lo0', 'set block-policy drop', 'scrub in all', 'set timeout { tcp.first 120 tcp.closing 60 }') },
  // Lexical corners: continuations inside quotes, escaped quotes, macros glued to words, a word of digits before `<>`.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'pass label "multi \\\nline"',
      'pass label "say \\"hi\\""',
      'pass from $ext:network to $ext:broadcast',
      'pass to port 1000<>2000',
      'pass to port {1000:2000,3000}',
      'pass in on $ext inet6 from (\\\n$ext) to ! <bad>',
    ),
  },
);

const trailing = fc.constantFrom(
  '',
  '',
  '',
  ' # why',
  '\t#tight',
  ' # continued \\\n  into the next line',
  // Touching the last token, also through continuations: pfctl reads `80\` + newline + `#` as `80#`.
  '#glued',
  '\\\n# on the next line',
  '\\\n\\\n#two lines down',
  ' \\\n    # indented',
);
const between = fc.constantFrom('\n', '\n', '\n\n', '\n\n\n', '\n# own-line comment\n', '\n   # indented comment   \n');

const ruleset = fc
  .tuple(
    fc.array(macroDefinition, { maxLength: 4 }),
    fc.array(fc.tuple(statement, trailing, between), { minLength: 1, maxLength: 8 }),
    fc.constantFrom<PfDialect>('freebsd', 'openbsd'),
    fc.record({
      maxLineLength: fc.constantFrom(1, 30, 60, 100),
      indent: fc.constantFrom(0, 2, 4),
      indentStyle: fc.constantFrom('space', 'tab'),
      align: fc.boolean(),
    }),
  )
  .map(([macros, statements, dialect, layout]) => ({
    // Every macro a statement may use is defined first, so the file loads.
    text:
      ['ext = "em0"', 'lan = "10.0.0.0/24"', 'ports = "{ 22 80 }"', ...macros].join('\n') +
      '\n' +
      statements.map(([text, comment, after]) => text + comment + after).join(''),
    dialect,
    layout,
  }));

/** The text with the blanks between tokens on one line replaced by other blanks or continuations. */
function perturbed(text: string, gaps: readonly string[]): string {
  const tokens = lexPf(text, 'freebsd').tokens;
  let output = '';
  let copied = 0;
  let next = 0;
  for (let index = 1; index < tokens.length; index++) {
    const previous = tokens[index - 1]!;
    const token = tokens[index]!;
    if (previous.tokenType === Newline || token.tokenType === Newline) continue;
    const start = previous.endOffset! + 1;
    const blank = text.slice(start, token.startOffset);
    if (!/^[ \t]+$/.test(blank)) continue;
    output += text.slice(copied, start) + gaps[next++ % gaps.length]!;
    copied = token.startOffset;
  }
  return output + text.slice(copied);
}

describe('pf formatter fuzzing', () => {
  it('keeps every guarantee on generated rulesets', () => {
    let runs = 0;
    let formatted = 0;
    fc.assert(
      fc.property(ruleset, ({ text, dialect, layout }) => {
        runs++;
        if (checkGuarantees(text, dialect, {}, layout) !== undefined) formatted++;
      }),
      { numRuns: 150, interruptAfterTimeLimit: 60_000 },
    );
    // The generator must mostly produce valid pf.conf, or the test would prove little.
    expect(formatted).toBeGreaterThan(runs / 2);
  }, 120_000);

  it('formats a corpus file and its blank-perturbed copy to the same text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(gap, { minLength: 1, maxLength: 20 }), (text, gaps) => {
        const changed = perturbed(text, gaps);
        checkGuarantees(changed, 'freebsd');
        const options = { ...DEFAULT_FORMAT_OPTIONS, dialect: 'freebsd' as const };
        const original = formatPf('pf.conf', text, options);
        const other = formatPf('pf.conf', changed, options);
        expect(other.ok).toBe(original.ok);
        if (original.ok && other.ok) expect(other.text).toBe(original.text);
      }),
      { numRuns: 120, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it('formats any range of a corpus file so that the whole file still formats to the same text', () => {
    const options = { ...DEFAULT_FORMAT_OPTIONS, dialect: 'freebsd' as const };
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.nat(), fc.nat(), (text, a, b) => {
        const whole = formatPf('pf.conf', text, options);
        if (!whole.ok) return;
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.min(text.length, start + (Math.max(a, b) % 200));
        const ranged = formatPf('pf.conf', text, { ...options, range: { start, end } });
        expect(ranged.ok).toBe(true);
        if (!ranged.ok) return;
        expect(meaning(ranged.text, 'freebsd')).toBe(meaning(text, 'freebsd'));
        expect(formatPf('pf.conf', ranged.text, options)).toEqual(whole);
      }),
      { numRuns: 100, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);
});
