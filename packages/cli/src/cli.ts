import { VERSION } from '@pflint/core';
import { EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from './command.js';
import { COMMANDS } from './commands/index.js';

/** The command run when the first argument is not a command name. */
const DEFAULT_COMMAND = 'check';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length), 4);
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    `pflint ${VERSION}: checks pf.conf, rc.conf routing and FireBrick XML for what will silently break`,
    '',
    'Usage: pflint [COMMAND] [OPTIONS] [PATH...]',
    '',
    'Commands:',
    ...lines,
    '',
    `Without a command, pflint runs \`${DEFAULT_COMMAND}\`. \`pflint COMMAND --help\` shows a command's options.`,
    '',
    'Exit codes: 0 fine, 1 findings or rejected input, 2 usage error or unreadable file.',
    '',
  ].join('\n');
}

/** Runs the CLI in-process; returns the exit code. Never throws. */
export function runCli(argv: readonly string[], context: CommandContext): number {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    context.stdout(`pflint ${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === undefined && COMMANDS.some((command) => command.name === DEFAULT_COMMAND)) {
      return dispatch(DEFAULT_COMMAND, [], context);
    }
    context.stdout(helpText());
    return EXIT_OK;
  }
  const named = COMMANDS.find((command) => command.name === first);
  return named ? dispatch(named.name, rest, context) : dispatch(DEFAULT_COMMAND, argv, context);
}

function dispatch(name: string, args: readonly string[], context: CommandContext): number {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    context.stderr(`pflint: unknown command '${name}'\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    context.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`pflint ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? error.message : String(error);
    context.stderr(`pflint ${name}: internal error: ${detail}\nPlease report this with the input that caused it.\n`);
    if (context.env['PFLINT_DEBUG']) context.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT_USAGE;
  }
}
