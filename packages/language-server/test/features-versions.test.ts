import { createPfParseCache, memoryFileSystem, type PfSyntaxFile } from '@pflint/core';
import { describe, expect, it } from 'vitest';
import { createFeatures, type FeatureOp, type FeatureQuery } from '../src/features.js';
import { buildHostIndex } from '../src/host-index.js';
import { hostOccurrences, type Occurrence } from '../src/host-symbols.js';

// The feature worker builds a host index per version of the host, through the
// same pf.conf parse cache as the document's own features: a new version is
// read again only where it changed, and earlier versions' statements move.

const ROOT = '/hosts/versions';
const PF = `${ROOT}/etc/pf.conf`;
const RC = `${ROOT}/etc/rc.conf`;
const RC_CONF = ['cloned_interfaces="gif0"', 'ifconfig_vtnet0="inet 192.0.2.2/24"', 'ifconfig_gif0="inet 10.9.9.2 10.9.9.1 fib 1"', ''].join('\n');
const FIRST = [
  'ext_if = "vtnet0"',
  'tun_if = "gif0"',
  'table <trusted> { 198.51.100.0/24 }',
  'block in all',
  ...Array.from({ length: 30 }, (_, index) => `pass in on $ext_if proto tcp from <trusted> to 192.0.2.2 port ${2000 + index}`),
  'pass in on $tun_if reply-to ($tun_if 10.9.9.1) to 192.0.2.2',
  '',
].join('\n');

/** Each version made from the one before: rules changed, added and removed, a macro definition changed, an edit undone. */
const EDITS: ((text: string) => string)[] = [
  (text) => text.replace('port 2003\n', 'port 3003\n'),
  (text) => text.replace('block in all\n', 'block in all\npass out on $ext_if to <trusted>\n'),
  (text) => text.replace(/pass in on \$ext_if proto tcp from <trusted> to 192.0.2.2 port 2010\n/, ''),
  (text) => text.replace('tun_if = "gif0"', 'tun_if = "gif0" # the tunnel'),
  (text) => text.replace('port 3003\n', 'port 2003\n'),
  (text) => text.replace('port 2029\n', 'port 2029\npass in on $tun_if to <trusted>\n'),
];

const versions = EDITS.reduce((texts, edit) => [...texts, edit(texts.at(-1)!)], [FIRST]);

function query<Op extends FeatureOp>(op: Op, version: number, offset: number): FeatureQuery<Op> {
  const text = versions[version]!;
  return {
    op,
    file: PF,
    language: 'pf',
    version: version + 1,
    text,
    dialect: 'freebsd',
    offset,
    host: { target: { kind: 'directory', root: ROOT }, buffers: [[PF, text]], stamp: `version ${version}` },
  };
}

/** Where the position-based requests are asked: every macro use and table name, and a keyword. */
function offsetsIn(text: string): number[] {
  return [...text.matchAll(/\$\w+|<trusted>|reply-to/g)].map((match) => match.index + 1);
}

describe('features over versions of a host', () => {
  it('answer each version as features made for that version alone do', () => {
    const fs = memoryFileSystem({ [RC]: RC_CONF, [PF]: FIRST });
    const kept = createFeatures(fs);
    for (let version = 0; version < versions.length; version++) {
      const fresh = createFeatures(fs);
      // The document's own parse first, as an editor asks for the outline and colours before a hover.
      expect(kept(query('semanticTokens', version, 0))).toEqual(fresh(query('semanticTokens', version, 0)));
      // Not a comparison of nothings: a macro use leads to its definition.
      expect(kept(query('definition', version, versions[version]!.indexOf('$ext_if') + 1))).toHaveLength(1);
      for (const offset of offsetsIn(versions[version]!)) {
        for (const op of ['definition', 'references', 'hover'] as const) {
          expect(kept(query(op, version, offset)), `${op} at ${offset} in version ${version}`).toEqual(fresh(query(op, version, offset)));
        }
      }
    }
  });

  it('builds the index of a new version of an open pf.conf from the last parse: statements an edit did not touch are the same objects', () => {
    const pfParses = createPfParseCache();
    const indexOf = (text: string) =>
      buildHostIndex(memoryFileSystem({ [RC]: RC_CONF, [PF]: text }), { kind: 'directory', root: ROOT }, [PF], { pfParses }).analysis.pf?.syntax as PfSyntaxFile;
    const first = indexOf(versions[0]!).statements;
    const untouched = first[first.length - 1];
    const second = indexOf(versions[1]!).statements;
    expect(second).toHaveLength(first.length);
    expect(second[second.length - 1]).toBe(untouched);
  });

  it('gives a statement an edit did not touch the occurrences it had, at their new places', () => {
    const pfParses = createPfParseCache();
    const occurrencesOf = (version: number) => {
      const text = versions[version]!;
      const index = buildHostIndex(memoryFileSystem({ [RC]: RC_CONF, [PF]: text }), { kind: 'directory', root: ROOT }, [PF], { pfParses });
      return hostOccurrences(index, PF, text, 'pf').filter((occurrence) => occurrence.range.file === PF && occurrence.symbol.name === 'tun_if');
    };
    // Version 2 adds a line above the last rule, whose `$tun_if` uses move down one line.
    const [before, after] = [occurrencesOf(1), occurrencesOf(2)];
    const lastUse = (occurrences: Occurrence[]) => occurrences.filter((occurrence) => occurrence.role === 'use').at(-1)!;
    expect(lastUse(after)).toBe(lastUse(before));
    expect(lastUse(after).range.start.line).toBe(versions[2]!.split('\n').findIndex((line) => line.startsWith('pass in on $tun_if reply-to')) + 1);
    expect(lastUse(after).nameRange?.start.offset).toBe(lastUse(after).range.start.offset + 1);
  });

  it("does not move an open document's parse when another host reads the file from disk", () => {
    // A lone pf.conf (a file target) loads an anchor from a file open on its own with unsaved lines at the top.
    const MAIN = '/fw/main.pf';
    const ANCHOR = '/fw/anchor.pf';
    const main = 'ext_if = "em0"\nanchor "x"\nload anchor "x" from "/fw/anchor.pf"\npass in on $ext_if to 192.0.2.1\n';
    const onDisk = Array.from({ length: 12 }, (_, index) => (index % 2 ? `table <t${index}> { 192.0.2.${index} }` : `pass in on em0 to 192.0.2.${index}`)).join('\n') + '\n';
    const buffer = `pass in on em0 to 198.51.100.1\npass in on em0 to 198.51.100.2\n${onDisk}`;
    const fs = memoryFileSystem({ [MAIN]: main, [ANCHOR]: onDisk });
    const fileQuery = <Op extends FeatureOp>(op: Op, file: string, text: string, offset = 0): FeatureQuery<Op> => ({
      op,
      file,
      language: 'pf',
      version: 3,
      text,
      dialect: 'freebsd',
      offset,
      host: { target: { kind: 'file', file, language: 'pf' }, buffers: [[file, text]], stamp: `${file} 3` },
    });
    const kept = createFeatures(fs);
    const outline = () => kept(fileQuery('symbols', ANCHOR, buffer));
    const before = outline();
    // The hover's index reads the anchor file from disk, where it has two lines fewer.
    expect(kept(fileQuery('hover', MAIN, main, main.lastIndexOf('$ext_if') + 1))).not.toBeNull();
    expect(outline()).toEqual(before);
    expect(outline()).toEqual(createFeatures(fs)(fileQuery('symbols', ANCHOR, buffer)));
  });
});
