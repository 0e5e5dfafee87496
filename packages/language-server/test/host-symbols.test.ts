import { describe, expect, it } from 'vitest';
import type { SourceRange } from '@pflint/core';
import { definitionsOf, type Occurrence } from '../src/host-symbols.js';

function range(file: string, offset: number, length: number): SourceRange {
  return { file, start: { line: 1, column: offset + 1, offset }, end: { line: 1, column: offset + length + 1, offset: offset + length } };
}

function assignment(file: string, name: string, offset: number): Occurrence {
  const at = range(file, offset, name.length);
  return { symbol: { kind: 'variable', name }, range: at, role: 'definition', inForceFrom: offset + name.length + 4 };
}

function reference(file: string, name: string, offset: number): Occurrence {
  return { symbol: { kind: 'variable', name }, range: range(file, offset, name.length + 1), role: 'use' };
}

// Occurrences come file by file in the order rc reads the files, as hostOccurrences lists them.
const RC = '/h/etc/rc.conf';
const LOCAL = '/h/etc/rc.conf.local';
const RC_D = '/h/etc/rc.conf.d/pf';

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
});
