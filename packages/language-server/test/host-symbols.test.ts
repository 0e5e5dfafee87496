import { describe, expect, it } from 'vitest';
import { memoryFileSystem, type SourceRange } from '@pflint/core';
import { buildHostIndex } from '../src/host-index.js';
import { definitionsOf, hostOccurrences, type Occurrence } from '../src/host-symbols.js';

function range(file: string, offset: number, length: number): SourceRange {
  return { file, start: { line: 1, column: offset + 1, offset }, end: { line: 1, column: offset + length + 1, offset: offset + length } };
}

const RC = '/h/etc/rc.conf';
const LOCAL = '/h/etc/rc.conf.local';
const RC_D = '/h/etc/rc.conf.d/pf';
/** The order rc reads the files in, which core gives each rc.conf occurrence. */
const READING_ORDER = [RC, LOCAL, RC_D];

function assignment(file: string, name: string, offset: number): Occurrence {
  const at = range(file, offset, name.length);
  return { symbol: { kind: 'variable', name }, range: at, role: 'definition', inForceFrom: offset + name.length + 4, readingOrder: READING_ORDER };
}

function reference(file: string, name: string, offset: number): Occurrence {
  return { symbol: { kind: 'variable', name }, range: range(file, offset, name.length + 1), role: 'use', readingOrder: READING_ORDER };
}

describe('definitionsOf for rc.conf variables', () => {
  it('takes the last assignment read before the use: earlier in its file, else in a file rc reads before it', () => {
    const occurrences = [
      assignment(RC, 'prefix', 0),
      assignment(RC, 'prefix', 40),
      assignment(LOCAL, 'other', 0),
      reference(LOCAL, 'prefix', 20),
      assignment(LOCAL, 'prefix', 60),
      reference(LOCAL, 'prefix', 90),
      reference(RC_D, 'prefix', 10),
    ];
    expect(definitionsOf(occurrences, occurrences[3]!, undefined)).toEqual([occurrences[1]!.range]);
    expect(definitionsOf(occurrences, occurrences[5]!, undefined)).toEqual([occurrences[4]!.range]);
    expect(definitionsOf(occurrences, occurrences[6]!, undefined)).toEqual([occurrences[4]!.range]);
  });

  it('finds nothing where the only assignments are read after the use (the variable is unset there)', () => {
    const occurrences = [reference(RC, 'late', 5), assignment(RC, 'late', 50), assignment(LOCAL, 'late', 0)];
    expect(definitionsOf(occurrences, occurrences[0]!, undefined)).toEqual([]);
  });

  it('follows the order rc reads the files in, not the order the occurrences are listed in', () => {
    const occurrences = [reference(RC_D, 'prefix', 10), assignment(LOCAL, 'prefix', 0), assignment(LOCAL, 'prefix', 30), assignment(RC, 'prefix', 0)];
    expect(definitionsOf(occurrences, occurrences[0]!, undefined)).toEqual([occurrences[2]!.range]);
  });

  it("leaves a jail's rc.conf to its own run of rc: the host's assignments are not in force there", () => {
    const hostFiles = { '/h/etc/rc.conf': 'jail_net="10.0.3.0/24"\nbase="em0"\n', '/h/etc/rc.conf.local': 'uplink="$base"\n', '/h/etc/jail.conf': 'www { path = "/jails/www"; }\n' };
    const jailFiles = { '/h/jails/www/etc/rc.conf': 'ifconfig_lo1="inet $jail_net"\nbase="lo1"\n', '/h/jails/www/etc/rc.conf.local': 'uplink="$base"\n' };
    const fs = memoryFileSystem({ ...hostFiles, ...jailFiles });
    const index = buildHostIndex(fs, { kind: 'directory', root: '/h' }, []);
    const definitionOf = (file: string, name: string): string[] => {
      const occurrences = hostOccurrences(index, file, fs.readFile(file)!, 'rcconf');
      const use = occurrences.find((occurrence) => occurrence.range.file === file && occurrence.role === 'use' && occurrence.symbol.name === name)!;
      return definitionsOf(occurrences, use, undefined).map((found) => `${found.file}:${found.start.line}`);
    };
    expect(definitionOf('/h/jails/www/etc/rc.conf', 'jail_net')).toEqual([]);
    expect(definitionOf('/h/jails/www/etc/rc.conf.local', 'base')).toEqual(['/h/jails/www/etc/rc.conf:2']);
    expect(definitionOf('/h/etc/rc.conf.local', 'base')).toEqual(['/h/etc/rc.conf:2']);
  });
});
