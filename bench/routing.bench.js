// Routing engine throughput on a synthetic host: 5,000 routes over two FIBs and
// both families, then 10,000 lookups and 10,000 full resolutions. Numbers are
// printed, not asserted: the machine is shared and timings vary.
// Runs against the compiled core (packages/core/dist): `npm run build` first.
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import * as core from '../packages/core/dist/index.js';

const { RoutingTables, parsePrefix, parseIp } = core;

const ROUTES = 5_000;
const LOOKUPS = 10_000;

/** A small deterministic generator, so every run measures the same tables and destinations. */
function random32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const next = random32(20260323);
const source = (line) => ({ file: 'bench/rc.conf', start: { line, column: 1, offset: 0 }, end: { line, column: 2, offset: 1 } });

function route(table, prefixText, target, line) {
  return { table, prefix: parsePrefix(prefixText), target, localpref: 0, origin: 'static', source: source(line) };
}

function syntheticRoutes() {
  const routes = [
    route(0, '152.53.144.0/22', { kind: 'interface', interface: 'vtnet0' }, 1),
    route(0, '0.0.0.0/0', { kind: 'gateway', gateway: parseIp('152.53.144.1') }, 2),
    route(0, '2a0a:4cc0:c1:2f90::/64', { kind: 'interface', interface: 'vtnet0' }, 3),
    route(0, '::/0', { kind: 'gateway', gateway: parseIp('fe80::1%vtnet0') }, 4),
    route(1, '10.255.255.5/32', { kind: 'interface', interface: 'gif0' }, 5),
    route(1, '0.0.0.0/0', { kind: 'gateway', gateway: parseIp('10.255.255.5') }, 6),
    route(1, '::/0', { kind: 'interface', interface: 'gif0' }, 7),
  ];
  const gateways = ['152.53.144.2', '152.53.144.3', '152.53.145.9'];
  for (let line = routes.length + 1; routes.length < ROUTES; line++) {
    const table = next() % 2;
    const origin = source(line);
    if (next() % 2 === 0) {
      const prefix = core.prefixOf({ family: 'inet', value: BigInt(next()) }, 16 + (next() % 17));
      const target = table === 0 ? { kind: 'gateway', gateway: parseIp(gateways[next() % gateways.length]) } : { kind: 'interface', interface: 'gif0' };
      routes.push({ table, prefix, target, localpref: 0, origin: 'static', source: origin });
    } else {
      const network = (0x2000n << 112n) | (BigInt(next()) << 80n) | (BigInt(next() & 0xffff) << 64n);
      const prefix = core.prefixOf({ family: 'inet6', value: network }, 32 + (next() % 33));
      const target = { kind: 'interface', interface: table === 0 ? 'vtnet0' : 'bastille0' };
      routes.push({ table, prefix, target, localpref: 0, origin: 'static', source: origin });
    }
  }
  return routes;
}

function destinations() {
  const list = [];
  for (let i = 0; i < LOOKUPS; i++) {
    if (i % 2 === 0) list.push({ family: 'inet', value: BigInt(next()) });
    else list.push({ family: 'inet6', value: (0x2000n << 112n) | (BigInt(next()) << 80n) | (BigInt(next()) << 32n) | BigInt(next()) });
  }
  return list;
}

/** Wall time, and this process's CPU time: on a loaded machine the CPU time is the work done. */
function time(label, count, body) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  body();
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const rate = count > 1 ? `  ${Math.round(count / (cpuMs / 1000)).toLocaleString('en').padStart(10)} ops/s  ${((cpuMs * 1000) / count).toFixed(2).padStart(7)} µs cpu each` : '';
  console.log(`  ${label.padEnd(38)} ${elapsed.toFixed(1).padStart(8)} ms wall ${cpuMs.toFixed(1).padStart(8)} ms cpu${rate}`);
}

const routes = syntheticRoutes();
const targets = destinations();
const tunnels = new Map([['gif0', { endpoint: parseIp('128.140.64.181'), wrapperTable: 0 }]]);
let tables;
let sink = 0;

console.log(`routing engine: ${routes.length.toLocaleString('en')} routes in 2 tables, ${LOOKUPS.toLocaleString('en')} destinations`);
time('build tables (fromRoutes)', 1, () => {
  tables = RoutingTables.fromRoutes(routes, { tunnels });
});
// One untimed pass so the JIT has seen the code before it is measured.
for (const destination of targets.slice(0, 500)) sink += tables.lookup(0, destination).routes.length;
time('lookup (longest prefix)', LOOKUPS * 2, () => {
  for (const destination of targets) {
    sink += tables.lookup(0, destination).routes.length;
    sink += tables.lookup(1, destination).routes.length;
  }
});
time('resolve (full chain, tunnels)', LOOKUPS * 2, () => {
  for (const destination of targets) {
    sink += tables.resolve(0, destination).steps.length;
    sink += tables.resolve(1, destination).steps.length;
  }
});

// The rc.conf host builder, when this build has one: the same routes written as
// rc.conf static routes, at three sizes so the growth shows (CPU time: the
// machine is shared).
const buildHost = core.buildFreeBsdHostFromDirectory;
if (typeof buildHost === 'function' && typeof core.memoryFileSystem === 'function') {
  for (const count of [ROUTES / 2, ROUTES, ROUTES * 2]) {
    const names = [];
    const lines = ['ifconfig_vtnet0="inet 152.53.147.5/22"', 'defaultrouter="152.53.144.1"'];
    for (let i = 0; i < count; i++) {
      names.push(`r${i}`);
      lines.push(`route_r${i}="-net 10.${(i >> 8) & 255}.${i & 255}.0/24 152.53.144.${2 + (i % 200)}"`);
    }
    lines.push(`static_routes="${names.join(' ')}"`);
    const fs = core.memoryFileSystem({ '/bench-host/etc/rc.conf': `${lines.join('\n')}\n`, '/bench-host/boot/loader.conf': 'net.fibs="2"\n' });
    if (count === ROUTES / 2) sink += buildHost(fs, '/bench-host').routes.length; // warm-up
    time(`model build (rc.conf, ${count.toLocaleString('en')} routes)`, 1, () => {
      sink += buildHost(fs, '/bench-host').routes.length;
    });
  }
} else {
  console.log('  model build: skipped, this build has no rc.conf host builder (buildFreeBsdHostFromDirectory) yet');
}
if (sink < 0) console.log(sink);
