import { memoryFileSystem } from '../../src/fs.js';
import { parsePfConf } from '../../src/pf/parse.js';
import type { PfDialect, PfParseResult, Statement } from '../../src/pf/syntax.js';

export function parse(
  text: string,
  options: { dialect?: PfDialect; files?: Record<string, string>; macros?: Record<string, string>; baseDir?: string } = {},
): PfParseResult {
  return parsePfConf(text, {
    file: 'pf.conf',
    dialect: options.dialect ?? 'freebsd',
    fs: memoryFileSystem(options.files ?? {}),
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.macros ? { macros: options.macros } : {}),
  });
}

/** Parses text that must be free of findings and returns its single statement. */
export function only(text: string, dialect: PfDialect = 'freebsd'): Statement {
  const result = parse(text, { dialect });
  if (result.findings.length > 0) {
    throw new Error(`unexpected findings: ${result.findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`).join('; ')}`);
  }
  if (result.tree.statements.length !== 1) throw new Error(`expected one statement, got ${result.tree.statements.length}`);
  return result.tree.statements[0]!;
}

/** `line:column ruleId` of every finding. */
export function where(result: PfParseResult): string[] {
  return result.findings.map((f) => `${f.range.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`);
}
