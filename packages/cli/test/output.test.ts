import { describe, expect, it } from 'vitest';
import { sourceFile, type Finding, type SourceFile } from '@pflint/core';
import { displayPath, formatReport, type Report } from '../src/output/index.js';

const TEXT = 'pass in on em0 \\\n  proto tcp\nblock all\n';
const FILE: SourceFile = sourceFile('/work/etc/pf.conf', 'pf', TEXT);

function finding(start: number, end: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId: 'fib-out-of-range', severity: 'warning', message: 'm', range: FILE.lines.range(FILE.path, start, end), ...extra };
}

function report(findings: Finding[], cwd = '/work'): Report {
  return {
    findings,
    sources: new Map([[FILE.path, FILE]]),
    cwd,
    summary: { files: 1, hosts: 1, suppressed: 0, fixesApplied: 0, elapsedMs: 3.4 },
  };
}

describe('displayPath', () => {
  it('shows paths below the working directory relative to it, others as given', () => {
    expect(displayPath('/work/etc/pf.conf', '/work')).toBe('etc/pf.conf');
    expect(displayPath('/elsewhere/pf.conf', '/work')).toBe('/elsewhere/pf.conf');
    expect(displayPath('etc/pf.conf', '/work')).toBe('etc/pf.conf');
  });
});

describe('stylish', () => {
  it('underlines to the end of the first line when the range spans lines', () => {
    const out = formatReport('stylish', report([finding(5, 28)]), { color: false });
    expect(out).toBe(
      [
        'etc/pf.conf',
        '  1:6  warning  m  fib-out-of-range',
        '    1 | pass in on em0 \\',
        '      |      ^^^^^^^^^^^',
        '',
        '1 finding (0 errors, 1 warning, 0 info) in 1 file, 1 host (3 ms)',
        '',
      ].join('\n'),
    );
  });

  it('puts one caret under an empty range, and no excerpt for a file it has no text of', () => {
    const empty = formatReport('stylish', report([finding(30, 30)]), { color: false });
    expect(empty).toContain('    3 | block all\n      |  ^\n');
    const { start, end } = finding(0, 1).range;
    const elsewhere: Finding = { ...finding(0, 1), range: { file: '/work/other.conf', start, end } };
    expect(formatReport('stylish', report([elsewhere]), { color: false })).not.toContain(' | ');
  });

  it('prints only the summary when there is nothing to report', () => {
    expect(formatReport('stylish', report([]), { color: false })).toBe('0 findings (0 errors, 0 warnings, 0 info) in 1 file, 1 host (3 ms)\n');
  });
});

describe('escaping in machine formats', () => {
  const awkward = finding(0, 4, { message: 'a, b: 100%\nnext <x> & "y"', severity: 'info' });

  it('github: escapes the message and the properties as workflow commands require', () => {
    const out = formatReport('github', report([awkward], '/'), { color: false });
    expect(out).toBe(
      '::notice file=work/etc/pf.conf,line=1,col=1,endLine=1,endColumn=5,title=pflint fib-out-of-range::a, b: 100%25%0Anext <x> & "y"\n',
    );
  });

  it('checkstyle: escapes XML in attributes', () => {
    const out = formatReport('checkstyle', report([awkward]), { color: false });
    expect(out).toContain('message="a, b: 100%&#10;next &lt;x&gt; &amp; &quot;y&quot;"');
    expect(out).toContain('severity="info"');
  });

  it('gcc: calls info a note, as gcc does', () => {
    expect(formatReport('gcc', report([awkward]), { color: false })).toMatch(/^etc\/pf\.conf:1:1: note: /);
  });

  it('sarif: uses file URIs outside the working directory, and describes ids that are not registered rules', () => {
    const outside = formatReport('sarif', report([{ ...awkward, ruleId: 'rcconf-duplicate' }], '/other'), { color: false });
    const run = (JSON.parse(outside) as { runs: { results: { ruleIndex: number; locations: { physicalLocation: { artifactLocation: object } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[] }).runs[0]!;
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'file:///work/etc/pf.conf' });
    expect(run.tool.driver.rules[run.results[0]!.ruleIndex]).toEqual({
      id: 'rcconf-duplicate',
      name: 'RcconfDuplicate',
      shortDescription: { text: 'rcconf-duplicate' },
    });
  });
});
