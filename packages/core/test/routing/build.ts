import { parseIp, parsePrefix, type IpAddress, type Route, type RouteOrigin, type RouteTarget } from '@pflint/core';

/** Test shorthand: an address literal that must parse. */
export function ip(text: string): IpAddress {
  const address = parseIp(text);
  if (!address) throw new Error(`bad address in test: ${text}`);
  return address;
}

/** Target shorthands: `dev:gif0`, `via:10.0.0.1`, `local`, `blackhole`, `reject`, `tunnel:192.0.2.9@1`. */
export function target(text: string): RouteTarget {
  if (text === 'local' || text === 'blackhole' || text === 'reject') return { kind: text };
  const [kind, rest = ''] = text.split(/:(.*)/s);
  if (kind === 'dev') return { kind: 'interface', interface: rest };
  if (kind === 'via') return { kind: 'gateway', gateway: ip(rest) };
  if (kind === 'tunnel') {
    const [endpoint = '', table = '0', name] = rest.split('@');
    const base = { kind: 'tunnel' as const, endpoint: ip(endpoint), wrapperTable: Number(table) };
    return name ? { ...base, interface: name } : base;
  }
  throw new Error(`bad target in test: ${text}`);
}

let line = 0;

/** A route whose source is a fresh line of `test.conf`, so tests can tell routes apart by line. */
export function route(table: number, prefix: string, to: string, options: { localpref?: number; origin?: RouteOrigin; line?: number } = {}): Route {
  const parsed = parsePrefix(prefix);
  if (!parsed) throw new Error(`bad prefix in test: ${prefix}`);
  const lineNumber = options.line ?? ++line;
  const position = { line: lineNumber, column: 1, offset: lineNumber * 100 };
  return {
    table,
    prefix: parsed,
    target: target(to),
    localpref: options.localpref ?? 0,
    origin: options.origin ?? 'static',
    source: { file: 'test.conf', start: position, end: { ...position, column: 20, offset: position.offset + 19 } },
  };
}
