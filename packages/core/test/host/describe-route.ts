import type { Route } from '../../src/model/host.js';
import { formatIp, formatPrefix } from '../../src/net/ip.js';

/** One route as a line a reader can check against the config: `prefix target origin file:line`. */
export function describeRoute(route: Route): string {
  const target = route.target;
  const via =
    target.kind === 'gateway'
      ? `via ${formatIp(target.gateway)}`
      : target.kind === 'interface'
        ? `dev ${target.interface}`
        : target.kind === 'tunnel'
          ? `tunnel ${formatIp(target.endpoint)}`
          : target.kind;
  return `${formatPrefix(route.prefix)} ${via} ${route.origin} ${route.source.file}:${route.source.start.line}`;
}

export function tableLines(routes: readonly Route[], table: number): string[] {
  return routes.filter((route) => route.table === table).map(describeRoute);
}
