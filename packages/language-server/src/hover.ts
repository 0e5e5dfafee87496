import {
  formatIp,
  formatPrefix,
  formatResolution,
  LineIndex,
  onlyWhile,
  pfStatements,
  targetText,
  type NetInterface,
  type pfSyntax,
  type Route,
  type SourceRange,
} from '@pflint/core';
import type { HostIndex, PfView } from './host-index.js';
import { rcInterfaceName } from './host-index.js';
import { covers, definitionsOf, occurrenceAt, onDiskRange, type Occurrence } from './host-symbols.js';
import { PF_KEYWORD_DOCS, RC_VARIABLE_DOCS } from './keyword-docs.js';
import type { DocumentLanguage } from './languages.js';

/** A hover's text and the range it describes. */
export interface HoverAnswer {
  readonly markdown: string;
  readonly range: SourceRange;
}

/** Lines of a table file shown in a hover: enough to recognise it, never the whole of a huge file. */
const TABLE_FILE_LINES = 10;
/** Lines of a table definition shown as written. */
const DEFINITION_LINES = 12;

/**
 * The hover under the cursor: a macro's value in force there, a table's
 * definition (with the first lines of its files), an interface's FIB and
 * addresses from the host model, the route an address literal takes in the
 * FIB of its rule, the routes an rc.conf line installs, or a keyword's note.
 */
export function hoverAt(
  index: HostIndex,
  occurrences: readonly Occurrence[],
  file: string,
  text: string,
  language: DocumentLanguage,
  offset: number,
): HoverAnswer | undefined {
  const at = occurrenceAt(occurrences, file, offset);
  const view = language === 'pf' ? index.pfFor(file, text) : undefined;
  if (at) {
    const markdown = symbolHover(index, view, occurrences, at);
    if (markdown) return { markdown, range: at.range };
  }
  if (view) return addressHover(index, view, file, offset) ?? keywordHover(text, file, offset);
  if (language === 'rcconf') return rcHover(index, file, offset);
  if (language === 'firebrick') return firebrickHover(index, file, offset);
  return undefined;
}

function symbolHover(index: HostIndex, view: PfView | undefined, occurrences: readonly Occurrence[], at: Occurrence): string | undefined {
  switch (at.symbol.kind) {
    case 'macro': {
      const [definition] = definitionsOf(occurrences, at, undefined);
      const statement = view?.references.macroDefinitions.find((candidate) => sameStart(index, candidate.name.range, definition));
      return statement ? `macro \`${statement.name.text}\` = \`${statement.value}\`` : undefined;
    }
    case 'table': {
      const statement = view?.references.tableDefinitions.find((candidate) => candidate.name.text === at.symbol.name);
      return statement ? tableHover(index, statement) : undefined;
    }
    case 'interface': {
      const iface = hostInterface(index, at.symbol.name);
      return iface ? interfaceHover(iface, tableWord(index)) : undefined;
    }
    case 'route': {
      const assignment = index.rc().routeNames.find((entry) => !entry.listed && entry.name === at.symbol.name)?.assignment;
      return assignment ? routesHover(index, assignment.range) : undefined;
    }
    case 'variable': {
      // On a `$reference`: the assignment in force there, as written. An assignment's own name keeps the variable's note (rcHover).
      if (at.role !== 'use') return undefined;
      const [definition] = definitionsOf(occurrences, at, undefined);
      const assignment = definition && index.rc().assignments.find((entry) => entry.file.file === definition.file && entry.nameRange.start.offset === definition.start.offset);
      if (!assignment) return `\`${at.symbol.name}\` is not set before this line (it expands to nothing)`;
      return `\`${assignment.name}\` = \`${assignment.file.text.slice(assignment.valueRange.start.offset, assignment.valueRange.end.offset)}\` (${where(assignment.nameRange)})`;
    }
    default:
      return undefined;
  }
}

function sameStart(index: HostIndex, range: SourceRange, other: SourceRange | undefined): boolean {
  return other !== undefined && index.onDisk(range.file) === other.file && range.start.offset === other.start.offset;
}

function tableHover(index: HostIndex, statement: pfSyntax.TableDefinition): string {
  const source = index.fs.readFile(index.onDisk(statement.range.file)) ?? '';
  const written = source.slice(statement.range.start.offset, statement.range.end.offset).split('\n');
  const shown = written.length > DEFINITION_LINES ? [...written.slice(0, DEFINITION_LINES), '...'] : written;
  const parts = [`\`\`\`pf\n${shown.join('\n')}\n\`\`\``];
  for (const option of statement.options) {
    if (option.kind !== 'file') continue;
    const path = index.onDisk(option.path.text);
    const contents = index.fs.readFile(path);
    parts.push(contents === undefined ? `\`${option.path.text}\`: cannot be read` : `\`${option.path.text}\`:\n\`\`\`\n${firstLines(contents, TABLE_FILE_LINES)}\n\`\`\``);
  }
  return parts.join('\n\n');
}

/** The first `count` lines of `text`, found without splitting the whole of a large file. */
function firstLines(text: string, count: number): string {
  let end = 0;
  for (let line = 0; line < count; line++) {
    const next = text.indexOf('\n', end);
    if (next < 0) return text.replace(/\n$/, '');
    end = next + 1;
  }
  return end < text.length ? `${text.slice(0, end)}...` : text.slice(0, end).replace(/\n$/, '');
}

function hostInterface(index: HostIndex, rcName: string): NetInterface | undefined {
  for (const iface of index.analysis.host.interfaces.values()) {
    if (rcInterfaceName(iface.name) === rcName || (iface.originalName !== undefined && rcInterfaceName(iface.originalName) === rcName)) return iface;
  }
  return undefined;
}

/**
 * The interface's definition point, for go-to-definition from any of its
 * names; only in a file the host has (a built-in like lo0 comes from
 * /etc/defaults/rc.conf, which the host does not hold).
 */
export function interfaceSource(index: HostIndex, rcName: string): SourceRange | undefined {
  const source = hostInterface(index, rcName)?.source;
  return source && index.fs.readFile(source.file) !== undefined ? source : undefined;
}

/** What the platform calls a routing table: a FIB on FreeBSD, a routing table on a FireBrick. */
function tableWord(index: HostIndex): string {
  return index.analysis.host.kind === 'firebrick' ? 'table' : 'FIB';
}

function interfaceHover(iface: NetInterface, table: string): string {
  const lines = [`**${iface.name}** (${iface.kind}${iface.originalName ? `, created as ${iface.originalName}` : ''})`];
  lines.push(`- ${table} ${iface.fib.value}${iface.fib.source ? ` (${where(iface.fib.source)})` : ' (default)'}`);
  if (iface.tunnelFib) lines.push(`- tunnel ${table} ${iface.tunnelFib.value}${iface.tunnelFib.source ? ` (${where(iface.tunnelFib.source)})` : ' (default)'}`);
  if (iface.tunnel) lines.push(`- tunnel ${formatIp(iface.tunnel.source)} → ${formatIp(iface.tunnel.destination)}`);
  for (const address of iface.addresses) {
    lines.push(`- ${formatIp(address.address)}/${address.prefix.length}${address.peer ? ` → ${formatIp(address.peer)}` : ''}`);
  }
  if (iface.jail) lines.push(`- in jail ${iface.jail}`);
  return lines.join('\n');
}

function where(range: SourceRange): string {
  return `${range.file.slice(range.file.lastIndexOf('/') + 1)}:${range.start.line}`;
}

/** The routes an rc.conf assignment installs: the ones whose source lies inside it. */
function routesHover(index: HostIndex, assignment: SourceRange): string | undefined {
  return routeLines(index, index.analysis.host.routes.filter((route) => inside(route.source, assignment)));
}

function routeLines(index: HostIndex, routes: readonly Route[]): string | undefined {
  if (routes.length === 0) return undefined;
  return routes
    .map((route) => {
      const notes = [route.origin, ...(route.conditions ?? []).map(onlyWhile)].join(', ');
      return `${tableWord(index)} ${route.table}: \`${formatPrefix(route.prefix)}\` ${targetText(route.target)} (${notes})`;
    })
    .join('\n\n');
}

/**
 * FireBrick XML: the routes the element under the cursor creates (a
 * `<route>`, a `<subnet>`), else the interface whose element it is in.
 */
function firebrickHover(index: HostIndex, file: string, offset: number): HoverAnswer | undefined {
  const { host } = index.analysis;
  const size = (range: SourceRange): number => range.end.offset - range.start.offset;
  const routes = host.routes.filter((route) => route.source.file === file && covers(route.source, offset));
  const innermost = Math.min(...routes.map((route) => size(route.source)));
  const created = routes.filter((route) => size(route.source) === innermost);
  const routeText = routeLines(index, created);
  if (routeText) return { markdown: routeText, range: created[0]!.source };
  const around = [...host.interfaces.values()].filter((iface) => iface.source?.file === file && covers(iface.source, offset));
  const iface = around.sort((a, b) => size(a.source!) - size(b.source!))[0];
  return iface?.source ? { markdown: interfaceHover(iface, tableWord(index)), range: iface.source } : undefined;
}

function inside(range: SourceRange, outer: SourceRange): boolean {
  return range.file === outer.file && range.start.offset >= outer.start.offset && range.end.offset <= outer.end.offset;
}

/**
 * An address literal under the cursor: how the routing engine resolves it in
 * the FIB its rule uses (`rtable N`, else the FIB of the rule's first `on`
 * interface, else 0).
 */
function addressHover(index: HostIndex, view: PfView, file: string, offset: number): HoverAnswer | undefined {
  const literal = view.references.addresses.find((candidate) => index.onDisk(candidate.range.file) === file && covers(candidate.textRange ?? candidate.range, offset));
  if (!literal) return undefined;
  const statement = innermostStatement(view, index, file, offset);
  const table = statement ? ruleTable(index, statement) : 0;
  const tables = index.routing();
  const resolution = tables.resolve(table, literal.address);
  return { markdown: `\`\`\`\n${formatResolution(resolution).trimEnd()}\n\`\`\``, range: onDiskRange(literal.textRange ?? literal.range, index.onDisk) };
}

function innermostStatement(view: PfView, index: HostIndex, file: string, offset: number): pfSyntax.Statement | undefined {
  let found: pfSyntax.Statement | undefined;
  for (const statement of pfStatements(view.tree.statements)) {
    if (index.onDisk(statement.range.file) === file && covers(statement.range, offset)) found = statement;
  }
  return found;
}

function ruleTable(index: HostIndex, statement: pfSyntax.Statement): number {
  const head = statement as Partial<pfSyntax.FilterHead>;
  const rtable = head.options?.find((option) => option.kind === 'keyword' && option.name.text === 'rtable');
  const written = rtable?.kind === 'keyword' ? Number(rtable.values[0]?.text) : Number.NaN;
  if (Number.isInteger(written)) return written;
  if (head.on?.kind === 'on') {
    const first = head.on.interfaces.kind === 'list' ? head.on.interfaces.items[0] : head.on.interfaces;
    const iface = first && !first.negated ? hostInterface(index, rcInterfaceName(first.name.text)) : undefined;
    if (iface) return iface.fib.value;
  }
  return 0;
}

function keywordHover(text: string, file: string, offset: number): HoverAnswer | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const column = offset - lineStart;
  const commentAt = line.indexOf('#');
  if (commentAt >= 0 && commentAt < column) return undefined;
  for (const match of line.matchAll(/[A-Za-z][\w-]*/g)) {
    if (match.index > column || match.index + match[0].length < column) continue;
    const doc = PF_KEYWORD_DOCS[match[0]];
    if (!doc || line[match.index - 1] === '"' || line[match.index - 1] === '$') return undefined;
    const start = lineStart + match.index;
    return { markdown: `**${match[0]}**: ${doc}`, range: new LineIndex(text).range(file, start, start + match[0].length) };
  }
  return undefined;
}

function rcHover(index: HostIndex, file: string, offset: number): HoverAnswer | undefined {
  const assignment = index.rc().assignments.find((entry) => entry.file.file === file && covers(entry.range, offset));
  if (!assignment) return undefined;
  const routes = routesHover(index, assignment.range);
  const doc = RC_VARIABLE_DOCS[assignment.name];
  const markdown = [doc ? `**${assignment.name}**: ${doc}` : undefined, routes].filter((part) => part !== undefined).join('\n\n');
  return markdown ? { markdown, range: assignment.nameRange } : undefined;
}
