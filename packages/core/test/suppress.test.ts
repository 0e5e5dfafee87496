import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  applySuppressions,
  disableCommentFix,
  parseSuppressions,
  sourceFile,
  type Finding,
  type SourceFile,
  type SourceLanguage,
} from '@pflint/core';

function file(path: string, lines: readonly string[], language: SourceLanguage = 'pf'): SourceFile {
  return sourceFile(path, language, lines.join('\n') + '\n');
}

/** A finding of `ruleId` at the start of `line` in `source`. */
function at(source: SourceFile, line: number, ruleId = 'fib-out-of-range'): Finding {
  const position = source.lines.position(source.lines.lineStart(line));
  return { ruleId, severity: 'error', message: 'x', range: { file: source.path, start: position, end: position } };
}

function kept(findings: readonly Finding[], sources: readonly SourceFile[]): string[] {
  return applySuppressions(findings, sources).findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`);
}

describe('parseSuppressions', () => {
  it('reads ids with their ranges and the statement on the next line', () => {
    const source = file('pf.conf', ['# pflint disable=fib-out-of-range, missing-reply-to  because reasons', 'pass in rtable 3']);
    const [directive] = parseSuppressions(source);
    expect(directive).toMatchObject({ kind: 'statement', firstLine: 2, lastLine: 2 });
    expect(directive!.rules.map((rule) => [rule.id, rule.range.start.column, rule.range.end.column])).toEqual([
      ['fib-out-of-range', 18, 34],
      ['missing-reply-to', 36, 52],
    ]);
  });

  it('follows backslash continuations to the end of the statement', () => {
    const source = file('pf.conf', ['# pflint disable=a', 'pass in on em0 \\', '  proto tcp \\', '  to port 22', 'pass out']);
    expect(parseSuppressions(source)[0]).toMatchObject({ firstLine: 2, lastLine: 4 });
  });

  it('follows a pf brace list across lines, but not braces in comments', () => {
    const source = file('pf.conf', ['# pflint disable=a', 'pass in on { em0,', '  em1 } # {', 'pass out']);
    expect(parseSuppressions(source)[0]).toMatchObject({ firstLine: 2, lastLine: 3 });
  });

  it('treats the statements of an anchor body as statements of their own', () => {
    const source = file('pf.conf', ['# pflint disable=a', 'anchor "web" in on em0 {', '  # pflint disable=b', '  pass in', '}']);
    expect(parseSuppressions(source).map((d) => [d.firstLine, d.lastLine])).toEqual([
      [2, 2],
      [4, 4],
    ]);
  });

  it('follows an rc.conf value whose quotes span lines', () => {
    const source = file('rc.conf', ['# pflint disable=a', 'jail_list="one', 'two \\"q\\" three"', 'x=1'], 'rcconf');
    expect(parseSuppressions(source)[0]).toMatchObject({ firstLine: 2, lastLine: 3 });
  });

  it('skips blank lines and stacked comments to reach the statement', () => {
    const source = file('pf.conf', ['# pflint disable=a', '# pflint disable=b', '', '# why', 'pass']);
    expect(parseSuppressions(source).map((d) => [d.firstLine, d.lastLine])).toEqual([
      [5, 5],
      [5, 5],
    ]);
  });

  it('covers nothing when no statement follows', () => {
    expect(parseSuppressions(file('pf.conf', ['pass', '# pflint disable=a']))[0]).toMatchObject({ firstLine: 0, lastLine: -1 });
  });

  it('reads XML comments, covering the element start tag across lines', () => {
    const source = file(
      'router.xml',
      ['<config>', '  <!-- pflint disable-file=route-loop -->', '  <!-- pflint disable=duplicate-route -->', '  <route ip="0.0.0.0/0"', '    gateway="192.0.2.1"/>', '</config>'],
      'firebrick',
    );
    expect(parseSuppressions(source).map((d) => [d.kind, d.rules[0]!.id, d.firstLine, d.lastLine])).toEqual([
      ['file', 'route-loop', 0, -1],
      ['statement', 'duplicate-route', 4, 5],
    ]);
  });

  it('ignores look-alikes: hash comments in XML, trailing comments, other words, JSON files', () => {
    expect(parseSuppressions(file('r.xml', ['# pflint disable=a', '<x/>'], 'firebrick'))).toEqual([]);
    expect(parseSuppressions(file('pf.conf', ['pass # pflint disable=a', 'pass']))).toEqual([]);
    expect(parseSuppressions(file('pf.conf', ['# pflint enable=a', '# pflint disable =', 'pass']))).toEqual([]);
    expect(parseSuppressions(file('c.json', ['# pflint disable=a'], 'json'))).toEqual([]);
  });
});

describe('applySuppressions', () => {
  const pf = file('etc/pf.conf', ['# pflint disable=fib-out-of-range', 'pass in \\', '  rtable 3', 'pass in rtable 4']);

  it('drops a finding anywhere in the covered statement, and only there', () => {
    expect(kept([at(pf, 2), at(pf, 3), at(pf, 4)], [pf])).toEqual(['fib-out-of-range@4']);
  });

  it('keeps findings of other rules on the covered statement', () => {
    expect(kept([at(pf, 2, 'syntax-error')], [pf])).toEqual(['syntax-error@2', 'unused-suppression@1']);
  });

  it('keeps findings in another file with the same lines', () => {
    const other = file('etc/other.conf', ['x', 'pass in rtable 3']);
    expect(kept([at(other, 2), at(pf, 2)], [pf, other])).toEqual(['fib-out-of-range@2']);
  });

  it('drops every finding of a rule in a file with disable-file, wherever the comment is', () => {
    const source = file('pf.conf', ['pass in rtable 3', 'pass in rtable 4', '# pflint disable-file=fib-out-of-range']);
    const result = applySuppressions([at(source, 1), at(source, 2)], [source]);
    expect(result.findings).toEqual([]);
    expect(result.suppressedCount).toBe(2);
  });

  it('reports an unused suppression with a safe fix that deletes the comment line', () => {
    const [unused] = applySuppressions([], [pf]).findings;
    expect(unused).toMatchObject({
      ruleId: 'unused-suppression',
      severity: 'warning',
      message: "Unused suppression: 'fib-out-of-range' raised nothing on the next statement",
      range: { file: 'etc/pf.conf', start: { line: 1, column: 18 }, end: { line: 1, column: 34 } },
    });
    expect(unused!.fixes![0]!.safety).toBe('safe');
    expect(applyEdits(pf.text, unused!.fixes![0]!.edits)).toBe('pass in \\\n  rtable 3\npass in rtable 4\n');
  });

  it('reports only the unused ids of a directive, and the fix keeps the used ones', () => {
    const source = file('pf.conf', ['# pflint disable=no-such-rule,fib-out-of-range', 'pass in rtable 3']);
    const result = applySuppressions([at(source, 2)], [source]);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      "Unused suppression: 'no-such-rule' (no such rule) raised nothing on the next statement",
    ]);
    expect(applyEdits(source.text, result.findings[0]!.fixes![0]!.edits)).toBe('# pflint disable=fib-out-of-range\npass in rtable 3\n');
  });

  it('does not call a suppression unused when its rule is turned off', () => {
    expect(applySuppressions([], [pf], { settings: { 'fib-out-of-range': 'off' } }).findings).toEqual([]);
  });

  it('does not report unused suppressions when unused-suppression is off, and re-levels them otherwise', () => {
    expect(applySuppressions([], [pf], { settings: { 'unused-suppression': 'off' } }).findings).toEqual([]);
    expect(applySuppressions([], [pf], { settings: { 'unused-suppression': 'error' } }).findings[0]!.severity).toBe('error');
  });

  it('reports no unused suppression for a partial host, but still suppresses', () => {
    const result = applySuppressions([at(pf, 2)], [pf, file('x', ['# pflint disable=syntax-error', 'y'])], { reportUnused: false });
    expect(result.findings).toEqual([]);
    expect(result.suppressedCount).toBe(1);
  });

  it('lets disable-file=unused-suppression silence the unused ones', () => {
    const source = file('pf.conf', ['# pflint disable-file=unused-suppression', '# pflint disable=fib-out-of-range', 'pass']);
    expect(applySuppressions([], [source]).findings).toEqual([]);
  });

  it('knows ids raised by front ends that are not registered rules', () => {
    const source = file('rc.conf', ['# pflint disable=rcconf-duplicate,rcconf-other', 'x=1'], 'rcconf');
    const messages = applySuppressions([at(source, 2, 'rcconf-other')], [source]).findings.map((finding) => finding.message);
    expect(messages).toEqual(["Unused suppression: 'rcconf-duplicate' (no such rule) raised nothing on the next statement"]);
  });
});

describe('suppressions on arbitrary input', () => {
  it('never throw, and directives cover lines after themselves', () => {
    const line = fc.oneof(fc.constantFrom('# pflint disable=a,b', '# pflint disable-file=c', 'pass \\', 'x="', '{', '}', ''), fc.string());
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('pf', 'rcconf', 'firebrick'), (lines, language) => {
        const source = sourceFile('f', language as SourceLanguage, lines.join('\n'));
        for (const directive of parseSuppressions(source)) {
          if (directive.kind === 'statement' && directive.firstLine > 0) {
            expect(directive.firstLine).toBeGreaterThan(directive.line.start.line);
            expect(directive.lastLine).toBeGreaterThanOrEqual(directive.firstLine);
          }
        }
        applySuppressions([at(source, 1)], [source]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('disableCommentFix', () => {
  /** Applies the fix and checks that a finding at the statement's (moved) line is now suppressed. */
  function roundTrip(source: SourceFile, ruleId: string, line: number): string {
    const fix = disableCommentFix(source, ruleId, line)!;
    expect(fix.safety).toBe('unsafe');
    const fixed = sourceFile(source.path, source.language, applyEdits(source.text, fix.edits));
    const shift = fixed.lines.lineCount - source.lines.lineCount;
    const result = applySuppressions([at(fixed, line + shift, ruleId)], [fixed]);
    expect(result.suppressedCount).toBe(1);
    return fixed.text;
  }

  it('inserts a directive before the statement, indented like it', () => {
    const source = file('pf.conf', ['anchor a {', '  pass in rtable 3', '}']);
    expect(roundTrip(source, 'fib-out-of-range', 2)).toBe('anchor a {\n  # pflint disable=fib-out-of-range\n  pass in rtable 3\n}\n');
  });

  it('puts it before the first line of a statement that spans lines', () => {
    const source = file('pf.conf', ['block all', 'pass in \\', '  rtable 3']);
    expect(roundTrip(source, 'fib-out-of-range', 3)).toBe('block all\n# pflint disable=fib-out-of-range\npass in \\\n  rtable 3\n');
    const rc = file('rc.conf', ['a=1', 'jails="one', 'two"'], 'rcconf');
    expect(roundTrip(rc, 'x-rule', 3)).toBe('a=1\n# pflint disable=x-rule\njails="one\ntwo"\n');
  });

  it('adds the rule to a directive already there', () => {
    const source = file('pf.conf', ['# pflint disable=syntax-error', 'pass in rtable 3']);
    expect(roundTrip(source, 'fib-out-of-range', 2)).toBe('# pflint disable=syntax-error,fib-out-of-range\npass in rtable 3\n');
  });

  it('writes an XML comment in FireBrick files, before the element start tag', () => {
    const source = file('r.xml', ['<config>', '  <route ip="10.0.0.0/8"', '    gateway="10.1.1.1"/>', '</config>'], 'firebrick');
    expect(roundTrip(source, 'route-loop', 3)).toBe(
      '<config>\n  <!-- pflint disable=route-loop -->\n  <route ip="10.0.0.0/8"\n    gateway="10.1.1.1"/>\n</config>\n',
    );
  });

  it('offers nothing for JSON or when the rule is already suppressed there', () => {
    expect(disableCommentFix(file('c.json', ['{}'], 'json'), 'config-error', 1)).toBeUndefined();
    expect(disableCommentFix(file('pf.conf', ['# pflint disable=a', 'pass']), 'a', 2)).toBeUndefined();
  });
});
