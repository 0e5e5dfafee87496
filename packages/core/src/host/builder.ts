import * as posixPath from 'node:path/posix';
import type { Finding } from '../findings.js';
import type { FileSystem } from '../fs.js';
import {
  createdName,
  type HostModel,
  type InterfaceAddress,
  type InterfaceKind,
  type Jail,
  type JailInterfaceReference,
  type NetInterface,
  type Route,
  type RouteOrigin,
  type RouteTarget,
  type Setting,
  type TableUse,
  type WireguardSettings,
} from '../model/host.js';
import { ADDRESS_BITS, formatIp, formatPrefix, parseIp, prefixOf, type AddressFamily, type IpAddress, type IpPrefix } from '../net/ip.js';
import { expandAliasRanges, NETIF_IPEXPAND_MAX } from '../rcconf/alias-ranges.js';
import { isPseudoKeyword, parseIfconfigArguments, type IfconfigArguments, type Located, type OffloadFlag } from '../rcconf/ifconfig-args.js';
import { parseRcConf } from '../rcconf/parser.js';
import { parseRouteArguments, parseRouteCommand, type RouteArguments } from '../rcconf/route-args.js';
import { splitWords, type ArgWord, type ShValue } from '../rcconf/value.js';
import { RcVariables } from '../rcconf/variables.js';
import { parseJailConf } from '../jail/parser.js';
import { jailFlag, resolveJails, type ResolvedJail } from '../jail/resolve.js';
import { parseKeyValueFile } from '../sysctl/keyvalue.js';
import { readKernelSettings } from '../sysctl/settings.js';
import { parseWgQuick, type WgQuickConfig } from '../wireguard/wg-quick.js';
import type { SourceRange } from '../source.js';
import { discoverHost, type FreeBsdHostFiles } from './discover.js';

/** MTU an interface gets when nothing sets one, per kind (gif(4), gre(4), wg(4), lo(4) defaults); Ethernet's 1500 otherwise. */
export const DEFAULT_MTU: Readonly<Partial<Record<InterfaceKind, number>>> = {
  ethernet: 1500,
  loopback: 16384,
  bridge: 1500,
  epair: 1500,
  gif: 1280,
  gre: 1476,
  wg: 1420,
  vlan: 1500,
  lagg: 1500,
  tun: 1500,
  vxlan: 1450,
};

const CLONER_KINDS: ReadonlyMap<string, InterfaceKind> = new Map([
  ['lo', 'loopback'],
  ['bridge', 'bridge'],
  ['epair', 'epair'],
  ['gif', 'gif'],
  ['gre', 'gre'],
  ['wg', 'wg'],
  ['vlan', 'vlan'],
  ['lagg', 'lagg'],
  ['tun', 'tun'],
  ['tap', 'tun'],
  ['vxlan', 'vxlan'],
]);

const TUNNEL_KINDS: ReadonlySet<InterfaceKind> = new Set(['gif', 'gre', 'wg']);

/** Where built-in behaviour comes from, for routes and addresses no configuration line created. */
function builtinRange(file: string): SourceRange {
  const position = { line: 1, column: 1, offset: 0 };
  return { file, start: position, end: position };
}
const RC_ROUTING = builtinRange('/etc/rc.d/routing');
const RC_DEFAULTS = builtinRange('/etc/defaults/rc.conf');

/** `em0.101` → `em0_101`, as rc's get_if_var mangles names into variable names. */
export function mangleName(name: string): string {
  return name.replace(/[.\-/+]/g, '_');
}

function kindOf(name: string): { kind: InterfaceKind; driver?: string } {
  // `em0.101`: a VLAN on em0 (vlans_em0="101").
  if (/^[a-z]+\d+\.\d+$/.test(name)) return { kind: 'vlan' };
  const match = /^([a-z]+?)(\d+)([ab])?$/.exec(name);
  if (!match) return { kind: 'unknown' };
  const cloned = CLONER_KINDS.get(match[1]!);
  if (cloned) return { kind: cloned };
  return { kind: 'ethernet', driver: match[1]! };
}

/** An `ifconfig_<if>_alias<N>`-style variable and its number. */
interface NumberedAlias {
  readonly variable: string;
  readonly number: number;
}

interface InterfaceState {
  name: string;
  originalName?: string;
  kind: InterfaceKind;
  driver?: string;
  fib?: Setting<number>;
  tunnelFib?: Setting<number>;
  tunnel?: NetInterface['tunnel'];
  addresses: InterfaceAddress[];
  mtu?: Setting<number>;
  offload: Partial<Record<OffloadFlag, Setting<boolean>>>;
  bridgeMembers: string[];
  jail?: string;
  dhcp: boolean;
  source?: SourceRange;
  wireguard?: WireguardSettings;
  dynamicConfiguration?: SourceRange;
  /** `vlans_<parent>` children start with their parent. */
  vlanParent?: string;
  /** Connected prefixes without a known own address (`ipv6_prefix_<if>`: the host part is the EUI-64 of the MAC). */
  eui64Prefixes: { readonly prefix: IpPrefix; readonly source: SourceRange }[];
  notStarted?: SourceRange;
}

export interface FreeBsdBuildOptions {
  /** Interfaces that exist before this host's configuration runs (a vnet jail's interfaces, handed over by its host). */
  readonly inheritedInterfaces?: ReadonlyMap<string, NetInterface>;
  /** The host's FIB count, for a jail (FIBs are a kernel-wide setting). */
  readonly tableCount?: number;
  /** How deep in jails we are; nested jail roots beyond 2 levels are not followed. */
  readonly depth?: number;
}

/**
 * Builds the model of a FreeBSD host from its files, emulating the boot:
 * netif (clones, renames, ifconfig_*), rc.d/routing (built-in, static and
 * default routes, forwarding), wg-quick, then jails (exec.* commands, jail
 * roots' own rc.conf). Never throws on bad input: problems are model findings.
 */
export function buildFreeBsdHost(fs: FileSystem, files: FreeBsdHostFiles, options: FreeBsdBuildOptions = {}): HostModel {
  return new HostBuilder(fs, files, options).build();
}

/** Discovers and builds the host laid out under `root`. */
export function buildFreeBsdHostFromDirectory(fs: FileSystem, root: string, options: FreeBsdBuildOptions = {}): HostModel {
  return buildFreeBsdHost(fs, discoverHost(fs, root), options);
}

class HostBuilder {
  private readonly findings: Finding[] = [];
  private readonly readFiles: string[] = [];
  private readonly interfaces = new Map<string, InterfaceState>();
  private readonly routes: Route[] = [];
  private readonly routeKeys = new Set<string>();
  private readonly tableUses: TableUse[] = [];
  private readonly jails: Jail[] = [];
  /** Where each `addm` was written, keyed by bridge and member, to report unknown members there. */
  private readonly memberSources = new Map<string, SourceRange>();
  /**
   * The FIB of addresses added before their interface moved to another one:
   * the kernel puts an address's routes in the interface's FIB of the moment,
   * and `fib N` later does not move them.
   */
  private readonly addressFibs = new Map<InterfaceAddress, number>();
  private tableCount = 1;
  private addAddrAllFibs = false;
  private rc!: RcVariables;

  constructor(
    private readonly fs: FileSystem,
    private readonly files: FreeBsdHostFiles,
    private readonly options: FreeBsdBuildOptions,
  ) {}

  private read(path: string): string | undefined {
    const text = this.fs.readFile(path);
    if (text === undefined) {
      this.findings.push({ ruleId: 'file-not-found', severity: 'error', message: `Cannot read ${path}`, range: builtinRange(path) });
      return undefined;
    }
    this.readFiles.push(path);
    return text;
  }

  build(): HostModel {
    const kernelFiles = [...this.files.loaderConf, ...this.files.sysctlConf].flatMap((path) => {
      const text = this.read(path);
      return text === undefined ? [] : [parseKeyValueFile(path, text)];
    });
    const kernel = readKernelSettings(kernelFiles);
    this.findings.push(...kernelFiles.flatMap((file) => file.findings), ...kernel.findings);
    this.tableCount = this.options.tableCount ?? kernel.fibs?.value ?? 1;
    this.addAddrAllFibs = kernel.addAddrAllFibs?.value ?? false;

    const rcFiles = this.files.rcConf.flatMap((path) => {
      const text = this.read(path);
      return text === undefined ? [] : [parseRcConf(path, text)];
    });
    for (const file of rcFiles) this.findings.push(...file.findings);
    this.rc = new RcVariables(rcFiles);
    this.findings.push(...this.rc.findings);

    const wireguard = this.files.wireguard.flatMap((path) => {
      const text = this.read(path);
      return text === undefined ? [] : [parseWgQuick(path, text)];
    });
    for (const config of wireguard) this.findings.push(...config.findings);

    const jails = this.files.jailConf.flatMap((path) => {
      const text = this.read(path);
      if (text === undefined) return [];
      const conf = parseJailConf(path, text);
      this.findings.push(...conf.findings);
      return resolveJails(conf);
    });

    this.createInterfaces(createdByJailHooks(jails));
    this.configureInterfaces();
    for (const config of wireguard) this.createWireguardInterface(config);
    const interfaceReferences = new Map(jails.map((jail) => [jail, jailInterfaceReferences(jail)]));
    for (const jail of jails) this.prepareJail(jail, interfaceReferences.get(jail)!);
    this.checkBridgeMembers();
    this.addInterfaceRoutes();
    this.addRcRoutes();
    for (const config of wireguard) this.addWireguardRoutes(config);
    for (const jail of jails) this.runJailCommands(jail, 'route');
    for (const jail of jails) this.jails.push(this.jailModel(jail, interfaceReferences.get(jail)!));

    const forwarding = {
      inet: this.forwardingSetting('gateway_enable', 'net.inet.ip.forwarding', kernel.ipForwarding),
      inet6: this.forwardingSetting('ipv6_gateway_enable', 'net.inet6.ip6.forwarding', kernel.ip6Forwarding),
    };
    return {
      kind: 'freebsd',
      name: this.files.name,
      files: this.readFiles,
      rcFiles: rcFiles.map((file) => file.file),
      interfaces: new Map([...this.interfaces].map(([name, state]) => [name, this.freeze(state)])),
      tableCount: this.tableCount,
      ...(kernel.fibs?.source && this.options.tableCount === undefined ? { tableCountSource: kernel.fibs.source } : {}),
      routes: this.routes,
      forwarding,
      addAddrAllFibs: kernel.addAddrAllFibs ?? { value: false },
      jails: this.jails,
      tableUses: this.tableUses,
      routeOverrides: [],
      findings: this.findings,
      pfEnabled: this.rcSetting('pf_enable'),
    };
  }

  // ---- interfaces -------------------------------------------------------

  private addInterface(name: string, source: SourceRange | undefined, originalName?: string, kind?: InterfaceKind): InterfaceState {
    const existing = this.interfaces.get(name);
    if (existing) return existing;
    const detected = kindOf(originalName ?? name);
    const state: InterfaceState = {
      name,
      kind: kind ?? detected.kind,
      addresses: [],
      offload: {},
      bridgeMembers: [],
      dhcp: false,
      eui64Prefixes: [],
      ...(detected.driver && !kind ? { driver: detected.driver } : {}),
      ...(originalName && originalName !== name ? { originalName } : {}),
      ...(source ? { source } : {}),
    };
    this.interfaces.set(name, state);
    return state;
  }

  /** Creates the interface(s) an `ifconfig NAME create` or a cloned_interfaces entry makes. */
  private clone(name: string, range: SourceRange): void {
    for (const cloned of clonedNames(name)) this.addInterface(cloned, range);
  }

  private createInterfaces(createdByJails: ReadonlySet<string>): void {
    for (const [name, inherited] of this.options.inheritedInterfaces ?? []) {
      // Settings the host made before handing the interface over (prestart `mtu`, offloads) stay with it.
      const state = this.addInterface(name, inherited.source, inherited.originalName, inherited.kind);
      if (inherited.driver) state.driver = inherited.driver;
      if (inherited.mtu.source) state.mtu = inherited.mtu;
      Object.assign(state.offload, inherited.offload);
    }
    if (!this.interfaces.has('lo0')) this.addInterface('lo0', RC_DEFAULTS);
    for (const variable of ['cloned_interfaces', 'gif_interfaces']) {
      for (const word of this.rc.words(variable)) {
        if (word.dynamic) continue;
        const name = word.text.replace(/:(?:no)?sticky$/, '');
        this.clone(name, word.range);
        if (variable === 'gif_interfaces' && !/^gif\d+$/.test(name)) this.interfaces.get(name)!.kind = 'gif';
      }
    }
    this.createVlans();
    // Physical NICs are known only from the variables that configure them.
    const referenced = new Map<string, SourceRange>();
    for (const variableName of this.rc.names()) {
      const match =
        /^ifconfig_(.+?)(?:_(?:alias\d+|aliases|ipv6|name|descr))?$/.exec(variableName) ??
        /^ipv6_ifconfig_(.+?)(?:_alias\d+)?$/.exec(variableName) ??
        /^(?:ipv4_addrs|ipv6_prefix)_(.+)$/.exec(variableName);
      if (!match || match[1] === 'DEFAULT') continue;
      if (!referenced.has(match[1]!)) referenced.set(match[1]!, this.rc.range(variableName)!);
    }
    const renamedTo = new Set<string>();
    for (const name of referenced.keys()) {
      const newName = this.rc.text(`ifconfig_${name}_name`);
      if (newName) renamedTo.add(mangleName(newName.trim()));
    }
    const known = new Set([...this.interfaces.keys()].map(mangleName));
    for (const [name, range] of referenced) {
      // An interface a jail hook creates gets its variables from devd, which runs rc's netif for every interface
      // that appears (devd.conf's IFNET ATTACH): not modelled, but not an interface that is never created either.
      if (known.has(name) || renamedTo.has(name) || createdByJails.has(name)) continue;
      if (kindOf(name).kind === 'ethernet') this.addInterface(name, range);
      else if (!this.options.inheritedInterfaces) {
        this.findings.push({
          ruleId: 'unknown-interface',
          severity: 'warning',
          message: `\`${name}\` is configured but never created (not in cloned_interfaces, not a NIC name, not a rename target)`,
          range,
        });
      }
    }
    this.applyRenames();
    this.reportNameCollisions();
  }

  /** rc finds an interface's variables by its name with `.-/+` turned into `_`: two names that turn into one share them. */
  private reportNameCollisions(): void {
    const byVariableName = new Map<string, InterfaceState>();
    for (const state of this.interfaces.values()) {
      const key = mangleName(state.name);
      const first = byVariableName.get(key);
      if (!first) {
        byVariableName.set(key, state);
        continue;
      }
      this.findings.push({
        ruleId: 'interface-name-collision',
        severity: 'warning',
        message: `\`${state.name}\` and \`${first.name}\` both read \`ifconfig_${key}\` and the other variables named after ${key}: rc applies the same settings to both`,
        range: state.source ?? RC_DEFAULTS,
        ...(first.source ? { related: [{ range: first.source, message: `${first.name} is created here` }] } : {}),
      });
    }
  }

  /** `vlans_em0="101 myvlan"`: `em0.101` with tag 101, and `myvlan` configured by `create_args_myvlan`. */
  private createVlans(): void {
    for (const variable of [...this.rc.names()]) {
      const parent = /^vlans_(.+)$/.exec(variable)?.[1];
      if (!parent) continue;
      // rc renames interfaces before it configures them, and asks each for its vlans_ by its new name (childif_create).
      const renamedTo = this.rc.words(`ifconfig_${parent}_name`)[0]?.text;
      if (renamedTo) {
        this.findings.push({
          ruleId: 'renamed-interface-variable',
          severity: 'warning',
          message: `\`${variable}\` uses the old name of ${renamedTo}: after the rename rc reads \`vlans_${mangleName(renamedTo)}\`, so no VLAN is made from it`,
          range: this.rc.range(variable)!,
        });
        continue;
      }
      for (const word of this.rc.words(variable)) {
        if (word.dynamic) continue;
        const name = /^\d+$/.test(word.text) ? `${parent}.${word.text}` : word.text;
        this.addInterface(name, word.range, undefined, 'vlan').vlanParent = parent;
      }
    }
  }

  private applyRenames(): void {
    for (const state of [...this.interfaces.values()]) {
      const variable = `ifconfig_${mangleName(state.name)}_name`;
      const words = this.rc.words(variable);
      if (words.length === 0) continue;
      const newName = words[0]!.text;
      if (this.interfaces.has(newName)) {
        this.findings.push({ ruleId: 'invalid-value', severity: 'error', message: `Cannot rename ${state.name} to ${newName}: that name is taken`, range: words[0]!.range });
        continue;
      }
      this.interfaces.delete(state.name);
      state.originalName ??= state.name;
      state.name = newName;
      this.interfaces.set(newName, state);
      const old = mangleName(state.originalName);
      // Every variable rc looks up by the interface's name (network.subr), the obsolete ipv6_ifconfig_ forms included.
      const keyedByOldName = new RegExp(`^(?:ifconfig_${old}(?:_ipv6|_alias\\d+|_aliases)?|ipv6_ifconfig_${old}(?:_alias\\d+)?|ipv4_addrs_${old}|ipv6_prefix_${old})$`);
      for (const stale of this.rc.names()) {
        if (keyedByOldName.test(stale)) {
          this.findings.push({
            ruleId: 'renamed-interface-variable',
            severity: 'warning',
            message: `\`${stale}\` uses the old name of ${newName}: after the rename rc reads \`ifconfig_${mangleName(newName)}...\`, so this is ignored`,
            range: this.rc.range(stale)!,
          });
        }
      }
    }
  }

  private configureInterfaces(): void {
    // `ifconfig_<if>_alias<N>` (and the obsolete `ipv6_ifconfig_<if>_alias<N>`) by mangled interface name; one pass over the variables.
    const aliases = new Map<string, NumberedAlias[]>();
    const legacyAliases = new Map<string, NumberedAlias[]>();
    for (const variable of this.rc.names()) {
      const match = /^(ipv6_)?ifconfig_(.+)_alias(\d+)$/.exec(variable);
      if (!match) continue;
      const byInterface = match[1] ? legacyAliases : aliases;
      const list = byInterface.get(match[2]!) ?? [];
      list.push({ variable, number: Number(match[3]) });
      byInterface.set(match[2]!, list);
    }
    const started = new Map<InterfaceState, boolean>();
    for (const state of [...this.interfaces.values()]) {
      const original = mangleName(createdName(state));
      const current = mangleName(state.name);
      // Created before netif starts anything: create_args and gifconfig apply whether or not the interface is started.
      this.applyIfconfigVariable(state, `create_args_${original}`);
      const gif = this.rc.words(`gifconfig_${original}`);
      if (gif.length > 0) {
        const endpoints = gif.filter((word) => word.text !== 'inet6' && word.text !== 'inet');
        this.applyIfconfig(state, parseIfconfigArguments([{ text: 'tunnel', range: gif[0]!.range, dynamic: false }, ...endpoints]));
      }
      // rc gives lo0 its usual address when ifconfig_lo0 does not say otherwise.
      if (state.name === 'lo0' && !this.rc.get('ifconfig_lo0')) {
        const loopback = parseIp('127.0.0.1')!;
        state.addresses.push({ address: loopback, prefix: prefixOf(loopback, 8), source: RC_DEFAULTS });
      }
      if (!this.isStarted(state, started)) continue;
      this.applyIfconfigVariable(state, this.ifconfigVariable(state));
      // dhcpif: rc never runs dhclient on loopback interfaces, whatever their variable says.
      if (state.kind === 'loopback') state.dhcp = false;
      this.applyIpv6Ifconfig(state, current);
      this.applyAliases(state, current, aliases.get(current) ?? [], legacyAliases.get(current) ?? []);
      this.applyIpv6Prefixes(state, current);
    }
  }

  /**
   * `ifconfig_<if><suffix>`, or `ifconfig_DEFAULT` when the interface has no
   * such variable of its own (set, even empty, counts). network.subr reads
   * `ifconfig_DEFAULT` in place of `ifconfig_<if>` and of `ifconfig_<if>_ipv6`
   * alike: there is no `ifconfig_DEFAULT_ipv6`.
   */
  private ifconfigVariable(state: InterfaceState, suffix: '' | '_ipv6' = ''): string {
    const own = `ifconfig_${mangleName(state.name)}${suffix}`;
    return this.rc.get(own) || !this.rc.get('ifconfig_DEFAULT') ? own : 'ifconfig_DEFAULT';
  }

  /**
   * The IPv6 part, as network.subr's ifconfig_up runs it: `ifconfig_<if>_ipv6`
   * (or `ifconfig_DEFAULT`), a value starting with an address getting
   * `inet6` put in front with a warning; then the obsolete
   * `ipv6_ifconfig_<if>`, run as `ifconfig <if> inet6 VALUE` with a warning.
   */
  private applyIpv6Ifconfig(state: InterfaceState, current: string): void {
    const variable = this.ifconfigVariable(state, '_ipv6');
    const first = this.rc.words(variable).find((word) => !isPseudoKeyword(word.text));
    if (first && !first.dynamic && /^(?::|[0-9a-f]*:)/i.test(first.text)) {
      this.reportObsolete(variable, `\`${variable}\` starts with an address without \`inet6\`: rc adds the keyword and warns at every boot; write \`inet6 ${first.text} ...\``);
    }
    // dhcpif reads only the main variable: DHCP in the IPv6 one (a shared ifconfig_DEFAULT) starts no client.
    const dhcp = state.dhcp;
    this.applyIfconfigVariable(state, variable, 'inet6');
    state.dhcp = dhcp;
    const legacy = `ipv6_ifconfig_${current}`;
    const words = this.rc.words(legacy);
    if (words.length === 0) return;
    const legacyValue = this.rc.text(legacy)?.trim() ?? '';
    // With ifconfig_<if>_ipv6 also set, rc runs two ifconfig commands; the same address as an alias keeps that.
    const replacement =
      this.rc.text(`ifconfig_${current}_ipv6`) === undefined
        ? `\`ifconfig_${current}_ipv6="inet6 ${legacyValue}"\``
        : `an alias, \`ifconfig_${current}_alias<N>="inet6 ${legacyValue}"\` (\`ifconfig_${current}_ipv6\` is set already)`;
    this.reportObsolete(legacy, `\`${legacy}\` is obsolete (rc warns at every boot but still applies it); write ${replacement}`);
    state.source ??= this.rc.range(legacy);
    this.applyIfconfig(state, parseIfconfigArguments([{ text: 'inet6', range: words[0]!.range, dynamic: false }, ...words], 'inet6'));
  }

  private reportObsolete(variable: string, message: string): void {
    this.findings.push({ ruleId: 'obsolete-rc-syntax', severity: 'info', message, range: this.rc.range(variable)! });
  }

  /**
   * Whether netif configures the interface at boot. `network_interfaces`
   * (default AUTO) lists every interface except those whose ifconfig value
   * says NOAUTO; an explicit list names the interfaces, to which rc adds
   * `cloned_interfaces` and lo0. VLAN children start with their parent,
   * unless NOAUTO. A configured interface left out is reported.
   */
  private isStarted(state: InterfaceState, memo: Map<InterfaceState, boolean>): boolean {
    const known = memo.get(state);
    if (known !== undefined) return known;
    memo.set(state, true); // a parent cycle cannot happen in rc; this only stops the recursion
    const main = this.rc.words(this.ifconfigVariable(state));
    const noauto = main.find((word) => /^noauto$/i.test(word.text));
    const listed = this.rc.words('network_interfaces');
    const auto = listed.length === 0 || listed.some((word) => word.dynamic) || (listed.length === 1 && /^auto$/i.test(listed[0]!.text));
    const parent = state.vlanParent !== undefined ? this.interfaces.get(state.vlanParent) : undefined;
    let reason: Omit<Finding, 'ruleId' | 'range'> & { range?: SourceRange } | undefined;
    if (parent && !this.isStarted(parent, memo)) {
      reason = { severity: 'warning', message: `${state.name} is a VLAN of ${parent.name}, which rc does not start at boot, so it is not configured either` };
    } else if ((auto || parent) && noauto) {
      reason = { severity: 'info', message: `NOAUTO: rc does not configure ${state.name} at boot (pflint models it without this configuration)`, range: noauto.range };
    } else if (!auto && !parent && !this.inInterfaceList(state, listed)) {
      const list = this.rc.range('network_interfaces')!;
      reason = {
        severity: 'warning',
        message: `network_interfaces does not list ${state.name}, so rc never applies its configuration at boot`,
        related: [{ range: list, message: 'the interfaces rc starts' }],
      };
    }
    memo.set(state, reason === undefined);
    if (!reason) return true;
    const configured = this.ownConfigurationRange(state);
    state.notStarted = reason.range ?? configured ?? this.rc.range('network_interfaces') ?? state.source ?? RC_DEFAULTS;
    if (configured) this.findings.push({ ruleId: 'interface-not-started', ...reason, range: reason.range ?? configured });
    return false;
  }

  private inInterfaceList(state: InterfaceState, listed: readonly ArgWord[]): boolean {
    if (state.name === 'lo0') return true;
    const names = [...listed, ...this.rc.words('cloned_interfaces')].flatMap((word) => clonedNames(word.text.replace(/:(?:no)?sticky$/, '')));
    return names.includes(state.name);
  }

  /** Where the interface's own netif configuration is written, if anywhere. */
  private ownConfigurationRange(state: InterfaceState): SourceRange | undefined {
    const current = mangleName(state.name);
    const variables = [`ifconfig_${current}`, `ifconfig_${current}_ipv6`, `ifconfig_${current}_aliases`, `ipv6_prefix_${current}`, `ipv4_addrs_${current}`, `ipv6_ifconfig_${current}`];
    const own =
      variables.find((variable) => this.rc.get(variable)) ??
      [...this.rc.names()].find((variable) => variable.startsWith(`ifconfig_${current}_alias`) || variable.startsWith(`ipv6_ifconfig_${current}_alias`));
    return own === undefined ? undefined : this.rc.range(own);
  }

  /**
   * `ifconfig_<if>_aliases`, then `ifconfig_<if>_aliasN` in numeric order,
   * then the obsolete `ipv6_ifconfig_<if>_aliasN` (each an `inet6` alias, with
   * a warning) and the legacy `ipv4_addrs_<if>`, as network.subr reads them:
   * every set `aliasN` counts, gaps or not, but an empty one ends that list.
   * Address ranges are expanded. IPv6 aliases are added only to an interface
   * rc configures for IPv6 (`ipv6Configured`).
   */
  private applyAliases(state: InterfaceState, current: string, numbered: readonly NumberedAlias[], legacyNumbered: readonly NumberedAlias[]): void {
    const own = [...numbered].sort((a, b) => a.number - b.number);
    const gap = own.find((alias, index) => alias.number !== index);
    if (gap) {
      this.findings.push({
        ruleId: 'alias-gap',
        severity: 'warning',
        message: `\`${gap.variable}\` follows a gap in the alias numbers: older rc scripts stop at the first missing number and never add it; number the aliases from 0 without gaps`,
        range: this.rc.range(gap.variable)!,
      });
    }
    const limitText = this.rc.text('netif_ipexpand_max')?.trim();
    const limit = limitText && /^\d+$/.test(limitText) ? Number(limitText) : NETIF_IPEXPAND_MAX;
    const firstAlias = state.addresses.length;
    // `_aliases` holds several entries, each starting with its family keyword: one argument list reads them all.
    this.applyIfconfigVariable(state, `ifconfig_${current}_aliases`, undefined, limit);
    for (const alias of this.aliasesUntilEmpty(own)) this.applyIfconfigVariable(state, alias.variable, undefined, limit);
    for (const alias of this.aliasesUntilEmpty([...legacyNumbered].sort((a, b) => a.number - b.number))) {
      const words = this.rc.words(alias.variable);
      this.reportObsolete(alias.variable, `\`${alias.variable}\` is obsolete (rc warns at every boot but still adds it); write it as an \`ifconfig_${current}_alias<N>="inet6 ..."\``);
      state.source ??= this.rc.range(alias.variable);
      this.applyAliasWords(state, [{ text: 'inet6', range: words[0]!.range, dynamic: false }, ...words], limit);
    }
    this.skipUnconfiguredIpv6Aliases(state, current, firstAlias);
    // `ipv4_addrs_<if>="192.0.2.1/24 192.0.2.5-9"`: bare IPv4 addresses and ranges, each an inet alias.
    const legacy = this.rc.words(`ipv4_addrs_${current}`).flatMap((word) => [{ text: 'inet', range: word.range, dynamic: false }, word]);
    if (legacy.length > 0) {
      state.source ??= this.rc.range(`ipv4_addrs_${current}`);
      this.applyAliasWords(state, legacy, limit);
    }
  }

  /** The aliases rc adds from a numerically sorted list: up to the first empty one, which ends it (reported when more follow). */
  private aliasesUntilEmpty(sorted: readonly NumberedAlias[]): NumberedAlias[] {
    const empty = sorted.findIndex((alias) => this.rc.words(alias.variable).length === 0);
    if (empty < 0) return [...sorted];
    const ignored = sorted.slice(empty + 1).map((later) => later.variable);
    if (ignored.length > 0) {
      this.findings.push({
        ruleId: 'alias-gap',
        severity: 'warning',
        message: `\`${sorted[empty]!.variable}\` is empty, which ends rc's alias list: ${ignored.map((name) => `\`${name}\``).join(', ')} ${ignored.length === 1 ? 'is' : 'are'} never added`,
        range: this.rc.range(sorted[empty]!.variable)!,
      });
    }
    return sorted.slice(0, empty);
  }

  /**
   * network.subr's ipv6if: rc adds IPv6 aliases only to lo0 and to interfaces
   * listed in `ipv6_network_interfaces` (default AUTO: all) that have an
   * `ifconfig_<if>_ipv6` (or `ifconfig_DEFAULT`), `ipv6_prefix_<if>` or
   * `ipv6_ifconfig_<if>` with something in it.
   */
  private ipv6Configured(state: InterfaceState, current: string): boolean {
    if (state.name === 'lo0') return true;
    const listed = this.rc.words('ipv6_network_interfaces');
    const auto = !this.rc.get('ipv6_network_interfaces') || listed.some((word) => word.dynamic) || (listed.length === 1 && /^auto$/i.test(listed[0]!.text));
    if (!auto && !listed.some((word) => word.text === state.name)) return false;
    return [this.ifconfigVariable(state, '_ipv6'), `ipv6_prefix_${current}`, `ipv6_ifconfig_${current}`].some((variable) => this.rc.words(variable).length > 0);
  }

  /** Drops the IPv6 addresses alias variables added (from `firstAlias` on) when rc would not add them, with a warning at each. */
  private skipUnconfiguredIpv6Aliases(state: InterfaceState, current: string, firstAlias: number): void {
    const added = state.addresses.slice(firstAlias);
    if (!added.some((entry) => entry.address.family === 'inet6') || this.ipv6Configured(state, current)) return;
    for (const entry of added) {
      if (entry.address.family !== 'inet6') continue;
      this.findings.push({
        ruleId: 'ipv6-alias-skipped',
        severity: 'warning',
        message: `rc never adds this IPv6 alias: ${state.name} has no \`ifconfig_${current}_ipv6\` (nor \`ipv6_prefix_${current}\`), so rc does not configure it for IPv6${this.rc.get('ipv6_network_interfaces') ? ' or ipv6_network_interfaces leaves it out' : ''}; add \`ifconfig_${current}_ipv6="inet6 auto_linklocal"\` or move the address there`,
        range: entry.source,
      });
    }
    state.addresses = [...state.addresses.slice(0, firstAlias), ...added.filter((entry) => entry.address.family !== 'inet6')];
  }

  /** Alias arguments, with network.subr's address ranges expanded first. */
  private applyAliasWords(state: InterfaceState, words: readonly ArgWord[], rangeLimit: number): void {
    const expanded = expandAliasRanges(words, rangeLimit);
    this.findings.push(...expanded.findings);
    this.applyIfconfig(state, parseIfconfigArguments(expanded.words));
  }

  /**
   * `ipv6_prefix_<if>="2001:db8:1:2 ..."`: rc adds each prefix (default /64)
   * with the EUI-64 host part of the interface's MAC, which pflint cannot know,
   * so the connected prefix is modelled without an own address
   * (`eui64Prefixes`). A router (`ipv6_gateway_enable`) also gets the
   * prefix's subnet-router anycast address, which is known.
   */
  private applyIpv6Prefixes(state: InterfaceState, current: string): void {
    const variable = `ipv6_prefix_${current}`;
    const router = this.rc.isYes('ipv6_gateway_enable');
    for (const word of this.rc.words(variable)) {
      if (word.dynamic) continue;
      const [text = '', lengthText] = word.text.split('/');
      const length = lengthText === undefined ? 64 : Number(lengthText);
      // network.subr drops everything from the last `::` and a trailing `:`, then appends `::`.
      const trimmed = text.replace(/::(?!.*::).*$/, '').replace(/:$/, '');
      const anycast = parseIp(`${trimmed}::`);
      if (!anycast || anycast.family !== 'inet6' || !/^\d{1,3}$/.test(lengthText ?? '64') || length > 128) {
        this.findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${word.text}\` is not an IPv6 prefix (like 2001:db8:1:2 or 2001:db8:1:2::/64)`, range: word.range });
        continue;
      }
      const prefix = prefixOf(anycast, length);
      state.eui64Prefixes.push({ prefix, source: word.range });
      if (router) state.addresses.push({ address: anycast, prefix, source: word.range });
    }
  }

  /** Applies one variable's ifconfig arguments; `rangeLimit`, for alias variables, expands address ranges first. */
  private applyIfconfigVariable(state: InterfaceState, variable: string, family?: AddressFamily, rangeLimit?: number): void {
    const words = this.rc.words(variable);
    if (words.length === 0) return;
    state.source ??= this.rc.range(variable);
    if (words.some((word) => word.dynamic)) state.dynamicConfiguration ??= this.rc.get(variable)!.assignment.valueRange;
    if (rangeLimit === undefined) this.applyIfconfig(state, parseIfconfigArguments(words, family));
    else this.applyAliasWords(state, words, rangeLimit);
  }

  private applyIfconfig(state: InterfaceState, args: IfconfigArguments): void {
    this.findings.push(...args.findings);
    const setting = <T>(located: Located<T>): Setting<T> => ({ value: located.value, source: located.range });
    // ifconfig sets `fib` as it reads its words and adds the addresses last: a command's own addresses get its FIB.
    if (args.fib) {
      const before = state.fib?.value ?? 0;
      if (args.fib.value !== before) for (const entry of state.addresses) if (!this.addressFibs.has(entry)) this.addressFibs.set(entry, before);
      state.fib = setting(args.fib);
      this.useTable(args.fib.value, 'interface-fib', args.fib.range);
    }
    for (const address of args.addresses) {
      if (address.remove) {
        state.addresses = state.addresses.filter((existing) => existing.address.value !== address.address.value || existing.address.family !== address.address.family);
        continue;
      }
      const bits = ADDRESS_BITS[address.address.family];
      const entry = {
        address: address.address,
        prefix: address.peer ? prefixOf(address.peer, bits) : prefixOf(address.address, address.length),
        ...(address.peer ? { peer: address.peer } : {}),
        source: address.range,
      };
      // Configuring an address the interface already has changes it; it does not add a second one.
      const same = state.addresses.findIndex((existing) => existing.address.value === address.address.value && existing.address.family === address.address.family);
      if (same >= 0) state.addresses[same] = entry;
      else state.addresses.push(entry);
    }
    if (args.tunnelFib) {
      state.tunnelFib = setting(args.tunnelFib);
      this.useTable(args.tunnelFib.value, 'tunnelfib', args.tunnelFib.range);
    }
    if (args.tunnel) state.tunnel = { ...args.tunnel.value, range: args.tunnel.range };
    if (args.mtu) state.mtu = setting(args.mtu);
    for (const [flag, value] of Object.entries(args.offload) as [OffloadFlag, Located<boolean>][]) state.offload[flag] = setting(value);
    for (const member of args.addMembers) {
      if (!state.bridgeMembers.includes(member.value)) state.bridgeMembers.push(member.value);
      this.memberSources.set(`${state.name}\0${member.value}`, member.range);
    }
    for (const member of args.deleteMembers) state.bridgeMembers = state.bridgeMembers.filter((name) => name !== member.value);
    if (args.vlan) state.kind = 'vlan';
    // `vnet JAIL` in ifconfig_<if> hands the interface to that jail at boot.
    if (args.vnet) state.jail = args.vnet.value;
    state.dhcp ||= args.dhcp;
    if (args.rename) {
      // `ifconfig X name Y` in a command: the interface is known by the new name from here on.
      this.interfaces.delete(state.name);
      state.originalName ??= state.name;
      state.name = args.rename.value;
      this.interfaces.set(state.name, state);
    }
  }

  private checkBridgeMembers(): void {
    for (const state of this.interfaces.values()) {
      for (const member of state.bridgeMembers) {
        if (this.interfaces.has(member)) continue;
        this.findings.push({
          ruleId: 'unknown-interface',
          severity: 'warning',
          message: `\`addm ${member}\`: no interface ${member} exists on this host (after clones and renames)`,
          range: this.memberSources.get(`${state.name}\0${member}`) ?? state.source ?? RC_DEFAULTS,
        });
      }
    }
  }

  private createWireguardInterface(config: WgQuickConfig): void {
    // The wireguard rc script brings up the interfaces in wireguard_interfaces when wireguard_enable is YES.
    const listed = this.rc.words('wireguard_interfaces').map((word) => word.text);
    if (!this.rc.isYes('wireguard_enable') || (listed.length > 0 && !listed.includes(config.interfaceName))) {
      this.findings.push({
        ruleId: 'interface-not-started',
        severity: 'info',
        message: `${config.interfaceName} is not brought up at boot (needs wireguard_enable="YES" and ${config.interfaceName} in wireguard_interfaces); pflint models it as up`,
        range: config.file.sections[0]?.range ?? builtinRange(config.file.file),
      });
    }
    const state = this.addInterface(config.interfaceName, config.file.sections[0]?.range, undefined, 'wg');
    state.kind = 'wg';
    for (const address of config.addresses) {
      state.addresses.push({ address: address.address, prefix: prefixOf(address.address, address.length), source: address.range });
    }
    if (config.mtu) state.mtu = { value: config.mtu.value, source: config.mtu.range };
    state.wireguard = {
      ...(config.listenPort ? { listenPort: { value: config.listenPort.value, source: config.listenPort.range } } : {}),
      peers: config.peers.map((peer) => ({
        ...(peer.endpoint ? { endpoint: { ...peer.endpoint.value, source: peer.endpoint.range } } : {}),
        allowedIps: peer.allowedIps.map((allowed) => prefixOf(allowed.address, allowed.length)),
        source: peer.range,
      })),
    };
  }

  private freeze(state: InterfaceState): NetInterface {
    const tunnel = TUNNEL_KINDS.has(state.kind);
    return {
      name: state.name,
      ...(state.originalName ? { originalName: state.originalName } : {}),
      kind: state.kind,
      ...(state.driver ? { driver: state.driver } : {}),
      fib: state.fib ?? { value: 0 },
      // A tunnel created at boot takes its tunnel FIB from the creating process (rc runs in FIB 0), not from `fib N`.
      ...(tunnel ? { tunnelFib: state.tunnelFib ?? { value: 0 } } : {}),
      ...(state.tunnel ? { tunnel: state.tunnel } : {}),
      addresses: state.addresses,
      mtu: state.mtu ?? { value: DEFAULT_MTU[state.kind] ?? 1500 },
      offload: state.offload,
      bridgeMembers: state.bridgeMembers,
      ...(state.jail ? { jail: state.jail } : {}),
      dhcp: state.dhcp,
      ...(state.source ? { source: state.source } : {}),
      ...(state.wireguard ? { wireguard: state.wireguard } : {}),
      ...(state.dynamicConfiguration ? { dynamicConfiguration: state.dynamicConfiguration } : {}),
      ...(state.eui64Prefixes.length > 0 ? { eui64Prefixes: state.eui64Prefixes } : {}),
      ...(state.notStarted ? { notStarted: state.notStarted } : {}),
    };
  }

  // ---- routes -----------------------------------------------------------

  private useTable(table: number, how: TableUse['how'], source: SourceRange): void {
    this.tableUses.push({ table, how, source });
  }

  private allTables(): number[] {
    return Array.from({ length: this.tableCount }, (_, index) => index);
  }

  /**
   * Adds a route as `route add` would: a second route to the same prefix in
   * the same table fails with "File exists" (reported for configured routes,
   * silent for the rc built-ins, which rely on that). Tables that do not
   * exist take no routes; the FIB use is recorded for the range check.
   */
  private addRoute(
    table: number,
    prefix: IpPrefix,
    target: RouteTarget,
    origin: RouteOrigin,
    source: SourceRange,
    name?: string,
    quietIfExists = false,
  ): void {
    if (table >= this.tableCount) return;
    const key = `${table} ${formatPrefix(prefix)}`;
    if (this.routeKeys.has(key)) {
      if (!quietIfExists) {
        this.findings.push({
          ruleId: 'route-exists',
          severity: 'warning',
          message: `FIB ${table} already has a route to ${formatPrefix(prefix)}; \`route add\` fails with "File exists" and this one is not installed`,
          range: source,
        });
      }
      return;
    }
    this.routeKeys.add(key);
    this.routes.push({ table, prefix, target, localpref: 0, origin, source, ...(name ? { name } : {}) });
  }

  private addInterfaceRoutes(): void {
    for (const state of this.interfaces.values()) {
      if (state.jail) continue;
      const fib = state.fib?.value ?? 0;
      const tables = this.addAddrAllFibs ? this.allTables() : [fib];
      for (const { prefix, source } of state.eui64Prefixes) {
        for (const table of tables) this.addRoute(table, prefix, { kind: 'interface', interface: state.name }, 'connected', source, undefined, true);
      }
      for (const address of state.addresses) {
        const bits = ADDRESS_BITS[address.address.family];
        const pinned = this.addressFibs.get(address);
        for (const table of pinned === undefined || this.addAddrAllFibs ? tables : [pinned]) {
          const connected = address.peer !== undefined || (address.prefix.length < bits && state.kind !== 'loopback');
          if (connected) this.addRoute(table, address.prefix, { kind: 'interface', interface: state.name }, 'connected', address.source, undefined, true);
          this.addRoute(table, prefixOf(address.address, bits), { kind: 'local' }, 'local-address', address.source, undefined, true);
        }
      }
    }
  }

  private addRcRoutes(): void {
    const everyTable = this.allTables();
    const loopback = { kind: 'interface', interface: 'lo0' } as const;
    for (const table of everyTable) this.addRoute(table, prefixOf(parseIp('127.0.0.1')!, 32), loopback, 'loopback-builtin', RC_ROUTING, '_loopback', true);
    this.addStaticList('static_routes', 'route_', undefined);
    this.addDefaultRouter('defaultrouter', 'inet');
    this.warnFibDefaultRouters('defaultrouter_fib');

    const reject = { kind: 'reject' } as const;
    for (const table of everyTable) {
      this.addRoute(table, prefixOf(parseIp('::1')!, 128), loopback, 'loopback-builtin', RC_ROUTING, '_loopback', true);
      for (const [text, name] of [
        ['::ffff:0.0.0.0/96', '_v4mapped'],
        ['::/96', '_v4compat'],
        ['fe80::/10', '_lla'],
        ['ff02::/16', '_llma'],
      ] as const) {
        const [address, length] = text.split('/');
        this.addRoute(table, prefixOf(parseIp(address!)!, Number(length)), reject, 'reject-builtin', RC_ROUTING, name, true);
      }
    }
    this.addStaticList('ipv6_static_routes', 'ipv6_route_', 'inet6');
    this.addDefaultRouter('ipv6_defaultrouter', 'inet6');
    this.warnFibDefaultRouters('ipv6_defaultrouter_fib');
  }

  private addStaticList(listVariable: string, prefix: string, family: AddressFamily | undefined): void {
    const list = this.rc.words(listVariable).filter((word) => !/^no$/i.test(word.text));
    const listed = new Set<string>();
    for (const element of list) {
      const name = element.text.replace(/:.*$/, '');
      const variable = `${prefix}${mangleName(name)}`;
      listed.add(variable);
      const words = this.rc.words(variable);
      if (words.length === 0) {
        this.findings.push({
          ruleId: 'route-undefined',
          severity: 'warning',
          message: `\`${listVariable}\` names \`${name}\` but \`${variable}\` is not set; rc warns "route_${name} not found" and adds nothing`,
          range: element.range,
        });
        continue;
      }
      this.addConfiguredRoute(words, family, 'static', name);
    }
    for (const variable of this.rc.names()) {
      if (variable.startsWith(prefix) && !listed.has(variable) && (prefix !== 'route_' || !variable.startsWith('route__'))) {
        this.findings.push({
          ruleId: 'route-unused',
          severity: 'warning',
          message: `\`${variable}\` is set but \`${listVariable}\` does not name it, so the route is never added`,
          range: this.rc.range(variable)!,
        });
      }
    }
  }

  private addDefaultRouter(variable: string, family: AddressFamily): void {
    const words = this.rc.words(variable);
    if (words.length === 0 || /^no$/i.test(words[0]!.text)) return;
    const range = this.rc.range(variable)!;
    const defaultWord: ArgWord = { text: 'default', range: words[0]!.range, dynamic: false };
    this.addConfiguredRoute([defaultWord, ...words], family, 'default', variable, range);
  }

  /**
   * rc.d/routing (FreeBSD 14.0 through current main) stores the route for
   * `defaultrouter_fibN` under a misspelled loop variable, so the element it
   * then looks up is never set: rc warns and no route is added. We follow the
   * script and say so at the variable.
   */
  private warnFibDefaultRouters(prefix: string): void {
    for (const variable of this.rc.names()) {
      const match = new RegExp(`^${prefix}(\\d+)$`).exec(variable);
      if (!match || /^no$/i.test(this.rc.text(variable)?.trim() ?? '')) continue;
      const fib = Number(match[1]);
      this.useTable(fib, 'route-fib', this.rc.range(variable)!);
      this.findings.push({
        ruleId: 'defaultrouter-fib-ignored',
        severity: 'warning',
        message: `rc.d/routing does not install \`${variable}\` (its loop stores the route under a misspelled name), so FIB ${fib} gets no default route from it; use a static route with \`default GATEWAY -fib ${fib}\` instead`,
        range: this.rc.range(variable)!,
      });
    }
  }

  /** Installs one `route add` argument list; `table` defaults to FIB 0 (the FIB rc and hooks run in). */
  private addConfiguredRoute(words: readonly ArgWord[], family: AddressFamily | undefined, origin: RouteOrigin, name?: string, range?: SourceRange): void {
    const parsed = parseRouteArguments(words, family);
    this.findings.push(...parsed.findings);
    if (parsed.route) this.installRoute(parsed.route, origin, name, range);
  }

  private installRoute(route: RouteArguments, origin: RouteOrigin, name?: string, range?: SourceRange): void {
    if (route.hostBitsSet) {
      this.findings.push({
        ruleId: 'host-bits-set',
        severity: 'warning',
        message: `The destination has host bits set: route(8) clears them and installs ${formatPrefix(route.destination)}`,
        range: route.destinationRange,
      });
    }
    const tables = route.fibs?.value ?? [0];
    if (route.fibs) for (const table of route.fibs.value) this.useTable(table, 'route-fib', route.fibs.range);
    const target = this.routeTarget(route);
    if (!target) return;
    for (const table of tables) this.addRoute(table, route.destination, target, origin, range ?? route.range, name);
  }

  private routeTarget(route: RouteArguments): RouteTarget | undefined {
    if (route.blackhole) return { kind: 'blackhole' };
    if (route.reject) return { kind: 'reject' };
    const gateway = route.gateway;
    if (!gateway) return undefined;
    if (gateway.kind === 'address') {
      const zone = gateway.address.zone;
      // A scope is an interface name or its index (`%1`), which pflint cannot check.
      if (zone !== undefined && !/^\d+$/.test(zone) && !this.interfaces.has(zone)) {
        // route(8) resolves the scope to an interface index and gives up when there is none: no route.
        this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `The gateway's scope \`%${zone}\` names no interface on this host, so route(8) adds no route`, range: gateway.range });
        return undefined;
      }
      return { kind: 'gateway', gateway: gateway.address };
    }
    if (gateway.kind === 'interface') {
      if (!this.interfaces.has(gateway.name)) {
        this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `The route goes out \`${gateway.name}\`, which does not exist on this host`, range: gateway.range });
      }
      return { kind: 'interface', interface: gateway.name };
    }
    const owner = [...this.interfaces.values()].find((state) => state.addresses.some((address) => sameAddress(address.address, gateway.address)));
    if (!owner) {
      this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `\`-interface\` names address ${formatIp(gateway.address)}, which no interface has`, range: gateway.range });
      return undefined;
    }
    return { kind: 'interface', interface: owner.name };
  }

  private addWireguardRoutes(config: WgQuickConfig): void {
    for (const words of config.postUp) this.runCommand(words, 'wireguard');
    const table = config.table?.value ?? 'auto';
    if (table === 'off') return;
    const fib = table === 'auto' ? 0 : table;
    if (config.table && typeof table === 'number') this.useTable(table, 'route-fib', config.table.range);
    for (const peer of config.peers) {
      for (const allowed of peer.allowedIps) {
        const prefix = prefixOf(allowed.address, allowed.length);
        // wg-quick splits a default route into two halves so it wins over the existing default without replacing it.
        const prefixes =
          table === 'auto' && prefix.length === 0 ? [0n, 1n << BigInt(ADDRESS_BITS[prefix.family] - 1)].map((network) => ({ family: prefix.family, network, length: 1 })) : [prefix];
        for (const each of prefixes) this.addRoute(fib, each, { kind: 'interface', interface: config.interfaceName }, 'wireguard', allowed.range, undefined, true);
      }
    }
  }

  // ---- jails ------------------------------------------------------------

  private prepareJail(jail: ResolvedJail, interfaceReferences: readonly JailInterfaceReference[]): void {
    this.runJailCommands(jail, 'ifconfig');
    for (const reference of interfaceReferences) {
      if (reference.parameter !== 'vnet.interface') continue;
      const state = this.interfaces.get(reference.name);
      if (!state) {
        this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `Jail ${jail.name} takes \`${reference.name}\`, which does not exist on the host`, range: reference.range });
        continue;
      }
      state.jail = jail.name;
    }
    const fib = jail.parameters.get('exec.fib');
    const fibValue = fib?.values[0];
    if (fibValue) {
      if (/^\d+$/.test(fibValue.value.text)) this.useTable(Number(fibValue.value.text), 'jail-exec-fib', fibValue.range);
      else this.findings.push({ ruleId: 'invalid-value', severity: 'error', message: '`exec.fib` needs a FIB number', range: fibValue.range });
    }
    if (!jailFlag(jail, 'vnet')) this.addJailAddresses(jail);
  }

  /** ip4.addr / ip6.addr of a non-vnet jail: `IF|A/len` adds an alias on the host interface. */
  private addJailAddresses(jail: ResolvedJail): void {
    const defaultInterface = jail.parameters.get('interface')?.values[0]?.value.text;
    for (const parameterName of JAIL_ADDRESS_PARAMETERS) {
      for (const value of jail.parameters.get(parameterName)?.values ?? []) {
        const text = value.value.text.trim();
        const item = jailAddressItem(value.value);
        const interfaceName = item.interface?.text ?? defaultInterface;
        const [addressText, lengthText] = item.address.split(/\s+/)[0]!.split('/');
        const address = parseIp(addressText ?? '');
        if (!address) {
          this.findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${text}\` is not an address`, range: value.range });
          continue;
        }
        if (!interfaceName) continue;
        const state = this.interfaces.get(interfaceName);
        if (!state) {
          this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `Jail ${jail.name} adds an address on \`${interfaceName}\`, which does not exist`, range: value.range });
          continue;
        }
        const length = lengthText === undefined ? ADDRESS_BITS[address.family] : Number(lengthText);
        state.addresses.push({ address, prefix: prefixOf(address, length), source: value.range });
      }
    }
  }

  /**
   * Runs the host-side exec hooks (prestart, created, poststart) in order.
   * `phase` picks what to apply: interface changes before the routing pass,
   * routes after it.
   */
  private runJailCommands(jail: ResolvedJail, phase: 'ifconfig' | 'route'): void {
    for (const command of jailHookCommands(jail)) {
      const isRoute = /^(?:\/sbin\/)?route$/.test(command[0]?.text ?? '');
      if ((phase === 'route') === isRoute) this.runCommand(command, 'jail');
    }
  }

  /** Applies an `ifconfig ...` or `route add ...` command line (jail hooks, wg-quick PostUp); other commands are ignored. */
  private runCommand(words: readonly ArgWord[], origin: RouteOrigin): void {
    const route = parseRouteCommand(words);
    if (route) {
      this.findings.push(...route.findings);
      if (route.route) this.installRoute(route.route, origin);
      return;
    }
    if (!isIfconfig(words) || words.length < 2) return;
    const name = words[1]!.text;
    const rest = words.slice(2);
    if (ifconfigCreates(words)) {
      this.clone(name, words[1]!.range);
      return;
    }
    if (rest[0]?.text === 'destroy') return;
    const state = this.interfaces.get(name);
    if (!state) {
      this.findings.push({ ruleId: 'unknown-interface', severity: 'warning', message: `\`ifconfig ${name}\`: no interface ${name} exists at this point`, range: words[1]!.range });
      return;
    }
    this.applyIfconfig(state, parseIfconfigArguments(rest));
  }

  private jailModel(jail: ResolvedJail, interfaceReferences: readonly JailInterfaceReference[]): Jail {
    const vnet = jailFlag(jail, 'vnet');
    const interfaces = [...this.interfaces.values()].filter((state) => state.jail === jail.name).map((state) => state.name);
    const fibValue = jail.parameters.get('exec.fib')?.values[0];
    const path = jail.parameters.get('path')?.values[0]?.value.text;
    const addresses = vnet
      ? []
      : [...this.interfaces.values()].flatMap((state) => state.addresses.filter((address) => address.source.file === jail.conf.file && isJailAddress(address.source, jail)));
    const host = path !== undefined ? this.jailHost(jail, path, interfaces) : undefined;
    return {
      name: jail.name,
      vnet,
      ...(fibValue && /^\d+$/.test(fibValue.value.text) ? { fib: { value: Number(fibValue.value.text), source: fibValue.range } } : {}),
      interfaces,
      interfaceReferences,
      addresses,
      ...(path !== undefined ? { path } : {}),
      source: jail.block.range,
      ...(host ? { host } : {}),
    };
  }

  /** The jail's own model, when its root is inside the host directory and has an rc.conf. */
  private jailHost(jail: ResolvedJail, path: string, interfaces: readonly string[]): HostModel | undefined {
    const depth = this.options.depth ?? 0;
    if (this.files.root === undefined || depth >= 2 || path.includes('`')) return undefined;
    const root = posixPath.join(this.files.root, path);
    const files = discoverHost(this.fs, root);
    if (files.rcConf.length === 0) return undefined;
    const inherited = new Map<string, NetInterface>();
    for (const name of interfaces) {
      const state = this.interfaces.get(name)!;
      const { jail: _owner, ...rest } = this.freeze({ ...state, addresses: [], bridgeMembers: [] });
      inherited.set(name, rest);
    }
    const model = buildFreeBsdHost(this.fs, { ...files, name: jail.name }, { inheritedInterfaces: inherited, tableCount: this.tableCount, depth: depth + 1 });
    this.readFiles.push(...model.files);
    this.findings.push(...model.findings);
    return model;
  }

  /** An rc.conf YES/NO variable as a setting (NO, without a source, when unset). */
  private rcSetting(variable: string): Setting<boolean> {
    const range = this.rc.range(variable);
    return { value: this.rc.isYes(variable), ...(range ? { source: range } : {}) };
  }

  private forwardingSetting(variable: string, sysctl: string, kernel: Setting<boolean> | undefined): Setting<boolean> {
    const range = this.rc.range(variable);
    // rc.d/routing writes the forwarding sysctl from gateway_enable either way, after sysctl.conf was applied.
    const setting = this.rcSetting(variable);
    if (kernel && kernel.value !== setting.value && kernel.source) {
      this.findings.push({
        ruleId: 'forwarding-overridden',
        severity: 'warning',
        message: `${sysctl}=${kernel.value ? 1 : 0} is overwritten at boot: rc.d/routing sets it from \`${variable}\` (${setting.value ? 'YES' : 'NO'})`,
        range: kernel.source,
        ...(range ? { related: [{ range, message: `${variable} decides` }] } : {}),
      });
    }
    return setting;
  }
}

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}

const JAIL_ADDRESS_PARAMETERS = ['ip4.addr', 'ip6.addr'] as const;

/** An `ip4.addr`/`ip6.addr` item `[IF|]address[/length] ...`: the interface part (where written, with its offsets in the value) and the rest. */
function jailAddressItem(value: ShValue): { readonly interface?: { readonly text: string; readonly from: number; readonly to: number }; readonly address: string } {
  const text = value.text;
  const from = text.length - text.trimStart().length;
  const bar = text.indexOf('|');
  if (bar < 0) return { address: text.trim() };
  return { interface: { text: text.slice(from, bar), from, to: bar }, address: text.slice(bar + 1).trimEnd() };
}

/** Where the jail's parameters name host interfaces (the model's `interfaceReferences`). */
function jailInterfaceReferences(jail: ResolvedJail): JailInterfaceReference[] {
  const { file, lines } = jail.conf;
  const references: JailInterfaceReference[] = [];
  for (const value of jail.parameters.get('vnet.interface')?.values ?? []) {
    for (const word of splitWords(value.value, file, lines)) {
      // `vnet.interface = "epair0b, epair1b"`: the list's commas are not part of the names.
      const name = word.text.replace(/,$/, '');
      const range = name === word.text ? word.range : lines.range(file, word.range.start.offset, word.range.end.offset - 1);
      references.push({ name, range, parameter: 'vnet.interface' });
    }
  }
  const named = jail.parameters.get('interface')?.values[0];
  const namedWord = named ? splitWords(named.value, file, lines)[0] : undefined;
  if (namedWord) references.push({ name: namedWord.text, range: namedWord.range, parameter: 'interface' });
  for (const parameter of JAIL_ADDRESS_PARAMETERS) {
    for (const value of jail.parameters.get(parameter)?.values ?? []) {
      const written = jailAddressItem(value.value).interface;
      if (!written?.text) continue;
      const range = lines.range(file, value.value.starts[written.from]!, value.value.ends[written.to - 1]!);
      references.push({ name: written.text, range, parameter });
    }
  }
  return references;
}

/** True when `range` is one of the jail's own ip4.addr/ip6.addr values. */
function isJailAddress(range: SourceRange, jail: ResolvedJail): boolean {
  const parameters = JAIL_ADDRESS_PARAMETERS.flatMap((name) => jail.parameters.get(name)?.values ?? []);
  return parameters.some((value) => value.range.start.offset === range.start.offset);
}

/** Splits a hook's words into commands at `;`, `&&` and `||`. */
function splitCommands(words: readonly ArgWord[]): ArgWord[][] {
  const commands: ArgWord[][] = [[]];
  for (const word of words) {
    if (word.text === ';' || word.text === '&&' || word.text === '||') commands.push([]);
    else if (word.text.endsWith(';')) {
      commands[commands.length - 1]!.push({ ...word, text: word.text.slice(0, -1) });
      commands.push([]);
    } else commands[commands.length - 1]!.push(word);
  }
  return commands.filter((command) => command.length > 0);
}

/** The commands of a jail's host-side hooks, in the order jail(8) runs them. */
function* jailHookCommands(jail: ResolvedJail): Iterable<readonly ArgWord[]> {
  for (const hook of ['exec.prestart', 'exec.created', 'exec.poststart']) {
    for (const value of jail.parameters.get(hook)?.values ?? []) {
      yield* splitCommands(splitWords(value.value, jail.conf.file, jail.conf.lines));
    }
  }
}

/** Interfaces a jail hook creates (`ifconfig NAME create`), as rc variable names: they exist once the jail starts, though not when rc runs. */
function createdByJailHooks(jails: readonly ResolvedJail[]): Set<string> {
  const created = new Set<string>();
  for (const jail of jails) {
    for (const command of jailHookCommands(jail)) {
      const name = ifconfigCreates(command);
      if (name) for (const cloned of clonedNames(name)) created.add(mangleName(cloned));
    }
  }
  return created;
}

function isIfconfig(words: readonly ArgWord[]): boolean {
  return /^(?:\/sbin\/)?ifconfig$/.test(words[0]?.text ?? '');
}

/** The interface an `ifconfig NAME create ...` command creates. */
function ifconfigCreates(words: readonly ArgWord[]): string | undefined {
  return isIfconfig(words) && words[2]?.text === 'create' ? words[1]!.text : undefined;
}

/** The interfaces creating `name` makes: an epair is two, `epairNa` and `epairNb`. */
function clonedNames(name: string): readonly string[] {
  return /^epair\d+$/.test(name) ? [`${name}a`, `${name}b`] : [name];
}
