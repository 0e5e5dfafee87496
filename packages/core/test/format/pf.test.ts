/**
 * Layout rules of the pf.conf formatter, one at a time, with the exact
 * output expected; the refusal on syntax errors; range formatting.
 */
import { describe, expect, it } from 'vitest';
import { formatPf, type PfFormatOptions } from '../../src/format/pf.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { canGlue } from '../../src/format/pf-spacing.js';
import { Bang, Equals, Greater, Less, MacroUse, NumberToken, Slash, Word } from '../../src/pf/lexer.js';
import { checkGuarantees, meaning } from './pf-properties.js';

const OPTIONS: PfFormatOptions = { ...DEFAULT_FORMAT_OPTIONS, dialect: 'freebsd' };

function format(text: string, options: Partial<PfFormatOptions> = {}): string {
  const result = formatPf('pf.conf', text, { ...OPTIONS, ...options });
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.range.start.line}: ${error.message}`).join('\n'));
  // Every whole-file output must be valid pf.conf that formats to itself.
  if (!options.range) expect(formatPf('pf.conf', result.text, { ...OPTIONS, ...options })).toEqual({ ok: true, text: result.text });
  return result.text;
}

/** Lines joined with newlines and a final newline, so expectations read like files. */
function lines(...text: string[]): string {
  return text.join('\n') + '\n';
}

describe('pf formatter: spacing', () => {
  it('writes one space between tokens and no trailing blanks', () => {
    expect(format('pass   in\ton em0    proto tcp   \n')).toBe(lines('pass in on em0 proto tcp'));
  });

  it('writes brace lists as { a, b } and adds the commas', () => {
    expect(format('pass from {a b,c} to {10.0.0.1 , ! 10.0.0.2}\n')).toBe(
      lines('pass from { a, b, c } to { 10.0.0.1, ! 10.0.0.2 }'),
    );
  });

  it('adds commas between list items, not inside multi-word items', () => {
    expect(format('pass inet proto icmp icmp-type { echoreq code 0 unreach }\n')).toBe(
      lines('pass inet proto icmp icmp-type { echoreq code 0, unreach }'),
    );
  });

  it('adds commas in table entries, set timeout blocks and nested lists', () => {
    expect(format('table <t> const { 10/8 !10.1/16 { 192.168/16 172.16/12 } }\n')).toBe(
      lines('table <t> const { 10/8, ! 10.1/16, { 192.168/16, 172.16/12 } }'),
    );
    expect(format('set timeout { tcp.first 120 tcp.closing 60 }\n')).toBe(
      lines('set timeout { tcp.first 120, tcp.closing 60 }'),
    );
  });

  it('never adds a comma between items that one macro produced', () => {
    expect(format('ports = "80 443"\npass to port { $ports 8080 }\n')).toBe(
      lines('ports = "80 443"', 'pass to port { $ports, 8080 }'),
    );
  });

  it('hugs parentheses, table brackets, slashes and commas', () => {
    expect(format('pass in on em0 route-to ( em1 10.0.0.1 ) from < bad > to 10.0.0.0 / 8 keep state ( max 10 , pflow )\n')).toBe(
      lines('pass in on em0 route-to (em1 10.0.0.1) from <bad> to 10.0.0.0/8 keep state (max 10, pflow)'),
    );
  });

  it('writes a queue scheduler against its options, as pfctl prints it; other words keep the space before `(`', () => {
    const text = lines(
      'altq on em0 cbq bandwidth 10Mb queue { std, ssh }',
      'queue std bandwidth 10% cbq ( default red )',
      'queue ssh bandwidth 20% priq(ecn)',
      'altq on em1 hfsc bandwidth 1Gb queue { bulk }',
      'queue bulk bandwidth 50% hfsc (linkshare 10%)',
      'pass log(all) keep state(pflow) queue(bulk)',
    );
    expect(format(text)).toBe(
      lines(
        'altq on em0 cbq bandwidth 10Mb queue { std, ssh }',
        'queue std bandwidth 10% cbq(default red)',
        'queue ssh bandwidth 20% priq(ecn)',
        'altq on em1 hfsc bandwidth 1Gb queue { bulk }',
        'queue bulk bandwidth 50% hfsc(linkshare 10%)',
        'pass log (all) keep state (pflow) queue (bulk)',
      ),
    );
    expect(meaning(format(text), 'freebsd')).toBe(meaning(text, 'freebsd'));
  });

  it('keeps spaces around comparison operators and ranges', () => {
    expect(format('pass to port < 1024\npass to port 1000 >< 2000\npass from 10.0.0.1 - 10.0.0.9\n')).toBe(
      lines('pass to port < 1024', 'pass to port 1000 >< 2000', 'pass from 10.0.0.1 - 10.0.0.9'),
    );
  });

  it('writes macro uses as written, never expanded', () => {
    expect(format('ext = "em0"\npass on  $ext  from $ext:network\n')).toBe(lines('ext = "em0"', 'pass on $ext from $ext:network'));
  });

  it('keeps a macro glued to the word after it and an all-digit word glued to its operator', () => {
    const text = 'x = "em0"\npass from $x:network to port 1000<>2000\n';
    expect(format(text)).toBe(lines('x = "em0"', 'pass from $x:network to port 1000<>2000'));
    expect(meaning(format(text), 'freebsd')).toBe(meaning(text, 'freebsd'));
  });

  it('keeps a macro glued to whatever a number does not end before: its value may end in digits', () => {
    // pfctl reads `$low<>` as `1000<>` (the word `1000`) and `$low <>` as the number 1000; the same before a comment.
    const text = 'low = "1000"\nhigh = "2000"\npass to port $low<>$high\npass to port $low# one\n';
    expect(format(text)).toBe(lines('low  = "1000"', 'high = "2000"', 'pass to port $low<>$high', 'pass to port $low# one'));
    expect(checkGuarantees(text, 'freebsd')).toBe(format(text));
    // Apart in the source, they are written apart as usual.
    expect(format('low = "1000"\npass to port $low  <>  1001 # one\n')).toBe(lines('low = "1000"', 'pass to port $low <> 1001 # one'));
    // Nor is a blank taken out after one where the house style would glue (`<name>`): `$t >` and `$t>` read differently.
    const table = 't = "bad"\nblock from < $t > to <$t>\n';
    expect(format(table)).toBe(lines('t = "bad"', 'block from <$t > to <$t>'));
    expect(checkGuarantees(table, 'freebsd')).toBe(format(table));
    expect(canGlue(MacroUse, '$t', Greater, '>', 'freebsd')).toBe(false);
    expect(canGlue(MacroUse, '$n', Slash, '/', 'freebsd')).toBe(true);
  });

  it('keeps an all-digit word touching a trailing comment or the next list item: a blank or a comma would make it a number', () => {
    const text = 'pass in proto tcp to port 80# web\npass in proto tcp to port {   80!=81 }\n';
    expect(format(text)).toBe(lines('pass in proto tcp to port 80# web', 'pass in proto tcp to port { 80!= 81 }'));
    expect(meaning(format(text), 'freebsd')).toBe(meaning(text, 'freebsd'));
    // A glued comment takes no part in aligning a run's trailing comments.
    expect(format('a = "1"   # one\nb = 22# two\nlonger = "3" # three\n')).toBe(lines('a      = "1" # one', 'b      = 22# two', 'longer = "3" # three'));
  });

  it('keeps quoted strings byte for byte', () => {
    expect(format(`pass label  "a  \\"b\\"   c"  tag 'x  y'\n`)).toBe(lines(`pass label "a  \\"b\\"   c" tag 'x  y'`));
  });

  it("glues `!=` only where the lexer reads the same tokens (not on OpenBSD, where `!=` is one token)", () => {
    expect(format('pass user ! = root\n')).toBe(lines('pass user != root'));
    expect(canGlue(Bang, '!', Equals, '=', 'freebsd')).toBe(true);
    expect(canGlue(Bang, '!', Equals, '=', 'openbsd')).toBe(false);
    expect(canGlue(Less, '<', Greater, '>', 'freebsd')).toBe(false);
    expect(canGlue(NumberToken, '10', Word, 'x', 'freebsd')).toBe(false);
    expect(canGlue(NumberToken, '10', Slash, '/', 'freebsd')).toBe(true);
  });
});

describe('pf formatter: lines', () => {
  it('puts one statement per line, keeps one blank line of a group and none at the ends', () => {
    expect(format('\n\npass in\n\n\n\nblock out\nblock in\n\n\n')).toBe(lines('pass in', '', 'block out', 'block in'));
  });

  it('keeps one blank line of a group between list items, with no comma before it, and none inside the braces', () => {
    const text = 'table <t> {\n\n  a b\n\n\n  c\n  # x\n\n  d\n\n}\npass from { 10.0.0.1\n\n 10.0.0.2 } to port {\n\n  # web\n  80 443 }\n';
    const formatted = format(text);
    expect(formatted).toBe(
      lines(
        'table <t> { a, b',
        '',
        '    c',
        '    # x',
        '',
        '    d }',
        'pass from { 10.0.0.1',
        '',
        '    10.0.0.2 } to port {',
        '    # web',
        '    80, 443 }',
      ),
    );
    expect(checkGuarantees(text, 'freebsd')).toBe(formatted);
  });

  it('joins backslash continuations and multi-line lists that fit', () => {
    expect(format('block in quick on em0 \\\n      from { 10.0.0.1\n  10.0.0.2\n }\n')).toBe(
      lines('block in quick on em0 from { 10.0.0.1, 10.0.0.2 }'),
    );
  });

  it('breaks a long rule before option keywords, filling each line', () => {
    const rule =
      'pass in quick on $ext_if inet proto tcp from <trusted> to ($ext_if) port { 22, 443 } flags S/SA keep state (max 100) label "inbound"';
    expect(format(`ext_if = "em0"\ntable <trusted> persist\n${rule}\n`, { maxLineLength: 60 })).toBe(
      lines(
        'ext_if = "em0"',
        'table <trusted> persist',
        'pass in quick on $ext_if inet proto tcp from <trusted> \\',
        '    to ($ext_if) port { 22, 443 } flags S/SA \\',
        '    keep state (max 100) label "inbound"',
      ),
    );
  });

  it('indents with a tab per level when the indent style is tab, a tab counting as indent columns', () => {
    const text = 'anchor "a" {\n  pass in on em0 proto tcp from 10.0.0.1 to 10.0.0.2 port 22\n}\n';
    // 58 characters after the tab: too long at 8 columns of indentation, not at 1.
    expect(format(text, { indentStyle: 'tab', indent: 8, maxLineLength: 60 })).toBe(
      lines('anchor "a" {', '\tpass in on em0 proto tcp from 10.0.0.1 \\', '\t\tto 10.0.0.2 port 22', '}'),
    );
  });

  it('indents continuation lines by the indent option', () => {
    expect(format('pass in on em0 proto tcp from any to any port 80\n', { maxLineLength: 30, indent: 2 })).toBe(
      lines('pass in on em0 proto tcp \\', '  from any to any port 80'),
    );
  });

  it('breaks a long list between items when nothing else fits', () => {
    expect(format('table <t> { 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 }\n', { maxLineLength: 36 })).toBe(
      lines('table <t> { 10.0.0.1, 10.0.0.2, \\', '    10.0.0.3, 10.0.0.4, 10.0.0.5 }'),
    );
  });

  it('never breaks inside a quoted string', () => {
    expect(format('pass label "a very long label that cannot be broken"\n', { maxLineLength: 20 })).toBe(
      lines('pass label "a very long label that cannot be broken"'),
    );
  });
});

describe('pf formatter: alignment', () => {
  it('aligns a run of macro definitions on =', () => {
    expect(format('ext_if="em0"\nint_if   =   "em1"\nlan_net = "10.0.0.0/24"\n\nx = "y"\n')).toBe(
      lines('ext_if  = "em0"', 'int_if  = "em1"', 'lan_net = "10.0.0.0/24"', '', 'x = "y"'),
    );
  });

  it('keeps a run through own-line comments, ends it at other statements', () => {
    expect(format('a = "1"\n# note\nlonger = "2"\npass\nbb = "3"\n')).toBe(
      lines('a      = "1"', '# note', 'longer = "2"', 'pass', 'bb = "3"'),
    );
  });

  it('aligns table definitions after the name; a bare table stays in the run', () => {
    expect(format('table <a> persist\ntable <bare>\ntable <longer> const { 10/8 }\n')).toBe(
      lines('table <a>      persist', 'table <bare>', 'table <longer> const { 10/8 }'),
    );
  });

  it('aligns the trailing comments of a run of one-line definitions', () => {
    expect(format('table <a> file "/etc/a" # first\ntable <longer> file "/etc/b"  # second\ntable <c> persist\n')).toBe(
      lines('table <a>      file "/etc/a" # first', 'table <longer> file "/etc/b" # second', 'table <c>      persist'),
    );
    expect(format('a = "1" # one\nlonger = "22" # two\n\nb = "3" # alone\n')).toBe(
      lines('a      = "1"  # one', 'longer = "22" # two', '', 'b = "3" # alone'),
    );
  });

  it('does not align when alignment is off', () => {
    expect(format('a   = "1" # x\nlonger = "2"   # y\n', { align: false })).toBe(lines('a = "1" # x', 'longer = "2" # y'));
  });
});

describe('pf formatter: comments', () => {
  it('keeps own-line and trailing comments in place, trailing ones after one space', () => {
    expect(format('  # head   \npass in    # why\n\n   # tail\n')).toBe(lines('# head', 'pass in # why', '', '# tail'));
  });

  it('keeps a comment inside a multi-line list, the statement going on after it', () => {
    expect(format('table <t> { 10.0.0.1 # first\n  10.0.0.2\n  # own line\n  10.0.0.3 }\n')).toBe(
      lines('table <t> { 10.0.0.1 # first', '    10.0.0.2', '    # own line', '    10.0.0.3 }'),
    );
  });

  it('keeps a comment that swallows a continued line exactly as pfctl reads it', () => {
    // pfctl removes backslash-newline first: `to any` is part of the comment.
    const text = 'pass in on em0 \\\n    from any # note \\\n    to any\n';
    const formatted = format(text);
    expect(formatted).toBe(lines('pass in on em0 from any # note \\', '    to any'));
    expect(meaning(formatted, 'freebsd')).toBe(meaning(text, 'freebsd'));
    expect(format(formatted)).toBe(formatted);
  });

  it('keeps a comment that a `\\` joins to the statement on its own line, with the `\\`', () => {
    // pfctl removes backslash-newline first: each comment is on its statement's line, and `# note \` swallows `on em0 all`.
    const text = 'pass in all \\\n# why\npass in \\\n  # note \\\n    on em0 all\ntable <t> { 10.0.0.1 \\\n# first\n 10.0.0.2 }\n';
    const formatted = format(text);
    expect(formatted).toBe(
      lines('pass in all \\', '    # why', 'pass in \\', '    # note \\', '    on em0 all', 'table <t> { 10.0.0.1 \\', '    # first', '    10.0.0.2 }'),
    );
    expect(checkGuarantees(text, 'freebsd')).toBe(formatted);
  });

  it('keeps a comment that a `\\` joins to a word it must keep touching on its own line, the `\\` and the comment touching the word', () => {
    // pfctl removes backslash-newline first: `80\` + newline + `# web` is `80# web`, where `80` is a word; a blank
    // before the `\\` or before the `#` would make it a number.
    const cases: [string, string][] = [
      ['pass in proto tcp to port 80\\\n# web\n', lines('pass in proto tcp to port 80\\', '# web')],
      ['pass in proto tcp to port 80\\\n\\\n# web \\\nand more\n', lines('pass in proto tcp to port 80\\', '# web \\', 'and more')],
      ['pass  to  port 1000<>2000\\\n# range\n', lines('pass to port 1000<>2000\\', '# range')],
      ['pass to port { 22  80\\\n# web\n  443 }\n', lines('pass to port { 22, 80\\', '# web', '    443 }')],
      ['http = "80"\npass to port $http\\\n# web\n', lines('http = "80"', 'pass to port $http\\', '# web')],
      ['anchor "a" {\n  pass to port 80\\\n# web\n}\n', lines('anchor "a" {', '    pass to port 80\\', '# web', '}')],
    ];
    for (const [text, expected] of cases) {
      expect(format(text)).toBe(expected);
      expect(checkGuarantees(text, 'freebsd')).toBe(expected);
      expect(checkGuarantees(text, 'openbsd', {}, { maxLineLength: 20 })).toBeDefined();
    }
    // A word, a quoted string or a number that a blank does not change is joined as usual.
    const apart = 'pass to port www\\\n# web\npass label "x"\\\n# why\npass to port 80 \\\n# web\n';
    expect(format(apart)).toBe(lines('pass to port www \\', '    # web', 'pass label "x" \\', '    # why', 'pass to port 80 \\', '    # web'));
    expect(checkGuarantees(apart, 'freebsd')).toBe(format(apart));
  });

  it('keeps a comment touching an all-digit word inside a brace list, and an escaped `#` becomes a plain one', () => {
    // `80\\#` is `80#` to pfctl: a backslash before anything but a newline gives that character.
    const text = 'pass to port { 80# web\n443 }\npass to port 80\\# web\n';
    const formatted = format(text);
    expect(formatted).toBe(lines('pass to port { 80# web', '    443 }', 'pass to port 80# web'));
    expect(checkGuarantees(text, 'freebsd')).toBe(formatted);
  });

  it('does not trim blanks that keep a comment from ending in a backslash', () => {
    const text = 'pass # a \\  \nblock\n';
    expect(format(text)).toBe(text);
  });
});

describe('pf formatter: anchors', () => {
  it('indents inline anchor bodies, nested ones deeper', () => {
    expect(format('anchor "a" in on em0 {\npass in all\n# c\nanchor "b" {\nblock\n}\n}\n')).toBe(
      lines('anchor "a" in on em0 {', '    pass in all', '    # c', '    anchor "b" {', '        block', '    }', '}'),
    );
  });

  it('drops blank lines right inside the braces', () => {
    expect(format('anchor "a" {\n\npass\n\n}\n')).toBe(lines('anchor "a" {', '    pass', '}'));
  });

  it('does not take a list after `on` for a body', () => {
    expect(format('anchor "a" on { em0 em1 }\n')).toBe(lines('anchor "a" on { em0, em1 }'));
  });
});

describe('pf formatter: refusal', () => {
  it('refuses a file with a syntax error and names it', () => {
    const result = formatPf('pf.conf', 'pass in\npass frm any\n', OPTIONS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ ruleId: 'syntax-error', range: { file: 'pf.conf', start: { line: 2 } } });
  });

  it('formats a file whose includes cannot be read (it does not follow them)', () => {
    expect(format('include   "/etc/pf.other"\npass\n')).toBe(lines('include "/etc/pf.other"', 'pass'));
  });

  it('refuses a file with carriage returns (pfctl reads them as stray characters)', () => {
    const result = formatPf('pf.conf', 'pass in\r\n', OPTIONS);
    expect(result.ok).toBe(false);
  });

  it('formats a line with an undefined macro as written', () => {
    expect(format('pass   on $nope\n')).toBe(lines('pass on $nope'));
  });

  it('returns an empty text for an empty file', () => {
    expect(format('')).toBe('');
    expect(format('\n\n  \n')).toBe('');
  });
});

describe('pf formatter: range', () => {
  const text = 'a=1\npass   in\n\n\n\nblock    out\nmatch   in\n';

  it('formats only the statements the range touches', () => {
    const start = text.indexOf('block');
    expect(format(text, { range: { start, end: start + 3 } })).toBe('a=1\npass   in\n\n\n\nblock out\nmatch   in\n');
  });

  it('normalises the gap between two formatted statements', () => {
    expect(format(text, { range: { start: text.indexOf('in'), end: text.indexOf('out') } })).toBe(
      'a=1\npass in\n\nblock out\nmatch   in\n',
    );
  });

  it('treats an empty range as the statement around the cursor', () => {
    const at = text.indexOf('match') + 2;
    expect(format(text, { range: { start: at, end: at } })).toBe('a=1\npass   in\n\n\n\nblock    out\nmatch in\n');
  });

  it('formats a statement with a glued continued comment as the whole-file formatting does', () => {
    const glued = 'pass   in\npass  in proto tcp  to port 80\\\n# web\nblock   out\n';
    const start = glued.indexOf('proto');
    expect(format(glued, { range: { start, end: start } })).toBe('pass   in\npass in proto tcp to port 80\\\n# web\nblock   out\n');
  });

  it('changes nothing in a formatted file', () => {
    const formatted = format(text);
    expect(format(formatted, { range: { start: 0, end: formatted.length } })).toBe(formatted);
    expect(format(formatted, { range: { start: 5, end: 9 } })).toBe(formatted);
  });
});
