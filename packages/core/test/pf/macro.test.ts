import { describe, expect, it } from 'vitest';
import type { FilterRule, HostSpec, MacroDefinition, Statement } from '../../src/pf/syntax.js';
import { parse, where } from './parser-helpers.js';

function statements(text: string, macros?: Record<string, string>): readonly Statement[] {
  const result = parse(text, macros ? { macros } : {});
  expect(result.findings).toEqual([]);
  return result.tree.statements;
}

function lastRule(text: string, macros?: Record<string, string>): FilterRule {
  const all = statements(text, macros);
  const rule = all[all.length - 1]!;
  expect(rule.kind).toBe('filter-rule');
  return rule as FilterRule;
}

function hostTexts(spec: HostSpec | undefined): string[] {
  if (!spec) return [];
  if (spec.kind === 'list') return spec.items.flatMap(hostTexts);
  if (spec.kind === 'address') return [(spec.negated ? '!' : '') + spec.address.text + (spec.prefixLength ? `/${spec.prefixLength.text}` : '')];
  if (spec.kind === 'dynamic') return [`(${spec.interface.text})`];
  return [spec.kind];
}

/** The texts of a rule's `from` or `to` hosts; none for a rule without them. */
function sideTexts(rule: FilterRule, side: 'from' | 'to'): string[] {
  return hostTexts(rule.hosts?.kind === 'from-to' ? rule.hosts[side]?.hosts : undefined);
}

describe('macro definitions', () => {
  it('join their values with single spaces and drop the quotes', () => {
    const [definition] = statements('ports = "{ 22,  80 }" 443 \'www\'') as MacroDefinition[];
    expect(definition!.name.text).toBe('ports');
    expect(definition!.value).toBe('{ 22,  80 } 443 www');
    expect(definition!.values.map((value) => value.kind)).toEqual(['quoted', 'number', 'quoted']);
  });

  it('expand macros used on the right-hand side when they are defined', () => {
    const [, , both] = statements('a = "10.0.0.1"\nb = "10.0.0.2"\nboth = "{" $a $b "}"') as MacroDefinition[];
    expect(both!.value).toBe('{ 10.0.0.1 10.0.0.2 }');
  });

  it('reject punctuation on the right-hand side unless quoted', () => {
    expect(where(parse('net = 192.0.2.0/24'))).toEqual(['pf.conf:1:16 syntax-error']);
    expect(where(parse('inner = "192.0.2.0/24"\nouter = "{" $inner "}"'))).toEqual(['pf.conf:2:13 syntax-error']);
  });

  it('accept the FreeBSD double-quoting workaround for nested values with punctuation', () => {
    const all = statements('inner = "\'192.0.2.0/24\'"\nouter = "{" $inner "}"');
    expect((all[1] as MacroDefinition).value).toBe('{ 192.0.2.0/24 }');
  });

  it('cannot be named by a keyword', () => {
    expect(where(parse('pass = "x"'))).toEqual(['pf.conf:1:6 syntax-error']);
  });
});

describe('macro expansion', () => {
  it('re-lexes the value in place, so a macro can hold a list, keywords or most of a rule', () => {
    const rule = lastRule('ifs = "{ em0 em1 }"\nwhat = "in quick on"\npass $what $ifs');
    expect(rule.direction?.text).toBe('in');
    expect(rule.quick?.text).toBe('quick');
    expect(rule.on?.kind === 'on' && rule.on.interfaces.kind).toBe('list');
  });

  it('gives expanded tokens the range of the $name use and records the macro', () => {
    const rule = lastRule('ext_if = "em0"\n\npass in on $ext_if');
    const on = rule.on!;
    if (on.kind !== 'on' || on.interfaces.kind !== 'interface') throw new Error('expected one interface');
    const name = on.interfaces.name;
    expect(name.text).toBe('em0');
    expect(name.macro?.name).toBe('ext_if');
    expect(name.range.start).toMatchObject({ line: 3, column: 12 });
    expect(name.range.end).toMatchObject({ line: 3, column: 19 });
    expect(name.macro?.use).toEqual(name.range);
  });

  it('never expands inside quotes', () => {
    const rule = lastRule('x = "y"\npass label "$x and $srcaddr"');
    const label = rule.options[0]!;
    expect(label.kind === 'keyword' && label.values[0]!.text).toBe('$x and $srcaddr');
  });

  it('does not expand $ in text that came from a macro', () => {
    const result = parse("a = '$b'\nb = \"em0\"\npass on $a");
    expect(where(result)).toEqual(['pf.conf:3:9 syntax-error']);
  });

  it.each([
    ['goes on after the macro (interface modifiers)', 'ext_if = "em0"\npass from $ext_if:network to ($ext_if:0)', ['em0:network'], ['(em0:0)']],
    // pfctl joins continuation lines before lexing, so the word goes on across them too.
    ['goes on across a continuation line before the modifier', 'x = "em0"\npass from $x\\\n:network to any', ['em0:network'], ['any']],
    ['goes on across continuation lines inside the modifier', 'x = "em0"\npass from $x:net\\\nwork to ($x\\\n:0)', ['em0:network'], ['(em0:0)']],
    ['ends at a blank after a continuation line', 'x = "em0"\npass from $x\\\n to any', ['em0'], ['any']],
  ])('the word of a macro use %s', (_, text, from, to) => {
    const rule = lastRule(text);
    expect(sideTexts(rule, 'from')).toEqual(from);
    expect(sideTexts(rule, 'to')).toEqual(to);
  });

  it.each([
    ['before a comment', 'pass in all rtable $t# note', 'pass in all rtable 5# note'],
    ['before a comment on the continuation line', 'pass in all rtable $t\\\n# note', 'pass in all rtable 5\\\n# note'],
    ['before a blank', 'pass in all rtable $t # note', 'pass in all rtable 5 # note'],
    ['before a port range operator', 'pass in proto tcp to port $t<>9', 'pass in proto tcp to port 5<>9'],
    ['before a parenthesis', 'pass in all rtable $t(', 'pass in all rtable 5('],
  ])('reads a number a macro ends with as the same text in the file would be read, %s', (_, withMacro, written) => {
    const expanded = parse(`t = "5"\n${withMacro}\n`);
    const literal = parse(`t = "5"\n${written}\n`);
    expect(where(expanded)).toEqual(where(literal));
    expect(expanded.tree.statements.map((statement) => statement.kind)).toEqual(literal.tree.statements.map((statement) => statement.kind));
  });

  it.each([
    ['on the same line', 'x = "em0"\npass from $x:network to any', { line: 2, column: 21 }],
    ['across a continuation line', 'x = "em0"\npass from $x\\\n:network to any', { line: 3, column: 9 }],
  ])('gives the word a macro use goes on with the range from `$name` to the end of the word, %s', (_, text, end) => {
    const rule = lastRule(text);
    const from = rule.hosts?.kind === 'from-to' ? rule.hosts.from?.hosts : undefined;
    expect(from?.kind).toBe('address');
    if (from?.kind === 'address') expect(from.address.range).toMatchObject({ start: { line: 2, column: 11 }, end });
  });

  it('does not define a macro whose definition stands inside an anchor body (pfctl rejects it there)', () => {
    const result = parse('anchor "a" {\nm = "em0"\n}\npass on $m\n');
    expect(where(result)).toEqual(['pf.conf:2:1 syntax-error', 'pf.conf:4:9 undefined-macro']);
  });

  it('uses the latest definition', () => {
    const rule = lastRule('h = "10.0.0.1"\nh = "10.0.0.2"\npass to $h');
    expect(sideTexts(rule, 'to')).toEqual(['10.0.0.2']);
  });

  it('lets -D macros win over definitions in the file', () => {
    const all = statements('h = "10.0.0.1"\npass to $h', { h: '192.0.2.9' });
    expect((all[0] as MacroDefinition).overridden).toBe(true);
    const rule = all[1] as FilterRule;
    expect(sideTexts(rule, 'to')).toEqual(['192.0.2.9']);
  });

  it('reports an undefined macro with pfctl\'s message and drops the line', () => {
    const result = parse('pass\npass on $nope from any\nblock');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      ruleId: 'undefined-macro',
      message: "macro 'nope' not defined",
      range: { start: { line: 2, column: 9 }, end: { line: 2, column: 14 } },
    });
    expect(result.tree.statements.map((statement) => statement.kind)).toEqual(['filter-rule', 'filter-rule']);
  });

  it('needs the definition before the use', () => {
    expect(where(parse('pass on $late\nlate = "em0"'))).toEqual(['pf.conf:1:9 undefined-macro']);
  });

  it('treats a bare $ as the empty macro name', () => {
    expect(parse('pass on $ em0').findings[0]?.message).toBe("macro '' not defined");
  });
});
