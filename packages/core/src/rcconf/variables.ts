import type { Finding } from '../findings.js';
import type { SourceRange } from '../source.js';
import type { RcAssignment, RcFile } from './parser.js';
import { evaluatePieces, splitWords, type ArgWord, type ShValue } from './value.js';

/** The last assignment of one rc.conf variable across all files read. */
export interface RcVariable {
  readonly name: string;
  readonly value: ShValue;
  readonly assignment: RcAssignment;
  readonly file: RcFile;
}

/** rc.conf variables as /bin/sh would leave them after sourcing the files in order. */
export class RcVariables {
  private readonly variables = new Map<string, RcVariable>();
  readonly findings: Finding[] = [];

  /** Sources the files in order, as rc does (rc.conf, rc.conf.local, rc.conf.d/*). */
  constructor(files: readonly RcFile[]) {
    for (const file of files) this.source(file);
  }

  private source(file: RcFile): void {
    for (const statement of file.statements) {
      if (statement.kind === 'command') {
        const name = file.text.slice(statement.words[0]!.range.start.offset, statement.words[0]!.range.end.offset);
        const mangled = mangledAssignment(name, statement.words[0]!.range);
        if (mangled) {
          this.findings.push(mangled);
          continue;
        }
        this.findings.push({
          ruleId: 'not-an-assignment',
          severity: 'warning',
          message:
            name === 'sysrc'
              ? 'A `sysrc` command in rc.conf: rc.conf is sourced by sh, so this runs sysrc at every boot instead of setting a variable; write the assignment itself'
              : `\`${name}\` is a command, not a variable assignment: pflint does not know its effect, and rc runs it at every boot`,
          range: statement.range,
        });
        continue;
      }
      for (const assignment of statement.assignments) this.assign(file, assignment);
    }
  }

  private assign(file: RcFile, assignment: RcAssignment): void {
    const value = evaluatePieces(file.text, assignment.value, (name) => this.variables.get(name)?.value);
    const previous = this.variables.get(assignment.name);
    if (previous) {
      const sameFile = previous.file === file;
      this.findings.push({
        ruleId: 'repeated-assignment',
        severity: sameFile ? 'warning' : 'info',
        message: `\`${assignment.name}\` is assigned again; the last assignment wins`,
        range: assignment.nameRange,
        related: [{ range: previous.assignment.range, message: 'earlier assignment, now overridden' }],
      });
    }
    if (value.dynamic) {
      this.findings.push({
        ruleId: 'dynamic-value',
        severity: 'info',
        message: `The value of \`${assignment.name}\` comes from a command run at boot and cannot be known statically`,
        range: assignment.valueRange,
      });
    }
    this.variables.set(assignment.name, { name: assignment.name, value, assignment, file });
  }

  get(name: string): RcVariable | undefined {
    return this.variables.get(name);
  }

  /** The value as text, or undefined when unset. */
  text(name: string): string | undefined {
    return this.variables.get(name)?.value.text;
  }

  /** YES/TRUE/ON/1 as rc's checkyesno understands them. */
  isYes(name: string): boolean {
    return /^(?:yes|true|on|1)$/i.test(this.text(name)?.trim() ?? '');
  }

  words(name: string): ArgWord[] {
    const variable = this.variables.get(name);
    return variable ? splitWords(variable.value, variable.file.file, variable.file.lines) : [];
  }

  range(name: string): SourceRange | undefined {
    return this.variables.get(name)?.assignment.range;
  }

  names(): IterableIterator<string> {
    return this.variables.keys();
  }
}

/**
 * `ifconfig_em0.101="..."`: a name with `.`, `-`, `/` or `+` is no sh
 * variable, so the line runs as a command and sets nothing. rc looks
 * interface settings up under the name with those characters turned into
 * `_`, which is what the author meant.
 */
function mangledAssignment(word: string, range: SourceRange): Finding | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*[.\-/+][A-Za-z0-9_.\-/+]*)=/.exec(word);
  if (!match) return undefined;
  const written = match[1]!;
  const meant = written.replace(/[.\-/+]/g, '_');
  const nameRange: SourceRange = { file: range.file, start: range.start, end: { ...range.start, column: range.start.column + written.length, offset: range.start.offset + written.length } };
  return {
    ruleId: 'not-an-assignment',
    severity: 'warning',
    message: `\`${written}\` is not a name sh can assign (\`.\`, \`-\`, \`/\` and \`+\` are not allowed), so this line runs as a command and sets nothing; rc reads interface settings under \`${meant}\``,
    range: nameRange,
    fixes: [{ description: `Rename to \`${meant}\``, safety: 'unsafe', edits: [{ range: nameRange, newText: meant }] }],
  };
}
