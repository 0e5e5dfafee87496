/**
 * The pf.conf formatter grows linearly: four times the rules (or four times
 * the entries of one long table line) must not take anything like sixteen
 * times the CPU time. Ratios of CPU time, best of three, so a busy shared
 * machine does not decide the result; absolute numbers are bench/fmt.bench.js's job.
 */
import { describe, expect, it } from 'vitest';
import { formatPf } from '../../src/format/pf.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';

const OPTIONS = { ...DEFAULT_FORMAT_OPTIONS, dialect: 'freebsd' as const };

function rules(count: number): string {
  const lines = ['ext = "em0"', 'table <bad> persist'];
  for (let index = 0; index < count; index++) {
    const octet = index % 250;
    lines.push(
      `pass  in on $ext proto tcp from { 10.${octet}.0.0/16   192.0.2.${octet} } to <bad> port { 22 80 } keep state (max 10) label "r${index}"   # ${index}`,
    );
  }
  return lines.join('\n') + '\n';
}

function table(entries: number): string {
  const addresses = Array.from({ length: entries }, (_, index) => `10.${(index >> 8) & 255}.${index & 255}.0/24`);
  return `table <big> const { ${addresses.join(' ')} }\n`;
}

function cpuMilliseconds(text: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = process.cpuUsage();
    const result = formatPf('pf.conf', text, OPTIONS);
    const used = process.cpuUsage(started);
    expect(result.ok).toBe(true);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('pf formatter speed', () => {
  it('grows linearly with the number of rules', () => {
    cpuMilliseconds(rules(500));
    const small = cpuMilliseconds(rules(500));
    const large = cpuMilliseconds(rules(2000));
    expect(large / small).toBeLessThan(9);
  }, 120_000);

  it('grows linearly with the length of one statement', () => {
    const small = cpuMilliseconds(table(2000));
    const large = cpuMilliseconds(table(8000));
    expect(large / small).toBeLessThan(9);
  }, 120_000);
});
