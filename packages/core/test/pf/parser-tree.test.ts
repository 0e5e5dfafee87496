import { describe, expect, it } from 'vitest';
import type {
  AnchorRule,
  EtherRule,
  FilterRule,
  QueueDefinition,
  SetStatement,
  TableDefinition,
  TranslationRule,
} from '../../src/pf/syntax.js';
import { parsePfConf, sharedPfParser } from '../../src/pf/parse.js';
import { only, parse, where } from './parser-helpers.js';

describe('syntax tree', () => {
  it('keeps every part of a filter rule in pfctl order', () => {
    const rule = only(
      'block return in log (all, to pflog1) quick on ! em0 inet proto { tcp udp } from ! 10.0.0.0/8 port > 1023 to <t> port { 22, 80 >< 90 } flags S/SA keep state (max 10) label "x" ! tagged T',
    ) as FilterRule;
    expect(rule.action).toMatchObject({ type: 'block', blockReturn: { type: 'return', codes: [] } });
    expect(rule.direction?.text).toBe('in');
    expect(rule.log?.options.map((option) => [option.name.text, option.value?.text])).toEqual([
      ['all', undefined],
      ['to', 'pflog1'],
    ]);
    expect(rule.quick?.text).toBe('quick');
    expect(rule.on).toMatchObject({ kind: 'on', interfaces: { kind: 'interface', negated: true, name: { text: 'em0' } } });
    expect(rule.addressFamily?.text).toBe('inet');
    expect(rule.protocols).toMatchObject({ kind: 'list', items: [{ text: 'tcp' }, { text: 'udp' }] });
    expect(rule.hosts).toMatchObject({
      kind: 'from-to',
      from: {
        hosts: { kind: 'address', negated: true, address: { text: '10.0.0.0' }, prefixLength: { text: '8' } },
        ports: { kind: 'unary', operator: '>', value: { text: '1023', kind: 'number' } },
      },
      to: {
        hosts: { kind: 'table', negated: false, name: { text: 't' } },
        ports: {
          kind: 'list',
          items: [
            { kind: 'unary', value: { text: '22' } },
            { kind: 'binary', operator: '><', low: { text: '80' }, high: { text: '90' } },
          ],
        },
      },
    });
    expect(rule.options.map((option) => option.kind)).toEqual(['flags', 'state', 'keyword', 'keyword']);
    expect(rule.options[0]).toMatchObject({ set: { text: 'S' }, mask: { text: 'SA' } });
    expect(rule.options[1]).toMatchObject({ mode: 'keep', parenthesised: true, options: [{ kind: 'limit', value: { text: '10' } }] });
    expect(rule.options[3]).toMatchObject({ name: { text: 'tagged' }, negated: true, values: [{ text: 'T' }] });
  });

  it('gives nodes exact ranges, across continuation lines', () => {
    const { tree } = parse('\n  pass in \\\n    on em0   # c\n');
    const rule = tree.statements[0] as FilterRule;
    expect(rule.range.start).toEqual({ line: 2, column: 3, offset: 3 });
    expect(rule.range.end).toEqual({ line: 3, column: 11, offset: 23 });
    expect(rule.on?.range.start).toMatchObject({ line: 3, column: 5 });
  });

  it('gives a node of one token the range object of its atom, and nodes of more tokens their own', () => {
    const rule = only('pass in on em0 from any to 192.0.2.1 port 80') as FilterRule;
    const to = rule.hosts?.kind === 'from-to' ? rule.hosts.to : undefined;
    const port = to?.ports?.kind === 'unary' ? to.ports : undefined;
    const host = to?.hosts?.kind === 'address' ? to.hosts : undefined;
    expect(port).toBeDefined();
    expect(port?.range).toBe(port?.value.range);
    expect(host?.range).toBe(host?.address.range);
    expect(to?.range).not.toBe(host?.range);
    expect([to?.range.start.offset, to?.range.end.offset]).toEqual([27, 44]);
    expect([host?.range.start.offset, host?.range.end.offset]).toEqual([27, 36]);
  });

  it('lets go of the last range it shared once the next statement starts, so the shared parser keeps no earlier file alive', () => {
    parsePfConf('pass in on em0 from any to 192.0.2.1 port 80\n', { file: '/a.conf' });
    parsePfConf('foo bar\n', { file: '/b.conf' });
    expect(sharedPfParser()).toHaveProperty('lastRange', undefined);
  });

  it('leaves blank lines recoverable from statement ranges', () => {
    const { tree } = parse('pass\n\n\nblock\n');
    expect(tree.statements.map((statement) => statement.range.start.line)).toEqual([1, 4]);
  });

  it('keeps atoms as written: quoted values unquoted, raw kept', () => {
    const rule = only('pass label "say \\"hi\\""') as FilterRule;
    expect(rule.options[0]).toMatchObject({ values: [{ kind: 'quoted', text: 'say "hi"', raw: '"say \\"hi\\""' }] });
    // A label takes one string: a second one is a syntax error in pfctl.
    expect(where(parse("pass label 'it''s'"))).toEqual(['pf.conf:1:16 syntax-error']);
    const strings = only('pass on "em0"') as FilterRule;
    expect(strings.on).toMatchObject({ interfaces: { name: { kind: 'quoted', text: 'em0', raw: '"em0"' } } });
  });

  it('reads translation rules with pool options', () => {
    const rule = only(
      'nat pass log on em0 inet proto tcp from 10.0.0.0/8 to any tag T rtable 1 -> { 192.0.2.1, (em1) } port 1024:65535 round-robin sticky-address',
    ) as TranslationRule;
    expect(rule).toMatchObject({ type: 'nat', pass: { text: 'pass' }, log: { kind: 'log' } });
    expect(rule.options.map((option) => option.kind === 'keyword' && option.name.text)).toEqual(['tag', 'rtable']);
    expect(rule.redirection).toMatchObject({
      targets: { kind: 'list', items: [{ kind: 'address' }, { kind: 'dynamic', interface: { text: 'em1' } }] },
      port: { text: '1024:65535' },
    });
    expect(rule.pool.map((option) => option.name.text)).toEqual(['round-robin', 'sticky-address']);
  });

  it('reads binat with its mandatory from', () => {
    const rule = only('binat on em0 from 10.0.0.1 to any -> 192.0.2.1') as TranslationRule;
    expect(rule.hosts).toMatchObject({ kind: 'from-to', from: { hosts: { kind: 'address' } }, to: { hosts: { kind: 'any' } } });
    expect(where(parse('binat on em0 to any -> 192.0.2.1'))).toEqual(['pf.conf:1:14 syntax-error']);
  });

  it('reads table options in order', () => {
    const table = only('table <t> persist counters file "/a" { 10/8 !192.0.2.1 } file "/b"') as TableDefinition;
    expect(table.name.text).toBe('t');
    expect(table.options.map((option) => option.kind)).toEqual(['flag', 'flag', 'file', 'entries', 'file']);
  });

  it('reads set timeout lists', () => {
    const set = only('set timeout { tcp.first 10, interval 5 }') as SetStatement;
    if (set.option !== 'timeout') throw new Error('expected timeout');
    expect(set.braced).toBe(true);
    expect(set.entries.map((entry) => [entry.name.text, entry.value.text])).toEqual([
      ['tcp.first', '10'],
      ['interval', '5'],
    ]);
  });

  it('collects inline anchor bodies, nested, with the closing brace in the range', () => {
    const { tree, findings } = parse('anchor "a" in {\n  pass\n  anchor {\n    block\n  }\n}\npass out\n');
    expect(findings).toEqual([]);
    expect(tree.statements.map((statement) => statement.kind)).toEqual(['anchor', 'filter-rule']);
    const outer = tree.statements[0] as AnchorRule;
    expect(outer.range.end).toMatchObject({ line: 6, column: 2 });
    expect(outer.body?.range.start).toMatchObject({ line: 1, column: 15 });
    const inner = outer.body!.statements[1] as AnchorRule;
    expect(inner.name).toBeUndefined();
    expect(inner.body?.statements.map((statement) => statement.kind)).toEqual(['filter-rule']);
  });

  it('reads a newline-separated host list in an anchor head as a list, not a body', () => {
    const anchor = only('anchor "x" from {\n 10.0.0.1\n 10.0.0.2 }') as AnchorRule;
    expect(anchor.body).toBeUndefined();
    expect(anchor.hosts).toMatchObject({ from: { hosts: { kind: 'list' } } });
  });

  it('reads ALTQ queues with scheduler options', () => {
    const queue = only('queue q on em0 bandwidth 10% priority 2 hfsc(linkshare (10Mb 5 20Mb), red) { a b }') as QueueDefinition;
    expect(queue.interfaces).toMatchObject({ kind: 'interface', name: { text: 'em0' } });
    expect(queue.children).toMatchObject({ kind: 'list', items: [{ text: 'a' }, { text: 'b' }] });
    const scheduler = queue.options[2]!;
    expect('options' in scheduler && scheduler.options.map((option) => [option.name.text, option.values.map((value) => value.text)])).toEqual([
      ['linkshare', ['10Mb', '5', '20Mb']],
      ['red', []],
    ]);
  });

  it('reads OpenBSD queues with a parent', () => {
    const queue = only('queue std parent root bandwidth 10M default', 'openbsd') as QueueDefinition;
    expect(queue.parent?.text).toBe('root');
  });

  it('reads ether rules with layer-3 hosts', () => {
    const rule = only('ether block out on igb0 to ! 00:01:02:03:04:05 l3 from 10.0.0.1') as EtherRule;
    expect(rule.type).toBe('block');
    expect(rule.hosts).toMatchObject({ kind: 'from-to', to: { negated: true, address: { text: '00:01:02:03:04:05' } } });
    expect(rule.l3).toMatchObject({ kind: 'from-to', from: { hosts: { kind: 'address' } } });
  });

  it('reads FreeBSD route-to in its position before the address family', () => {
    const rule = only('pass in on em0 route-to (em1 192.0.2.1) inet from any') as FilterRule;
    expect(rule.route).toMatchObject({
      type: 'route-to',
      targets: { kind: 'route-interface', interface: { text: 'em1' }, nextHop: { kind: 'address' } },
    });
  });

  it('reads OpenBSD route-to as a trailing option with host targets', () => {
    const rule = only('pass out inet from any route-to 192.0.2.1', 'openbsd') as FilterRule;
    expect(rule.route).toBeUndefined();
    expect(rule.options[0]).toMatchObject({ kind: 'route', targets: { kind: 'address', address: { text: '192.0.2.1' } } });
  });
});

describe('error recovery', () => {
  it('reports one finding per bad statement and keeps the good ones', () => {
    const result = parse('pass in\npass bogus here\nblock\nblock in on\npass out\n');
    expect(where(result)).toEqual(['pf.conf:2:6 syntax-error', 'pf.conf:4:12 syntax-error']);
    expect(result.tree.statements.map((statement) => statement.range.start.line)).toEqual([1, 3, 5]);
  });

  it('reports the line of the newline when a statement ends too early', () => {
    expect(where(parse('pass in on\n'))).toEqual(['pf.conf:1:11 syntax-error']);
  });

  it('handles a last line without a newline', () => {
    expect(where(parse('pass\nblock in on'))).toEqual(['pf.conf:2:12 syntax-error']);
  });

  it('recovers inside an inline anchor body and keeps the rest of the body', () => {
    const result = parse('anchor "a" {\n  pass\n  pass nonsense\n  block\n}\npass\n');
    expect(where(result)).toEqual(['pf.conf:3:8 syntax-error']);
    const anchor = result.tree.statements[0] as AnchorRule;
    expect(anchor.body?.statements).toHaveLength(2);
    expect(result.tree.statements).toHaveLength(2);
  });

  it('rejects statements that do not belong in an anchor body, saying what may stand there', () => {
    const result = parse('anchor "a" {\n  set skip on lo0\n  nat on em0 from any to any -> 192.0.2.1\n  pass\n}\n');
    expect(where(result)).toEqual(['pf.conf:2:3 syntax-error', 'pf.conf:3:3 syntax-error']);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      "syntax error: an anchor's braces hold only filter rules and anchors: move this option to the top level",
      "syntax error: an anchor's braces hold only filter rules and anchors: move this translation rule to the top level",
    ]);
    expect((result.tree.statements[0] as AnchorRule).body?.statements.map((statement) => statement.kind)).toEqual(['filter-rule']);
    const ether = parse('ether anchor "e" {\n  pass in\n  ether pass in\n}\n');
    expect(ether.findings.map((finding) => `${finding.range.start.line} ${finding.message}`)).toEqual([
      "2 syntax error: an ether anchor's braces hold only ether rules and ether anchors",
    ]);
  });

  it('takes a table or an include inside an anchor body in the OpenBSD dialect only, and says so in the FreeBSD one', () => {
    const text = 'anchor "a" {\n  table <t> { 192.0.2.1 }\n  include "sub.conf"\n  pass from <t>\n}\n';
    const files = { 'sub.conf': 'block\n' };
    const freebsd = parse(text, { files });
    expect(freebsd.findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column} ${finding.message}`)).toEqual([
      "2:3 syntax error: FreeBSD's pfctl up to 14 takes no table definition inside an anchor's braces (OpenBSD's and newer FreeBSD's do): define the table at the top level",
      "3:3 syntax error: FreeBSD's pfctl up to 14 takes no include inside an anchor's braces (OpenBSD's and newer FreeBSD's do): write the file's rules inside the braces, or drop the braces and load the file with `load anchor`",
    ]);
    const openbsd = parse(text, { files, dialect: 'openbsd' });
    expect(openbsd.findings).toEqual([]);
    expect((openbsd.tree.statements[0] as AnchorRule).body?.statements.map((statement) => statement.kind)).toEqual(['table', 'include', 'filter-rule']);
  });

  it('reports an anchor body left open at the end of the file', () => {
    const result = parse('anchor "a" {\n  pass\n');
    expect(where(result)).toEqual(['pf.conf:3:1 syntax-error']);
    expect(result.tree.statements).toHaveLength(1);
  });

  it('reports a closing brace without an anchor', () => {
    expect(where(parse('pass\n}\n'))).toEqual(['pf.conf:2:1 syntax-error']);
  });

  it('requires a newline after an anchor body brace', () => {
    expect(where(parse('anchor "a" { pass }\n'))).toEqual(['pf.conf:1:14 syntax-error']);
  });

  it('never throws on garbage', () => {
    for (const text of ['{{{{', '}}}}', '((((', '"', "'", '\\', '$', '<<>>', '-> -> ->', '\u0000\u00ff', 'anchor {\n']) {
      expect(() => parse(text)).not.toThrow();
      expect(() => parse(text, { dialect: 'openbsd' })).not.toThrow();
    }
  });
});
