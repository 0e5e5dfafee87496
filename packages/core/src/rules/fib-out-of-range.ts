import type { HostAnalysis } from '../analysis.js';
import type { Fix } from '../findings.js';
import type { TableUse } from '../model/host.js';
import type { Rule, RuleReport } from './rule.js';

const HOW_USED: Readonly<Record<TableUse['how'], string>> = {
  rtable: '`rtable`',
  'interface-fib': 'the interface `fib`',
  tunnelfib: '`tunnelfib`',
  'route-fib': 'the route `-fib`',
  'jail-exec-fib': 'the jail `exec.fib`',
  'firebrick-table': '`table`',
  'set-table': '`set-table`',
};

export const fibOutOfRange: Rule = {
  meta: {
    id: 'fib-out-of-range',
    category: 'routing',
    severity: 'error',
    summary: 'A FIB number at or above net.fibs, so the table does not exist',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Reports every use of a routing table (FIB) number that the kernel does not have: `rtable N` in pf.conf, ' +
        '`fib N` and `tunnelfib N` in `ifconfig_*`, `-fib N` in a route, `exec.fib` in jail.conf, when N is at or ' +
        'above `net.fibs`. FIBs are numbered from 0, and `net.fibs` defaults to 1, so without it only FIB 0 exists.\n\n' +
        'When pflint checks loose files rather than a whole host and has not seen `net.fibs`, it stays silent: ' +
        'the setting may live in a loader.conf it was not given.',
      whyItMatters:
        'Nothing that names a missing FIB works. pfctl refuses the whole ruleset over one `rtable` it cannot use, ' +
        'so pf keeps the old rules (or none at boot); `ifconfig ... fib N` and `route add ... -fib N` fail with ' +
        '"Invalid argument" while the rest of rc.conf carries on; a jail with a bad `exec.fib` does not start. ' +
        'The usual cause is adding a second routing table to rc.conf and forgetting `net.fibs` in loader.conf.',
      example: {
        language: 'rcconf',
        bad: '# /boot/loader.conf has no net.fibs line, so only FIB 0 exists\ncloned_interfaces="gif0"\nifconfig_gif0="inet 10.0.0.1 10.0.0.2 netmask 0xffffffff fib 1"',
        good: '# /boot/loader.conf\nnet.fibs="2"\n\n# /etc/rc.conf\ncloned_interfaces="gif0"\nifconfig_gif0="inet 10.0.0.1 10.0.0.2 netmask 0xffffffff fib 1"',
      },
      fix:
        'Raise `net.fibs` in /boot/loader.conf to one more than the highest FIB you use (a reboot is needed; ' +
        'recent releases can also raise it at run time from sysctl.conf), or use a FIB that exists. ' +
        'The automatic fix, unsafe because each FIB costs kernel memory and the new table starts empty, ' +
        'raises the existing `net.fibs` value, or appends one to loader.conf when pflint read that file.',
    },
  },
  *check(analysis: HostAnalysis): Iterable<RuleReport> {
    const { host } = analysis;
    if (host.kind !== 'freebsd') return;
    // With loose files an unseen net.fibs proves nothing: the default may not be the host's value.
    if (!host.tableCountSource && !analysis.complete) return;
    const outOfRange = host.tableUses.filter((use) => use.table >= host.tableCount);
    if (outOfRange.length === 0) return;
    const needed = Math.max(...outOfRange.map((use) => use.table)) + 1;
    const fix = raiseFibCountFix(analysis, needed);
    const where = host.tableCountSource ? 'net.fibs is' : 'net.fibs is not set, so it is';
    const existing = host.tableCount === 1 ? 'only FIB 0 exists' : `FIBs 0-${host.tableCount - 1} exist`;
    for (const use of outOfRange) {
      yield {
        range: use.source,
        message: `FIB ${use.table} (${HOW_USED[use.how]}) does not exist: ${where} ${host.tableCount}, so ${existing}`,
        ...(host.tableCountSource ? { related: [{ range: host.tableCountSource, message: 'net.fibs is set here' }] } : {}),
        ...(fix ? { fixes: [fix] } : {}),
      };
    }
  },
};

/** Rewrites the number in the net.fibs line, or appends one to a loader.conf that was read. */
function raiseFibCountFix(analysis: HostAnalysis, needed: number): Fix | undefined {
  const description = `Set net.fibs to ${needed}`;
  const setting = analysis.host.tableCountSource;
  if (setting) {
    const file = analysis.sources.get(setting.file);
    if (!file) return undefined;
    const text = file.text.slice(setting.start.offset, setting.end.offset);
    const digits = String(analysis.host.tableCount);
    const at = text.lastIndexOf(digits);
    if (at < 0) return undefined;
    const start = setting.start.offset + at;
    return {
      description,
      safety: 'unsafe',
      edits: [{ range: file.lines.range(file.path, start, start + digits.length), newText: String(needed) }],
    };
  }
  const loaderConf = [...analysis.sources.values()].find(
    (file) => file.path === 'boot/loader.conf' || file.path.endsWith('/boot/loader.conf'),
  );
  if (!loaderConf) return undefined;
  const end = loaderConf.text.length;
  const separator = end === 0 || loaderConf.text.endsWith('\n') ? '' : '\n';
  return {
    description,
    safety: 'unsafe',
    edits: [{ range: loaderConf.lines.range(loaderConf.path, end, end), newText: `${separator}net.fibs="${needed}"\n` }],
  };
}
