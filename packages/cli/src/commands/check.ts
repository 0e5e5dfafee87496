import * as posixPath from 'node:path/posix';
import { DIALECTS,
  INPUT_LANGUAGES,
  SEVERITY_RANK,
  checkPaths,
  defaultHostBuilders,
  planFixes,
  type CheckResult,
  type Dialect,
  type FileSystem,
  type HostBuilders,
  type InputLanguage,
  type Severity,
} from '@pflint/core';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, UsageError, type Command, type CommandContext } from '../command.js';
import { OUTPUT_FORMATS, formatReport, isHumanFormat, summaryLine, type OutputFormat, type Report } from '../output/index.js';

const USAGE = `Usage: pflint check [OPTIONS] [PATH...]

Checks hosts and files and reports what will break, at the exact line.
PATH is a host directory (laid out like its root: etc/, boot/, usr/local/etc/),
a directory of such hosts, a FireBrick XML file, or loose pf.conf/rc.conf-family
files of one host. Without PATH, the current directory. This is also what
\`pflint PATH...\` runs.

Options:
  -f, --format FORMAT   stylish (default), json, sarif, gcc, github, checkstyle
      --dialect D       pf.conf dialect: freebsd (default) or openbsd
      --as LANGUAGE     read the files given as pf, rcconf or firebrick
      --config FILE     use FILE instead of the nearest .pflintrc.json
      --fix             apply safe fixes, then report what is left
      --fix-unsafe      apply unsafe fixes too
      --fail-on LEVEL   exit 1 on findings at or above error, warning (default) or info

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or unreadable input.
Rules: \`pflint rules\`; one rule's documentation: \`pflint explain RULE\`.
`;

const LEVELS: readonly Severity[] = ['error', 'warning', 'info'];
/** Fixes can enable each other (or conflict); stop re-checking after this many passes. */
const MAX_FIX_PASSES = 10;
/** A run shorter than this shows no progress, so quick runs do not flicker. */
const PROGRESS_DELAY_MS = 500;

interface CheckArguments {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly dialect?: Dialect;
  readonly as?: InputLanguage;
  readonly configFile?: string;
  readonly fix?: 'safe' | 'unsafe';
  readonly failOn: Severity;
}

function parseCheckArguments(args: readonly string[], context: CommandContext): CheckArguments {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f', default: 'stylish' },
    dialect: { type: 'string' },
    as: { type: 'string' },
    config: { type: 'string' },
    fix: { type: 'boolean', default: false },
    'fix-unsafe': { type: 'boolean', default: false },
    'fail-on': { type: 'string', default: 'warning' },
  });
  const resolve = (path: string): string => posixPath.resolve(context.cwd, path);
  const dialect = oneOf('dialect', values.dialect, DIALECTS);
  const as = oneOf('as', values.as, INPUT_LANGUAGES);
  const configFile = values.config === undefined ? undefined : resolve(values.config);
  if (configFile !== undefined && context.fs.readFile(configFile) === undefined) {
    throw new UsageError(`cannot read the configuration file ${values.config}`);
  }
  return {
    paths: (positionals.length > 0 ? positionals : ['.']).map(resolve),
    format: oneOf('format', values.format, OUTPUT_FORMATS)!,
    failOn: oneOf('fail-on', values['fail-on'], LEVELS)!,
    ...(dialect ? { dialect } : {}),
    ...(as ? { as } : {}),
    ...(configFile ? { configFile } : {}),
    ...(values['fix-unsafe'] ? { fix: 'unsafe' as const } : values.fix ? { fix: 'safe' as const } : {}),
  };
}

/** A file system that sees the fixes already written, whatever the real one does with writes. */
function overlay(fs: FileSystem, written: ReadonlyMap<string, string>): FileSystem {
  return {
    readFile: (path) => written.get(posixPath.normalize(path)) ?? fs.readFile(path),
    readDirectory: (path) => fs.readDirectory(path),
    isDirectory: (path) => fs.isDirectory(path),
  };
}

function useColor(context: CommandContext): boolean {
  const force = context.env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return true;
  return context.isTTY && context.env['NO_COLOR'] === undefined;
}

/** `pflint check`, reading hosts with whichever front ends `builders` provides. */
export function createCheckCommand(builders: HostBuilders): Command {
  return {
    name: 'check',
    summary: 'check hosts and files and report what will break (the default command)',
    usage: USAGE,
    run(args, context) {
      const options = parseCheckArguments(args, context);
      const started = performance.now();
      const written = new Map<string, string>();
      const fs = overlay(context.fs, written);
      let progressShown = false;
      const check = (): CheckResult =>
        checkPaths(fs, {
          paths: options.paths,
          builders,
          ...(options.as ? { as: options.as } : {}),
          ...(options.dialect ? { dialect: options.dialect } : {}),
          ...(options.configFile ? { configFile: options.configFile } : {}),
          onProgress: (done, total, label) => {
            if (!context.isTTY || done === total || performance.now() - started < PROGRESS_DELAY_MS) return;
            progressShown = true;
            context.stderr(`\r\u001b[Kpflint: ${done}/${total} ${label}`);
          },
        });

      let result = check();
      let fixesApplied = 0;
      for (let pass = 0; options.fix && pass < MAX_FIX_PASSES; pass++) {
        const plan = planFixes(result.findings, result.sources, options.fix);
        if (plan.changed.size === 0) break;
        try {
          for (const [file, text] of plan.changed) {
            context.writeFile(file, text);
            written.set(posixPath.normalize(file), text);
          }
        } catch (error) {
          context.stderr(`pflint check: cannot write a fix: ${error instanceof Error ? error.message : String(error)}\n`);
          return EXIT_USAGE;
        }
        fixesApplied += plan.applied.length;
        result = check();
      }
      if (progressShown) context.stderr('\r\u001b[K');

      const report: Report = {
        findings: result.findings,
        sources: result.sources,
        cwd: context.cwd,
        summary: {
          files: result.sources.size,
          hosts: result.hostCount,
          suppressed: result.suppressedCount,
          fixesApplied,
          elapsedMs: performance.now() - started,
        },
      };
      context.stdout(formatReport(options.format, report, { color: useColor(context) }));
      if (!isHumanFormat(options.format)) context.stderr(`pflint: ${summaryLine(report)}\n`);
      for (const error of result.errors) context.stderr(`pflint check: ${error}\n`);

      if (result.errors.length > 0) return EXIT_USAGE;
      const threshold = SEVERITY_RANK[options.failOn];
      return result.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
    },
  };
}

export const checkCommand: Command = createCheckCommand(defaultHostBuilders);
