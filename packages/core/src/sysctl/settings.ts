import type { Finding } from '../findings.js';
import type { Setting } from '../model/host.js';
import type { KeyValueFile } from './keyvalue.js';

/** The kernel settings from loader.conf and sysctl.conf that decide routing. */
export interface KernelSettings {
  /** `net.fibs`: number of routing tables. */
  readonly fibs?: Setting<number>;
  readonly addAddrAllFibs?: Setting<boolean>;
  readonly ipForwarding?: Setting<boolean>;
  readonly ip6Forwarding?: Setting<boolean>;
  readonly findings: readonly Finding[];
}

const NUMERIC = new Set(['net.fibs', 'net.add_addr_allfibs', 'net.inet.ip.forwarding', 'net.inet6.ip6.forwarding']);

/** Reads the routing-relevant settings; later files (sysctl.conf after loader.conf) override earlier ones. */
export function readKernelSettings(files: readonly KeyValueFile[]): KernelSettings {
  const findings: Finding[] = [];
  const values = new Map<string, Setting<number>>();
  for (const file of files) {
    for (const entry of file.entries) {
      if (!NUMERIC.has(entry.key)) continue;
      const text = entry.value.trim();
      if (!/^\d{1,5}$/.test(text)) {
        findings.push({ ruleId: 'invalid-value', severity: 'error', message: `\`${entry.key}\` needs a number, got \`${text}\``, range: entry.valueRange });
        continue;
      }
      const value = Number(text);
      if (entry.key === 'net.fibs' && (value < 1 || value > 65536)) {
        findings.push({ ruleId: 'invalid-value', severity: 'error', message: '`net.fibs` must be between 1 and 65536', range: entry.valueRange });
        continue;
      }
      values.set(entry.key, { value, source: entry.range });
    }
  }
  const flag = (key: string): Setting<boolean> | undefined => {
    const setting = values.get(key);
    return setting && { value: setting.value !== 0, ...(setting.source ? { source: setting.source } : {}) };
  };
  const fibs = values.get('net.fibs');
  const addAddrAllFibs = flag('net.add_addr_allfibs');
  const ipForwarding = flag('net.inet.ip.forwarding');
  const ip6Forwarding = flag('net.inet6.ip6.forwarding');
  return {
    ...(fibs ? { fibs } : {}),
    ...(addAddrAllFibs ? { addAddrAllFibs } : {}),
    ...(ipForwarding ? { ipForwarding } : {}),
    ...(ip6Forwarding ? { ip6Forwarding } : {}),
    findings,
  };
}
