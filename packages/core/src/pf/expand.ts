import { createHash } from 'node:crypto';
import type { Finding } from '../findings.js';
import type { FileSystem } from '../fs.js';
import type { SourceRange } from '../source.js';
import { ADDRESS_BITS, parseIp, prefixOf, type AddressFamily, type IpAddress } from '../net/ip.js';
import {
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_SCTP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  icmpCodeByName,
  icmpTypeNumber,
  protocolNumber,
  servicePort,
  TCP_FLAG_ORDER,
  tosValue,
} from './names.js';
import { CHECKPOINT_EVERY, holdsInclude } from './parse.js';
import { printAddress } from './print.js';
import {
  emptyPfRuleset,
  type PfAddress,
  type PfAddressMatch,
  type PfEtherAddressMatch,
  type PfEndpoint,
  type PfEtherRule,
  type PfIdMatch,
  type PfInterfaceMatch,
  type PfInterfaceModifier,
  type PfLoadedConfig,
  type PfLogOptions,
  type PfNumberMatch,
  type PfOrigin,
  type PfParseTimeItem,
  type PfPool,
  type PfPoolAddress,
  type PfRule,
  type PfRuleset,
  type PfScrubOptions,
  type PfStateOptions,
  type PfTable,
  type PfTableEntry,
  type PfTableSource,
} from './ruleset.js';
import type * as S from './syntax.js';

/** An address configured on an interface, as `--ifaddr NAME=ADDR/LEN` gives it. */
export interface PfInterfaceAddress {
  readonly address: IpAddress;
  readonly length: number;
}

export interface PfExpandOptions {
  readonly dialect?: S.PfDialect;
  /**
   * Interface addresses pfctl would find on the host. Interface names used as
   * hosts are replaced by these; names without an entry stay symbolic.
   */
  readonly interfaces?: ReadonlyMap<string, readonly PfInterfaceAddress[]>;
  /**
   * For callers that expand every version of a file parsed through one
   * `PfParseCache` (the check session): each top-level statement's rules are
   * kept with the statement, and the expansion of a later version that keeps
   * the statement takes them again unless something else they were made from
   * changed (see `KeptExpansion`; `interfaces` is compared by identity: a
   * caller whose interface addresses change passes a new map). Keeping makes
   * a first expansion a fifth slower or so (a WeakMap entry per statement),
   * which a file expanded once (`pflint check`) would pay for nothing.
   */
  readonly keepExpansions?: boolean;
  /**
   * As `PfParseOptions.checkpoint`: called every `CHECKPOINT_EVERY` top-level
   * statements, and the expansion ends with what it throws. Called only while
   * the expansion keeps nothing (no `keepExpansions`, or a file with an
   * include): one that keeps updates what later expansions start from as it
   * goes, and cut short could leave that half done (after the first, such
   * expansions redo only what an edit touched, so they are short anyway).
   */
  readonly checkpoint?: () => void;
}

export interface PfExpandResult {
  readonly config: PfLoadedConfig;
  readonly findings: readonly Finding[];
}

/** Rule id of pfctl's semantic errors. */
export const PF_SEMANTIC = 'pf-semantic';

interface MutableRuleset {
  ether: PfEtherRule[];
  scrub: PfRule[];
  nat: PfRule[];
  rdr: PfRule[];
  binat: PfRule[];
  filter: PfRule[];
}

/** The protocols a rule may match ports of, per dialect (FreeBSD's pf knows SCTP ports). */
const PORT_PROTOCOLS: Readonly<Record<S.PfDialect, readonly number[]>> = {
  freebsd: [IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP],
  openbsd: [IPPROTO_TCP, IPPROTO_UDP],
};

/** `flags S/SA`, what a stateful rule checks unless it says otherwise; one object for all those rules. */
const STATEFUL_FLAGS = { set: 'S', mask: 'SA' } as const;

/** FreeBSD's statement sections, in the order `require-order` enforces. */
const SECTION = { options: 0, ether: 1, scrub: 2, queue: 3, translation: 4, filter: 5 } as const;

/** A host after resolution: one address with its family (undefined for tables, dynamic and unknown names). */
interface ResolvedHost {
  readonly match: PfAddressMatch;
  readonly family?: AddressFamily;
}

/** `any` (written, or implied by a missing `from`/`to`), one object for every rule, like any other repeated address. */
const ANY_HOST: readonly ResolvedHost[] = [{ match: { address: { kind: 'any' }, negated: false } }];

/** The endpoint of a rule that names none, until its statement's own replaces it: one object for every rule. */
const ANY_ENDPOINT: PfEndpoint = { address: ANY_HOST[0]!.match };

/**
 * The one-entry list of "not given" that a clause left out expands to (no
 * `on`, no protocol, no ports...), shared: most statements leave most
 * clauses out, and the lists are only read.
 */
const NOT_GIVEN: readonly undefined[] = [undefined];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `set state-defaults` not given: one object, so that expansions without it have the same state defaults. */
const NO_STATE_DEFAULTS: readonly S.StateOption[] = [];

/**
 * The objects an expansion gives every rule naming the same thing, by what
 * names it: the checks cache by identity, and each text is resolved once.
 */
interface SharedObjects {
  /** Address texts parsed (null: not an address). */
  readonly addresses: Map<string, IpAddress | null>;
  /** Resolved address words: a word as written (no `!`, no `/len`, most of them) is its own key. */
  readonly plainWords: Map<string, readonly ResolvedHost[]>;
  readonly words: Map<string, readonly ResolvedHost[]>;
  /** Interface matches by name (`!name` when negated). */
  readonly interfaces: Map<string, PfInterfaceMatch>;
  /** Table hosts by name (`!name` when negated). */
  readonly tables: Map<string, readonly ResolvedHost[]>;
}

type SharedValue<Kind extends keyof SharedObjects> = SharedObjects[Kind] extends Map<string, infer Value> ? Value : never;

/** The statements whose expansion is kept: their rules depend on nothing but the statement and a `KeptExpansion`'s key. */
type KeptStatement = S.FilterRule | S.TranslationRule | S.AntispoofRule | S.ScrubRule;

/**
 * A top-level statement's rules from its last expansion, with everything
 * besides the statement they were made from. A parse cache keeps the
 * statements an edit did not touch (`reparse.ts`), so the next expansion of
 * the file expands only the statements the edit made. Expansions that
 * reported a problem are not kept: they are rare and their findings would
 * need keeping too.
 */
interface KeptExpansion {
  readonly dialect: S.PfDialect;
  readonly interfaces: PfExpandOptions['interfaces'];
  /** What a bare `block` does (filter rules and antispoof). */
  readonly blockPolicy: 'drop' | 'return';
  /** The `set state-defaults` options in force, by identity: a kept `set` statement keeps its list. */
  readonly stateDefaults: readonly S.StateOption[];
  /** The limiters defined before the statement (`Expander.limiterDefinitions`). */
  readonly limiterDefinitions: string;
  readonly rules: readonly PfRule[];
  /**
   * The shared objects the rules hold, as (kind, key, object) triples in one
   * flat list: the next expansion shares these same objects with the
   * statements it expands anew, as a fresh expansion shares one per key.
   */
  readonly shared: readonly unknown[];
  /**
   * The shared objects of the last expansion that made this one or found it
   * agreeing with its own: every object in `shared` is the one they hold for
   * its key (they only ever gain keys). An expansion that starts from them
   * need not hand this one's objects out again.
   */
  sharedIn: SharedObjects;
}

/**
 * Kept expansions by statement. Module-wide, yet never stale: an entry is
 * taken only when everything its rules were made from is the same again
 * (the statement, being the same object, has the same text), and it goes
 * with its statement.
 */
const KEPT_EXPANSIONS = new WeakMap<KeptStatement, KeptExpansion>();

class SemanticError extends Error {
  constructor(
    message: string,
    readonly range: SourceRange,
  ) {
    super(message);
  }
}

/** Expands a parsed pf.conf into the ruleset pfctl would load. Never throws. */
export function expandPfConf(tree: S.PfSyntaxFile, options: PfExpandOptions = {}): PfExpandResult {
  const expander = new Expander(options);
  const rules = expander.run(tree);
  return {
    config: {
      dialect: expander.dialect,
      parseTime: expander.parseTime,
      tables: expander.tables,
      rules,
    },
    findings: expander.findings,
  };
}

/**
 * Reads a table file as pfctl does (one address per line, `#` and `;` start
 * comments) only when a caller asks: a ruleset with a 100,000-line table file
 * costs nothing until its entries are needed.
 */
export function loadTableFile(fs: FileSystem, path: string): { entries: PfTableEntry[]; unreadable: boolean } {
  const text = fs.readFile(path);
  if (text === undefined) return { entries: [], unreadable: true };
  const entries: PfTableEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    for (const word of line.split(/\s+/)) {
      const negated = word.startsWith('!');
      const body = negated ? word.slice(1) : word;
      const [addressText, lengthText] = body.split('/');
      const address = parseIp(addressText ?? '');
      if (!address) continue;
      const length = lengthText === undefined ? ADDRESS_BITS[address.family] : Number(lengthText);
      entries.push({ negated, address: { kind: 'prefix', prefix: prefixOf(address, length) } });
    }
  }
  return { entries, unreadable: false };
}

class Expander {
  readonly dialect: S.PfDialect;
  readonly findings: Finding[] = [];
  readonly parseTime: PfParseTimeItem[] = [];
  readonly tables = new Map<string, PfTable>();
  private section: number = SECTION.options;
  private requireOrder = true;
  private blockPolicy: 'drop' | 'return' = 'drop';
  private stateDefaults = NO_STATE_DEFAULTS;
  private readonly limiters = new Map<string, { kind: 'state' | 'source'; id: number }>();
  /** The limiter definitions read so far, as text: equal texts give equal `limiters`. */
  private limiterDefinitions = '';
  private shared: SharedObjects = { addresses: new Map(), plainWords: new Map(), words: new Map(), interfaces: new Map(), tables: new Map() };
  /** While a statement to keep is expanded, the shared objects it takes (see `KeptExpansion.shared`). */
  private sharedTaken: unknown[] | undefined;
  /**
   * Kept expansions holding a shared object other than the one this
   * expansion hands out for its key (possible only when their statements
   * were expanded apart): their rules must share as a fresh expansion's do.
   */
  private readonly unshared = new Set<KeptExpansion>();
  /** Set once `options.checkpoint` threw: what it threw then passes every statement's guard on its way out. */
  private stopping = false;

  constructor(private readonly options: PfExpandOptions) {
    this.dialect = options.dialect ?? 'freebsd';
  }

  run(tree: S.PfSyntaxFile): PfRuleset {
    const rules = mutableRuleset();
    // A parse cache reads a file with an include whole for every version (`reparse.ts`): none of its statements
    // would be seen again, and keeping their rules would make every expansion slower (see `keepExpansions`).
    const statements = tree.statements;
    let keep = this.options.keepExpansions === true;
    // Loops over every statement index: this runs once per check, and unoptimised for...of allocates per item.
    for (let index = 0; index < statements.length && keep; index++) if (holdsInclude(statements[index]!)) keep = false;
    // What is kept is looked up once, here, for each statement.
    const kept: (KeptExpansion | undefined)[] = [];
    let startedFromKept = false;
    for (let index = 0; index < statements.length && keep; index++) {
      const statement = statements[index]!;
      const found = isKeptStatement(statement) ? KEPT_EXPANSIONS.get(statement) : undefined;
      kept.push(found);
      // The shared objects of the expansion that made or checked a kept statement, under the same dialect and
      // interfaces, are this one's to start from: the statements it made or checked hold them already (a key
      // whose users are gone holds an object nobody else does, as a fresh expansion would make it).
      if (!startedFromKept && found && this.sharesWith(found)) {
        this.shared = found.sharedIn;
        startedFromKept = true;
      }
    }
    // The kept rules' shared objects first: a statement expanded anew before them must share them too.
    for (let index = 0; index < kept.length; index++) {
      const found = kept[index];
      if (!found || !this.sharesWith(found) || found.sharedIn === this.shared) continue;
      this.shareObjectsOf(found);
      if (!this.unshared.has(found)) found.sharedIn = this.shared;
    }
    this.statements(statements, rules, 0, keep ? kept : undefined);
    return rules;
  }

  private error(message: string, range: SourceRange, ruleId = PF_SEMANTIC): void {
    this.findings.push({ ruleId, severity: 'error', message, range });
  }

  /** `kept`: given for the file's own top-level statements, whose expansions are kept (see `KeptExpansion`), what is kept of each. */
  private statements(statements: readonly S.Statement[], rules: MutableRuleset, depth: number, kept?: readonly (KeptExpansion | undefined)[]): void {
    const checkpoint = depth === 0 && kept === undefined ? this.options.checkpoint : undefined;
    for (let index = 0; index < statements.length; index++) {
      const statement = statements[index]!;
      if (checkpoint && (index + 1) % CHECKPOINT_EVERY === 0) {
        this.stopping = true;
        checkpoint();
        this.stopping = false;
      }
      try {
        this.statement(statement, rules, depth, kept !== undefined, kept?.[index]);
      } catch (error) {
        // A stop asked for in an included file's statements, which this guard encloses.
        if (this.stopping) throw error;
        if (error instanceof SemanticError) this.error(error.message, error.range);
        // A bug here must not take the caller down: report it on the statement instead.
        else this.error(`internal error while expanding: ${error instanceof Error ? error.message : String(error)}`, statement.range, 'internal-error');
      }
    }
  }

  /** FreeBSD's `require-order`: a statement may not come after one of a later section. */
  private enterSection(section: number, range: SourceRange, depth: number): void {
    if (this.dialect !== 'freebsd' || depth > 0) return;
    if (this.requireOrder && section < this.section) {
      throw new SemanticError(
        'Rules must be in order: options, ethernet, normalization, queueing, translation, filtering',
        range,
      );
    }
    this.section = Math.max(this.section, section);
  }

  private statement(statement: S.Statement, rules: MutableRuleset, depth: number, keep: boolean, kept: KeptExpansion | undefined): void {
    switch (statement.kind) {
      case 'macro-definition':
        this.parseTime.push({ kind: 'macro', origin: new StatementOrigin(statement), name: statement.name.text, value: statement.value });
        return;
      case 'include':
        if (statement.included) this.statements(statement.included.statements, rules, depth);
        return;
      case 'table':
        this.table(statement);
        return;
      case 'set':
        this.option(statement, depth);
        return;
      case 'filter-rule':
      case 'antispoof':
        this.enterSection(SECTION.filter, statement.range, depth);
        appendAll(rules.filter, this.expansion(statement, keep, kept, numberedRules(rules)));
        return;
      case 'anchor':
        this.enterSection(SECTION.filter, statement.range, depth);
        appendAll(rules.filter, this.anchorRule(statement, depth, numberedRules(rules)));
        return;
      case 'translation-rule':
        this.enterSection(SECTION.translation, statement.range, depth);
        appendAll(rules[statement.type], this.expansion(statement, keep, kept, numberedRules(rules)));
        return;
      case 'translation-anchor':
        this.enterSection(SECTION.translation, statement.range, depth);
        appendAll(rules[statement.type], this.translationAnchor(statement));
        return;
      case 'scrub':
        this.enterSection(SECTION.scrub, statement.range, depth);
        appendAll(rules.scrub, this.expansion(statement, keep, kept, numberedRules(rules)));
        return;
      case 'ether-rule':
      case 'ether-anchor':
        this.enterSection(SECTION.ether, statement.range, depth);
        appendAll(rules.ether, this.etherRule(statement, depth));
        return;
      case 'altq':
        this.enterSection(SECTION.queue, statement.range, depth);
        this.parseTime.push({ kind: 'altq', origin: new StatementOrigin(statement), text: altqText(statement) });
        return;
      case 'queue':
        this.queue(statement, depth);
        return;
      case 'limiter-definition':
        this.limiterDefinition(statement);
        return;
      case 'load-anchor':
        return;
    }
  }

  /**
   * The statement's rules: its kept expansion when everything it was made from is the same, else expanded (and kept
   * when `keep`). `rulesBefore`: how many rules its ruleset held before it, the first `$nr` of its rules.
   */
  private expansion(statement: KeptStatement, keep: boolean, kept: KeptExpansion | undefined, rulesBefore: number): readonly PfRule[] {
    if (!keep) return this.rulesOf(statement, rulesBefore);
    if (kept && this.madeAlike(kept) && !this.unshared.has(kept)) return kept.rules;
    const taken: unknown[] = [];
    this.sharedTaken = taken;
    let rules: PfRule[];
    try {
      rules = this.rulesOf(statement, rulesBefore);
    } finally {
      this.sharedTaken = undefined;
    }
    if (!numbersItsRules(statement)) {
      KEPT_EXPANSIONS.set(statement, {
        dialect: this.dialect,
        interfaces: this.options.interfaces,
        blockPolicy: this.blockPolicy,
        stateDefaults: this.stateDefaults,
        limiterDefinitions: this.limiterDefinitions,
        rules,
        shared: taken,
        sharedIn: this.shared,
      });
    }
    return rules;
  }

  private rulesOf(statement: KeptStatement, rulesBefore: number): PfRule[] {
    switch (statement.kind) {
      case 'filter-rule':
        return this.filterRule(statement, statement.action.type, rulesBefore);
      case 'antispoof':
        return this.antispoof(statement, rulesBefore);
      case 'translation-rule':
        return this.translationRule(statement, rulesBefore);
      case 'scrub':
        return this.scrubRule(statement, rulesBefore);
    }
  }

  /** Whether a kept expansion's shared objects were made under this expansion's dialect and interfaces. */
  private sharesWith(kept: KeptExpansion): boolean {
    return kept.dialect === this.dialect && kept.interfaces === this.options.interfaces;
  }

  /** Whether a kept expansion was made with what this one would read at this point of the file. */
  private madeAlike(kept: KeptExpansion): boolean {
    return (
      this.sharesWith(kept) &&
      kept.blockPolicy === this.blockPolicy &&
      kept.stateDefaults === this.stateDefaults &&
      kept.limiterDefinitions === this.limiterDefinitions
    );
  }

  /**
   * Hands out a kept expansion's shared objects for their keys, where no other
   * object has been handed out yet. Done before anything is expanded: later
   * only missing keys are added, so an expansion found `unshared` here stays
   * so, and one not found stays sharing.
   */
  private shareObjectsOf(kept: KeptExpansion): void {
    const shared = kept.shared;
    for (let index = 0; index < shared.length; index += 3) {
      const objects = this.shared[shared[index] as keyof SharedObjects] as Map<string, unknown>;
      const key = shared[index + 1] as string;
      const handedOut = objects.get(key);
      if (handedOut === undefined) objects.set(key, shared[index + 2]);
      else if (handedOut !== shared[index + 2]) this.unshared.add(kept);
    }
  }

  // -------------------------------------------------------------------------
  // Tables, options, queues, limiters

  private table(statement: S.TableDefinition): void {
    const name = statement.name.text;
    if (name.length >= 32) throw new SemanticError(`table name too long: ${name}`, statement.name.range);
    if (this.tables.has(name)) throw new SemanticError(`table <${name}> already defined`, statement.range);
    const flags = new Set<string>();
    const sources: PfTableSource[] = [];
    for (const option of statement.options) {
      if (option.kind === 'flag') {
        const word = option.word.text;
        if (word !== 'persist' && word !== 'const' && word !== 'counters') {
          throw new SemanticError(`invalid table option '${word}'`, option.range);
        }
        flags.add(word);
      } else if (option.kind === 'file') {
        sources.push({ kind: 'file', path: option.path.text });
      } else if (option.kind === 'entries') {
        const entries: PfTableEntry[] = [];
        for (const host of flattenHosts(option.entries)) {
          for (const resolved of this.resolveHost(host, undefined)) {
            entries.push({ negated: resolved.match.negated, address: resolved.match.address });
          }
        }
        sources.push({ kind: 'entries', entries });
      }
    }
    const table: PfTable = {
      origin: new StatementOrigin(statement),
      name,
      persist: flags.has('persist'),
      const: flags.has('const'),
      counters: flags.has('counters'),
      sources,
    };
    this.tables.set(name, table);
    this.parseTime.push({ kind: 'table', table });
  }

  private option(statement: S.SetStatement, depth: number): void {
    const push = (name: string, words: readonly string[]) =>
      this.parseTime.push({ kind: 'option', origin: new StatementOrigin(statement), option: { name, words } });
    switch (statement.option) {
      case 'timeout':
      case 'limit':
        this.enterSection(SECTION.options, statement.range, depth);
        for (const entry of statement.entries) {
          const value = Number(entry.value.text);
          if (!Number.isInteger(value) || value < 0) {
            throw new SemanticError(`invalid ${statement.option} value ${entry.value.text}`, entry.value.range);
          }
          push(statement.option, [entry.name.text, String(value)]);
        }
        return;
      case 'skip':
        for (const item of listItems(statement.interfaces)) {
          if (item.negated) throw new SemanticError('skip on ! <interface> is not supported', item.range);
          push('skip', ['on', item.name.text]);
        }
        return;
      case 'state-defaults':
        this.stateDefaults = statement.stateOptions;
        return;
      case 'keepcounters':
        push('keepcounters', []);
        return;
      case 'reassemble':
        this.enterSection(SECTION.options, statement.range, depth);
        push('reassemble', statement.noDf ? [statement.value.text, 'no-df'] : [statement.value.text]);
        return;
      case 'syncookies':
        push('syncookies', [statement.value.text]);
        return;
      case 'require-order':
        this.requireOrder = statement.value.text === 'yes';
        return;
      case 'block-policy':
        this.enterSection(SECTION.options, statement.range, depth);
        this.blockPolicy = statement.value.text === 'return' ? 'return' : 'drop';
        push('block-policy', [statement.value.text]);
        return;
      case 'hostid': {
        const value = Number(statement.value.text);
        push('hostid', [`0x${(value >>> 0).toString(16).padStart(8, '0')}`]);
        return;
      }
      case 'fingerprints':
        this.enterSection(SECTION.options, statement.range, depth);
        push('fingerprints', [`"${statement.value.text}"`]);
        return;
      case 'loginterface':
      case 'fail-policy':
      case 'optimization':
      case 'debug':
        this.enterSection(SECTION.options, statement.range, depth);
        push(statement.option, [statement.value.text]);
        return;
      case 'state-policy':
      case 'ruleset-optimization':
        push(statement.option, [statement.value.text]);
        return;
    }
  }

  private queue(statement: S.QueueDefinition, depth: number): void {
    if (this.dialect === 'freebsd') {
      this.enterSection(SECTION.queue, statement.range, depth);
      this.parseTime.push({ kind: 'altq', origin: new StatementOrigin(statement), text: altqQueueText(statement) });
      return;
    }
    const value = (name: string) => {
      const option = statement.options.find((candidate) => candidate.name.text === name);
      return option && !('parenthesised' in option) ? option.values[0]?.text : undefined;
    };
    const qlimit = value('qlimit');
    const flows = value('flows');
    const quantum = value('quantum');
    const interfaces = statement.interfaces ? listItems(statement.interfaces) : [];
    this.parseTime.push({
      kind: 'queue',
      origin: new StatementOrigin(statement),
      queue: {
        name: statement.name.text,
        ...(interfaces[0] ? { interface: interfaces[0].name.text } : {}),
        ...(statement.parent ? { parent: statement.parent.text } : {}),
        ...optional('bandwidth', value('bandwidth')),
        ...optional('min', value('min')),
        ...optional('max', value('max')),
        ...optional('burst', value('burst')),
        ...(qlimit !== undefined ? { qlimit: Number(qlimit) } : {}),
        ...(flows !== undefined ? { flows: Number(flows) } : {}),
        ...(quantum !== undefined ? { quantum: Number(quantum) } : {}),
        isDefault: statement.options.some((option) => option.name.text === 'default'),
      },
    });
  }

  private limiterDefinition(statement: S.LimiterDefinition): void {
    const values = new Map<string, readonly S.Atom[]>();
    for (const option of statement.options) values.set(option.name.text, option.values);
    const number = (name: string, index = 0) => {
      const atom = values.get(name)?.[index];
      return atom === undefined ? undefined : Number(atom.text);
    };
    const id = number('id');
    const limit = number('limit');
    if (id === undefined || limit === undefined) throw new SemanticError('limiter needs an id and a limit', statement.range);
    const rate = values.get('rate');
    const mask = (family: string) => {
      const atoms = values.get(family);
      const last = atoms?.[atoms.length - 1];
      return last ? Number(last.text) : undefined;
    };
    const entries = number('entries');
    const inetMask = mask('inet');
    const inet6Mask = mask('inet6');
    this.limiters.set(`${statement.type}/${statement.name.text}`, { kind: statement.type, id });
    this.limiterDefinitions += `${statement.type}/${statement.name.text}=${id}\n`;
    this.parseTime.push({
      kind: 'limiter',
      origin: new StatementOrigin(statement),
      limiter: {
        kind: statement.type,
        name: statement.name.text,
        id,
        limit,
        ...(entries !== undefined ? { entries } : {}),
        ...(rate && rate.length === 2 ? { rate: { limit: Number(rate[0]!.text), seconds: Number(rate[1]!.text) } } : {}),
        ...(inetMask !== undefined ? { inetMask } : {}),
        ...(inet6Mask !== undefined ? { inet6Mask } : {}),
      },
    });
  }

  // -------------------------------------------------------------------------
  // Hosts

  /** Resolves one host of the host grammar into addresses, as pfctl's host() does. */
  private resolveHost(host: S.Host, weightHolder: { weight?: number } | undefined): readonly ResolvedHost[] {
    const weight = 'weight' in host && host.weight ? Number(host.weight.text) : undefined;
    if (weightHolder && weight !== undefined) weightHolder.weight = weight;
    switch (host.kind) {
      case 'any':
        return ANY_HOST;
      case 'no-route':
        return [{ match: { address: { kind: 'no-route' }, negated: host.negated } }];
      case 'urpf-failed':
        return [{ match: { address: { kind: 'urpf-failed' }, negated: host.negated } }];
      case 'route-label':
        throw new SemanticError('route labels are not supported', host.range);
      case 'table': {
        const name = host.name.text;
        if (name.length >= 32) throw new SemanticError(`table name too long: ${name}`, host.name.range);
        // Shared like address words: many rules name one table, and the checks cache by the match object.
        const negated = host.negated;
        return this.sharedObject('tables', negated ? `!${name}` : name, (): ResolvedHost[] => [{ match: { address: { kind: 'table', name }, negated } }]);
      }
      case 'dynamic': {
        const [name, ...modifiers] = host.interface.text.split(':');
        const length = host.prefixLength ? this.maskLength(host.prefixLength, undefined) : undefined;
        const address: PfAddress = {
          kind: 'dynamic',
          interface: name ?? '',
          modifiers: this.modifiers(modifiers, host.interface),
          ...(length !== undefined ? { length } : {}),
        };
        return [{ match: { address, negated: host.negated } }];
      }
      case 'range': {
        const from = this.parseAddress(host.from.text);
        const to = this.parseAddress(host.to.text);
        if (!from || !to || from.family !== to.family) {
          throw new SemanticError(`could not parse host specification`, host.range);
        }
        return [{ match: { address: { kind: 'range', from, to }, negated: host.negated }, family: from.family }];
      }
      case 'address':
        return this.resolveAddressWord(host.address, host.prefixLength, host.negated);
    }
  }

  private maskLength(atom: S.Atom, family: AddressFamily | undefined): number {
    const length = Number(atom.text);
    const limit = family ? ADDRESS_BITS[family] : 128;
    if (!/^\d+$/.test(atom.text) || length > limit) throw new SemanticError(`invalid netmask '${atom.text}'`, atom.range);
    return length;
  }

  private modifiers(words: readonly string[], atom: S.Atom): PfInterfaceModifier[] {
    const result: PfInterfaceModifier[] = [];
    for (const word of words) {
      if (word !== 'network' && word !== 'broadcast' && word !== 'peer' && word !== '0') {
        throw new SemanticError(`invalid interface modifier '${word}'`, atom.range);
      }
      result.push(word);
    }
    if (result.filter((modifier) => modifier !== '0').length > 1) {
      throw new SemanticError('illegal combination of interface modifiers', atom.range);
    }
    return result;
  }

  private parseAddress(text: string): IpAddress | undefined {
    return this.sharedObject('addresses', text, () => parseIp(text) ?? null) ?? undefined;
  }

  /**
   * The object this expansion shares under `key` (made by `make` the first
   * time), noted for the statement being kept when there is one: every kind
   * of shared object is taken this way, so none misses the note.
   */
  private sharedObject<Kind extends keyof SharedObjects>(kind: Kind, key: string, make: () => SharedValue<Kind>): SharedValue<Kind> {
    const objects = this.shared[kind] as Map<string, SharedValue<Kind>>;
    let value = objects.get(key);
    if (value === undefined) objects.set(key, (value = make()));
    this.sharedTaken?.push(kind, key, value);
    return value;
  }

  /**
   * Rulesets repeat their addresses (macros, lists, the same host in many
   * rules): each distinct word is resolved once, and the rules that name it
   * share one match object, which is also what the checks cache by.
   * Only successes are kept: an error is raised again at each place it occurs.
   */
  private resolveAddressWord(atom: S.Atom, lengthAtom: S.Atom | undefined, negated: boolean): readonly ResolvedHost[] {
    const plain = !negated && !lengthAtom;
    const key = plain ? atom.text : `${negated ? '!' : ''}\u0000${atom.text}\u0000${lengthAtom ? lengthAtom.text : ''}`;
    return this.sharedObject(plain ? 'plainWords' : 'words', key, () => this.resolveAddressWordOnce(atom, lengthAtom, negated));
  }

  private resolveAddressWordOnce(atom: S.Atom, lengthAtom: S.Atom | undefined, negated: boolean): ResolvedHost[] {
    let text = atom.text;
    // inet_net_pton accepts `10/8` and `192.168/16`: the missing octets are zero.
    if (lengthAtom && /^\d+(\.\d+){0,2}$/.test(text)) text = [...text.split('.'), '0', '0', '0'].slice(0, 4).join('.');
    // Not through parseAddress's cache: this word's resolution is cached already.
    const ip = parseIp(text);
    if (ip) {
      const length = lengthAtom ? this.maskLength(lengthAtom, ip.family) : ADDRESS_BITS[ip.family];
      return [{ match: { address: { kind: 'prefix', prefix: prefixOf(ip, length) }, negated }, family: ip.family }];
    }
    if (text === 'localhost') {
      return (['127.0.0.1', '::1'] as const).map((literal) => {
        const address = this.parseAddress(literal)!;
        const length = lengthAtom ? this.maskLength(lengthAtom, address.family) : ADDRESS_BITS[address.family];
        return { match: { address: { kind: 'prefix', prefix: prefixOf(address, length) }, negated }, family: address.family };
      });
    }
    const [name = '', ...modifierWords] = text.split(':');
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new SemanticError(`could not parse host specification`, atom.range);
    const modifiers = this.modifiers(modifierWords, atom);
    const length = lengthAtom ? this.maskLength(lengthAtom, undefined) : undefined;
    const configured = this.options.interfaces?.get(name);
    if (!configured) {
      const address: PfAddress = { kind: 'interface', interface: name, modifiers, ...(length !== undefined ? { length } : {}) };
      return [{ match: { address, negated } }];
    }
    return interfaceHostAddresses(configured, modifiers, length).map((prefix) => ({
      match: { address: { kind: 'prefix', prefix }, negated },
      family: prefix.family,
    }));
  }

  /** The interfaces of `on ...`, or one undefined entry for a rule without it. */
  private interfaceList(clause: S.InterfaceClause | undefined): readonly (PfInterfaceMatch | undefined)[] {
    if (clause?.kind !== 'on') return NOT_GIVEN;
    return listItems(clause.interfaces).map((item) =>
      this.sharedObject('interfaces', item.negated ? `!${item.name.text}` : item.name.text, () => ({ name: item.name.text, negated: item.negated })),
    );
  }

  /** The hosts and ports of a rule's `from` and `to`, each list expanded. */
  private endpointLists(hosts: S.Hosts | undefined): EndpointLists {
    const fromTo = hosts?.kind === 'from-to' ? hosts : undefined;
    return {
      fromHosts: this.hostList(fromTo?.from?.hosts),
      toHosts: this.hostList(fromTo?.to?.hosts),
      fromPorts: this.portList(fromTo?.from?.ports),
      toPorts: this.portList(fromTo?.to?.ports),
    };
  }

  private hostList(spec: S.HostSpec | undefined): readonly ResolvedHost[] {
    if (!spec) return ANY_HOST;
    // One host, the usual case: its resolution is already a list (for an address word, shared by every rule naming it).
    if (spec.kind !== 'list') return this.resolveHost(spec, undefined);
    const result: ResolvedHost[] = [];
    for (const host of flattenHosts(spec.items)) appendAll(result, this.resolveHost(host, undefined));
    return result;
  }

  // -------------------------------------------------------------------------
  // Ports, users, protocols, ICMP

  /** The port `text` names (by default the atom's own text; a part of it for `low:high`), errors reported at `atom`. */
  private portValue(atom: S.Atom, text = atom.text): number {
    if (/^\d+$/.test(text)) {
      const value = Number(text);
      if (value > 65535) throw new SemanticError(`illegal port value ${value}`, atom.range);
      return value;
    }
    const port = servicePort(text);
    if (port === undefined) throw new SemanticError(`unknown port ${text}`, atom.range);
    return port;
  }

  private portList(spec: S.ComparisonSpec | undefined): readonly (PfNumberMatch | undefined)[] {
    if (!spec) return NOT_GIVEN;
    return listItems(spec).map((item) => {
      if (item.kind === 'binary') {
        return { operator: item.operator, low: this.portValue(item.low), high: this.portValue(item.high) };
      }
      const colon = item.value.text.indexOf(':');
      if (colon > 0 && item.operator === undefined) {
        const low = this.portValue(item.value, item.value.text.slice(0, colon));
        const high = this.portValue(item.value, item.value.text.slice(colon + 1));
        if (low > high) throw new SemanticError('invalid port range', item.range);
        return { operator: ':', low, high };
      }
      return { operator: item.operator ?? '=', value: this.portValue(item.value) };
    });
  }

  private idList(spec: S.ComparisonSpec): PfIdMatch[] {
    const value = (atom: S.Atom): number | string => (/^\d+$/.test(atom.text) ? Number(atom.text) : atom.text);
    return listItems(spec).map((item) => {
      if (item.kind === 'binary') {
        const low = value(item.low);
        const high = value(item.high);
        if (typeof low !== 'number' || typeof high !== 'number') {
          throw new SemanticError('user/group ranges need numeric ids', item.range);
        }
        return { operator: item.operator, low, high };
      }
      const id = value(item.value);
      if (id === 'unknown' && item.operator && item.operator !== '=' && item.operator !== '!=') {
        throw new SemanticError("'unknown' only allowed with = and !=", item.range);
      }
      return { operator: item.operator ?? '=', value: id };
    });
  }

  private protocolList(spec: S.OneOrList<S.Atom> | undefined): readonly (number | undefined)[] {
    if (!spec) return NOT_GIVEN;
    return listItems(spec).map((atom) => {
      if (/^\d+$/.test(atom.text)) {
        const value = Number(atom.text);
        if (value < 1 || value > 255) throw new SemanticError(`protocol outside range`, atom.range);
        return value;
      }
      const value = protocolNumber(atom.text);
      if (value === undefined) throw new SemanticError(`unknown protocol ${atom.text}`, atom.range);
      return value;
    });
  }

  // -------------------------------------------------------------------------
  // Filter rules

  private filterRule(rule: S.FilterRule | S.AnchorRule, action: 'pass' | 'block' | 'match', rulesBefore: number, anchorBody?: PfRuleset): PfRule[] {
    const isAnchor = rule.kind === 'anchor';
    const base = blankRule(new StatementOrigin(rule), action);
    base.quick = rule.quick !== undefined;
    base.state = action === 'pass' && !isAnchor ? 'keep' : 'none';
    if (rule.kind === 'anchor') base.anchor = { ...(anchorName(rule) !== undefined ? { name: anchorName(rule)! } : {}), ...(anchorBody ? { body: anchorBody } : {}) };
    if (rule.kind === 'filter-rule' && action === 'block') {
      base.blockReturn = this.blockReturn(rule.action.blockReturn);
    }
    if (rule.direction) base.direction = rule.direction.text as 'in' | 'out';
    if (rule.log) base.log = logOptions(rule.log);
    if (rule.on?.kind === 'on-rdomain') base.onRdomain = Number(rule.on.rdomain.text);
    const family = rule.addressFamily?.text as AddressFamily | undefined;

    let explicitFlags = false;
    let stateSpec: S.StateSpec | undefined;
    let icmpItems: { family: AddressFamily; type: number; code?: number }[] = [];
    const users: PfIdMatch[] = [];
    const groups: PfIdMatch[] = [];
    const translations: S.TranslationOption[] = [];
    let afTo: S.AfToOption | undefined;
    let route = rule.route;
    const routeOptionInTail = rule.options.find((option): option is S.RouteOption => option.kind === 'route');
    if (routeOptionInTail) route = routeOptionInTail;

    for (const option of rule.options) {
      switch (option.kind) {
        case 'keyword':
          this.keywordOption(option, base);
          break;
        case 'user':
          users.push(...this.idList(option.items));
          break;
        case 'group':
          groups.push(...this.idList(option.items));
          break;
        case 'flags':
          explicitFlags = true;
          base.flags = option.any
            ? { set: '', mask: '' }
            : { set: canonicalFlags(option.set?.text ?? ''), mask: canonicalFlags(option.mask?.text ?? '') };
          if (base.flags.set && base.flags.mask && [...base.flags.set].some((flag) => !base.flags!.mask.includes(flag))) {
            throw new SemanticError('flags always false', option.range);
          }
          break;
        case 'icmp-type': {
          const icmpFamily: AddressFamily = option.family === 'icmp6' ? 'inet6' : 'inet';
          icmpItems = listItems(option.items).map((item) => this.icmpItem(item, icmpFamily));
          break;
        }
        case 'state':
          if (isAnchor) throw new SemanticError('cannot specify state handling on anchors', option.range);
          stateSpec = option;
          break;
        case 'queue':
          base.queue = { name: option.queues[0]!.text, ...(option.queues[1] ? { priorityName: option.queues[1].text } : {}) };
          break;
        case 'dummynet': {
          const [forward, reverse] = option.values.map((atom) => Number(atom.text));
          base.dnpipe = { kind: option.name.text as 'dnpipe' | 'dnqueue', forward: forward ?? 0, ...(reverse !== undefined ? { reverse } : {}) };
          break;
        }
        case 'set':
          for (const item of option.items) {
            const values = item.values.map((atom) => atom.text);
            if (item.name.text === 'prio') {
              const [first, second] = values.map(Number);
              base.setPrio = [first ?? 0, second ?? first ?? 0];
            } else if (item.name.text === 'tos') {
              const tos = tosValue(values[0] ?? '');
              if (tos === undefined) throw new SemanticError(`illegal tos value ${values[0]}`, item.range);
              base.setTos = tos;
            } else if (item.name.text === 'queue') {
              base.queue = { name: values[0] ?? '', ...(values[1] ? { priorityName: values[1] } : {}) };
            }
          }
          break;
        case 'scrub':
          base.scrub = this.scrubOptions(option.options, false);
          break;
        case 'divert-to': {
          const port = this.portValue(option.port);
          const host = option.host?.kind === 'address' ? this.parseAddress(option.host.address.text) : undefined;
          base.divert = { kind: 'divert-to', port, ...(host ? { address: host } : {}) };
          break;
        }
        case 'route':
          break;
        case 'translation':
          translations.push(option);
          break;
        case 'af-to':
          afTo = option;
          break;
        case 'limiter': {
          const key = option.name ? `${option.type}/${option.name.text}` : undefined;
          const known = key ? this.limiters.get(key) : undefined;
          const id = option.id ? Number(option.id.text) : known?.id;
          if (id === undefined) throw new SemanticError(`${option.type} limiter ${option.name?.text ?? ''} not defined`, option.range);
          base.limiter = {
            kind: option.type,
            name: option.name?.text ?? '',
            id,
            onLimit: option.action?.text === 'block' ? 'block' : 'no-match',
          };
          break;
        }
      }
    }

    if (stateSpec) {
      base.state = stateSpec.mode === 'no' ? 'none' : stateSpec.mode;
      const options = this.stateOptions(stateSpec.options);
      if (options) base.stateOptions = options;
    } else if (base.state === 'keep' && this.stateDefaults.length > 0) {
      const options = this.stateOptions(this.stateDefaults);
      if (options) base.stateOptions = options;
    }
    if (!explicitFlags && base.state !== 'none' && !base.fragment && !isAnchor) base.flags = STATEFUL_FLAGS;

    if (route && route.type !== 'fastroute') {
      if (action === 'block') {
        throw new SemanticError('route-to, reply-to and dup-to are not supported on block rules', route.range);
      }
      if (!base.direction) throw new SemanticError('direction must be explicit with rules that specify routing', route.range);
    }
    if (afTo) {
      if (base.direction !== 'in') throw new SemanticError('af-to can only be used with direction in', afTo.range);
    }

    const interfaces = this.interfaceList(rule.on);
    const protocols = this.protocolList(rule.protocols);
    const hosts = rule.hosts;
    const { fromHosts, toHosts, fromPorts, toPorts } = this.endpointLists(hosts);
    const oses: readonly (string | undefined)[] = hosts?.kind === 'from-to' && hosts.os ? listItems(hosts.os).map((atom) => atom.text) : NOT_GIVEN;
    const userList: readonly (PfIdMatch | undefined)[] = users.length > 0 ? users : NOT_GIVEN;
    const groupList: readonly (PfIdMatch | undefined)[] = groups.length > 0 ? groups : NOT_GIVEN;
    const icmpList: readonly ({ family: AddressFamily; type: number; code?: number } | undefined)[] = icmpItems.length > 0 ? icmpItems : NOT_GIVEN;

    // The rules of one statement share their endpoints: one object per address and port combination written.
    const sources = endpoints(fromHosts, fromPorts);
    const destinations = endpoints(toHosts, toPorts);
    const namesHaveMacros = hasNameMacros(base);

    const result: PfRule[] = [];
    // pfctl's order (expand_rule): interface, protocol, icmp type, source host, source port, OS, destination host,
    // destination port, user, group. It decides the order of the rules and the numbers `$nr` gives them.
    for (const onInterface of interfaces)
      for (const protocol of protocols) {
        const flags = protocol !== undefined && protocol !== IPPROTO_TCP && !explicitFlags ? undefined : base.flags;
        for (const icmp of icmpList)
          for (let sourceIndex = 0; sourceIndex < fromHosts.length; sourceIndex++)
            for (const from of sources[sourceIndex]!)
              for (const os of oses)
                for (let destinationIndex = 0; destinationIndex < toHosts.length; destinationIndex++) {
                  const combinationFamily = combineFamilies(family, icmp?.family, fromHosts[sourceIndex]!.family, toHosts[destinationIndex]!.family);
                  if (combinationFamily === null) continue;
                  for (const to of destinations[destinationIndex]!)
                    for (const user of userList)
                      for (const group of groupList) {
                        // One object literal of a fixed shape per combination: expansion makes many of them.
                        const expanded: Mutable<PfRule> = { ...base, interface: onInterface, protocol, icmp, from, to, os, user, group, flags };
                        let ruleFamily = combinationFamily;
                        if (route && route.type !== 'fastroute' && route.targets) {
                          // With af-to, forwarded packets leave in the target family, so their next hop is of
                          // that family; replies go back in the rule's own family.
                          const afToFamily = route.type === 'reply-to' ? undefined : (afTo?.family.text as AddressFamily | undefined);
                          const routed = this.routePool(route, afToFamily ?? ruleFamily);
                          if (!afToFamily) ruleFamily = routed.family;
                          expanded.route = { kind: route.type, pool: routed.pool };
                        }
                        for (const translation of translations) {
                          const built = this.translationPool(translation.targets, translation.port, translation.pool, ruleFamily, translation.type, translation.range, to.port);
                          ruleFamily = built.family;
                          if (translation.type === 'nat-to') expanded.natTo = built.pool;
                          else if (translation.type === 'rdr-to') expanded.rdrTo = built.pool;
                          else expanded.binatTo = built.pool;
                        }
                        if (afTo) {
                          const target = afTo.family.text as AddressFamily;
                          const fromPool = this.translationPool(afTo.from, undefined, afTo.pool, target, 'af-to', afTo.range, undefined).pool;
                          const toPool = afTo.to ? this.translationPool(afTo.to, undefined, [], target, 'af-to', afTo.range, undefined).pool : undefined;
                          expanded.afTo = { family: target, from: fromPool, ...(toPool ? { to: toPool } : {}) };
                        }
                        if (ruleFamily) expanded.family = ruleFamily;
                        if (namesHaveMacros) fillNameMacros(expanded, rulesBefore + result.length);
                        result.push(expanded);
                      }
            }
      }
    if (result.length === 0) throw new SemanticError('rule expands to no valid combination', rule.range);
    for (const expanded of result) {
      const problem = this.inconsistency(expanded, explicitFlags);
      if (problem) throw new SemanticError(problem, rule.range);
    }
    return result;
  }

  /** pfctl's consistency checks on one expanded filter rule; the first problem's message, if any. */
  private inconsistency(rule: PfRule, explicitFlags: boolean): string | undefined {
    const { protocol } = rule;
    if (explicitFlags && protocol !== undefined && protocol !== IPPROTO_TCP && rule.flags && (rule.flags.set || rule.flags.mask)) {
      return 'flags only apply to tcp';
    }
    if ((rule.from.port || rule.to.port) && (protocol === undefined || !PORT_PROTOCOLS[this.dialect].includes(protocol))) {
      return this.dialect === 'freebsd' ? 'port only applies to tcp/udp/sctp' : 'port only applies to tcp/udp';
    }
    if (rule.icmp && protocol !== IPPROTO_ICMP && protocol !== IPPROTO_ICMPV6) return 'icmp-type/code only applies to icmp';
    if (rule.icmp && protocol !== (rule.icmp.family === 'inet' ? IPPROTO_ICMP : IPPROTO_ICMPV6)) return 'icmp-type/code mismatch';
    const options = rule.stateOptions;
    if (options?.overload && options.maxSrcConn === undefined && !options.maxSrcConnRate) {
      return "'overload' requires 'max-src-conn' or 'max-src-conn-rate'";
    }
    if ((rule.tag || rule.tagged) && rule.state === 'none' && rule.action === 'pass' && !rule.anchor) {
      return 'tags cannot be used without keep state';
    }
    if (options?.sloppy && (rule.state === 'modulate' || rule.state === 'synproxy')) {
      return `sloppy state tracking cannot be combined with ${rule.state} state`;
    }
    return undefined;
  }

  private keywordOption(option: Extract<S.FilterOption, { kind: 'keyword' }>, rule: Mutable<PfRule>): void {
    const name = option.name.text;
    const values = option.values;
    const first = values[0];
    const number = (atom: S.Atom | undefined) => {
      const value = Number(atom?.text);
      if (!atom || !Number.isInteger(value) || value < 0) throw new SemanticError(`invalid ${name} value`, option.range);
      return value;
    };
    switch (name) {
      case 'label':
        if (rule.labels.length >= 5) throw new SemanticError('label: too many labels', option.range);
        rule.labels = [...rule.labels, first?.text ?? ''];
        return;
      case 'tag':
        rule.tag = first?.text ?? '';
        return;
      case 'tagged':
        rule.tagged = { name: first?.text ?? '', negated: option.negated };
        return;
      case 'rtable':
        rule.rtable = number(first);
        return;
      case 'probability': {
        const text = first?.text ?? '';
        const percent = text.endsWith('%') ? Number(text.slice(0, -1)) : Number(text) * 100;
        if (!(percent >= 0 && percent <= 100)) throw new SemanticError('invalid probability', option.range);
        rule.probability = Math.round((percent / 100) * 4294967295);
        return;
      }
      case 'prio': {
        const value = number(first);
        if (value > 7) throw new SemanticError('prio must be 0 - 7', option.range);
        rule.prio = value;
        return;
      }
      case 'ridentifier':
        rule.ridentifier = number(first);
        return;
      case 'max-pkt-rate':
        rule.maxPktRate = { limit: number(values[0]), seconds: number(values[1]) };
        return;
      case 'max-pkt-size':
        rule.maxPktSize = number(first);
        return;
      case 'received-on':
        rule.receivedOn = { name: first?.text ?? '', negated: option.negated };
        return;
      case 'fragment':
        rule.fragment = true;
        return;
      case 'allow-opts':
        rule.allowOpts = true;
        return;
      case 'once':
        rule.once = true;
        return;
      case 'divert-reply':
        rule.divert = { kind: 'divert-reply' };
        return;
      case 'divert-packet':
        rule.divert = { kind: 'divert-packet', port: this.portValue(values[values.length - 1]!) };
        return;
      case 'tos': {
        const tos = tosValue(first?.text ?? '');
        if (tos === undefined) throw new SemanticError(`illegal tos value ${first?.text ?? ''}`, option.range);
        rule.tos = tos;
        return;
      }
      default:
        throw new SemanticError(`option ${name} is not supported here`, option.range);
    }
  }

  private blockReturn(spec: S.BlockReturn | undefined): PfRule['blockReturn'] {
    if (!spec) return { kind: this.blockPolicy };
    switch (spec.type) {
      case 'drop':
      case 'return':
        return { kind: spec.type };
      case 'return-rst':
        return spec.ttl ? { kind: 'return-rst', ttl: Number(spec.ttl.text) } : { kind: 'return-rst' };
      case 'return-icmp': {
        const [code4, code6] = spec.codes;
        return {
          kind: 'return-icmp',
          ...(code4 ? { icmp: this.returnCode(code4, 'inet') } : {}),
          ...(code6 ? { icmp6: this.returnCode(code6, 'inet6') } : {}),
        };
      }
      case 'return-icmp6': {
        const [code6] = spec.codes;
        return { kind: 'return-icmp', ...(code6 ? { icmp6: this.returnCode(code6, 'inet6') } : {}) };
      }
    }
  }

  /** A return-icmp code as pfctl stores it: type << 8 | code, numbers meaning codes of "unreachable". */
  private returnCode(atom: S.Atom, family: AddressFamily): number {
    const unreachable = family === 'inet' ? 3 : 1;
    if (/^\d+$/.test(atom.text)) return (unreachable << 8) | Number(atom.text);
    const named = icmpCodeByName(atom.text, family);
    if (!named) throw new SemanticError(`unknown icmp code ${atom.text}`, atom.range);
    return (named.type << 8) | named.code;
  }

  private icmpItem(item: S.IcmpTypeItem, family: AddressFamily): { family: AddressFamily; type: number; code?: number } {
    const typeText = item.type.text;
    const type = /^\d+$/.test(typeText) ? Number(typeText) : icmpTypeNumber(typeText, family);
    if (type === undefined || type > 255) throw new SemanticError(`unknown icmp-type ${typeText}`, item.type.range);
    if (!item.code) return { family, type };
    const codeText = item.code.text;
    const code = /^\d+$/.test(codeText) ? Number(codeText) : icmpCodeByName(codeText, family)?.code;
    if (code === undefined || code > 255) throw new SemanticError(`unknown icmp-code ${codeText}`, item.code.range);
    return { family, type, code };
  }

  private stateOptions(options: readonly S.StateOption[]): PfStateOptions | undefined {
    if (options.length === 0) return undefined;
    const state: Mutable<PfStateOptions> = {
      noSync: false,
      ifBound: false,
      floating: false,
      sloppy: false,
      pflow: false,
      allowRelated: false,
      timeouts: [],
    };
    const timeouts: { name: string; seconds: number }[] = [];
    const positive = (atom: S.Atom) => {
      const value = Number(atom.text);
      if (!Number.isInteger(value) || value <= 0) throw new SemanticError(`illegal value ${atom.text}`, atom.range);
      return value;
    };
    for (const option of options) {
      switch (option.kind) {
        case 'flag': {
          const name = option.name.text;
          if (name === 'no-sync') state.noSync = true;
          else if (name === 'if-bound') state.ifBound = true;
          else if (name === 'floating') state.floating = true;
          else if (name === 'sloppy') state.sloppy = true;
          else if (name === 'pflow') state.pflow = true;
          else if (name === 'allow-related') state.allowRelated = true;
          else throw new SemanticError(`unknown state option ${name}`, option.range);
          break;
        }
        case 'limit': {
          const value = positive(option.value);
          const name = option.name.text;
          if (name === 'max') state.max = value;
          else if (name === 'max-src-nodes') state.maxSrcNodes = value;
          else if (name === 'max-src-states') state.maxSrcStates = value;
          else if (name === 'max-src-conn') state.maxSrcConn = value;
          break;
        }
        case 'rate':
          state.maxSrcConnRate = { limit: positive(option.count), seconds: positive(option.seconds) };
          break;
        case 'source-track':
          state.sourceTrack = option.scope?.text === 'global' ? 'global' : 'rule';
          break;
        case 'overload':
          state.overload = { table: option.table.text, flush: option.flush !== undefined, global: option.global !== undefined };
          break;
        case 'timeout':
          timeouts.push({ name: option.name.text, seconds: Number(option.value.text) });
          break;
      }
    }
    const tracksSources =
      state.maxSrcNodes !== undefined || state.maxSrcStates !== undefined || state.maxSrcConn !== undefined || state.maxSrcConnRate;
    if (tracksSources && !state.sourceTrack) state.sourceTrack = 'rule';
    if (state.sourceTrack === 'global' && (state.maxSrcNodes !== undefined || state.maxSrcConn !== undefined || state.maxSrcConnRate)) {
      throw new SemanticError('source-track global is incompatible with max-src-nodes, max-src-conn and max-src-conn-rate', options[0]!.range);
    }
    // pfctl keeps source-tracking entries as long as the connection-rate window.
    if (state.maxSrcConnRate && !timeouts.some((timeout) => timeout.name === 'src.track')) {
      timeouts.push({ name: 'src.track', seconds: state.maxSrcConnRate.seconds });
    }
    state.timeouts = timeouts;
    return state;
  }

  private scrubOptions(options: readonly S.ScrubOption[], legacy: boolean): PfScrubOptions {
    const scrub: Mutable<PfScrubOptions> = { noDf: false, randomId: false, reassembleTcp: false };
    for (const option of options) {
      const values = option.values.map((atom) => atom.text);
      switch (option.name.text) {
        case 'no-df':
          scrub.noDf = true;
          break;
        case 'random-id':
          scrub.randomId = true;
          break;
        case 'min-ttl':
          scrub.minTtl = Number(values[0]);
          break;
        case 'max-mss':
          scrub.maxMss = Number(values[0]);
          break;
        case 'set-tos': {
          const tos = tosValue(values[0] ?? '');
          if (tos === undefined) throw new SemanticError(`illegal tos value ${values[0] ?? ''}`, option.range);
          scrub.setTos = tos;
          break;
        }
        case 'reassemble':
          if (values[0] !== 'tcp') throw new SemanticError('reassemble only supports tcp', option.range);
          scrub.reassembleTcp = true;
          break;
        case 'fragment':
          if (!legacy) throw new SemanticError('fragment options are only valid on scrub rules', option.range);
          scrub.fragment = values.join(' ') === 'no reassemble' ? 'no-reassemble' : values[0] === 'crop' ? 'crop' : values[0] === 'drop-ovl' ? 'drop-ovl' : 'reassemble';
          break;
        default:
          break;
      }
    }
    return scrub;
  }

  // -------------------------------------------------------------------------
  // Pools (route-to targets, nat-to/rdr-to/binat-to/af-to, `->`)

  private routePool(route: S.RouteOption, family: AddressFamily | undefined): { pool: PfPool; family: AddressFamily | undefined } {
    const preferIpv6NextHop = route.pool.some((option) => option.name.text === 'prefer-ipv6-nexthop');
    const candidates: { entry: PfPoolAddress; family?: AddressFamily }[] = [];
    for (const target of listItems(route.targets!)) {
      if (target.kind === 'route-interface') {
        const interfaceName = target.interface.text;
        if (!target.nextHop) {
          candidates.push({ entry: { interface: interfaceName, address: { kind: 'any' } } });
          continue;
        }
        for (const resolved of this.resolveHost(target.nextHop, undefined)) {
          candidates.push({ entry: { interface: interfaceName, address: resolved.match.address }, ...(resolved.family ? { family: resolved.family } : {}) });
        }
      } else {
        for (const resolved of this.resolveHost(target, undefined)) {
          candidates.push({ entry: { address: resolved.match.address }, ...(resolved.family ? { family: resolved.family } : {}) });
        }
      }
    }
    // Without a family of its own the rule takes the family of the route addresses (the last one wins, as in pfctl).
    let ruleFamily = family;
    if (!ruleFamily) {
      for (const candidate of candidates) if (candidate.family) ruleFamily = candidate.family;
    }
    const matching = candidates.filter(
      (candidate) =>
        !candidate.family ||
        !ruleFamily ||
        candidate.family === ruleFamily ||
        (ruleFamily === 'inet' && candidate.family === 'inet6' && preferIpv6NextHop),
    );
    if (matching.length === 0) throw new SemanticError('no routing address with matching address family found.', route.range);
    const pool = this.poolOptions(route.pool, matching.map((candidate) => candidate.entry), 'route', route.range, undefined);
    return { pool, family: ruleFamily };
  }

  /**
   * Builds a translation pool. `kind` decides which options are legal; the
   * rule's family filters the addresses (and is taken from them when unset).
   */
  private translationPool(
    targets: S.HostSpec,
    portAtom: S.Atom | undefined,
    poolOptions: readonly S.PoolOption[],
    family: AddressFamily | undefined,
    kind: 'nat' | 'rdr' | 'binat' | 'nat-to' | 'rdr-to' | 'binat-to' | 'af-to',
    range: SourceRange,
    destinationPort: PfNumberMatch | undefined,
  ): { pool: PfPool; family: AddressFamily | undefined } {
    const candidates: { entry: PfPoolAddress; family?: AddressFamily }[] = [];
    for (const host of flattenHosts([targets])) {
      const holder: { weight?: number } = {};
      for (const resolved of this.resolveHost(host, holder)) {
        const entry: PfPoolAddress = { address: resolved.match.address, ...(holder.weight !== undefined ? { weight: holder.weight } : {}) };
        candidates.push({ entry, ...(resolved.family ? { family: resolved.family } : {}) });
      }
    }
    let ruleFamily = family;
    if (!ruleFamily) {
      const families = new Set(candidates.flatMap((candidate) => (candidate.family ? [candidate.family] : [])));
      if (families.size > 1) {
        throw new SemanticError('address family not given and translation address expands to multiple address families', range);
      }
      ruleFamily = [...families][0];
    }
    const matching = candidates.filter((candidate) => !candidate.family || !ruleFamily || candidate.family === ruleFamily);
    if (matching.length === 0) throw new SemanticError('translation address expands to no valid combination', range);
    const role = kind === 'nat' || kind === 'nat-to' ? 'nat' : kind === 'rdr' || kind === 'rdr-to' ? 'rdr' : 'binat';
    let port: PfPool['port'];
    if (portAtom) port = this.translationPort(portAtom, role, destinationPort);
    const pool = this.poolOptions(poolOptions, matching.map((candidate) => candidate.entry), role, range, port);
    return { pool, family: ruleFamily };
  }

  private translationPort(atom: S.Atom, role: 'nat' | 'rdr' | 'binat', destinationPort: PfNumberMatch | undefined): PfPool['port'] {
    const [lowText = '', highText] = atom.text.split(':');
    const low = this.portValue(atom, lowText);
    if (highText === '*') {
      // `port A:*` shifts the whole destination range onto A.
      const width = destinationPort && 'low' in destinationPort ? destinationPort.high - destinationPort.low : 0;
      return { low, high: low + width, shift: true };
    }
    const high = highText === undefined ? low : this.portValue(atom, highText);
    if (low > high) throw new SemanticError('invalid port range', atom.range);
    if (role === 'nat' && low === 50001 && high === 65535) return undefined;
    return { low, high };
  }

  private poolOptions(
    options: readonly S.PoolOption[],
    addresses: readonly PfPoolAddress[],
    role: 'nat' | 'rdr' | 'binat' | 'route',
    range: SourceRange,
    port: PfPool['port'],
  ): PfPool {
    const pool: Mutable<PfPool> = {
      addresses,
      stickyAddress: false,
      endpointIndependent: false,
      staticPort: false,
      preferIpv6NextHop: false,
      ...(port ? { port } : {}),
    };
    for (const option of options) {
      const name = option.name.text;
      switch (name) {
        case 'bitmask':
        case 'random':
        case 'round-robin':
        case 'least-states':
        case 'source-hash':
          if (pool.type) throw new SemanticError('pool type cannot be redefined', option.range);
          pool.type = name;
          if (name === 'source-hash') pool.hashKey = hashKey(option.values[0]);
          break;
        case 'sticky-address':
          pool.stickyAddress = true;
          break;
        case 'endpoint-independent':
          pool.endpointIndependent = true;
          break;
        case 'prefer-ipv6-nexthop':
          pool.preferIpv6NextHop = true;
          break;
        case 'static-port':
          if (role !== 'nat') throw new SemanticError("the 'static-port' option is only valid with nat rules", option.range);
          if (port || options.some((other) => other.name.text === 'map-e-portset')) {
            if (port) throw new SemanticError("the 'static-port' option can't be used when specifying a port range", option.range);
          }
          pool.staticPort = true;
          break;
        case 'map-e-portset': {
          if (role !== 'nat') throw new SemanticError("the 'map-e-portset' option is only valid with nat rules", option.range);
          if (options.some((other) => other.name.text === 'static-port')) {
            throw new SemanticError("the 'map-e-portset' option can't be used 'static-port'", option.range);
          }
          if (port) throw new SemanticError("the 'map-e-portset' option can't be used when specifying a port range", option.range);
          const [offset, length, id] = option.values.map((atom) => Number(atom.text));
          pool.mapEPortset = { offset: offset ?? 0, length: length ?? 0, id: id ?? 0 };
          break;
        }
        default:
          throw new SemanticError(`unknown pool option ${name}`, option.range);
      }
    }
    const hasTable = addresses.some((entry) => entry.address.kind === 'table');
    const dynamic = addresses.find((entry) => entry.address.kind === 'dynamic');
    const needsRoundRobin = addresses.length > 1 || hasTable || (dynamic !== undefined && role !== 'route');
    if (needsRoundRobin && !pool.type) pool.type = 'round-robin';
    if (pool.type && pool.type !== 'round-robin') {
      if (hasTable) throw new SemanticError('tables are not supported by pool type', range);
      if (dynamic && dynamic.address.kind === 'dynamic') {
        throw new SemanticError(`interface (${dynamic.address.interface}) is not supported by pool type`, range);
      }
      if (addresses.length > 1) throw new SemanticError('r.rpool.opts must be PF_POOL_ROUNDROBIN', range);
    }
    return pool;
  }

  // -------------------------------------------------------------------------
  // Anchors, antispoof, translation statements, scrub, ether

  /** `rulesBefore`: as for `expansion`, counted before the body's statements, which number their own ruleset. */
  private anchorRule(rule: S.AnchorRule, depth: number, rulesBefore: number): PfRule[] {
    let body: PfRuleset | undefined;
    if (rule.body) {
      const nested = mutableRuleset();
      this.statements(rule.body.statements, nested, depth + 1);
      body = nested;
    }
    if (!rule.name && !rule.body) throw new SemanticError('anchor without a name needs an inline body', rule.range);
    const name = rule.name?.text;
    if (name !== undefined && (name.startsWith('_') || name.includes('/_'))) {
      throw new SemanticError(`anchor names beginning with '_' are reserved for internal use`, rule.name!.range);
    }
    return this.filterRule(rule, 'pass', rulesBefore, body);
  }

  private antispoof(statement: S.AntispoofRule, rulesBefore: number): PfRule[] {
    const family = statement.addressFamily?.text as AddressFamily | undefined;
    const labels: string[] = [];
    let rtable: number | undefined;
    let ridentifier: number | undefined;
    for (const option of statement.options) {
      if (option.kind !== 'keyword') continue;
      if (option.name.text === 'label') labels.push(option.values[0]?.text ?? '');
      else if (option.name.text === 'rtable') rtable = Number(option.values[0]?.text);
      else if (option.name.text === 'ridentifier') ridentifier = Number(option.values[0]?.text);
    }
    const base = blankRule(new StatementOrigin(statement), 'block');
    base.blockReturn = { kind: this.blockPolicy };
    base.direction = 'in';
    base.quick = statement.quick !== undefined;
    base.labels = labels;
    if (statement.log) base.log = logOptions(statement.log);
    base.rtable = rtable;
    base.ridentifier = ridentifier;
    const result: PfRule[] = [];
    for (const item of listItems(statement.interfaces)) {
      const name = item.name.text;
      const configured = this.options.interfaces?.get(name);
      const networks: ResolvedHost[] = item.dynamic
        ? [{ match: { address: { kind: 'dynamic', interface: name, modifiers: ['network'] }, negated: false } }]
        : configured
          ? interfaceHostAddresses(configured, ['network'], undefined).map((prefix) => ({ match: { address: { kind: 'prefix', prefix }, negated: false }, family: prefix.family }))
          : [{ match: { address: { kind: 'interface', interface: name, modifiers: ['network'] }, negated: false } }];
      for (const network of networks) {
        if (family && network.family && network.family !== family) continue;
        const ruleFamily = family ?? network.family;
        result.push({ ...base, interface: { name, negated: true }, from: { address: network.match }, ...(ruleFamily ? { family: ruleFamily } : {}) });
      }
      if (name.startsWith('lo')) continue;
      const addresses: ResolvedHost[] = item.dynamic
        ? [{ match: { address: { kind: 'dynamic', interface: name, modifiers: [] }, negated: false } }]
        : configured
          ? interfaceHostAddresses(configured, [], undefined).map((prefix) => ({ match: { address: { kind: 'prefix', prefix }, negated: false }, family: prefix.family }))
          : [{ match: { address: { kind: 'interface', interface: name, modifiers: [] }, negated: false } }];
      for (const address of addresses) {
        if (family && address.family && address.family !== family) continue;
        const ruleFamily = family ?? address.family;
        result.push({ ...base, from: { address: address.match }, ...(ruleFamily ? { family: ruleFamily } : {}) });
      }
    }
    if (result.length === 0) throw new SemanticError('rule expands to no valid combination', statement.range);
    if (!hasNameMacros(base)) return result;
    // pfctl fills label macros in for every rule it makes, antispoof's too.
    return result.map((rule, index) => {
      const filled: Mutable<PfRule> = { ...rule };
      fillNameMacros(filled, rulesBefore + index);
      return filled;
    });
  }

  private translationRule(rule: S.TranslationRule, rulesBefore: number): PfRule[] {
    if (this.dialect === 'openbsd') {
      throw new SemanticError(`${rule.type} rules are not supported by OpenBSD pf; use ${rule.type}-to on a match or pass rule`, rule.keyword.range);
    }
    const negated = rule.no !== undefined;
    if (negated && rule.pass) throw new SemanticError(`no ${rule.type} rule can't be combined with pass`, rule.range);
    if (negated && rule.redirection) throw new SemanticError(`no ${rule.type} rule does not accept a redirection`, rule.redirection.range);
    if (!negated && !rule.redirection) throw new SemanticError(`translation rule requires '-> address'`, rule.range);
    const action = (negated ? `no-${rule.type}` : rule.type) as PfRule['action'];
    const base = blankRule(new StatementOrigin(rule), action);
    base.translationPass = rule.pass !== undefined;
    if (rule.log) base.log = logOptions(rule.log);
    for (const option of rule.options) if (option.kind === 'keyword') this.keywordOption(option, base);
    const family = rule.addressFamily?.text as AddressFamily | undefined;
    const interfaces = this.interfaceList(rule.on);
    const protocols = this.protocolList(rule.protocols);
    const pairs = endpointPairs(this.endpointLists(rule.hosts), family);
    const namesHaveMacros = hasNameMacros(base);
    const result: PfRule[] = [];
    for (const onInterface of interfaces)
      for (const protocol of protocols)
        for (const { from, to, family: pairFamily } of pairs) {
          let ruleFamily = pairFamily;
          const expanded: Mutable<PfRule> = { ...base, from, to };
          if (onInterface) expanded.interface = onInterface;
          if (protocol !== undefined) expanded.protocol = protocol;
          if (rule.redirection) {
            const built = this.translationPool(rule.redirection.targets, rule.redirection.port, rule.pool, ruleFamily, rule.type, rule.redirection.range, to.port);
            ruleFamily = built.family;
            expanded.redirect = built.pool;
          }
          if (ruleFamily) expanded.family = ruleFamily;
          // FreeBSD makes binat rules without expand_rule, which numbers the others: their `$nr` is 0.
          if (namesHaveMacros) fillNameMacros(expanded, rule.type === 'binat' ? 0 : rulesBefore + result.length);
          result.push(expanded);
        }
    if (result.length === 0) throw new SemanticError('rule expands to no valid combination', rule.range);
    return result;
  }

  private translationAnchor(rule: S.TranslationAnchor): PfRule[] {
    if (this.dialect === 'openbsd') throw new SemanticError(`${rule.type}-anchor is not supported by OpenBSD pf`, rule.keyword.range);
    const base = blankRule(new StatementOrigin(rule), rule.type);
    base.anchor = { name: rule.name.text };
    for (const option of rule.options) if (option.kind === 'keyword') this.keywordOption(option, base);
    const family = rule.addressFamily?.text as AddressFamily | undefined;
    const interfaces = this.interfaceList(rule.on);
    const result: PfRule[] = [];
    for (const onInterface of interfaces)
      for (const protocol of this.protocolList(rule.protocols)) {
        const expanded: Mutable<PfRule> = { ...base };
        if (onInterface) expanded.interface = onInterface;
        if (protocol !== undefined) expanded.protocol = protocol;
        if (family) expanded.family = family;
        result.push(expanded);
      }
    return result;
  }

  private scrubRule(rule: S.ScrubRule, rulesBefore: number): PfRule[] {
    if (this.dialect === 'openbsd') throw new SemanticError('scrub rules are not supported by OpenBSD pf; use match ... scrub (...)', rule.keyword.range);
    if (rule.quick) throw new SemanticError('scrub rules do not support quick', rule.quick.range);
    const base = blankRule(new StatementOrigin(rule), rule.no ? 'no-scrub' : 'scrub');
    base.scrub = this.scrubOptions(rule.options, true);
    // Two options of a scrub statement are the rule's own, as pfctl's scrubrule sets them: `tagged` and `rtable`.
    for (const option of rule.options) {
      const value = option.values[0]?.text;
      if (value === undefined) continue;
      if (option.name.text === 'tagged') base.tagged = { name: value, negated: option.negated === true };
      else if (option.name.text === 'rtable') base.rtable = Number(value);
    }
    if (rule.direction) base.direction = rule.direction.text as 'in' | 'out';
    if (rule.log) base.log = logOptions(rule.log);
    const family = rule.addressFamily?.text as AddressFamily | undefined;
    const interfaces = this.interfaceList(rule.on);
    const pairs = endpointPairs(this.endpointLists(rule.hosts), family);
    const namesHaveMacros = hasNameMacros(base);
    const result: PfRule[] = [];
    for (const onInterface of interfaces)
      for (const protocol of this.protocolList(rule.protocols))
        for (const { from, to, family: pairFamily } of pairs) {
          const expanded: Mutable<PfRule> = {
            ...base,
            ...(onInterface ? { interface: onInterface } : {}),
            ...(protocol !== undefined ? { protocol } : {}),
            ...(pairFamily ? { family: pairFamily } : {}),
            from,
            to,
          };
          if (namesHaveMacros) fillNameMacros(expanded, rulesBefore + result.length);
          result.push(expanded);
        }
    if (result.length === 0) throw new SemanticError('rule expands to no valid combination', rule.range);
    // pfctl checks scrub rules as filter rules (filter_consistent): ports need a protocol that has them.
    for (const expanded of result) {
      const problem = this.inconsistency(expanded, false);
      if (problem) throw new SemanticError(problem, rule.range);
    }
    return result;
  }

  private etherRule(rule: S.EtherRule | S.EtherAnchor, depth: number): PfEtherRule[] {
    if (this.dialect === 'openbsd') throw new SemanticError('ether rules are not supported by OpenBSD pf', rule.keyword.range);
    const labels: string[] = [];
    const base: Mutable<PfEtherRule> = {
      origin: new StatementOrigin(rule),
      action: rule.kind === 'ether-rule' ? rule.type : 'pass',
      quick: rule.quick !== undefined,
      l3From: { address: { kind: 'any' }, negated: false },
      l3To: { address: { kind: 'any' }, negated: false },
      labels,
      ...(rule.direction ? { direction: rule.direction.text as 'in' | 'out' } : {}),
      ...(rule.bridgeTo ? { bridgeTo: rule.bridgeTo.text } : {}),
    };
    if (rule.kind === 'ether-anchor') {
      let body: PfEtherRule[] | undefined;
      if (rule.body) {
        const nested = mutableRuleset();
        this.statements(rule.body.statements, nested, depth + 1);
        body = nested.ether;
      }
      base.anchor = { ...(rule.name ? { name: rule.name.text } : {}), ...(body ? { body } : {}) };
    }
    for (const option of rule.options) {
      if (option.kind === 'keyword') {
        const value = option.values[0]?.text ?? '';
        if (option.name.text === 'label') labels.push(value);
        else if (option.name.text === 'ridentifier') base.ridentifier = Number(value);
        else if (option.name.text === 'tag') base.tag = value;
        else if (option.name.text === 'tagged') base.tagged = { name: value, negated: option.negated };
      } else if (option.kind === 'queue') {
        base.queue = option.queues[0]?.text ?? '';
      } else if (option.kind === 'dummynet') {
        base.dnpipe = { kind: option.name.text as 'dnpipe' | 'dnqueue', number: Number(option.values[0]?.text) };
      }
    }
    if (rule.l3?.kind === 'from-to') {
      const [from] = this.hostList(rule.l3.from?.hosts);
      const [to] = this.hostList(rule.l3.to?.hosts);
      if (from) base.l3From = from.match;
      if (to) base.l3To = to.match;
    }
    const interfaces = this.interfaceList(rule.on);
    const etherTypes: (number | undefined)[] = rule.protocols ? listItems(rule.protocols).map((atom) => Number(atom.text)) : [undefined];
    const macs = (spec: S.OneOrList<S.MacAddress> | undefined) => (spec ? listItems(spec).map((mac) => this.macAddress(mac)) : [undefined]);
    const hosts = rule.hosts?.kind === 'from-to' ? rule.hosts : undefined;
    const result: PfEtherRule[] = [];
    for (const onInterface of interfaces)
      for (const etherType of etherTypes)
        for (const from of macs(hosts?.from))
          for (const to of macs(hosts?.to)) {
            result.push({
              ...base,
              ...(onInterface ? { interface: onInterface } : {}),
              ...(etherType !== undefined && !Number.isNaN(etherType) ? { etherType } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            });
          }
    return result;
  }

  private macAddress(mac: S.MacAddress): PfEtherAddressMatch {
    const [addressText = '', maskText] = mac.address.text.split('&');
    const hex = (text: string) => {
      const parts = text.split(':');
      if (parts.length !== 6 || parts.some((part) => !/^[0-9a-f]{1,2}$/i.test(part))) {
        throw new SemanticError(`invalid MAC address ${text}`, mac.address.range);
      }
      return parts.map((part) => part.toLowerCase().padStart(2, '0')).join('');
    };
    return {
      negated: mac.negated,
      address: hex(addressText),
      ...(mac.prefixLength ? { prefixLength: Number(mac.prefixLength.text) } : {}),
      ...(maskText ? { mask: hex(maskText) } : {}),
    };
  }
}

// ---------------------------------------------------------------------------
// Helpers

/** Shared by every rule without labels: a label option replaces the list rather than adding to it. */
const NO_LABELS: readonly string[] = [];

/**
 * A rule with every field present (absent ones undefined), in one fixed
 * order: rules copied from it keep one hidden class, which keeps expanding
 * large rulesets fast.
 */
function blankRule(origin: PfOrigin, action: PfRule['action']): Mutable<PfRule> {
  return {
    origin,
    action,
    translationPass: false,
    blockReturn: undefined,
    direction: undefined,
    log: undefined,
    quick: false,
    interface: undefined,
    onRdomain: undefined,
    route: undefined,
    family: undefined,
    protocol: undefined,
    from: ANY_ENDPOINT,
    to: ANY_ENDPOINT,
    os: undefined,
    receivedOn: undefined,
    user: undefined,
    group: undefined,
    flags: undefined,
    icmp: undefined,
    tos: undefined,
    prio: undefined,
    setPrio: undefined,
    setTos: undefined,
    maxPktRate: undefined,
    maxPktSize: undefined,
    state: 'none',
    stateOptions: undefined,
    limiter: undefined,
    probability: undefined,
    allowOpts: false,
    fragment: false,
    once: false,
    scrub: undefined,
    labels: NO_LABELS,
    ridentifier: undefined,
    dnpipe: undefined,
    queue: undefined,
    tag: undefined,
    tagged: undefined,
    rtable: undefined,
    divert: undefined,
    natTo: undefined,
    rdrTo: undefined,
    binatTo: undefined,
    afTo: undefined,
    redirect: undefined,
    anchor: undefined,
  };
}

function mutableRuleset(): MutableRuleset {
  const empty = emptyPfRuleset();
  return {
    ether: [...empty.ether],
    scrub: [...empty.scrub],
    nat: [...empty.nat],
    rdr: [...empty.rdr],
    binat: [...empty.binat],
    filter: [...empty.filter],
  };
}

/**
 * The rules a ruleset holds that take a rule number, as `$nr` counts them.
 * FreeBSD's pfctl gives each rule it expands the next number of its anchor,
 * whatever its type, except binat rules (made without that step), and
 * ether rules (numbered apart); OpenBSD numbers the rules of an anchor in
 * load order, and all of its rules are filter rules. Both start at 0.
 */
function numberedRules(rules: MutableRuleset): number {
  return rules.scrub.length + rules.nat.length + rules.rdr.length + rules.filter.length;
}

/** Appends one statement's rules; `push(...rules)` would pass each rule as an argument. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function listItems<T>(spec: S.OneOrList<T>): readonly T[] {
  return isList(spec) ? spec.items : [spec];
}

function isList<T>(spec: S.OneOrList<T>): spec is S.BraceList<T> {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'list';
}

function flattenHosts(specs: readonly S.HostSpec[]): S.Host[] {
  const result: S.Host[] = [];
  for (const spec of specs) {
    if (spec.kind === 'list') result.push(...flattenHosts(spec.items));
    else result.push(spec);
  }
  return result;
}

function isKeptStatement(statement: S.Statement): statement is KeptStatement {
  return statement.kind === 'filter-rule' || statement.kind === 'antispoof' || statement.kind === 'translation-rule' || statement.kind === 'scrub';
}

/**
 * Whether a label, tag or tagged name of the statement asks for its rule
 * number (`$nr`): the rule's place in its ruleset (`numberedRules`), which
 * changes when an earlier statement gains or loses rules, so such
 * statements are not kept.
 */
function numbersItsRules(statement: KeptStatement): boolean {
  const asksForNumber = (option: { readonly name: S.Atom; readonly values: readonly S.Atom[] }): boolean =>
    NUMBERED_NAMES.has(option.name.text) && option.values.some((value) => value.text.includes('$nr'));
  // A scrub statement's options all have a name and values; the other statements' named ones are the `keyword` kind.
  return statement.kind === 'scrub' ? statement.options.some(asksForNumber) : statement.options.some((option) => option.kind === 'keyword' && asksForNumber(option));
}

/** The options whose names take label macros. */
const NUMBERED_NAMES: ReadonlySet<string> = new Set(['label', 'tag', 'tagged']);

function anchorName(rule: S.AnchorRule): string | undefined {
  return rule.name?.text;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** A rule's `from` and `to` hosts and ports, each list expanded (`Expander.endpointLists`). */
interface EndpointLists {
  readonly fromHosts: readonly ResolvedHost[];
  readonly toHosts: readonly ResolvedHost[];
  readonly fromPorts: readonly (PfNumberMatch | undefined)[];
  readonly toPorts: readonly (PfNumberMatch | undefined)[];
}

/**
 * The source and destination pairs of a translation or scrub rule in pfctl's
 * order (source host, source port, destination host, destination port), each
 * with the family the pair gives the rule; pairs whose families disagree are
 * left out, as pfctl drops them. Endpoints are shared as in filterRule.
 */
function endpointPairs(lists: EndpointLists, family: AddressFamily | undefined): { from: PfEndpoint; to: PfEndpoint; family: AddressFamily | undefined }[] {
  const sources = endpoints(lists.fromHosts, lists.fromPorts);
  const destinations = endpoints(lists.toHosts, lists.toPorts);
  const pairs: { from: PfEndpoint; to: PfEndpoint; family: AddressFamily | undefined }[] = [];
  for (let sourceIndex = 0; sourceIndex < lists.fromHosts.length; sourceIndex++)
    for (const from of sources[sourceIndex]!)
      for (let destinationIndex = 0; destinationIndex < lists.toHosts.length; destinationIndex++) {
        const pairFamily = combineFamilies(family, undefined, lists.fromHosts[sourceIndex]!.family, lists.toHosts[destinationIndex]!.family);
        if (pairFamily === null) continue;
        for (const to of destinations[destinationIndex]!) pairs.push({ from, to, family: pairFamily });
      }
  return pairs;
}

/** Each host with each port: `[host][port]`, the endpoints of one statement's rules. */
function endpoints(hosts: readonly ResolvedHost[], ports: readonly (PfNumberMatch | undefined)[]): PfEndpoint[][] {
  const result: PfEndpoint[][] = [];
  for (const host of hosts) {
    const withPorts: PfEndpoint[] = [];
    for (const port of ports) withPorts.push({ address: host.match, port });
    result.push(withPorts);
  }
  return result;
}

/**
 * The family of one combination, or null when its parts disagree (pfctl
 * silently drops such combinations).
 */
function combineFamilies(
  rule: AddressFamily | undefined,
  icmp: AddressFamily | undefined,
  source: AddressFamily | undefined,
  destination: AddressFamily | undefined,
): AddressFamily | undefined | null {
  // Fixed parameters rather than a list: this runs once per combination.
  return joinFamily(joinFamily(joinFamily(rule, icmp), source), destination);
}

/** The family of two parts together: the one that is known, or null when they disagree (or already did). */
function joinFamily(known: AddressFamily | undefined | null, next: AddressFamily | undefined): AddressFamily | undefined | null {
  if (known === null || !next || known === next) return known;
  return known === undefined ? next : null;
}

/** The addresses an interface name stands for as a host, after its modifiers. */
function interfaceHostAddresses(
  configured: readonly PfInterfaceAddress[],
  modifiers: readonly PfInterfaceModifier[],
  length: number | undefined,
) {
  const firstOnly = modifiers.includes('0');
  const seen = new Set<AddressFamily>();
  const prefixes = [];
  for (const { address, length: configuredLength } of configured) {
    if (firstOnly) {
      if (seen.has(address.family)) continue;
      seen.add(address.family);
    }
    if (modifiers.includes('network')) prefixes.push(prefixOf(address, configuredLength));
    else if (modifiers.includes('broadcast')) {
      if (address.family !== 'inet' || configuredLength >= 31) continue;
      const network = prefixOf(address, configuredLength);
      const hostBits = (1n << BigInt(32 - configuredLength)) - 1n;
      prefixes.push({ family: 'inet' as const, network: network.network | hostBits, length: 32 });
    } else if (modifiers.includes('peer')) continue;
    else prefixes.push(prefixOf(address, length ?? ADDRESS_BITS[address.family]));
  }
  return prefixes;
}

function logOptions(spec: S.LogSpec): PfLogOptions {
  const names = spec.options.map((option) => option.name.text);
  const target = spec.options.find((option) => option.name.text === 'to')?.value?.text;
  const number = target?.startsWith('pflog') ? Number(target.slice(5)) : undefined;
  return {
    all: names.includes('all'),
    matches: names.includes('matches'),
    user: names.includes('user') || names.includes('group'),
    ...(number !== undefined && number > 0 ? { interfaceNumber: number } : {}),
  };
}

function canonicalFlags(text: string): string {
  return [...TCP_FLAG_ORDER].filter((flag) => text.includes(flag)).join('');
}

function hashKey(atom: S.Atom | undefined): string {
  if (!atom) return '0'.repeat(32);
  if (/^0x[0-9a-f]{32}$/i.test(atom.text)) return atom.text.slice(2).toLowerCase();
  // Any other key is a passphrase: pfctl uses its MD5 digest.
  return createHash('md5').update(atom.text).digest('hex');
}

/** Whether the rule's labels, tag or tagged name hold a label macro (`$if`, `$nr`, ...). */
function hasNameMacros(rule: PfRule): boolean {
  return rule.labels.some((label) => label.includes('$')) || rule.tag?.includes('$') === true || rule.tagged?.name.includes('$') === true;
}

/**
 * Fills label macros in for one expanded rule, numbered `number` in its
 * ruleset: pfctl does it for every rule it makes, in its labels and in its
 * tag and tagged names alike.
 */
function fillNameMacros(rule: Mutable<PfRule>, number: number): void {
  if (rule.labels.length > 0) rule.labels = rule.labels.map((label) => expandLabelMacros(label, rule, number));
  if (rule.tag !== undefined) rule.tag = expandLabelMacros(rule.tag, rule, number);
  if (rule.tagged) rule.tagged = { name: expandLabelMacros(rule.tagged.name, rule, number), negated: rule.tagged.negated };
}

/** Label macros ($if, $srcaddr, ...) are replaced per expanded rule, as pfctl does. */
function expandLabelMacros(label: string, rule: PfRule, index: number): string {
  if (!label.includes('$')) return label;
  const port = (match: PfNumberMatch | undefined) =>
    !match ? '' : 'value' in match ? String(match.value) : `${match.low}:${match.high}`;
  return label
    .replaceAll('$if', rule.interface?.name ?? 'any')
    .replaceAll('$srcaddr', printAddress(rule.from.address.address, rule.family))
    .replaceAll('$dstaddr', printAddress(rule.to.address.address, rule.family))
    .replaceAll('$srcport', port(rule.from.port))
    .replaceAll('$dstport', port(rule.to.port))
    .replaceAll('$proto', rule.protocol === IPPROTO_TCP ? 'tcp' : rule.protocol === IPPROTO_UDP ? 'udp' : String(rule.protocol ?? ''))
    .replaceAll('$nr', String(index));
}

/**
 * A statement's origin. The macros it used are collected on first access:
 * walking every statement's tree up front would cost as much as expanding it.
 * A class rather than an object literal with a getter: such a literal is built
 * by a slow runtime call, once per statement.
 */
class StatementOrigin implements PfOrigin {
  readonly range: SourceRange;
  // Private (#) so that only `range` and `macros` show, as with a plain origin object.
  readonly #node: S.SyntaxNode;
  #macros: readonly string[] | undefined;

  constructor(node: S.SyntaxNode) {
    this.range = node.range;
    this.#node = node;
  }

  get macros(): readonly string[] {
    return (this.#macros ??= macrosUsed(this.#node));
  }
}

/** The macros used anywhere in a statement, in order of first use. */
function macrosUsed(node: S.SyntaxNode): string[] {
  const macros: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const macro = record['macro'] as S.MacroOrigin | undefined;
    if (macro && typeof macro.name === 'string' && !macros.includes(macro.name)) macros.push(macro.name);
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'range' && key !== 'macro' && key !== 'included' && key !== 'body') visit(child);
    }
  };
  visit(node);
  return macros;
}

function altqText(statement: S.AltqDefinition): string {
  const interfaces = listItems(statement.interfaces).map((item) => item.name.text);
  const words = [`altq on ${interfaces.join(' ')}`];
  let bandwidth: number | undefined;
  let tbrsize: number | undefined;
  let qlimit: string | undefined;
  let scheduler = '';
  for (const option of statement.options) {
    if ('parenthesised' in option) scheduler = option.name.text;
    else if (option.name.text === 'bandwidth') bandwidth = parseBandwidth(option.values[0]?.text ?? '');
    else if (option.name.text === 'tbrsize') tbrsize = Number(option.values[0]?.text);
    else if (option.name.text === 'qlimit') qlimit = option.values[0]?.text;
  }
  if (scheduler) words.push(scheduler);
  if (bandwidth !== undefined) words.push(`bandwidth ${formatBandwidth(bandwidth)}`);
  if (qlimit !== undefined && qlimit !== '50') words.push(`qlimit ${qlimit}`);
  words.push(`tbrsize ${tbrsize ?? defaultTokenBucket(bandwidth ?? 0)}`);
  if (statement.queues) words.push(`queue { ${listItems(statement.queues).map((atom) => atom.text).join(', ')} }`);
  return words.join(' ');
}

function altqQueueText(statement: S.QueueDefinition): string {
  let text = `queue ${statement.name.text} `;
  for (const option of statement.options) {
    if ('parenthesised' in option) {
      const options = option.options.map((inner) => [inner.name.text, ...inner.values.map((atom) => atom.text)].join(' '));
      text += option.parenthesised ? `${option.name.text}( ${options.join(' ')} ) ` : `${option.name.text} `;
    } else if (option.name.text === 'bandwidth') {
      const value = option.values[0]?.text ?? '';
      text += `bandwidth ${value.endsWith('%') ? value : formatBandwidth(parseBandwidth(value))} `;
    } else {
      text += `${[option.name.text, ...option.values.map((atom) => atom.text)].join(' ')} `;
    }
  }
  if (statement.children) text += `{ ${listItems(statement.children).map((atom) => atom.text).join(', ')} }`;
  return text;
}

function parseBandwidth(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(b|Kb|Mb|Gb|K|M|G)?(?:it)?$/.exec(text);
  if (!match) return 0;
  const scale: Record<string, number> = { b: 1, Kb: 1e3, K: 1e3, Mb: 1e6, M: 1e6, Gb: 1e9, G: 1e9 };
  return Number(match[1]) * (scale[match[2] ?? 'b'] ?? 1);
}

function formatBandwidth(bitsPerSecond: number): string {
  const units = ['b', 'Kb', 'Mb', 'Gb'];
  let value = bitsPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < 3) {
    value /= 1000;
    unit++;
  }
  return Math.round(value * 100) % 100 ? `${value.toFixed(2)}${units[unit]}` : `${Math.trunc(value)}${units[unit]}`;
}

/** ALTQ's default token bucket: a few MTU-sized (1500 byte) packets, more for faster links. */
function defaultTokenBucket(bitsPerSecond: number): number {
  const packets = bitsPerSecond <= 1e6 ? 1 : bitsPerSecond <= 1e7 ? 4 : bitsPerSecond <= 2e8 ? 8 : bitsPerSecond <= 2.5e9 ? 24 : 128;
  return packets * 1500;
}
