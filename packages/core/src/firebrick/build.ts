import * as posixPath from 'node:path/posix';
import { compareFindings, type Finding, type Severity } from '../findings.js';
import type { FileSystem } from '../fs.js';
import type {
  AddressInterval,
  HostModel,
  InterfaceAddress,
  NetInterface,
  PortInterval,
  Route,
  RouteCondition,
  RouteOrigin,
  RouteOverride,
  RouteTarget,
  RuleSet,
  SessionRule,
  SessionCriteria,
  Setting,
  TableUse,
} from '../model/host.js';
import { ADDRESS_BITS, hasHostBits, hostMask, parseIp, parsePrefix, prefixOf, type IpAddress, type IpPrefix } from '../net/ip.js';
import type { SourceRange } from '../source.js';
import { firstElementName, parseXml, xmlAttribute, xmlChildElements, xmlListItems, type XmlSpan, type XmlAttribute, type XmlDocument, type XmlElement } from '../xml/index.js';
import { elementSchema, isXmlAttribute, type ElementSchema } from './schema.js';

/**
 * localpref of routes that do not set one. FireBrick's documentation does not
 * state the default (see the reference notes); only comparisons between
 * routes matter, and every object without the attribute gets the same value.
 */
export const DEFAULT_LOCALPREF = 100;

/** IP groups inside IP groups deeper than this are not followed (override criteria then count as unknown). */
const MAX_GROUP_NESTING = 32;

/** Table numbers beyond this are refused: a typo like `table="10000000"` must not make ten million tables. */
const MAX_TABLE = 65_535;

/** A prefix item of an `ip` attribute: the prefix, the address as written (host bits kept), where it was. */
interface PrefixItem {
  readonly prefix: IpPrefix;
  readonly address: IpAddress;
  readonly hasLength: boolean;
  readonly span: XmlSpan;
}

/**
 * Typed access to one element's attributes. Each getter validates its value
 * and reports a bad one once; attributes the schema does not know were
 * reported when the reader was made.
 */
class ElementReader {
  constructor(
    private readonly host: FirebrickReader,
    readonly element: XmlElement,
  ) {}

  attribute(name: string): XmlAttribute | undefined {
    return xmlAttribute(this.element, name);
  }

  text(name: string): string | undefined {
    return this.attribute(name)?.value;
  }

  integer(name: string, maximum = 2 ** 32 - 1): Setting<number> | undefined {
    const attribute = this.attribute(name);
    if (!attribute) return undefined;
    const value = attribute.value.trim();
    if (/^\d{1,10}$/.test(value) && Number(value) <= maximum) return { value: Number(value), source: this.host.range(attribute.valueSpan) };
    this.host.report('invalid-value', 'error', attribute.valueSpan, `${name}="${attribute.value}" is not a whole number from 0 to ${maximum}`);
    return undefined;
  }

  table(name: string, how: TableUse['how']): Setting<number> | undefined {
    const table = this.integer(name, MAX_TABLE);
    if (table) this.host.tableUses.push({ table: table.value, how, source: table.source! });
    return table;
  }

  boolean(name: string): boolean | undefined {
    const attribute = this.attribute(name);
    if (!attribute) return undefined;
    if (attribute.value === 'true' || attribute.value === 'false') return attribute.value === 'true';
    this.host.report('invalid-value', 'error', attribute.valueSpan, `${name}="${attribute.value}" must be true or false`);
    return undefined;
  }

  address(name: string): IpAddress | undefined {
    const attribute = this.attribute(name);
    if (!attribute) return undefined;
    const address = parseIp(attribute.value.trim());
    if (!address) this.host.report('invalid-value', 'error', attribute.valueSpan, `${name}="${attribute.value}" is not an IP address`);
    return address;
  }

  /** The prefixes of an `ip`-style attribute; IP-group names and ranges are reported, not returned. */
  prefixes(name: string): PrefixItem[] {
    const attribute = this.attribute(name);
    if (!attribute) return [];
    const items: PrefixItem[] = [];
    for (const item of xmlListItems(this.host.document, attribute)) {
      const slash = item.text.indexOf('/');
      const address = parseIp(slash < 0 ? item.text : item.text.slice(0, slash));
      const prefix = parsePrefix(item.text);
      if (address && prefix) {
        items.push({ prefix, address, hasLength: slash >= 0, span: item.span });
      } else if (this.host.ipGroups.has(item.text)) {
        this.host.report(
          'ip-group-not-allowed',
          'error',
          item.span,
          `'${item.text}' is an IP group; <${this.element.name}> takes prefixes only (IP groups can be used in rules)`,
        );
      } else {
        const what = item.text.includes('-') ? 'is a range; routing takes CIDR prefixes' : 'is not an IP prefix';
        this.host.report('invalid-value', 'error', item.span, `'${item.text}' ${what}`);
      }
    }
    return items;
  }

  /** Display attributes kept on routes (`speed`, `profile`, `graph`). */
  kept(names: readonly string[]): Record<string, string> | undefined {
    const kept: Record<string, string> = {};
    for (const name of names) {
      const value = this.text(name);
      if (value !== undefined) kept[name] = value;
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
  }

  /**
   * The optional parts of the routes the element makes: its `name`, the
   * attributes `keptNames` kept as written, and what the routes depend on:
   * `inherited` (a tunnel's link), then the element's own `profile`.
   */
  routeDetails(keptNames: readonly string[], inherited: readonly RouteCondition[] = []): Pick<Route, 'name' | 'attributes' | 'conditions'> {
    const name = this.text('name');
    const attributes = this.kept(keptNames);
    const profile = this.text('profile');
    const conditions: readonly RouteCondition[] = profile === undefined ? inherited : [...inherited, { kind: 'profile', profile }];
    return { ...(name ? { name } : {}), ...(attributes ? { attributes } : {}), ...(conditions.length > 0 ? { conditions } : {}) };
  }
}

const ROUTE_DISPLAY_ATTRIBUTES = ['speed', 'profile', 'graph'] as const;

class FirebrickReader {
  readonly findings: Finding[] = [];
  readonly interfaces = new Map<string, NetInterface>();
  readonly routes: Route[] = [];
  readonly tableUses: TableUse[] = [];
  readonly routeOverrides: RouteOverride[] = [];
  readonly ruleSets: RuleSet[] = [];
  /** IP groups by name, read before anything else: rules may use a group defined further down. */
  readonly ipGroups = new Map<string, XmlElement>();
  /**
   * The names written on interfaces and tunnels, read before anything else:
   * a name pflint makes up for an unnamed one never takes a name the file
   * gives to another, wherever that one stands.
   */
  private readonly writtenNames = new Set<string>();
  /** What each IP group resolves to for override criteria (undefined: unreadable), filled as rules need them. */
  private readonly groupAddresses = new Map<string, AddressInterval[] | undefined>();

  constructor(readonly document: XmlDocument) {}

  range(span: XmlSpan): SourceRange {
    return this.document.range(span);
  }

  report(ruleId: string, severity: Severity, span: XmlSpan, message: string): void {
    this.findings.push({ ruleId, severity, message, range: this.range(span) });
  }

  read(): void {
    const root = this.document.root;
    if (!root) return;
    if (root.name !== 'config') {
      this.report('not-firebrick-config', 'error', root.nameSpan, `the root element is <${root.name}>; a FireBrick configuration starts with <config>`);
      return;
    }
    this.reader(root); // for its findings about <config>'s own attributes and text
    // Groups can be defined after the routes that (wrongly) use them.
    for (const child of xmlChildElements(root)) {
      const name = xmlAttribute(child, 'name')?.value;
      if (name === undefined) continue;
      if (child.name === 'ip-group' && !this.ipGroups.has(name)) this.ipGroups.set(name, child);
      if (child.name === 'interface' || child.name === 'fb105') this.writtenNames.add(name);
    }
    this.children(root, (child, reader) => this.topLevel(child, reader));
  }

  /**
   * Checks an element against the schema (attributes, stray text) and returns
   * a reader for it. Unknown attributes are information, not errors: FireBrick
   * has many settings pflint does not model.
   */
  private reader(element: XmlElement, schema: ElementSchema = elementSchema(element.name)!): ElementReader {
    for (const attribute of element.attributes) {
      if (!(attribute.name in schema.attributes) && !isXmlAttribute(attribute.name)) {
        this.report('unknown-attribute', 'info', attribute.nameSpan, `pflint does not know the attribute '${attribute.name}' of <${element.name}>; ignored`);
      }
    }
    for (const child of element.children) {
      if (child.kind === 'text') this.report('unexpected-text', 'info', child.span, `FireBrick objects carry no text; text in <${element.name}> is ignored`);
    }
    return new ElementReader(this, element);
  }

  /**
   * Visits the element children of `parent` that the schema allows there;
   * others get a finding and are skipped with everything inside them.
   */
  private children(parent: XmlElement, visit: (child: XmlElement, reader: ElementReader) => void): void {
    for (const child of xmlChildElements(parent)) {
      const schema = elementSchema(child.name);
      if (!schema) {
        this.report('unknown-element', 'info', child.nameSpan, `pflint does not model <${child.name}>; ignored`);
      } else if (!schema.parents.includes(parent.name)) {
        const where = schema.parents.filter((name) => name !== null).map((name) => `<${name}>`);
        this.report('misplaced-element', 'warning', child.nameSpan, `<${child.name}> belongs in ${where.join(' or ')}, not in <${parent.name}>; ignored`);
      } else {
        visit(child, this.reader(child, schema));
      }
    }
  }

  private topLevel(element: XmlElement, reader: ElementReader): void {
    switch (element.name) {
      case 'interface':
        return this.interface(reader);
      case 'route':
        return this.route(reader);
      case 'loopback':
        return this.special(reader, { kind: 'local' }, 'local-address');
      case 'blackhole':
        return this.special(reader, { kind: 'blackhole' }, 'static');
      case 'nowhere':
        return this.special(reader, { kind: 'reject' }, 'static');
      case 'route-override':
        return this.children(element, (_rule, ruleReader) => this.routeOverrides.push(this.rule(ruleReader, reader)));
      case 'rule-set':
        return this.ruleSet(reader);
      case 'ip-group':
        return this.ipGroup(reader);
      case 'fb105':
        return this.tunnel(reader);
      // `port` is accepted and needs nothing: interfaces name their port group themselves.
    }
  }

  /**
   * The interface's name: the one written, or else `derived` (made from the
   * element's own attributes, so it does not change when lines move). A
   * written name used twice is reported; a derived name steps aside for any
   * name taken or written elsewhere, silently, with `#2`, `#3`, ... in
   * document order.
   */
  private uniqueName(reader: ElementReader, derived: string): string {
    const written = reader.attribute('name');
    const name = written?.value ?? derived;
    const taken = (candidate: string) => this.interfaces.has(candidate) || (!written && this.writtenNames.has(candidate));
    if (!taken(name)) return name;
    if (written) this.report('duplicate-name', 'warning', written.valueSpan, `another interface is already named '${name}'`);
    let suffix = 2;
    while (taken(`${name}#${suffix}`)) suffix++;
    return `${name}#${suffix}`;
  }

  private interface(reader: ElementReader): void {
    const element = reader.element;
    const port = reader.text('port');
    const vlan = reader.integer('vlan', 4094);
    reader.boolean('proxy-arp');
    // An unnamed interface is its port group and VLAN, as FireBrick identifies it.
    const tag = vlan && vlan.value !== 0 ? vlan.value : undefined;
    const derivedName = port ? (tag === undefined ? port : `${port}.${tag}`) : tag === undefined ? 'interface' : `vlan${tag}`;
    const name = this.uniqueName(reader, derivedName);
    const fib: Setting<number> = reader.table('table', 'firebrick-table') ?? { value: 0 };
    const addresses: InterfaceAddress[] = [];
    this.children(element, (_subnet, subnetReader) => addresses.push(...this.subnet(subnetReader, name, fib.value)));
    this.interfaces.set(name, {
      name,
      kind: 'firebrick-port',
      fib,
      addresses,
      mtu: { value: 1500 },
      offload: {},
      bridgeMembers: [],
      dhcp: false,
      source: this.range(element.span),
    });
  }

  /**
   * A subnet is three kinds of route: its prefix to the interface, the
   * router's own address to the router, and (with a gateway) a default route.
   */
  private subnet(reader: ElementReader, interfaceName: string, interfaceTable: number): InterfaceAddress[] {
    const element = reader.element;
    const source = this.range(element.span);
    const table = reader.table('table', 'firebrick-table')?.value ?? interfaceTable;
    const localpref = reader.integer('localpref')?.value ?? DEFAULT_LOCALPREF;
    reader.boolean('proxy-arp');
    const details = reader.routeDetails(['profile']);
    const add = (prefix: IpPrefix, target: RouteTarget, origin: RouteOrigin): void => {
      this.routes.push({ table, prefix, target, localpref, origin, source, ...details });
    };
    const addresses: InterfaceAddress[] = [];
    for (const item of reader.prefixes('ip')) {
      const bits = ADDRESS_BITS[item.address.family];
      if (!item.hasLength) {
        this.report('invalid-value', 'warning', item.span, `a subnet needs the router's address with a prefix length (like 192.168.0.1/24); read as a /${bits}`);
      } else if (item.prefix.length < bits - 1 && !hasHostBits(item.address, item.prefix.length)) {
        this.report(
          'subnet-network-address',
          'warning',
          item.span,
          `${item.address.family === 'inet' ? 'this is the network address' : 'this is the subnet-router anycast address'}; a subnet's ip is the router's own address in the subnet`,
        );
      } else if (item.address.family === 'inet' && item.prefix.length < bits - 1 && item.address.value === (item.prefix.network | hostMask('inet', item.prefix.length))) {
        this.report('subnet-network-address', 'warning', item.span, "this is the subnet's broadcast address; a subnet's ip is the router's own address in the subnet");
      }
      add(item.prefix, { kind: 'interface', interface: interfaceName }, 'subnet');
      add(prefixOf(item.address, bits), { kind: 'local' }, 'local-address');
      addresses.push({ address: item.address, prefix: item.prefix, source: this.range(item.span) });
    }
    const gateway = reader.address('gateway');
    if (gateway) add({ family: gateway.family, network: 0n, length: 0 }, { kind: 'gateway', gateway }, 'subnet-gateway');
    return addresses;
  }

  /** `route`; inside a tunnel object its routes lead into the tunnel, and exist only while the tunnel is up. */
  private route(reader: ElementReader, tunnel?: string): void {
    const element = reader.element;
    const table = reader.table('table', 'firebrick-table')?.value ?? 0;
    const localpref = reader.integer('localpref')?.value ?? DEFAULT_LOCALPREF;
    const gatewayAttribute = reader.attribute('gateway');
    const gateway = reader.address('gateway');
    let target: RouteTarget | undefined;
    if (tunnel) target = { kind: 'interface', interface: tunnel };
    else if (gateway) target = { kind: 'gateway', gateway };
    else if (!gatewayAttribute) this.report('missing-attribute', 'error', element.nameSpan, '<route> needs a gateway (or belongs inside a tunnel)');
    this.requireIp(reader);
    const prefixes = reader.prefixes('ip');
    if (!target) return;
    const details = reader.routeDetails(ROUTE_DISPLAY_ATTRIBUTES, tunnel ? [linkUp(tunnel)] : []);
    const source = this.range(element.span);
    for (const item of prefixes) {
      this.routes.push({ table, prefix: item.prefix, target, localpref, origin: 'static', source, ...details });
    }
  }

  private requireIp(reader: ElementReader): void {
    if (!reader.attribute('ip')) this.report('missing-attribute', 'error', reader.element.nameSpan, `<${reader.element.name}> needs an ip`);
  }

  /** `loopback`, `blackhole`, `nowhere`: prefixes to a fixed target. */
  private special(reader: ElementReader, target: RouteTarget, origin: RouteOrigin): void {
    const table = reader.table('table', 'firebrick-table')?.value ?? 0;
    this.requireIp(reader);
    const details = reader.routeDetails(['profile']);
    const source = this.range(reader.element.span);
    for (const item of reader.prefixes('ip')) {
      this.routes.push({ table, prefix: item.prefix, target, localpref: DEFAULT_LOCALPREF, origin, source, ...details });
    }
  }

  private ipGroup(reader: ElementReader): void {
    if (!reader.attribute('name')) this.report('missing-attribute', 'error', reader.element.nameSpan, '<ip-group> needs a name to be used');
    this.addressSet(reader, 'ip');
  }

  /** Items of a rule's address match: prefixes, ranges, or names of IP groups defined in the file. */
  private addressSet(reader: ElementReader, name: string): void {
    const attribute = reader.attribute(name);
    if (!attribute) return;
    for (const item of xmlListItems(this.document, attribute)) {
      if (!isAddressSetAddress(item.text) && !this.ipGroups.has(item.text)) {
        this.report('unknown-ip-group', 'warning', item.span, `'${item.text}' is neither an address, prefix or range nor an IP group defined in this file`);
      }
    }
  }

  /**
   * A rule of a route-override or a rule-set (`parent`). A rule-set rule
   * without `set-gateway` or `set-table` is still kept: its action decides
   * whether later rules are checked at all.
   */
  private rule(reader: ElementReader, parent: ElementReader): SessionRule {
    this.addressSet(reader, 'source-ip');
    this.addressSet(reader, 'target-ip');
    const setGateway = reader.address('set-gateway');
    const setTable = reader.table('set-table', 'set-table');
    const match = this.matchAttributes(reader);
    const isOverride = parent.element.name === 'route-override';
    if (isOverride && !setGateway && !setTable && !reader.attribute('set-gateway') && !reader.attribute('set-table')) {
      this.report('override-without-target', 'warning', reader.element.nameSpan, 'this route-override rule sets neither a gateway nor a table, so it changes nothing');
    }
    const name = reader.text('name') ?? (isOverride ? parent.text('name') : undefined);
    const action = reader.text('action');
    return {
      ...(name ? { name } : {}),
      match,
      ...(setGateway ? { setGateway } : {}),
      ...(setTable ? { setTable: setTable.value } : {}),
      source: this.range(reader.element.span),
      criteria: sessionCriteria(match, (item) => this.groupIntervals(item, 0)),
      ...(!isOverride && action !== undefined ? { action } : {}),
    };
  }

  /** A rule-set: its own match attributes are the entry criteria, its rules are checked in order. */
  private ruleSet(reader: ElementReader): void {
    this.addressSet(reader, 'source-ip');
    this.addressSet(reader, 'target-ip');
    const rules: SessionRule[] = [];
    this.children(reader.element, (_rule, ruleReader) => rules.push(this.rule(ruleReader, reader)));
    const name = reader.text('name');
    const noMatchAction = reader.text('no-match-action');
    this.ruleSets.push({
      ...(name ? { name } : {}),
      entry: sessionCriteria(this.matchAttributes(reader), (item) => this.groupIntervals(item, 0)),
      ...(noMatchAction !== undefined ? { noMatchAction } : {}),
      rules,
      source: this.range(reader.element.span),
    });
  }

  /** The attributes of a rule or rule-set that restrict which sessions it applies to, as written. */
  private matchAttributes(reader: ElementReader): Record<string, string> {
    const match: Record<string, string> = {};
    for (const attribute of reader.element.attributes) {
      const notMatch = attribute.name.startsWith('set-') || ['name', 'comment', 'source', 'action', 'no-match-action'].includes(attribute.name);
      if (!notMatch && !isXmlAttribute(attribute.name)) match[attribute.name] = attribute.value;
    }
    return match;
  }

  /**
   * The addresses an IP-group name stands for, its nested groups included;
   * undefined when the name is not a group or something in it cannot be read.
   * Results are kept per group, and nesting deeper than
   * `MAX_GROUP_NESTING` (or a cycle) counts as unreadable, so a hostile chain
   * of groups costs neither deep recursion nor repeated work.
   */
  private groupIntervals(name: string, depth: number): AddressInterval[] | undefined {
    if (this.groupAddresses.has(name)) return this.groupAddresses.get(name);
    const group = this.ipGroups.get(name);
    if (!group || depth >= MAX_GROUP_NESTING) return undefined;
    this.groupAddresses.set(name, undefined); // a cycle back to this group reads as unknown
    let intervals: AddressInterval[] | undefined = [];
    for (const item of (xmlAttribute(group, 'ip')?.value ?? '').split(/\s+/).filter(Boolean)) {
      const found = addressInterval(item) ?? this.groupIntervals(item, depth + 1);
      if (!found) {
        intervals = undefined;
        break;
      }
      intervals.push(...(Array.isArray(found) ? found : [found]));
    }
    this.groupAddresses.set(name, intervals);
    return intervals;
  }

  /**
   * An FB105 tunnel: an interface whose `routes` (and `route` children) lead
   * into it, and whose wrapper packets go to `ip` in the table `table`.
   */
  private tunnel(reader: ElementReader): void {
    const element = reader.element;
    const ids = ['local-id', 'remote-id'].map((id) => {
      if (!reader.attribute(id)) this.report('missing-attribute', 'error', element.nameSpan, `<fb105> needs a ${id}: the tunnel is identified by the IDs at both ends`);
      return reader.integer(id, 65_535)?.value;
    });
    // An unnamed tunnel is known by the IDs that identify it at both ends.
    const name = this.uniqueName(reader, ids.every((id) => id !== undefined) ? `fb105-${ids.join('-')}` : 'fb105');
    reader.integer('port', 65_535);
    // Without `ip` the far end is wherever wrappers last came from: the model has no fixed outer destination.
    const remote = reader.address('ip');
    const wrapperTable = reader.table('table', 'tunnelfib') ?? { value: 0 };
    const source = this.range(element.span);
    const localpref = reader.integer('localpref')?.value ?? DEFAULT_LOCALPREF;
    // The tunnel's own routes are named after it, written name or not.
    const details = { ...reader.routeDetails(ROUTE_DISPLAY_ATTRIBUTES, [linkUp(name)]), name };
    const firstRoute = this.routes.length;
    for (const item of reader.prefixes('routes')) {
      this.routes.push({ table: 0, prefix: item.prefix, target: { kind: 'interface', interface: name }, localpref, origin: 'static', source, ...details });
    }
    this.children(element, (_route, routeReader) => this.route(routeReader, name));
    const payloadRoute = this.routes[firstRoute];
    this.interfaces.set(name, {
      name,
      kind: 'firebrick-tunnel',
      // Packets leaving the tunnel belong to the table its payload routes live in.
      fib: payloadRoute ? { value: payloadRoute.table, source: payloadRoute.source } : { value: 0 },
      tunnelFib: wrapperTable,
      // The FireBrick picks the wrapper's source address itself: the model leaves it unspecified.
      ...(remote ? { tunnel: { source: { family: remote.family, value: 0n }, destination: remote, range: source } } : {}),
      addresses: [],
      mtu: { value: 1500 },
      offload: {},
      bridgeMembers: [],
      dhcp: false,
      source,
    });
  }
}

/**
 * FB105 tunnels are stateful links: the routes into one exist only while it
 * is up (seed 004, "Conditional routes" and "Defining routes").
 */
function linkUp(tunnel: string): RouteCondition {
  return { kind: 'link-up', interface: tunnel };
}

/** Protocol names a rule may use instead of numbers. */
const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['icmp', 1],
  ['tcp', 6],
  ['udp', 17],
  ['icmpv6', 58],
]);

/**
 * A route-override rule's match attributes as values the routing engine can
 * compare. `target-interface` depends on the routing decision being made and
 * `profile` on run-time state: both, and anything unreadable, make the rule
 * one pflint cannot evaluate (`unknown`).
 */
function sessionCriteria(match: Readonly<Record<string, string>>, group: (name: string) => AddressInterval[] | undefined): SessionCriteria {
  const unknown: string[] = [];
  const list = <T>(attribute: string, item: (text: string) => T | readonly T[] | undefined): T[] | undefined => {
    const value = match[attribute];
    // An empty attribute restricts nothing, as if it were not written.
    if (value === undefined || value.trim() === '') return undefined;
    const items: T[] = [];
    for (const text of value.split(/\s+/).filter(Boolean)) {
      const read = item(text);
      if (read === undefined) {
        unknown.push(attribute);
        return undefined;
      }
      items.push(...(Array.isArray(read) ? (read as readonly T[]) : [read as T]));
    }
    return items;
  };
  const addresses = (text: string): AddressInterval | AddressInterval[] | undefined => addressInterval(text) ?? group(text);
  const port = (text: string): PortInterval | undefined => {
    const [first, last = first] = text.split('-');
    const interval = { first: Number(first), last: Number(last) };
    return /^\d{1,5}(?:-\d{1,5})?$/.test(text) && interval.first <= interval.last && interval.last <= 65_535 ? interval : undefined;
  };
  const protocol = (text: string): number | undefined => (/^\d{1,3}$/.test(text) && Number(text) <= 255 ? Number(text) : PROTOCOL_NUMBERS.get(text.toLowerCase()));
  const criteria = {
    sourceIp: list('source-ip', addresses),
    targetIp: list('target-ip', addresses),
    protocols: list('protocol', protocol),
    sourcePorts: list('source-port', port),
    targetPorts: list('target-port', port),
    sourceInterfaces: list('source-interface', (name) => name),
  };
  const known = new Set(['source-ip', 'target-ip', 'protocol', 'source-port', 'target-port', 'source-interface']);
  unknown.push(...Object.keys(match).filter((attribute) => !known.has(attribute)));
  return {
    ...Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)),
    ...(unknown.length > 0 ? { unknown } : {}),
  };
}

/**
 * True for an address-set item that is an address, a prefix or an `A-B`
 * range of addresses, false for anything else (the name of an IP group).
 */
export function isAddressSetAddress(text: string): boolean {
  const range = /^([^-]+)-([^-]+)$/.exec(text);
  return parsePrefix(text) !== undefined || (range !== null && parseIp(range[1]!) !== undefined && parseIp(range[2]!) !== undefined);
}

/** A prefix, a bare address or an `A-B` range as an interval; undefined for anything else (an IP-group name). */
function addressInterval(text: string): AddressInterval | undefined {
  const range = /^([^-]+)-([^-]+)$/.exec(text);
  if (range) {
    const first = parseIp(range[1]!);
    const last = parseIp(range[2]!);
    return first && last && first.family === last.family && first.value <= last.value ? { family: first.family, first: first.value, last: last.value } : undefined;
  }
  const prefix = parsePrefix(text);
  return prefix && { family: prefix.family, first: prefix.network, last: prefix.network | hostMask(prefix.family, prefix.length) };
}

function tableCount(reader: FirebrickReader): number {
  let highest = 0;
  for (const use of reader.tableUses) highest = Math.max(highest, use.table);
  for (const route of reader.routes) highest = Math.max(highest, route.table);
  return highest + 1;
}

/** The host model of a parsed FireBrick configuration; XML problems are part of its findings. */
export function firebrickHostFromXml(document: XmlDocument): HostModel {
  const reader = new FirebrickReader(document);
  reader.read();
  return {
    kind: 'firebrick',
    name: posixPath.basename(document.file),
    files: [document.file],
    interfaces: reader.interfaces,
    tableCount: tableCount(reader),
    routes: reader.routes,
    // A FireBrick is a router: it forwards both families unless firewall rules say otherwise.
    forwarding: { inet: { value: true }, inet6: { value: true } },
    addAddrAllFibs: { value: false },
    jails: [],
    tableUses: reader.tableUses,
    routeOverrides: reader.routeOverrides,
    ...(reader.ruleSets.length > 0 ? { ruleSets: reader.ruleSets } : {}),
    findings: [...document.findings, ...reader.findings].sort(compareFindings),
  };
}

export function firebrickHostFromText(text: string, file: string): HostModel {
  return firebrickHostFromXml(parseXml(text, file));
}

/** Reads one FireBrick XML file through `fs`. A missing file is a finding, not an exception. */
export function buildFirebrickHost(fs: FileSystem, file: string): HostModel {
  const text = fs.readFile(file);
  if (text !== undefined) return firebrickHostFromText(text, file);
  const host = firebrickHostFromText('<config/>', file);
  const start = { line: 1, column: 1, offset: 0 };
  return {
    ...host,
    findings: [{ ruleId: 'unreadable-file', severity: 'error', message: `cannot read ${file}`, range: { file, start, end: start } }],
  };
}

/**
 * True when the first element of `text` is `<config>` (after an XML
 * declaration, comments, processing instructions and a DOCTYPE): how a
 * FireBrick configuration is told apart from other XML. Uses the XML lexer on
 * the first 64 KiB only, so it is cheap on any input and agrees with the parser.
 */
export function isFirebrickXml(text: string): boolean {
  return firstElementName(text.slice(0, 64 * 1024)) === 'config';
}
