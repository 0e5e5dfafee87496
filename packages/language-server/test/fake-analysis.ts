import * as posixPath from 'node:path/posix';
import { LineIndex, type Finding } from '@pflint/core';
import type { AnalyzeHost } from '../src/analyzer.js';

/**
 * A stand-in for core's checks, so protocol tests do not depend on what the
 * real rules find. It is whole-host on purpose: `fake-reply-to` fires on a
 * `pass in on IF` line of etc/pf.conf only while etc/rc.conf puts IF in a
 * non-zero FIB, so an edit in rc.conf must change pf.conf's diagnostics.
 * `fake-todo` marks any line holding TODO, in any file of the host.
 */
export const fakeAnalyzeHost: AnalyzeHost = (fs, target, settings) => {
  const root = target.kind === 'directory' ? target.root : posixPath.dirname(target.file);
  const files = target.kind === 'directory' ? [`${root}/etc/pf.conf`, `${root}/etc/rc.conf`] : [target.file];
  const findings: Finding[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFile(file);
    if (text !== undefined) texts.set(file, text);
  }
  const rcConf = texts.get(`${root}/etc/rc.conf`) ?? '';
  const rcLines = new LineIndex(rcConf);
  for (const [file, text] of texts) {
    const lines = new LineIndex(text);
    for (let line = 1; line <= lines.lineCount; line++) {
      const lineText = lines.lineText(line);
      const start = lines.lineStart(line);
      const todo = lineText.indexOf('TODO');
      if (todo >= 0) {
        findings.push({
          ruleId: 'fake-todo',
          severity: settings.rules?.['fake-todo'] === 'error' ? 'error' : 'info',
          message: 'a TODO is left in the configuration',
          range: lines.range(file, start + todo, start + todo + 4),
          fixes: [{ description: 'Mark it done', safety: 'unsafe', edits: [{ range: lines.range(file, start + todo, start + todo + 4), newText: 'DONE' }] }],
        });
      }
      const pass = /^pass in on (\w+)/.exec(lineText);
      if (!file.endsWith('pf.conf') || !pass || lineText.includes('reply-to')) continue;
      const fibLine = findFibLine(rcLines, pass[1]!);
      if (fibLine === undefined) continue;
      const end = start + lineText.length;
      findings.push({
        ruleId: 'fake-reply-to',
        severity: 'warning',
        message: `${pass[1]} is in a non-default FIB; replies leave by FIB 0`,
        range: lines.range(file, start, end),
        related: [{ range: rcLines.range(`${root}/etc/rc.conf`, rcLines.lineStart(fibLine), rcLines.lineStart(fibLine) + rcLines.lineText(fibLine).length), message: 'the FIB is set here' }],
        fixes: [
          { description: `Add reply-to (${pass[1]} 10.0.0.1)`, safety: 'safe', edits: [{ range: lines.range(file, end, end), newText: ` reply-to (${pass[1]} 10.0.0.1)` }] },
          { description: 'Delete the rule', safety: 'unsafe', edits: [{ range: lines.range(file, start, end), newText: '' }] },
        ],
      });
    }
  }
  return { findings, files: [...texts.keys()] };
};

function findFibLine(lines: LineIndex, interfaceName: string): number | undefined {
  for (let line = 1; line <= lines.lineCount; line++) {
    if (new RegExp(`^ifconfig_${interfaceName}=".*\\bfib [1-9]`).test(lines.lineText(line))) return line;
  }
  return undefined;
}
