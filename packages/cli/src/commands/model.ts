import * as posixPath from 'node:path/posix';
import {
  INPUT_LANGUAGES,
  RoutingTables,
  defaultHostBuilders,
  detectLanguage,
  formatHostModel,
  formatResolution,
  hostModelToJson,
  loadConfig,
  parseIp,
  resolutionToJson,
  type HostModel,
  type IpAddress,
  type BuildOptions,
  type BuiltHost,
  type HostBuilders,
  type InputLanguage,
  type SessionPacket,
} from '@pflint/core';
import { EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, TEXT_OR_JSON, UsageError, type Command, type CommandContext } from '../command.js';

const USAGE = `Usage: pflint model HOST | FILE... [--format text|json] [--as pf|rcconf|firebrick]
                    [--resolve ADDRESS]... [--table N] [--in IF] [--from ADDRESS]
                    [--protocol P] [--port N]

Prints what pflint understood about one host: its interfaces (name, original
name, kind, FIB, tunnel FIB and endpoints, addresses, MTU, offloads, jail) and
every routing table's routes, each with the file:line that made it.

  HOST            a directory laid out like the host's root (etc/, boot/, ...)
  FILE...         rc.conf-family files of one host, or one FireBrick XML file
  --format text   for people (default)
  --format json   for programs: one object tagged "format": "pflint-model" and a
                  "version"; the shape is described in docs/architecture.md
  --as LANGUAGE   read the files as this language instead of guessing from name and content
  --resolve ADDR  instead of the model, show where a packet to ADDR goes: every route on
                  the way with its file:line, through gateways and tunnels (repeatable)
  --table N       the FIB or table --resolve starts in (default 0, or the --in interface's)
  --in IF, --from ADDR, --protocol P, --port N
                  the session's arrival interface, source address, IP protocol (a number,
                  or tcp, udp, icmp, icmpv6) and destination port: a FireBrick route
                  override whose rule matches them moves the lookup (its table, its gateway)

Exit codes: 0 printed, 2 bad usage, unreadable input or no front end for it.
`;

type Format = (typeof TEXT_OR_JSON)[number];

/** `pflint model`, built on whichever front ends `builders` provides. */
export function createModelCommand(builders: HostBuilders): Command {
  return {
    name: 'model',
    summary: 'print the interfaces and routing tables pflint understood, with the line behind each route',
    usage: USAGE,
    run(args, context) {
      const { values, positionals } = parseOptions(args);
      const format = oneOf('format', values.format, TEXT_OR_JSON)!;
      const as = oneOf('as', values.as, INPUT_LANGUAGES);
      if (positionals.length === 0) throw new UsageError('give a host directory or the files of one host');
      const destinations = values.resolve.map((text): IpAddress => {
        const address = parseIp(text);
        if (!address) throw new UsageError(`--resolve needs an IPv4 or IPv6 address, not '${text}'`);
        return address;
      });
      if (values.table !== undefined && !/^\d{1,5}$/.test(values.table)) throw new UsageError(`--table needs a table number, not '${values.table}'`);
      const session = sessionOptions(values);

      const built = buildOne(positionals, as, builders, context);
      if (typeof built === 'string') {
        context.stderr(`pflint model: ${built}\n`);
        return EXIT_USAGE;
      }
      // Front-end findings not already in the model belong in what pflint understood, too.
      const host = built.findings?.length ? { ...built.analysis.host, findings: [...built.analysis.host.findings, ...built.findings] } : built.analysis.host;
      if (destinations.length > 0) {
        const arrival = values.in === undefined ? undefined : host.interfaces.get(values.in);
        if (values.in !== undefined && !arrival) throw new UsageError(`--in: ${host.name} has no interface '${values.in}'`);
        const table = values.table !== undefined ? Number(values.table) : (arrival?.fib.value ?? 0);
        context.stdout(printResolutions(host, { ...session, table }, destinations, format));
      }
      else context.stdout(format === 'json' ? `${JSON.stringify(hostModelToJson(host), null, 2)}\n` : formatHostModel(host));
      return EXIT_OK;
    },
  };
}

const PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['icmp', 1],
  ['tcp', 6],
  ['udp', 17],
  ['icmpv6', 58],
]);

/** The session fields of --from, --protocol, --port and --in, checked. */
function sessionOptions(values: { from?: string; protocol?: string; port?: string; in?: string }): Omit<SessionPacket, 'table' | 'destination'> {
  const source = values.from === undefined ? undefined : parseIp(values.from);
  if (values.from !== undefined && !source) throw new UsageError(`--from needs an IPv4 or IPv6 address, not '${values.from}'`);
  const protocolText = values.protocol?.toLowerCase();
  const protocol = protocolText === undefined ? undefined : /^\d{1,3}$/.test(protocolText) && Number(protocolText) <= 255 ? Number(protocolText) : PROTOCOLS.get(protocolText);
  if (values.protocol !== undefined && protocol === undefined) throw new UsageError(`--protocol needs a protocol number or tcp, udp, icmp, icmpv6, not '${values.protocol}'`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (values.port !== undefined && (!/^\d{1,5}$/.test(values.port) || port! > 65_535)) throw new UsageError(`--port needs a port number, not '${values.port}'`);
  return {
    ...(source ? { source } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(port !== undefined ? { targetPort: port } : {}),
    ...(values.in !== undefined ? { interface: values.in } : {}),
  };
}

/** JSON: `{format: "pflint-resolution", version: 1, host, resolutions: [...]}` with `resolutionToJson` entries. */
function printResolutions(host: HostModel, session: Omit<SessionPacket, 'destination'>, destinations: readonly IpAddress[], format: Format): string {
  const tables = RoutingTables.forHost(host);
  // A new session: without overrides (or with none matching) this is the plain lookup in the arrival table.
  const resolutions = destinations.map((destination) => tables.resolveSession({ ...session, destination }));
  if (format === 'json') {
    const document = { format: 'pflint-resolution', version: 1, host: host.name, resolutions: resolutions.map(resolutionToJson) };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
  const wording = { table: host.kind === 'freebsd' ? 'FIB' : 'table' } as const;
  return resolutions.map((resolution) => formatResolution(resolution, wording)).join('\n');
}

function parseOptions(args: readonly string[]) {
  return parseCommandArgs(args, {
    format: { type: 'string', default: 'text' },
    as: { type: 'string' },
    resolve: { type: 'string', multiple: true, default: [] },
    table: { type: 'string' },
    in: { type: 'string' },
    from: { type: 'string' },
    protocol: { type: 'string' },
    port: { type: 'string' },
  });
}

/** Builds the one host the paths describe, or says why it cannot. */
function buildOne(paths: readonly string[], as: InputLanguage | undefined, builders: HostBuilders, context: CommandContext): BuiltHost | string {
  const { fs } = context;
  const directories = paths.filter((path) => fs.isDirectory(path));
  if (directories.length > 0 && paths.length > 1) {
    throw new UsageError('give one host directory alone, or the files of one host');
  }
  const first = paths[0]!;
  const options = buildOptions(context, directories.length > 0 ? first : posixPath.dirname(first));

  if (directories.length === 1) {
    if (!builders.freebsdHost) return 'reading a FreeBSD host directory is not available in this build of pflint yet';
    return builders.freebsdHost(fs, first, options);
  }

  const files: { path: string; language: InputLanguage }[] = [];
  for (const path of paths) {
    const text = fs.readFile(path);
    if (text === undefined) return `${path}: no such file or directory`;
    files.push({ path, language: as ?? detectLanguage(path, text) });
  }
  const firebrick = files.filter((file) => file.language === 'firebrick');
  if (firebrick.length > 0) {
    if (files.length > 1) throw new UsageError('a FireBrick XML file is a whole router: give it alone');
    if (!builders.firebrick) return 'reading FireBrick XML is not available in this build of pflint yet';
    return builders.firebrick(fs, first, options);
  }
  if (!builders.looseFiles) return 'reading loose rc.conf/pf.conf files is not available in this build of pflint yet';
  return builders.looseFiles(fs, files, options);
}

/** The same options `check` gives a builder: the dialect and layout from the nearest .pflintrc.json. */
function buildOptions(context: CommandContext, start: string): BuildOptions {
  const { config } = loadConfig(context.fs, { start });
  return { dialect: config.dialect ?? 'freebsd', layout: config.host, includePaths: config.includePaths };
}

/** The shared registry of front ends, the same one `check` and the language server use. */
export const modelCommand: Command = createModelCommand(defaultHostBuilders);
