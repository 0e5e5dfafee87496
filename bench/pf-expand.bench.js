// pf.conf parse + expansion throughput on a generated 10,000-rule file with
// macros, tables and lists (each list rule expands to several loaded rules).
// Prints MB/s for the parse alone and for parse + expansion + printing, one
// warm-up run first, best of the runs in wall time and in this process's CPU
// time (the machine is shared: CPU time is the work done). Runs against the compiled core: `npm run build` first.
import { Buffer } from 'node:buffer';
import * as core from '../packages/core/dist/index.js';
import { throughput } from './timing.js';

const RULES = 10_000;
const RUNS = 5;

function generate() {
  const lines = [
    'ext_if = "vtnet0"',
    'int_if = "{ em0, em1 }"',
    'web = "{ 80, 443 }"',
    'nets = "{ 10.0.0.0/8, 172.16.0.0/12 }"',
    'table <blocked> persist { 192.0.2.0/24, 2001:db8::/32 }',
    'table <admins> const { 198.51.100.10, 198.51.100.11 }',
    'set block-policy return',
    'set skip on lo0',
  ];
  for (let index = 0; lines.length < RULES; index++) {
    const octet = index % 250;
    switch (index % 5) {
      case 0:
        lines.push(`pass in on $ext_if proto tcp from any to 203.0.113.${octet} port $web`);
        break;
      case 1:
        lines.push(`block in quick on $ext_if from <blocked> to any label "blocked-${index}"`);
        break;
      case 2:
        lines.push(`pass out on $int_if inet proto { tcp, udp } from $nets to 192.0.2.${octet} port { 53, 123 } keep state`);
        break;
      case 3:
        lines.push(`pass in on $ext_if proto tcp from <admins> to ($ext_if) port ssh flags S/SA modulate state (max-src-conn 10, max-src-conn-rate 5/30, overload <blocked> flush global)`);
        break;
      default:
        lines.push(`match out on $ext_if inet from 10.${octet}.0.0/16 to any nat-to ($ext_if)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const text = generate();
const megabytes = Buffer.byteLength(text) / 1e6;
const options = { file: 'bench.pf.conf', dialect: 'freebsd' };

const measure = (label, work) => throughput(label, 28, megabytes, RUNS, work).result;

console.log(`input: ${RULES} lines, ${megabytes.toFixed(2)} MB`);
measure('parse', () => core.parsePfConf(text, options));
const loaded = measure('parse + expand', () => core.loadPfConf(text, options));
measure('parse + expand + print', () => core.printLoadedConfig(core.loadPfConf(text, options).config));
const rules = loaded.config.rules;
const loadedRules = rules.filter.length + rules.nat.length + rules.rdr.length + rules.binat.length;
console.log(`loaded rules: ${loadedRules}; findings: ${loaded.findings.length}`);
