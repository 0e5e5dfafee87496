/**
 * Trying to break `createPfParseCache`: its parse of any version must be what
 * `parsePfConf` gives for that text (tree with positions, findings, tokens,
 * comments), whatever versions it parsed before. The cases below aim at what
 * crosses the parts the cache cuts a file into (a statement with the blank
 * lines and comments before it): pfctl's lexing across lines, macros, inline
 * anchor bodies, brace lists, resync after errors, the ends of the file.
 *
 * The second group are inputs that broke the contract once, each with what
 * caused it; all of them document what the cache must keep doing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePfConf } from '../../src/pf/parse.js';
import { createPfParseCache } from '../../src/pf/reparse.js';
import type { PfDialect, PfParseOptions } from '../../src/pf/syntax.js';
import { edited, parseVersions } from './fresh-parse.js';

/**
 * `base`, then `base` with each edit (`[find, replacement]`, one at a time), then `base` again, parsed in turn
 * through one cache and each compared with a fresh parse.
 */
function parseEditsOf(base: string, edits: readonly (readonly [string, string])[], parseOptions: PfParseOptions): void {
  parseVersions([base, ...edits.map(([find, replacement]) => edited(base, find, replacement)), base], parseOptions);
}

const options: PfParseOptions = { file: 'pf.conf' };

/** Lines of a file whose statements cross lines in every way pfctl allows. */
const CROSSING = `ext_if = "em0"
http = "80"
table <t> { 192.0.2.1, \\
  192.0.2.2 }
# a comment \\
continued inside the comment
pass in on $ext_if proto tcp to port $http
pass in on $ext_if:network to port { 1, 2
  3 }
block all label "quoted
across lines"
anchor "a" on em1 {
  pass in proto udp to port 53
  anchor "b" {
    block all
  }
}
pass out on $ext_if to port $http keep state # trailing
match on $ext_if
`;

describe('createPfParseCache against a fresh parse: cases that hold', () => {
  it('keeps the statements of parts an edit in the middle did not touch, and gives them their new lines', () => {
    // The file itself is fine: every statement a part of its own.
    expect(parsePfConf(CROSSING, options).findings).toEqual([]);
    const text = edited(CROSSING, 'block all label', 'block log all label');
    const moved = edited(text, '# a comment', '\n\n# a comment');
    const [first, second, third] = parseVersions([CROSSING, text, moved], options);
    const count = first!.tree.statements.length;
    expect(second!.tree.statements.filter((statement) => first!.tree.statements.includes(statement))).toHaveLength(count - 1);
    expect(third!.tree.statements.filter((statement) => second!.tree.statements.includes(statement))).toHaveLength(count - 1);
    const last = third!.tree.statements.at(-1)!;
    expect(last).toBe(first!.tree.statements.at(-1));
    expect(last.range.start).toMatchObject({ line: 21, column: 1 });
  });

  it('edits that join two statements into one line and split one over two lines, and back', () => {
    const joined = edited(CROSSING, 'proto tcp to port $http\npass', 'proto tcp to port $http pass');
    const split = edited(CROSSING, 'pass out on $ext_if to', 'pass out on\n$ext_if to');
    const splitInList = edited(CROSSING, '{ 1, 2', '{ 1,\n2');
    const splitBeforeBody = edited(CROSSING, 'on em1 {', 'on em1\n{');
    parseVersions([CROSSING, joined, CROSSING, split, CROSSING, splitInList, splitBeforeBody, CROSSING], options);
  });

  it('continuation lines begun, ended and moved by edits (in words, lists, comments and quoted strings)', () => {
    parseEditsOf(
      CROSSING,
      [
        ['pass in on $ext_if proto tcp', 'pass in on $ext_if \\\nproto tcp'],
        ['to port $http\n', 'to port $http \\\n'],
        ['to port $http\n', 'to port $ht\\\ntp\n'],
        ['# a comment \\\n', '# a comment\n'],
        ['# a comment \\\n', '# a comment \\\\\n'],
        ['across lines"\n', 'across lines" \\\n'],
        ['label "quoted\n', 'label "quoted \\\n'],
        ['match on $ext_if\n', 'match on $ext_if\n# last \\\n'],
        ['match on $ext_if\n', 'match on $ext_if\\\n'],
      ],
      options,
    );
  });

  it('quotes opened or closed by an edit that run into the kept rest of the file', () => {
    parseEditsOf(
      CROSSING,
      [
        ['across lines"', 'across lines'],
        ['pass in on $ext_if proto', 'pass in on "$ext_if proto'],
        ['pass in on $ext_if proto', "pass in on '$ext_if proto"],
        ['# trailing', '# trailing "'],
        ['block all\n', 'block all "\n'],
        ['match on $ext_if\n', 'match on "$ext_if\n'],
      ],
      options,
    );
  });

  it('inline anchor bodies: an edit inside a nested body, a closing brace removed and put back, a body opened', () => {
    parseEditsOf(
      CROSSING,
      [
        ['    block all\n', '    block all\n    pass all\n'],
        ['  }\n}\n', '  }\n'],
        ['  }\n}\n', '  }\n}\n}\n'],
        ['match on $ext_if\n', 'anchor "c" {\nmatch on $ext_if\n'],
        ['match on $ext_if\n', 'anchor "c" {\nmatch on $ext_if\n}\n'],
        ['match on $ext_if\n', 'ether anchor "e" {\nmatch on $ext_if\n}\n'],
      ],
      options,
    );
  });

  it('brace lists left open by an edit, and syntax errors whose resync reads the rest of a list again', () => {
    parseEditsOf(
      CROSSING,
      [
        ['  3 }\n', '  3\n'],
        ['{ 1, 2', '{ 1, ! 2'],
        ['{ 1, 2', '{ 1, 2,'],
        ['{ 1, 2', '{ 1, 2\npass all\nblock all'],
        ['pass out on', 'pass out on {'],
        ['match on $ext_if\n', 'match on { $ext_if\n'],
        ['anchor "a" on em1 {', 'anchor "a" on em1 { x'],
      ],
      options,
    );
  });

  it('macros: a use glued to the word after it, a number macro before a character that ends no number, uses edited', () => {
    const numbers = 'n = "80"\npass in proto tcp to port $n\npass in proto tcp to port 22\nblock all\n';
    parseEditsOf(
      numbers,
      [
        ['port $n\n', 'port $n#c\n'],
        ['port $n\n', 'port $n:90\n'],
        ['port $n\n', 'port $n\\\n:90\n'],
        ['port $n\n', 'port $n(\n'],
        ['block all', 'block all port $n'],
      ],
      options,
    );
    parseEditsOf(
      CROSSING,
      [
        ['$ext_if:network', '$ext_if:broadcast'],
        ['$ext_if:network', '$ext_ifx:network'],
        ['$ext_if:network', '$ext_if"q"'],
      ],
      options,
    );
  });

  it('a glued macro followed by a quoted string that runs past the glued word (the rest of the file lexed again)', () => {
    const text = 'm = "em0"\npass on $m"x\ny" all\nblock all\npass all\n';
    parseVersions([text, edited(text, 'pass all', 'pass in all'), edited(text, 'block all', 'block'), text], options);
  });

  it('macro definitions: added, changed or removed before their uses, redefined to the same value, and -D macros that win', () => {
    const text = 'm = "em0"\npass on $m\nm = "em1"\npass on $m\nblock on $m\n';
    const versions = [
      text,
      edited(text, 'm = "em1"', 'm = "em2"'),
      edited(text, 'm = "em1"\n', ''),
      edited(text, 'm = "em1"\n', 'm = "em1"\nm = "em1"\n'),
      edited(text, 'block on $m', 'm = "em3"\nblock on $m'),
      edited(text, 'pass on $m\nm', 'pass on $m\n# m'),
      `# first\n${text}`,
      text,
    ];
    parseVersions(versions, options);
    parseVersions(versions, { ...options, macros: { m: 'em9' } });
    parseVersions(versions, { ...options, macros: { x: 'em9' }, dialect: 'openbsd' });
  });

  it('undefined macros that drop the rest of their line, defined later and earlier by an edit', () => {
    const text = 'pass on $u to port 22 # note\nblock all\nmatch all\n';
    parseVersions(
      [text, edited(text, 'block all', 'u = "em0"\nblock all'), `u = "em0"\n${text}`, edited(text, 'match all', 'match on $u all'), text],
      options,
    );
  });

  it('edits at the very start and end, files without a final newline, empty files and a lone newline', () => {
    const text = 'pass all\nblock all\n';
    parseVersions(
      ['', '\n', text, `# head\n${text}`, `x${text}`, `${text}match all`, `${text}match all\n`, `${text}# tail`, `${text}# tail \\`, `${text}\\`, text.slice(0, -1), text, '', text],
      options,
    );
  });

  it('CRLF line ends (the carriage return is a character pfctl rejects), also before a backslash continuation', () => {
    const crlf = CROSSING.replaceAll('\n', '\r\n');
    parseVersions([crlf, edited(crlf, 'block all', 'block log all'), edited(crlf, 'match on', 'match in on'), CROSSING, crlf], options);
  });

  it('the OpenBSD dialect: a table and an include inside an anchor body, and its comparison tokens', () => {
    const openbsd = { ...options, dialect: 'openbsd' as PfDialect };
    const text = 'anchor "a" {\n  table <t> { 192.0.2.1 }\n  pass from <t>\n}\npass proto tcp to port != 22\nblock all\n';
    parseVersions([text, edited(text, 'block all', 'block log all'), edited(text, 'table <t>', 'include "/x"\n  table <t>'), text], openbsd);
  });

  it('the same text twice gives the same result; undo to an earlier text; another dialect or -D macros parse afresh', () => {
    const cache = createPfParseCache();
    const first = cache.parse(CROSSING, options);
    expect(cache.parse(CROSSING, options)).toBe(first);
    const text = edited(CROSSING, 'block all label', 'block log all label');
    parseVersions([text, CROSSING, text, text, CROSSING], options, cache);
    parseVersions([CROSSING, text], { ...options, dialect: 'openbsd' }, cache);
    parseVersions([text, CROSSING], { ...options, macros: { http: '443' } }, cache);
    parseVersions([CROSSING, text], options, cache);
  });
});

describe('createPfParseCache against a fresh parse: inputs that once broke it', () => {
  // The cause was that `readStatements` defined a macro read inside an inline anchor body (before `add` rejected the
  // statement with a syntax error), while the re-parse takes the macros before its stretch from the kept parts'
  // top-level statements. pfctl never runs a definition its grammar rejects there, and now neither does pflint.
  it('a macro defined inside an anchor body, used after the body on a line an edit touches', () => {
    const text = 'anchor "a" {\nm = "em0"\n}\npass on $m\n';
    parseVersions([text, edited(text, 'pass on', 'pass in on')], options);
  });

  // Same cause, other side: the re-parse compares the top-level definitions of the replaced and the new parts only.
  it('a macro defined inside an anchor body whose value an edit changes, used after the body', () => {
    const text = 'anchor "a" {\nm = "em0"\n}\npass on $m\n';
    parseVersions([text, edited(text, 'em0', 'em1')], options);
  });

  // The likeliest way to meet it in an editor: typing a definition inside a body makes `$m` defined further down,
  // but the cache keeps the later part with its old "macro 'm' not defined" finding.
  it('a macro definition typed inside an anchor body, used in a later part the edit did not touch', () => {
    const text = 'anchor "a" {\n  pass all\n}\npass on $m\n';
    parseVersions([text, edited(text, '  pass all\n', '  pass all\nm = "em0"\n')], options);
  });

  // The cause was comparing definitions as the strings `${name}=${value}`, while a quoted macro name may hold `=`
  // (pfctl's varset takes any STRING as the name): `"a=b" = "c"` and `a = "b=c"` both gave "a=b=c".
  it('an edit that turns one macro definition into another with the same name=value spelling', () => {
    const text = '"a=b" = "c"\npass on $a\n';
    parseVersions([text, 'a = "b=c"\npass on $a\n'], options);
  });

  // The cause: a -D macro whose value ends with a newline expands to tokens ending with a Newline token that stands
  // at the `$m` use, and a part ended after it, in the middle of a line (between `$` and `m`); a later re-parse
  // lexed its stretch from there. Parts now end only at newlines the file itself holds.
  it('a -D macro whose value ends with a newline, with an edit later on its line', () => {
    const withNewline = { ...options, macros: { m: 'em0\n' } };
    const text = 'pass on $m\nblock all\n';
    parseVersions([text, edited(text, '$m', '$m x')], withNewline);
  });

  // Same cause: the comment after `$m` fell in the next part, whose tokens alone decided that it was not trailing.
  it('a -D macro whose value ends with a newline, then a comment on its line, and an edit in a later line', () => {
    const withNewline = { ...options, macros: { m: 'em0\n' } };
    const text = 'pass on $m # note\nblock all\nmatch all\n';
    parseVersions([text, edited(text, 'match all', 'match log all')], withNewline);
  });
});

/** Pieces most likely to reach across the parts of the file: continuations, quotes, comments, braces, macros, line ends. */
const CROSSING_FRAGMENTS = [
  '\\\n', '\\', '"', "'", '"x"', '#', '# c \\\n', '{', '}', '{\n', '}\n', '$ext_if', '$http', '$ext_if:network', '$http#',
  '$http(', '$undefined', '$dflag', 'http = "81"\n', 'ext_if = "em1"\n', 'other = "x"\n', '\n', '\n\n', ' ', 'pass',
  'block all\n', 'anchor "c" {\n', 'ether anchor "e" {\n', '80', ':', '-', '!', '\r\n',
];

const crossingEdit = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    line: fc.nat(),
    where: fc.constantFrom('start', 'end', 'middle'),
    text: fc.constantFrom(...CROSSING_FRAGMENTS),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    line: fc.nat(),
    where: fc.constantFrom('start', 'end', 'middle'),
    length: fc.integer({ min: 1, max: 4 }),
  }),
);

type CrossingEdit = typeof crossingEdit extends fc.Arbitrary<infer T> ? T : never;

/** `text` with `edit` made at the start, the end (before the newline) or the middle of a line (modulo the line count). */
function withCrossingEdit(text: string, edit: CrossingEdit): string {
  const starts = [0];
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) starts.push(newline + 1);
  const line = edit.line % starts.length;
  const start = starts[line]!;
  const end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
  const at = edit.where === 'start' ? start : edit.where === 'end' ? end : (start + end) >> 1;
  return edit.kind === 'insert' ? text.slice(0, at) + edit.text + text.slice(at) : text.slice(0, at) + text.slice(at + edit.length);
}

describe('createPfParseCache against a fresh parse: random edits that cross parts', () => {
  const withoutDefinitions = CROSSING.replace('ext_if = "em0"\nhttp = "80"\n', '');
  // The last one is longer than a few of the blocks the cache compares texts by (1,024 characters).
  const bases = [CROSSING, CROSSING + withoutDefinitions, CROSSING.replaceAll('\n', '\n\n'), CROSSING + withoutDefinitions.repeat(4)];

  it('gives what a fresh parse gives after sequences of edits made of continuations, quotes, braces, macros and line ends', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: bases.length - 1 }),
        fc.array(fc.tuple(fc.boolean(), fc.array(crossingEdit, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<PfDialect>('freebsd', 'openbsd'),
        fc.constantFrom<Record<string, string>>({}, { dflag: 'em9' }, { ext_if: 'em7' }),
        fc.boolean(),
        (baseIndex, versions, dialect, macros, undo) => {
          const parseOptions = { file: 'crossing.conf', dialect, macros };
          const base = bases[baseIndex]!;
          const texts = [base];
          // Each version from the one before, or (an undo and a new edit) from the first.
          for (const [fromBase, edits] of versions) texts.push(edits.reduce(withCrossingEdit, fromBase ? base : texts.at(-1)!));
          if (undo) texts.push(...texts.slice(0, -1).reverse());
          parseVersions(texts, parseOptions);
        },
      ),
      { numRuns: 1200 },
    );
  }, 60_000);
});
