import * as posixPath from 'node:path/posix';
import { DIALECTS, includesRead, loadPfConf, parseIp, printLoadedConfig, ADDRESS_BITS, type PfInterfaceAddress } from '@pflint/core';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, UsageError, type Command, type CommandContext } from '../command.js';

const USAGE = `Usage: pflint print [--dialect freebsd|openbsd] [--ifaddr NAME=ADDR[/LEN] ...] [--as pf] FILE

Prints the ruleset pfctl would load from FILE, in the format of
\`pfctl -o none -nvf FILE\`: macros and lists expanded, address families
inferred, defaults applied, translation rules before filter rules.
Errors go to stderr as FILE:LINE: message, like pfctl's.

Options:
      --dialect D          freebsd (default) or openbsd
      --ifaddr NAME=ADDR   an address of interface NAME (repeatable), e.g.
                           vlan1057=203.0.113.5/30; rules naming the interface
                           then print with its addresses, as on that host
      --as pf              read FILE as pf.conf whatever its name

Exit codes: 0 accepted, 1 rejected (errors printed), 2 bad usage or unreadable file.
`;

function parseInterfaceAddress(text: string): [string, PfInterfaceAddress] {
  const match = /^([A-Za-z][\w.]*)=([^/]+)(?:\/(\d{1,3}))?$/.exec(text);
  const address = match ? parseIp(match[2]!) : undefined;
  if (!match || !address) throw new UsageError(`--ifaddr wants NAME=ADDR[/LEN], not '${text}'`);
  const length = match[3] === undefined ? ADDRESS_BITS[address.family] : Number(match[3]);
  if (length > ADDRESS_BITS[address.family]) throw new UsageError(`--ifaddr: prefix length ${length} is too long in '${text}'`);
  return [match[1]!, { address, length }];
}

function run(args: readonly string[], context: CommandContext): number {
  const { values, positionals } = parseCommandArgs(args, {
    dialect: { type: 'string', default: 'freebsd' },
    ifaddr: { type: 'string', multiple: true, default: [] },
    as: { type: 'string' },
  });
  const dialect = oneOf('dialect', values.dialect, DIALECTS)!;
  if (values.as !== undefined && values.as !== 'pf') throw new UsageError(`print reads pf.conf only; --as ${values.as} is not supported`);
  if (positionals.length !== 1) throw new UsageError('print takes exactly one FILE');
  const interfaces = new Map<string, PfInterfaceAddress[]>();
  for (const text of values.ifaddr ?? []) {
    const [name, address] = parseInterfaceAddress(text);
    interfaces.set(name, [...(interfaces.get(name) ?? []), address]);
  }

  const file = positionals[0]!;
  const text = context.fs.readFile(posixPath.resolve(context.cwd, file));
  if (text === undefined) {
    context.stderr(`pflint print: cannot read ${file}\n`);
    return EXIT_USAGE;
  }
  const result = loadPfConf(text, {
    file,
    fs: context.fs,
    baseDir: context.cwd,
    dialect,
    interfaces,
  });
  const findings = result.findings;
  // Findings name the file read; pfctl names an included file as its include statement wrote it.
  const asWritten = new Map([...includesRead(result.tree)].map((include) => [include.resolvedPath, include.path.text]));
  for (const finding of findings) {
    context.stderr(`${asWritten.get(finding.range.file) ?? finding.range.file}:${finding.range.start.line}: ${finding.message}\n`);
  }
  if (findings.some((finding) => finding.severity === 'error')) return EXIT_FINDINGS;
  context.stdout(printLoadedConfig(result.config));
  return EXIT_OK;
}

export const printCommand: Command = {
  name: 'print',
  summary: 'print the pf ruleset pfctl would load (pfctl -nv format)',
  usage: USAGE,
  run,
};
