import type { HostAnalysis, SourceFile } from '../../analysis.js';
import type { TextEdit } from '../../findings.js';
import { mangleName } from '../../host/builder.js';
import { rcReadingOrder } from '../../host/discover.js';
import { parseRcConf } from '../../rcconf/parser.js';
import { RcVariables, type RcVariable } from '../../rcconf/variables.js';
import type { SourceRange } from '../../source.js';

/**
 * The `ifconfig_<if>` variable that configures an interface, as sh leaves it
 * after the rc run that reads the file that created the interface (the
 * model's `rcReadingOrder`, so a jail's rc.conf never answers for the host).
 * Undefined when no rc run reads that file.
 */
export function ifconfigVariable(analysis: HostAnalysis, interfaceName: string, anchor: SourceRange): RcVariable | undefined {
  const files = (rcReadingOrder(analysis.host, anchor.file) ?? []).flatMap((path) => {
    const file = analysis.sources.get(path);
    return file ? [parseRcConf(file.path, file.text)] : [];
  });
  return new RcVariables(files).get(`ifconfig_${mangleName(interfaceName)}`);
}

/**
 * An edit that appends words to the value of an rc.conf assignment
 * (`name="value"`, `name='value'` or `name=value`), or undefined when the value
 * is not plain text (command substitution, variable references).
 */
export function appendToAssignment(file: SourceFile, assignment: SourceRange, words: string): TextEdit | undefined {
  const text = file.text.slice(assignment.start.offset, assignment.end.offset);
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"`$\\]*)"|'([^']*)'|([^\s"'`$\\]*))\s*$/.exec(text.replace(/\s+#.*$/, ''));
  if (!match) return undefined;
  const valueStart = assignment.start.offset + match[1]!.length + 1;
  if (match[4] !== undefined) {
    const value = match[4];
    const range = file.lines.range(file.path, valueStart, valueStart + value.length);
    return { range, newText: `"${value ? `${value} ` : ''}${words}"` };
  }
  const value = match[2] ?? match[3] ?? '';
  const closing = valueStart + 1 + value.length;
  const separator = value === '' || /\s$/.test(value) ? '' : ' ';
  return { range: file.lines.range(file.path, closing, closing), newText: `${separator}${words}` };
}
