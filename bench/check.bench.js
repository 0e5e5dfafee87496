// `pflint check` end to end on generated FreeBSD hosts (rc.conf, loader.conf
// and a pf.conf of 1k / 10k / 50k rules with macros, tables, lists and several
// interfaces) written to a temporary directory, through the core API
// in-process. Prints the whole check per size and how its CPU time splits
// inside that one check (host build, rules, the rest: configuration,
// suppressions, sorting), then the host build again (with the pf.conf parse
// and expansion alone) and each rule on its own over the same analysis, so it
// shows which part grows and how fast. Parts timed on their own run with a
// different heap than inside the check, so they need not add up to it.
// Last, the `pflint` command itself on each host, a fresh process per run as a
// user or CI runs it: start-up and code that runs before V8 has optimised it
// count there, which the in-process check (after a warm-up) does not see.
// Beside it, the pf.conf parse alone in a fresh process (parse-once.mjs): the
// part of the command's time that no analysis can win back.
// Numbers are printed, not asserted: the machine is shared.
// Runs against the compiled packages: `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as core from '../packages/core/dist/index.js';
import { nodeFileSystem } from '../packages/cli/dist/node-fs.js';

const SIZES = [1_000, 10_000, 50_000];
const CLI_RUNS = 3;
const CLI = fileURLToPath(new URL('../packages/cli/bin/pflint.js', import.meta.url));
const CPU_AT_EXIT = new URL('./cpu-at-exit.mjs', import.meta.url).href;
const PARSE_ONCE = fileURLToPath(new URL('./parse-once.mjs', import.meta.url));

const RC_CONF = `hostname="bench.example.net"
ifconfig_vtnet0="inet 192.0.2.10/24 -lro -tso"
ifconfig_vtnet0_ipv6="inet6 2001:db8:1::10/64"
ifconfig_vtnet1="inet 10.1.0.1/16 -lro -tso"
ifconfig_vtnet2="inet 10.2.0.1/16 -lro -tso"
defaultrouter="192.0.2.1"
ipv6_defaultrouter="2001:db8:1::1"
cloned_interfaces="bridge0 gif0"
ifconfig_bridge0="inet 10.3.0.1/24 addm vtnet2 up"
ifconfig_gif0="inet 10.255.0.2 10.255.0.1 netmask 255.255.255.255 tunnel 192.0.2.10 198.51.100.7 tunnelfib 0 fib 1"
static_routes="fib1default"
route_fib1default="default 10.255.0.1 -fib 1"
gateway_enable="YES"
ipv6_gateway_enable="YES"
pf_enable="YES"
pflog_enable="YES"
sshd_enable="YES"
`;

const LOADER_CONF = `net.fibs="2"
kern.ipc.nmbclusters="262144"
`;

/** A ruleset that looks like a big site's: services per address, admin tables, lists of ports and interfaces. */
function pfConf(size) {
  const lines = [
    'ext_if = "vtnet0"',
    'lan_ifs = "{ vtnet1, vtnet2 }"',
    'web_ports = "{ 80, 443 }"',
    'mail_ports = "{ 25, 465, 587, 993 }"',
    'lan_nets = "{ 10.1.0.0/16, 10.2.0.0/16 }"',
    'table <admins> const { 198.51.100.10, 198.51.100.11, 2001:db8:9::/48 }',
    'table <blocked> persist file "/etc/pf.blocked"',
    'table <partners> { 203.0.113.0/24, !203.0.113.128/25 }',
    'set skip on lo0',
    'set block-policy return',
    'scrub in all max-mss 1400',
    'nat on $ext_if inet from $lan_nets to any -> ($ext_if)',
    'block in log all',
    'pass out on $ext_if keep state',
    'block in quick from <blocked>',
    'pass in quick on $ext_if inet proto ipencap from 198.51.100.7 to 192.0.2.10',
    'pass in on $ext_if proto tcp from <admins> to any port ssh',
  ];
  for (let index = 0; lines.length < size; index++) {
    const a = (index >> 8) & 0xff;
    const b = index & 0xff;
    switch (index % 6) {
      case 0:
        lines.push(`pass in on $ext_if inet proto tcp from any to 192.0.${a}.${b} port $web_ports`);
        break;
      case 1:
        lines.push(`pass in on $ext_if inet proto tcp from <partners> to 198.18.${a}.${b} port $mail_ports keep state`);
        break;
      case 2:
        lines.push(`pass in on $lan_ifs inet proto { tcp, udp } from $lan_nets to 10.${a}.${b}.0/24 port ${1024 + (index % 5000)}:${2048 + (index % 5000)}`);
        break;
      case 3:
        lines.push(`block in quick on $ext_if inet6 from 2001:db8:${a.toString(16)}:${b.toString(16)}::/64 to any`);
        break;
      case 4:
        lines.push(`pass in on $ext_if inet6 proto udp from any to 2001:db8:1::${index.toString(16)} port { 53, 123 }`);
        break;
      default:
        lines.push(`pass out on $ext_if inet proto tcp from ($ext_if) to 172.${16 + (a % 16)}.${b}.0/24 port ${1 + (index % 1000)} modulate state`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function writeHost(root, size) {
  const host = path.join(root, `host-${size}`);
  mkdirSync(path.join(host, 'etc'), { recursive: true });
  mkdirSync(path.join(host, 'boot'), { recursive: true });
  writeFileSync(path.join(host, 'etc', 'rc.conf'), RC_CONF);
  writeFileSync(path.join(host, 'boot', 'loader.conf'), LOADER_CONF);
  writeFileSync(path.join(host, 'etc', 'pf.conf'), pfConf(size));
  writeFileSync(path.join(host, 'etc', 'pf.blocked'), '192.0.2.66\n');
  return host;
}

/** Wall time and this process's CPU time: on a loaded machine the CPU time is the work done. */
function timed(work) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, result };
}

/**
 * One checkPaths whose builders and rules are timed from inside: the builder
 * and each rule's findings (drained, as the engine does) count to their part,
 * everything else the check does to the rest.
 */
function splitCheck(host) {
  let buildCpu = 0;
  let rulesCpu = 0;
  const timedPart = (work, add) => {
    const part = timed(work);
    add(part.cpuMs);
    return part.result;
  };
  const builders = {
    ...core.defaultHostBuilders,
    freebsdHost: (...args) => timedPart(() => core.defaultHostBuilders.freebsdHost(...args), (cpu) => (buildCpu += cpu)),
  };
  const rules = core.RULES.map((rule) =>
    rule.check ? { ...rule, check: (analysis) => timedPart(() => [...rule.check(analysis)], (cpu) => (rulesCpu += cpu)) } : rule,
  );
  const check = timed(() => core.checkPaths(nodeFileSystem, { paths: [host], builders, rules }));
  return { cpuMs: check.cpuMs, buildCpu, rulesCpu, restCpu: check.cpuMs - buildCpu - rulesCpu };
}

/** One `pflint` run on `host` in a fresh process: wall time and the CPU time of all its threads. */
function pflintProcess(host) {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, CLI, host], { encoding: 'utf8' });
  const wall = performance.now() - start;
  const cpu = /cpu-ms ([\d.]+)/.exec(run.stderr);
  if (!cpu) throw new Error(`pflint ${host} printed no CPU time (exit ${run.status}): ${run.stderr}`);
  return { ms: wall, cpuMs: Number(cpu[1]) };
}

/** The first parse of `host`'s pf.conf in a fresh process: its wall and CPU time, start-up not counted. */
function coldParse(host) {
  const run = spawnSync(process.execPath, [PARSE_ONCE, path.join(host, 'etc', 'pf.conf')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`parse-once.mjs failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const SHARED_REFERENCES = '(pf references, shared)';

const ms = (value) => `${value.toFixed(1).padStart(9)} ms`;
const both = (run) => `${ms(run.ms)} (cpu ${ms(run.cpuMs)})`;

const root = mkdtempSync(path.join(tmpdir(), 'pflint-check-bench-'));
try {
  const buildOptions = { dialect: 'freebsd', layout: {}, includePaths: [] };
  const warmUp = writeHost(root, 1_000);
  core.checkPaths(nodeFileSystem, { paths: [warmUp], builders: core.defaultHostBuilders });

  const perRule = new Map();
  for (const size of SIZES) {
    const host = writeHost(root, size);
    const check = timed(() => core.checkPaths(nodeFileSystem, { paths: [host], builders: core.defaultHostBuilders }));
    const split = splitCheck(host);
    const build = timed(() => core.defaultHostBuilders.freebsdHost(nodeFileSystem, host, buildOptions));
    const expanded = build.result.analysis.pf?.ruleset?.rules.filter.length;
    // The two pf.conf steps of the host build on their own: parse, then expansion of that tree.
    const pfFile = path.join(host, 'etc', 'pf.conf');
    const parseOptions = { file: pfFile, fs: nodeFileSystem, dialect: 'freebsd', baseDir: host, root: host, includePaths: [] };
    const parse = timed(() => core.parsePfConf(nodeFileSystem.readFile(pfFile), parseOptions));
    const expansion = timed(() => core.expandPfConf(parse.result.tree, { dialect: 'freebsd' }));
    // The pf references are collected once per analysis by the first rule that asks: timed on their own first, so
    // that rule's row shows its own work.
    const references = timed(() => core.pfReferences(build.result.analysis));
    if (!perRule.has(SHARED_REFERENCES)) perRule.set(SHARED_REFERENCES, new Map());
    perRule.get(SHARED_REFERENCES).set(size, references.cpuMs);
    let rulesTotal = references.ms;
    let rulesCpu = references.cpuMs;
    for (const rule of core.RULES) {
      if (!rule.check) continue;
      const run = timed(() => [...rule.check(build.result.analysis)].length);
      rulesTotal += run.ms;
      rulesCpu += run.cpuMs;
      if (!perRule.has(rule.meta.id)) perRule.set(rule.meta.id, new Map());
      perRule.get(rule.meta.id).set(size, run.cpuMs);
    }
    const counts = {};
    for (const finding of check.result.findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
    console.log(
      `  ${String(size).padStart(6)} pf.conf lines (${expanded} expanded filter rules): check ${both(check)}` +
        `   host build ${both(build)} (parse ${both(parse)}, expansion ${both(expansion)})` +
        `   all rules ${both({ ms: rulesTotal, cpuMs: rulesCpu })}   findings ${JSON.stringify(counts)}`,
    );
    console.log(
      `  ${' '.repeat(6)} a second check split from inside: cpu ${ms(split.cpuMs)} = host build ${ms(split.buildCpu)}` +
        ` + rules ${ms(split.rulesCpu)} + the rest ${ms(split.restCpu)}`,
    );
  }
  console.log(`\n  the pflint command, a fresh process per run, and its pf.conf parse alone in one (best of ${CLI_RUNS}):`);
  const bestOfRuns = (run) => {
    const runs = Array.from({ length: CLI_RUNS }, run);
    return { ms: Math.min(...runs.map((one) => one.ms)), cpuMs: Math.min(...runs.map((one) => one.cpuMs)) };
  };
  for (const size of SIZES) {
    const host = path.join(root, `host-${size}`);
    const command = bestOfRuns(() => pflintProcess(host));
    const parse = bestOfRuns(() => coldParse(host));
    console.log(`  ${String(size).padStart(6)} pf.conf lines: ${both(command)}   the parse alone ${both(parse)}`);
  }
  console.log('\n  CPU time per rule, on the same analysis:');
  console.log(`  ${'rule'.padEnd(26)}${SIZES.map((size) => String(size).padStart(12)).join('')}`);
  const sorted = [...perRule].sort((a, b) => b[1].get(SIZES.at(-1)) - a[1].get(SIZES.at(-1)));
  for (const [id, times] of sorted) {
    console.log(`  ${id.padEnd(26)}${SIZES.map((size) => ms(times.get(size)).padStart(12)).join('')}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
