import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildFirebrickHost,
  firebrickHostFromText,
  formatIp,
  formatPrefix,
  memoryFileSystem,
  parseIp,
  RoutingTables,
  type HostModel,
  type Resolution,
  type Route,
} from '@pflint/core';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

/** A FireBrick file from the repository (corpus/ or a test fixture), read through the FileSystem interface. */
export function loadFirebrick(path: string): HostModel {
  return buildFirebrickHost(memoryFileSystem({ [path]: readFileSync(REPOSITORY + path, 'utf8') }), path);
}

export function hostFrom(xml: string): HostModel {
  return firebrickHostFromText(xml, 'router.xml');
}

/** `<config>` around some elements. */
export function hostWith(elements: string): HostModel {
  return hostFrom(`<config>\n${elements}\n</config>`);
}

/** One line per route: table, prefix, target, localpref, origin, name. */
export function describeRoute(route: Route): string {
  const target = route.target;
  let where: string;
  switch (target.kind) {
    case 'interface':
      where = `iface ${target.interface}`;
      break;
    case 'gateway':
      where = `via ${formatIp(target.gateway)}`;
      break;
    case 'tunnel':
      where = `tunnel ${formatIp(target.endpoint)} in ${target.wrapperTable}`;
      break;
    default:
      where = target.kind;
  }
  return `${route.table} ${formatPrefix(route.prefix)} ${where} lp=${route.localpref} ${route.origin}${route.name ? ` ${route.name}` : ''}`;
}

export function tableLines(host: HostModel, table: number): string[] {
  return host.routes.filter((route) => route.table === table).map(describeRoute);
}

export function resolve(host: HostModel, table: number, destination: string): Resolution {
  return RoutingTables.forHost(host).resolve(table, parseIp(destination)!);
}

/** The names of the routes on a resolution's chain (prefix when unnamed). */
export function chain(resolution: Resolution): string[] {
  return resolution.steps.map((step) => step.route.name ?? formatPrefix(step.route.prefix));
}

export function findingLines(host: HostModel): string[] {
  return host.findings.map((finding) => `${finding.range.start.line}:${finding.range.start.column} ${finding.severity} ${finding.ruleId}`);
}
