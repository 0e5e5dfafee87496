import * as posixPath from 'node:path/posix';
import { DIALECTS,
  INPUT_LANGUAGES,
  formatText,
  formattableFiles,
  loadConfig,
  resolveFormatOptions,
  type Finding,
  type InputLanguage,
  type PfDialect,
} from '@pflint/core';
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, UsageError, type Command, type CommandContext } from '../command.js';

const USAGE = `Usage: pflint fmt [--check | --write | --diff] [--dialect freebsd|openbsd]
                  [--as pf|rcconf|firebrick] PATH...

Formats pf.conf, the rc.conf family (rc.conf, rc.conf.local, rc.conf.d/*,
loader.conf, sysctl.conf, jail.conf, wg-quick files) and FireBrick XML without
changing what they mean. A directory stands for every file in it that pflint
knows by name. A file with syntax errors is never changed: its errors are
printed as FILE:LINE:COL: message (rule).

Modes (one at most):
  (none)           print the formatted text of one file on stdout
  --check          list the files that would change; exit 1 if any would
  --diff           print a unified diff for each file that would change; exit 1 if any would
  --write          rewrite the files that change, atomically, keeping their mode

Options:
  --dialect D      pf.conf dialect: freebsd or openbsd (default: the
                   .pflintrc.json "dialect", else freebsd)
  --as LANGUAGE    read the files given (not directories) as this language

Layout comes from .pflintrc.json "format" (indent, maxLineLength, align), then
.editorconfig (indent_size, max_line_length), then the defaults.

Exit codes: 0 formatted (or nothing to change), 1 a file would change (--check,
--diff) or has syntax errors, 2 bad usage or unreadable or unwritable file.
`;

type Mode = 'print' | 'check' | 'diff' | 'write';

interface Target {
  /** As the user should read it: relative to where they gave it. */
  readonly display: string;
  /** As the file system reads it. */
  readonly path: string;
  /** Forced language: only for files named on the command line. */
  readonly language?: InputLanguage;
}

function parseOptions(args: readonly string[]): { mode: Mode; dialect?: PfDialect; as?: InputLanguage; paths: string[] } {
  const { values, positionals } = parseCommandArgs(args, {
    check: { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    dialect: { type: 'string' },
    as: { type: 'string' },
  });
  const modes = (['check', 'diff', 'write'] as const).filter((mode) => values[mode]);
  if (modes.length > 1) throw new UsageError(`--${modes.join(' and --')} cannot be combined: choose one`);
  const dialect = oneOf('dialect', values.dialect, DIALECTS);
  const as = oneOf('as', values.as, INPUT_LANGUAGES);
  if (positionals.length === 0) throw new UsageError('give the files or directories to format');
  return { mode: modes[0] ?? 'print', ...(dialect ? { dialect } : {}), ...(as ? { as } : {}), paths: positionals };
}

/** Files named on the command line, and the formattable files of directories, each once; unreadable paths are reported. */
function collectTargets(paths: readonly string[], as: InputLanguage | undefined, context: CommandContext): { targets: Target[]; unreadable: boolean } {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (target: Target): void => {
    if (seen.has(target.path)) return;
    seen.add(target.path);
    targets.push(target);
  };
  let unreadable = false;
  for (const given of paths) {
    const path = posixPath.resolve(context.cwd, given);
    if (context.fs.isDirectory(path)) {
      const files = formattableFiles(context.fs, path);
      if (files.length === 0) context.stderr(`pflint fmt: ${given}: no file pflint formats in this directory\n`);
      for (const file of files) add({ display: posixPath.join(given, posixPath.relative(path, file)), path: file });
    } else if (context.fs.readFile(path) === undefined) {
      context.stderr(`pflint fmt: cannot read ${given}\n`);
      unreadable = true;
    } else {
      add({ display: given, path, ...(as ? { language: as } : {}) });
    }
  }
  return { targets, unreadable };
}

function location(finding: Finding, display: string): string {
  return `${display}:${finding.range.start.line}:${finding.range.start.column}: ${finding.message} (${finding.ruleId})\n`;
}

/** What became of one file. */
type Outcome = 'refused' | 'unchanged' | 'changed' | 'unwritable';

/** Formats one file and shows or writes the result as the mode says. `reported` keeps configuration problems from being printed once per file. */
function formatTarget(target: Target, mode: Mode, dialect: PfDialect | undefined, context: CommandContext, reported: Set<string>): Outcome {
  const text = context.fs.readFile(target.path)!;
  const configFindings: Finding[] = [];
  const options = resolveFormatOptions(context.fs, target.path, configFindings);
  for (const finding of configFindings) {
    const key = `${finding.range.file}:${finding.range.start.offset}:${finding.message}`;
    if (reported.has(key)) continue;
    reported.add(key);
    context.stderr(location(finding, posixPath.relative(context.cwd, finding.range.file) || finding.range.file));
  }
  const configuredDialect = loadConfig(context.fs, { start: posixPath.dirname(target.path) }).config.dialect;
  const result = formatText(target.path, text, {
    ...(target.language ? { language: target.language } : {}),
    dialect: dialect ?? configuredDialect ?? 'freebsd',
    options,
  });
  if (!result.ok) {
    for (const error of result.errors) context.stderr(location(error, target.display));
    return 'refused';
  }
  if (mode === 'print') context.stdout(result.text);
  if (result.text === text) return 'unchanged';
  switch (mode) {
    case 'check':
      context.stdout(`${target.display}\n`);
      break;
    case 'diff':
      context.stdout(createTwoFilesPatch(target.display, target.display, text, result.text, 'original', 'formatted', { headerOptions: FILE_HEADERS_ONLY }));
      break;
    case 'write':
      try {
        context.writeFile(target.path, result.text);
      } catch (error) {
        context.stderr(`pflint fmt: cannot write ${target.display}: ${error instanceof Error ? error.message : String(error)}\n`);
        return 'unwritable';
      }
      break;
    case 'print':
      break;
  }
  return 'changed';
}

function run(args: readonly string[], context: CommandContext): number {
  const { mode, dialect, as, paths } = parseOptions(args);
  const { targets, unreadable } = collectTargets(paths, as, context);
  if (mode === 'print' && targets.length > 1) {
    throw new UsageError(`${targets.length} files to format: printing works for one file; use --check, --diff or --write for several`);
  }
  const reported = new Set<string>();
  const outcomes = targets.map((target) => formatTarget(target, mode, dialect, context, reported));
  const count = (outcome: Outcome): number => outcomes.filter((each) => each === outcome).length;
  const changed = count('changed');
  const files = `${changed} file${changed === 1 ? '' : 's'}`;
  if (mode === 'check' || mode === 'diff') context.stderr(`${files} would be reformatted, ${count('unchanged')} already formatted\n`);
  if (mode === 'write') context.stderr(`${files} reformatted, ${count('unchanged')} unchanged\n`);
  if (unreadable || count('unwritable') > 0) return EXIT_USAGE;
  return count('refused') > 0 || (changed > 0 && (mode === 'check' || mode === 'diff')) ? EXIT_FINDINGS : EXIT_OK;
}

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'format pf.conf, the rc.conf family and FireBrick XML without changing their meaning',
  usage: USAGE,
  run,
};
