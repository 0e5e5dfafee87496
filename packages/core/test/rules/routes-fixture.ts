import { emptyHostModel, firebrickHostFromText, parseIp, parsePrefix, runRules, sourceFile, type Finding, type HostAnalysis, type HostModel, type Route, type RouteTarget, type Rule } from '@pflint/core';

/**
 * A FireBrick-like host whose routes are the lines of `xml` that hold a
 * `<route ip=... (gateway=...|port=...) [localpref=...] [table=...] [speed=...] [profile=...]/>`, each
 * route's source being its line. Enough to test routing rules without the
 * FireBrick front end.
 */
export function routesHost(xml: string, kind: HostModel['kind'] = 'firebrick'): HostAnalysis {
  const file = sourceFile('router.xml', 'firebrick', xml);
  const routes: Route[] = [];
  for (const match of xml.matchAll(/<(route|subnet) ([^>]*)\/>/g)) {
    const attributes = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const target: RouteTarget = attributes['gateway']
      ? { kind: 'gateway', gateway: parseIp(attributes['gateway'])! }
      : { kind: 'interface', interface: attributes['port'] ?? 'lan' };
    routes.push({
      table: Number(attributes['table'] ?? 0),
      prefix: parsePrefix(attributes['ip']!)!,
      target,
      localpref: Number(attributes['localpref'] ?? 100),
      origin: match[1] === 'subnet' ? 'subnet' : 'static',
      source: file.lines.range(file.path, match.index, match.index + match[0].length),
      ...(attributes['speed'] || attributes['profile']
        ? { attributes: Object.fromEntries(['speed', 'profile'].filter((name) => attributes[name]).map((name) => [name, attributes[name]!])) }
        : {}),
      ...(attributes['profile'] ? { conditions: [{ kind: 'profile', profile: attributes['profile'] }] } : {}),
    });
  }
  const host: HostModel = { ...emptyHostModel('router', [file.path]), kind, tableCount: Math.max(0, ...routes.map((route) => route.table)) + 1, routes };
  return { host, sources: new Map([[file.path, file]]), complete: true };
}

/** The findings of `rule` on a FireBrick router written as `text` (router.xml), read by the real front end. */
export function runOnFirebrick(text: string, rule: Rule): Finding[] {
  const host = firebrickHostFromText(text, 'router.xml');
  return runRules({ host, sources: new Map([['router.xml', sourceFile('router.xml', 'firebrick', text)]]), complete: true }, { rules: [rule] });
}
