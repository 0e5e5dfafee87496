import { describe, expect, it } from 'vitest';
import { parseRcConf } from '../../src/rcconf/parser.js';
import { RcVariables } from '../../src/rcconf/variables.js';

function variables(text: string, file = 'rc.conf'): RcVariables {
  return new RcVariables([parseRcConf(file, text)]);
}

function at(range: { start: { line: number; column: number }; end: { line: number; column: number } }): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

describe('rc.conf syntax', () => {
  it('reads double-quoted, single-quoted and unquoted values', () => {
    const rc = variables(`a="x y"\nb='$a z'\nc=plain\nd=\n`);
    expect(rc.text('a')).toBe('x y');
    expect(rc.text('b')).toBe('$a z');
    expect(rc.text('c')).toBe('plain');
    expect(rc.text('d')).toBe('');
    expect(rc.get('e')).toBeUndefined();
    expect(rc.findings).toEqual([]);
  });

  it('keeps comments with their ranges and treats # inside a word as text', () => {
    const file = parseRcConf('rc.conf', '# header\na=b#c\nd=e #tail\n');
    expect(file.comments.map((comment) => [comment.text, at(comment.range)])).toEqual([
      ['# header', '1:1-1:9'],
      ['#tail', '3:5-3:10'],
    ]);
    const rc = new RcVariables([file]);
    expect(rc.text('a')).toBe('b#c');
    expect(rc.text('d')).toBe('e');
  });

  it('reads several assignments on one line and after a semicolon', () => {
    const rc = variables('a=1 b=2; c=3\n');
    expect([rc.text('a'), rc.text('b'), rc.text('c')]).toEqual(['1', '2', '3']);
  });

  it('joins backslash-newline continuations outside quotes and inside double quotes', () => {
    const rc = variables('a=one\\\ntwo\nb="x \\\ny"\nc=\'p\\\nq\'\n');
    expect(rc.text('a')).toBe('onetwo');
    expect(rc.text('b')).toBe('x y');
    // Single quotes keep the backslash and the newline.
    expect(rc.text('c')).toBe('p\\\nq');
  });

  it('takes an escaped backslash before a newline for no continuation: a # on the next line starts a comment', () => {
    const file = parseRcConf('rc.conf', 'a=x\\\\\n#b=2\nc=y\\\n#d\n');
    // `\\` is a backslash; the newline after it ends the line, so `#b=2` is a comment. `\` + newline joins `#d` to `y`.
    expect(file.comments.map((comment) => comment.text)).toEqual(['#b=2']);
    const rc = new RcVariables([file]);
    expect([rc.text('a'), rc.get('b'), rc.text('c')]).toEqual(['x\\', undefined, 'y#d']);
  });

  it('reads a multi-line double-quoted value and splits it into words with their own lines (seed 001)', () => {
    const rc = variables('cloned_interfaces="\nbridge0\nbridge1\nepair0\n"\n');
    const words = rc.words('cloned_interfaces');
    expect(words.map((word) => [word.text, at(word.range)])).toEqual([
      ['bridge0', '2:1-2:8'],
      ['bridge1', '3:1-3:8'],
      ['epair0', '4:1-4:7'],
    ]);
  });

  it('expands ${var} and $var from earlier assignments; the expanded word points at the reference', () => {
    const rc = variables('net=10.0.0\nifconfig_em0="inet ${net}.1/24 mtu $mtu"\n');
    expect(rc.text('ifconfig_em0')).toBe('inet 10.0.0.1/24 mtu ');
    const [, address] = rc.words('ifconfig_em0');
    expect(address!.text).toBe('10.0.0.1/24');
    expect(at(address!.range)).toBe('2:20-2:31');
  });

  it('keeps backticks and $(...) opaque and reports them as not statically known', () => {
    const rc = variables('defaultrouter=`/bin/cat /etc/gateway`\nifconfig_inic="`/bin/cat /etc/inic` vlanhwtag 2222"\nh=$(hostname -s)\n');
    expect(rc.text('defaultrouter')).toBe('`/bin/cat /etc/gateway`');
    expect(rc.get('defaultrouter')!.value.dynamic).toBe(true);
    const words = rc.words('ifconfig_inic');
    expect(words.map((word) => [word.text, word.dynamic])).toEqual([
      ['`/bin/cat /etc/inic`', true],
      ['vlanhwtag', false],
      ['2222', false],
    ]);
    const dynamic = rc.findings.filter((finding) => finding.ruleId === 'dynamic-value');
    expect(dynamic.map((finding) => [finding.severity, at(finding.range)])).toEqual([
      ['info', '1:15-1:38'],
      ['info', '2:15-2:52'],
      ['info', '3:3-3:17'],
    ]);
    expect(dynamic[0]!.message).toContain('cannot be known statically');
  });

  it('lets the last assignment win and warns at the repeat, pointing back at the first', () => {
    const rc = variables('gateway_enable="NO"\ngateway_enable="YES"\n');
    expect(rc.isYes('gateway_enable')).toBe(true);
    expect(rc.findings).toHaveLength(1);
    const [finding] = rc.findings;
    expect(finding!.ruleId).toBe('repeated-assignment');
    expect(finding!.severity).toBe('warning');
    expect(at(finding!.range)).toBe('2:1-2:15');
    expect(at(finding!.related![0]!.range)).toBe('1:1-1:20');
  });

  it('reports an override from a later file (rc.conf.local) only as info', () => {
    const rc = new RcVariables([parseRcConf('rc.conf', 'a=1\n'), parseRcConf('rc.conf.local', 'a=2\n')]);
    expect(rc.text('a')).toBe('2');
    expect(rc.findings.map((finding) => [finding.ruleId, finding.severity, finding.range.file])).toEqual([['repeated-assignment', 'info', 'rc.conf.local']]);
  });

  it('reports a pasted sysrc command and an ifconfig command as not assignments, and keeps reading', () => {
    const rc = variables('sysrc ifconfig_em0="DHCP"\nifconfig bridge0 name xbridge\nafter=1\n');
    expect(rc.text('after')).toBe('1');
    expect(rc.get('ifconfig_em0')).toBeUndefined();
    expect(rc.findings.map((finding) => [finding.ruleId, finding.severity, at(finding.range)])).toEqual([
      ['not-an-assignment', 'warning', '1:1-1:26'],
      ['not-an-assignment', 'warning', '2:1-2:30'],
    ]);
    expect(rc.findings[0]!.message).toContain('sysrc');
  });

  it('names the variable rc reads when an interface name with . - / + was written into a variable name', () => {
    const rc = variables('ifconfig_em0.101="inet 10.1.0.1/24"\nifconfig_lagg0-1_ipv6="inet6 -ifdisabled"\nhostname="h.example.org"\n');
    expect(rc.get('ifconfig_em0_101')).toBeUndefined();
    expect(rc.findings.map((finding) => [finding.ruleId, at(finding.range), finding.message.match(/under `(\w+)`/)?.[1], finding.fixes?.[0]?.edits[0]?.newText])).toEqual([
      ['not-an-assignment', '1:1-1:17', 'ifconfig_em0_101', 'ifconfig_em0_101'],
      ['not-an-assignment', '2:1-2:22', 'ifconfig_lagg0_1_ipv6', 'ifconfig_lagg0_1_ipv6'],
    ]);
    expect(rc.findings[0]!.fixes![0]!.safety).toBe('unsafe');
    // A value with dots is fine; only the name matters.
    expect(variables('ifconfig_em0="inet 10.1.0.1/24"\n').findings).toEqual([]);
  });

  it('reports an unterminated quote as a syntax error instead of throwing', () => {
    const file = parseRcConf('rc.conf', 'a=1\nb="never closed\nc=3\n');
    expect(file.findings.map((finding) => [finding.ruleId, finding.range.start.line])).toEqual([['syntax-error', 2]]);
    expect(new RcVariables([file]).text('a')).toBe('1');
  });

  it('survives arbitrary shell it does not model', () => {
    const text = 'if [ -f /etc/x ]; then\n  . /etc/x\nfi\ncase $a in *) b=1;; esac\nexport PATH\n';
    expect(() => new RcVariables([parseRcConf('rc.conf', text)])).not.toThrow();
  });

  it('keeps every statement with an exact range in the syntax tree', () => {
    const file = parseRcConf('rc.conf', 'hostname="h"  # name\n\nifconfig_em0="inet 192.0.2.1/24"\n');
    expect(file.statements.map((statement) => [statement.kind, at(statement.range)])).toEqual([
      ['assignment', '1:1-1:13'],
      ['assignment', '3:1-3:33'],
    ]);
    const statement = file.statements[1]!;
    if (statement.kind !== 'assignment') throw new Error('expected an assignment');
    expect(at(statement.assignments[0]!.nameRange)).toBe('3:1-3:13');
    expect(at(statement.assignments[0]!.valueRange)).toBe('3:14-3:33');
  });
});
