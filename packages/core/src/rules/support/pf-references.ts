import type { HostAnalysis } from '../../analysis.js';
import type { TextEdit } from '../../findings.js';
import { joinRanges, startOffsetOf, type SourceRange } from '../../source.js';
import { parseIp, type AddressFamily, type IpAddress } from '../../net/ip.js';
import { holdsInclude } from '../../pf/parse.js';
import type { Atom, FilterHead, Host, HostSpec, MacroDefinition, PfSyntaxFile, RouteOption, RouteTarget, Statement, TableDefinition } from '../../pf/syntax.js';

/** A name as used in pf.conf, with where it was written (the `$name` use when a macro produced it). */
export interface PfNameUse {
  readonly name: string;
  readonly range: SourceRange;
  /** The macro whose expansion wrote the name, if one did. */
  readonly macro?: string;
}

/** Where an interface name appears, for messages: `on`, `(if)`, `if:network`, route-to, `set skip`, antispoof... */
export interface PfInterfaceUse extends PfNameUse {
  readonly how: 'on' | 'dynamic' | 'address' | 'route-to' | 'antispoof' | 'received-on';
}

/** Every definition and reference of pf.conf's named things: macros, tables, anchors and interfaces. */
export interface PfReferences {
  readonly macroDefinitions: readonly MacroDefinition[];
  readonly macroUses: readonly PfNameUse[];
  readonly tableDefinitions: readonly TableDefinition[];
  readonly tableUses: readonly PfNameUse[];
  /** Anchor calls without an inline body (`anchor "x"`, `nat-anchor "x"`, ...). */
  readonly anchorCalls: readonly PfNameUse[];
  /** Anchors given rules in pf.conf: `load anchor "x" from ...` and named inline bodies. */
  readonly anchorDefinitions: readonly PfNameUse[];
  readonly interfaceUses: readonly PfInterfaceUse[];
  /** Every IP address literal written as a host (in rules and table entries). */
  readonly addresses: readonly PfAddressLiteral[];
}

/** An address written in pf.conf: `192.0.2.1`, `2001:db8::/32`, `10.1.2.3/8`. */
export interface PfAddressLiteral {
  readonly address: IpAddress;
  /** The prefix length when one was written. */
  readonly length?: number;
  /** The text as written (or as a macro expanded it). */
  readonly text: string;
  /** The host, with its `!` when negated. */
  readonly range: SourceRange;
  /** Just the address and its `/len`, when the user wrote them (not a macro). */
  readonly textRange?: SourceRange;
  readonly macro?: string;
}

const CACHE = new WeakMap<object, PfReferences>();

/** The references of the host's pf.conf syntax tree (included files too), or undefined without one. */
export function pfReferences(analysis: HostAnalysis): PfReferences | undefined {
  const tree = analysis.pf?.syntax as PfSyntaxFile | undefined;
  if (!tree) return undefined;
  let references = CACHE.get(tree);
  if (!references) CACHE.set(tree, (references = collectReferences(tree)));
  return references;
}

/**
 * What one top-level statement (with its included file or inline anchor
 * body) holds. Its `macroUses` are the statement's own, each listed once; a
 * file included twice is seen in two statements, so a tree with includes
 * makes its uses unique over the whole tree again.
 */
type StatementReferences = PfReferences;

/**
 * Each top-level statement's references, by the statement: a parse through
 * a `PfParseCache` keeps the statement objects an edit did not touch, so a
 * check after an edit walks only the new ones. A part reads nothing but its
 * statement, whose tree never changes, and holds its ranges as the
 * statement's own (`OffsetRange`s that move with it), never as positions
 * worked out at the time.
 */
const STATEMENT_REFERENCES = new WeakMap<Statement, StatementReferences>();

/** The lists of `PfReferences`, each a concatenation of the statements' own. */
const LISTS = ['macroDefinitions', 'macroUses', 'tableDefinitions', 'tableUses', 'anchorCalls', 'anchorDefinitions', 'interfaceUses', 'addresses'] as const;
type ListName = (typeof LISTS)[number];
type Lists = { -readonly [K in ListName]: PfReferences[K][number][] };

/**
 * One tree's lists, before a tree with includes makes its macro uses unique,
 * with where each statement's entries start in each list (one more entry
 * than statements: the end).
 */
interface Collection {
  readonly statements: readonly Statement[];
  readonly lists: Lists;
  readonly starts: Readonly<Record<ListName, Int32Array>>;
  /** Whether a statement includes a file (`holdsInclude`), or one of an earlier version did. */
  readonly includes: boolean;
}

/**
 * The last tree's collection, under its first and its last statement: the
 * next version of the file shares most statements with it at both ends, and
 * its lists are the last one's with the entries of the statements between
 * replaced, so a check after an edit does not copy every statement's part
 * again. Exact whatever the edit: only statements that are the same objects,
 * in the same places from either end, are taken over.
 */
const LAST_COLLECTIONS = new WeakMap<Statement, Collection>();

function collectReferences(tree: PfSyntaxFile): PfReferences {
  const statements = tree.statements;
  const last = statements.length > 0 ? (LAST_COLLECTIONS.get(statements[0]!) ?? LAST_COLLECTIONS.get(statements[statements.length - 1]!)) : undefined;
  if (last) {
    LAST_COLLECTIONS.delete(last.statements[0]!);
    LAST_COLLECTIONS.delete(last.statements[last.statements.length - 1]!);
  }
  const collection = last ? updatedCollection(last, statements) : freshCollection(statements);
  if (statements.length > 0) {
    LAST_COLLECTIONS.set(statements[0]!, collection);
    LAST_COLLECTIONS.set(statements[statements.length - 1]!, collection);
  }
  // A statement's uses are listed once each already, and in one file statements do not overlap: only a file
  // included twice lists a use twice.
  const lists = collection.lists;
  return collection.includes ? { ...lists, macroUses: onceEach(lists.macroUses) } : lists;
}

function freshCollection(statements: readonly Statement[]): Collection {
  const lists = emptyLists();
  const starts = startsFor(statements.length);
  const includes = appendParts(statements, 0, statements.length, lists, starts);
  for (const name of LISTS) starts[name][statements.length] = lists[name].length;
  return { statements, lists, starts, includes };
}

/** `last` with the statements between the ends it shares with `statements` read again. */
function updatedCollection(last: Collection, statements: readonly Statement[]): Collection {
  const before = last.statements;
  let shared = 0;
  while (shared < statements.length && shared < before.length && statements[shared] === before[shared]) shared++;
  let sharedAtEnd = 0;
  while (
    sharedAtEnd < statements.length - shared &&
    sharedAtEnd < before.length - shared &&
    statements[statements.length - 1 - sharedAtEnd] === before[before.length - 1 - sharedAtEnd]
  ) {
    sharedAtEnd++;
  }
  const end = statements.length - sharedAtEnd;
  const lastEnd = before.length - sharedAtEnd;
  const middle = emptyLists();
  const starts = startsFor(statements.length);
  const includes = appendParts(statements, shared, end, middle, starts);
  const lists = emptyLists();
  for (const name of LISTS) {
    const lastList = last.lists[name] as unknown[];
    const lastStarts = last.starts[name];
    const head = lastStarts[shared]!;
    const newStarts = starts[name];
    newStarts.set(lastStarts.subarray(0, shared));
    // `appendParts` counted the middle's entries from 0: they come after the head.
    for (let index = shared; index < end; index++) newStarts[index] = newStarts[index]! + head;
    const shift = head + middle[name].length - lastStarts[lastEnd]!;
    for (let index = 0; index <= sharedAtEnd; index++) newStarts[end + index] = lastStarts[lastEnd + index]! + shift;
    (lists[name] as unknown[]) = lastList.slice(0, head).concat(middle[name], lastList.slice(lastStarts[lastEnd]));
  }
  // A parse cache reads a file with an include whole (all its statements new), so a tree that shares statements
  // with the last one has none; a tree built otherwise keeps its lists unique once any version included a file.
  return { statements, lists, starts, includes: includes || last.includes };
}

function emptyLists(): Lists {
  return { macroDefinitions: [], macroUses: [], tableDefinitions: [], tableUses: [], anchorCalls: [], anchorDefinitions: [], interfaceUses: [], addresses: [] };
}

function startsFor(statementCount: number): Record<ListName, Int32Array> {
  const starts = {} as Record<ListName, Int32Array>;
  for (const name of LISTS) starts[name] = new Int32Array(statementCount + 1);
  return starts;
}

/**
 * Appends the parts of `statements[from, to)` to `lists`, noting where each
 * statement's entries start; says whether one of them may include a file.
 */
function appendParts(statements: readonly Statement[], from: number, to: number, lists: Lists, starts: Record<ListName, Int32Array>): boolean {
  const walk = new ReferenceWalk();
  let includes = false;
  for (let index = from; index < to; index++) {
    const statement = statements[index]!;
    if (holdsInclude(statement)) includes = true;
    let part = STATEMENT_REFERENCES.get(statement);
    if (!part) STATEMENT_REFERENCES.set(statement, (part = walk.references(statement)));
    // One call per list and statement, written out: a loop over the list names costs more than the copying.
    starts.macroDefinitions[index] = append(lists.macroDefinitions, part.macroDefinitions);
    starts.macroUses[index] = append(lists.macroUses, part.macroUses);
    starts.tableDefinitions[index] = append(lists.tableDefinitions, part.tableDefinitions);
    starts.tableUses[index] = append(lists.tableUses, part.tableUses);
    starts.anchorCalls[index] = append(lists.anchorCalls, part.anchorCalls);
    starts.anchorDefinitions[index] = append(lists.anchorDefinitions, part.anchorDefinitions);
    starts.interfaceUses[index] = append(lists.interfaceUses, part.interfaceUses);
    starts.addresses[index] = append(lists.addresses, part.addresses);
  }
  return includes;
}

/** Appends `items` to `list`; returns where they start in it. */
function append<T>(list: T[], items: readonly T[]): number {
  const start = list.length;
  for (let index = 0; index < items.length; index++) list.push(items[index]!);
  return start;
}

/** The macro uses with the first of those at one place in a file only: a file included twice lists its uses once. */
function onceEach(uses: readonly PfNameUse[]): PfNameUse[] {
  const offsetsByFile = new Map<string, Set<number>>();
  const unique: PfNameUse[] = [];
  for (const macroUse of uses) {
    let offsets = offsetsByFile.get(macroUse.range.file);
    if (!offsets) offsetsByFile.set(macroUse.range.file, (offsets = new Set()));
    const offset = startOffsetOf(macroUse.range);
    if (offsets.has(offset)) continue;
    offsets.add(offset);
    unique.push(macroUse);
  }
  return unique;
}

/** `em0:network`, `em0:0`, `em0:network:0`: the interface part of an address word with modifiers. */
const INTERFACE_WITH_MODIFIERS = /^([A-Za-z][\w.-]*?)((?::(?:network|broadcast|peer|0))+)$/;

interface Node {
  readonly kind?: string;
  readonly macro?: { readonly name: string; readonly use: SourceRange };
  readonly [key: string]: unknown;
}

function isAtom(value: unknown): value is Atom {
  return typeof value === 'object' && value !== null && typeof (value as Atom).text === 'string' && typeof (value as Atom).raw === 'string';
}

function use(atom: Atom, name = atom.text): PfNameUse {
  return { name, range: atom.range, ...(atom.macro ? { macro: atom.macro.name } : {}) };
}

/**
 * Walks one statement generically: references can sit in any option of any
 * statement, and a generic walk cannot miss a new statement kind. Each node
 * is recognised by its shape (the syntax types keep kinds distinct).
 */
class ReferenceWalk {
  // A statement's lists are made when it has something for them: most statements have nothing for most lists,
  // and a parse without a cache (the command line's) makes every part anew.
  private macroDefinitions: MacroDefinition[] | undefined;
  private macroUses: PfNameUse[] | undefined;
  private tableDefinitions: TableDefinition[] | undefined;
  private tableUses: PfNameUse[] | undefined;
  private anchorCalls: PfNameUse[] | undefined;
  private anchorDefinitions: PfNameUse[] | undefined;
  private interfaceUses: PfInterfaceUse[] | undefined;
  private addresses: PfAddressLiteral[] | undefined;
  // The words of one macro expansion share its origin and lie side by side in the tree: the origin met last
  // is listed already, which spares most of them a place in the list.
  private lastOrigin: Node['macro'];

  references(statement: Statement): StatementReferences {
    this.visit(statement);
    const part: StatementReferences = {
      macroDefinitions: this.macroDefinitions ?? NONE,
      macroUses: this.macroUses && this.macroUses.length > 1 ? onceEach(this.macroUses) : (this.macroUses ?? NONE),
      tableDefinitions: this.tableDefinitions ?? NONE,
      tableUses: this.tableUses ?? NONE,
      anchorCalls: this.anchorCalls ?? NONE,
      anchorDefinitions: this.anchorDefinitions ?? NONE,
      interfaceUses: this.interfaceUses ?? NONE,
      addresses: this.addresses ?? NONE,
    };
    this.macroDefinitions = this.macroUses = this.tableDefinitions = this.tableUses = undefined;
    this.anchorCalls = this.anchorDefinitions = this.interfaceUses = this.addresses = undefined;
    this.lastOrigin = undefined;
    return part;
  }

  private noteMacroUse(origin: NonNullable<Node['macro']>): void {
    if (origin === this.lastOrigin) return;
    this.lastOrigin = origin;
    this.macroUses = added(this.macroUses, { name: origin.name, range: origin.use });
  }

  private interfaceUse(atom: Atom, how: PfInterfaceUse['how'], name = atom.text): void {
    this.interfaceUses = added(this.interfaceUses, atom.macro ? { name, range: atom.range, macro: atom.macro.name, how } : { name, range: atom.range, how });
  }

  private visit(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item);
      return;
    }
    const node = value as Node;
    if (node.macro) this.noteMacroUse(node.macro);
    // An atom (the only node with `raw`) holds no other node: most of the tree ends here.
    if (typeof node['raw'] === 'string') return;
    switch (node.kind) {
      case 'macro-definition':
        this.macroDefinitions = added(this.macroDefinitions, node as unknown as MacroDefinition);
        break;
      case 'table':
        // A table definition has options; a `<name>` host has `negated`.
        if ('options' in node) this.tableDefinitions = added(this.tableDefinitions, node as unknown as TableDefinition);
        else if (isAtom(node['name'])) this.tableUses = added(this.tableUses, use(node['name']));
        break;
      case 'overload':
        if (isAtom(node['table'])) this.tableUses = added(this.tableUses, use(node['table']));
        break;
      case 'load-anchor':
        if (isAtom(node['name'])) this.anchorDefinitions = added(this.anchorDefinitions, use(node['name']));
        break;
      case 'anchor':
      case 'ether-anchor':
      case 'translation-anchor':
        if (!isAtom(node['name'])) break;
        if (node['body']) this.anchorDefinitions = added(this.anchorDefinitions, use(node['name']));
        else this.anchorCalls = added(this.anchorCalls, use(node['name']));
        break;
      case 'interface':
        if (isAtom(node['name'])) this.interfaceUse(node['name'], 'on');
        break;
      case 'dynamic':
        if (isAtom(node['interface'])) this.interfaceUse(node['interface'], 'dynamic', node['interface'].text.replace(/:.*$/, ''));
        break;
      case 'address': {
        const address = node['address'];
        const match = isAtom(address) && 'negated' in node ? INTERFACE_WITH_MODIFIERS.exec(address.text) : null;
        if (match && isAtom(address)) this.interfaceUse(address, 'address', match[1]);
        const literal = 'negated' in node ? addressLiteral(node as unknown as Host) : undefined;
        if (literal) this.addresses = added(this.addresses, literal);
        break;
      }
      case 'route-interface':
        if (isAtom(node['interface'])) this.interfaceUse(node['interface'], 'route-to');
        break;
      case 'antispoof':
        for (const item of listItems(node['interfaces'])) if (isAtom(item['name'])) this.interfaceUse(item['name'], 'antispoof');
        break;
      case 'keyword': {
        const name = node['name'];
        const values = node['values'];
        if (isAtom(name) && name.text === 'received-on' && Array.isArray(values) && isAtom(values[0])) this.interfaceUse(values[0], 'received-on');
        break;
      }
    }
    // for...in rather than Object.entries: no array per node, and most nodes are leaves. An atom child is
    // taken here, without a call: atoms are most of the tree.
    for (const key in node) {
      if (key === 'range' || key === 'macro') continue;
      const child = node[key] as Node | null;
      if (typeof child !== 'object' || child === null) continue;
      if (typeof child['raw'] === 'string') {
        if (child.macro) this.noteMacroUse(child.macro);
      } else this.visit(child);
    }
  }
}

const NONE: readonly never[] = [];

/** `list` with `item` added, or a list of `item` alone (made to its size: a statement lists a few things). */
function added<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/**
 * The address a host names when it is an IP literal (with or without `/len`),
 * else undefined. Not remembered: the references walk reads each host once,
 * and a cache over every host of a large ruleset costs more than the reading.
 */
export function addressLiteral(host: Host): PfAddressLiteral | undefined {
  return host.kind === 'address' ? readAddressLiteral(host) : undefined;
}

/**
 * The family `addressLiteral` would find for `host` if the host is a
 * literal, told from the text alone (an IPv6 address always has a colon, an
 * IPv4 address never does), so that callers can skip parsing what cannot
 * matter to them; undefined for hosts that are not written addresses.
 */
export function possibleLiteralFamily(host: Host): AddressFamily | undefined {
  if (host.kind !== 'address') return undefined;
  const written = host.address.text;
  const colon = written.indexOf(':');
  const slash = written.indexOf('/');
  return colon >= 0 && (slash < 0 || colon < slash) ? 'inet6' : 'inet';
}

function readAddressLiteral(host: Extract<Host, { kind: 'address' }>): PfAddressLiteral | undefined {
  // `ADDRESS/LEN` may be one word; the length is what stands between the first and any second slash.
  const written = host.address.text;
  const slash = written.indexOf('/');
  const address = parseIp(slash < 0 ? written : written.slice(0, slash));
  if (!address) return undefined;
  const secondSlash = slash < 0 ? -1 : written.indexOf('/', slash + 1);
  const lengthInText = slash < 0 ? undefined : written.slice(slash + 1, secondSlash < 0 ? written.length : secondSlash);
  const lengthText = host.prefixLength?.text ?? lengthInText;
  const length = lengthText !== undefined && /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : undefined;
  const text = host.prefixLength ? `${written}/${host.prefixLength.text}` : written;
  const last = host.prefixLength ?? host.address;
  const macro = host.address.macro ?? last.macro;
  // Built without spreads: every address of the ruleset passes here.
  const literal: { -readonly [K in keyof PfAddressLiteral]: PfAddressLiteral[K] } = { address, text, range: host.range };
  if (length !== undefined) literal.length = length;
  if (macro) literal.macro = macro.name;
  else literal.textRange = joinRanges(host.address.range, last.range);
  return literal;
}

/** The hosts of a host list, nested lists flattened. */
export function flattenHosts(spec: HostSpec | undefined, into: Host[] = []): Host[] {
  if (!spec) return into;
  if (spec.kind === 'list') for (const item of spec.items) flattenHosts(item, into);
  else into.push(spec);
  return into;
}

const STATEMENTS = new WeakMap<readonly Statement[], readonly Statement[]>();

/**
 * Every statement of the tree in file order, with included files and inline
 * anchor bodies walked in place. Several rules read them all, so the list is
 * made once per tree.
 */
export function pfStatements(statements: readonly Statement[]): readonly Statement[] {
  let all = STATEMENTS.get(statements);
  if (!all) STATEMENTS.set(statements, (all = collectStatements(statements, [])));
  return all;
}

function collectStatements(statements: readonly Statement[], into: Statement[]): Statement[] {
  for (const statement of statements) {
    into.push(statement);
    if (statement.kind === 'include' && statement.included) collectStatements(statement.included.statements, into);
    if ((statement.kind === 'anchor' || statement.kind === 'ether-anchor') && statement.body) collectStatements(statement.body.statements, into);
  }
  return into;
}

function listItems(value: unknown): Node[] {
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Node;
  return node.kind === 'list' && Array.isArray(node['items']) ? (node['items'] as Node[]) : [node];
}

/** A note for messages about a name a macro wrote. */
export function throughMacro(use: PfNameUse): string {
  return use.macro ? ` (from $${use.macro})` : '';
}

/**
 * An edit that deletes a statement together with its line, when the line
 * holds nothing else but blanks and a trailing comment; undefined otherwise
 * (the statement shares its line with another, or its file was not read).
 */
export function deleteStatementLine(analysis: HostAnalysis, range: SourceRange): TextEdit | undefined {
  const file = analysis.sources.get(range.file);
  if (!file) return undefined;
  const lineStart = file.text.lastIndexOf('\n', range.start.offset - 1) + 1;
  const newline = file.text.indexOf('\n', range.end.offset);
  const lineEnd = newline < 0 ? file.text.length : newline + 1;
  if (file.text.slice(lineStart, range.start.offset).trim() !== '') return undefined;
  const rest = file.text.slice(range.end.offset, newline < 0 ? file.text.length : newline);
  if (rest.trim() !== '' && !rest.trim().startsWith('#')) return undefined;
  return { range: file.lines.range(file.path, lineStart, lineEnd), newText: '' };
}

/** The `route-to`/`reply-to`/`dup-to` targets of a rule, in either position pf accepts the option. */
export function routeTargetsOf(rule: FilterHead): readonly { readonly option: RouteOption; readonly target: RouteTarget }[] {
  // Made only for a rule that routes: rules read every statement's, and most have none.
  let found: { option: RouteOption; target: RouteTarget }[] | undefined;
  const add = (option: RouteOption) => {
    const targets = option.targets;
    if (!targets) return;
    found ??= [];
    for (const target of targets.kind === 'list' ? targets.items : [targets]) found.push({ option, target });
  };
  if (rule.route) add(rule.route);
  for (let index = 0; index < rule.options.length; index++) {
    const option = rule.options[index]!;
    if (option.kind === 'route') add(option);
  }
  return found ?? NONE;
}
