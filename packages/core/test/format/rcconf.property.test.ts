import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { languageFromName } from '../../src/language.js';
import { formattableFiles } from '../../src/format/index.js';
import { formatRcConf } from '../../src/format/rcconf.js';
import { DEFAULT_FORMAT_OPTIONS, type FormatOptions } from '../../src/format/types.js';
import { memoryFileSystem } from '../../src/fs.js';
import { buildFreeBsdHostFromDirectory } from '../../src/host/builder.js';
import { hostFilesFromList } from '../../src/host/discover.js';
import { parseJailConf } from '../../src/jail/parser.js';
import { hostModelToJson } from '../../src/model/print.js';
import { parseRcConf } from '../../src/rcconf/parser.js';
import { RcVariables } from '../../src/rcconf/variables.js';
import { parseKeyValueFile } from '../../src/sysctl/keyvalue.js';
import { corpusHost } from '../host/corpus.js';
import { withoutPositions } from './model-compare.js';

const OPTIONS: FormatOptions = DEFAULT_FORMAT_OPTIONS;

function formatted(file: string, text: string): string {
  const result = formatRcConf(file, text, OPTIONS);
  if (!result.ok) throw new Error(`${file} refused: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.text;
}

/**
 * What a file says, in the terms of the parser the host builder uses for it:
 * every variable with its value as sh leaves it, every command word, every
 * comment (without trailing blanks, which the formatter removes).
 */
function meaning(file: string, text: string): unknown {
  const roles = hostFilesFromList([file]);
  if (roles.loaderConf.length + roles.sysctlConf.length + roles.wireguard.length > 0) {
    const parsed = parseKeyValueFile(file, text);
    return {
      entries: parsed.entries.map((entry) => [entry.section, entry.key, entry.value]),
      sections: parsed.sections.map((section) => section.name),
      comments: parsed.comments.map((comment) => comment.text.trimEnd()),
    };
  }
  if (roles.jailConf.length > 0) {
    const parsed = parseJailConf(file, text);
    const parameter = (p: (typeof parsed.globals)[number]): unknown => [p.name, p.operator, p.values.map((value) => text.slice(value.start, value.end))];
    return {
      globals: parsed.globals.map(parameter),
      blocks: parsed.blocks.map((block) => [block.name, block.parameters.map(parameter)]),
      comments: parsed.comments.map((comment) => comment.text.trimEnd()),
    };
  }
  const parsed = parseRcConf(file, text);
  const variables = new RcVariables([parsed]);
  return {
    variables: [...variables.names()].map((name) => [name, variables.get(name)!.value.text, variables.get(name)!.value.dynamic]),
    statements: parsed.statements.map((statement) =>
      statement.kind === 'assignment'
        ? statement.assignments.map((assignment) => assignment.name)
        : statement.words.map((word) => text.slice(word.range.start.offset, word.range.end.offset)),
    ),
    comments: parsed.comments.map((comment) => comment.text.trimEnd()),
  };
}

function expectGuarantees(file: string, text: string): void {
  const once = formatRcConf(file, text, OPTIONS);
  if (!once.ok) {
    // Refused input is never touched; the refusal must name a located syntax error.
    expect(once.errors.length).toBeGreaterThan(0);
    return;
  }
  expect(formatted(file, once.text), 'idempotent').toBe(once.text);
  expect(meaning(file, once.text), 'meaning kept').toEqual(meaning(file, text));
}

const CORPUS = fileURLToPath(new URL('../../../../corpus/', import.meta.url));
/** Every corpus directory that is a FreeBSD host (FireBrick routers are tested with the XML formatter). */
const CORPUS_HOSTS = readdirSync(CORPUS).filter((name) => existsSync(path.join(CORPUS, name, 'etc')));

// Generous time limits: the suite runs on a shared two-core machine, next to everyone else's tests.
describe('rc.conf family formatting over the corpus', { timeout: 120_000 }, () => {
  it('finds the corpus hosts', () => {
    expect(CORPUS_HOSTS).toEqual(expect.arrayContaining(['radon', 'uirig-a', 'vpsbig']));
  });

  for (const host of CORPUS_HOSTS) {
    it(`${host}: idempotent, same meaning per file, and the same host model`, () => {
      const fs = corpusHost(host);
      const rewritten: Record<string, string> = {};
      const files = formattableFiles(fs, `/${host}`).filter((file) => languageFromName(file) === 'rcconf');
      expect(files.length, 'rc.conf-family files').toBeGreaterThan(0);
      for (const file of files) {
        const text = fs.readFile(file);
        expect(text, file).toBeDefined();
        const result = formatted(file, text!);
        expect(formatted(file, result), `${file} idempotent`).toBe(result);
        expect(meaning(file, result), `${file} meaning`).toEqual(meaning(file, text!));
        rewritten[file] = result;
      }
      const before = hostModelToJson(buildFreeBsdHostFromDirectory(fs, `/${host}`));
      const overlay = memoryFileSystem(rewritten);
      const after = hostModelToJson(
        buildFreeBsdHostFromDirectory(
          {
            readFile: (path) => overlay.readFile(path) ?? fs.readFile(path),
            readDirectory: (path) => fs.readDirectory(path),
            isDirectory: (path) => fs.isDirectory(path),
          },
          `/${host}`,
        ),
      );
      // Lines move when blank lines collapse, so sources are compared by file only.
      expect(withoutPositions(after)).toEqual(withoutPositions(before));
    });
  }
});

const name = fc.constantFrom('a', 'ifconfig_em0', 'defaultrouter', 'cloned_interfaces', 'b_2');
const value = fc.oneof(
  fc.constantFrom('', 'YES', '10.0.0.1/24', 'x#y', '*', '~', '~/x', 'a\\ b', '$a', '${a}', '$', '`hostname`', '$(hostname)', 'x:~/y'),
  fc.constantFrom('"inet 10.0.0.1/24"', '"two\nlines"', "'single'", "'it''s'", "'$a'", '"$a x"', '"a"\'b\'', "'\"q\"'", "'a\\b'", "'~'"),
  fc.stringMatching(/^[a-z0-9./:_-]{1,8}$/),
);
const blank = fc.constantFrom('', ' ', '\t', '  ');
const line = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(blank, name, value, blank).map(([indent, n, v, trailing]) => `${indent}${n}=${v}${trailing}`) },
  { weight: 2, arbitrary: fc.tuple(blank, fc.constantFrom('# note', '#', '# with \\', '#x  ')).map(([indent, comment]) => `${indent}${comment}`) },
  { weight: 2, arbitrary: fc.tuple(name, value, fc.constantFrom(' # why', '\t# t')).map(([n, v, comment]) => `${n}=${v}${comment}`) },
  { weight: 2, arbitrary: blank },
  { weight: 1, arbitrary: fc.constantFrom('if [ -f /x ]; then', 'fi', 'sysrc a=1', 'a=1 b=2', 'a=1; b=2', 'a=1 \\', 'a=x\\', '  # c', 'a=1\\ ') },
);
const shellText = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(
  ([lines, newline, finalNewline]) => lines.join(newline) + (finalNewline ? newline : ''),
);

describe('rc.conf family formatting of generated input', { timeout: 120_000 }, () => {
  it('sh files: idempotent and meaning-preserving, or refused', () => {
    fc.assert(
      fc.property(shellText, (text) => expectGuarantees('etc/rc.conf', text)),
      { numRuns: 400 },
    );
  });

  it('sh files with a range: same meaning, and nothing changes outside the lines the range touches', () => {
    fc.assert(
      fc.property(shellText, fc.nat(), fc.nat(), (text, a, b) => {
        const [start, end] = [Math.min(a, b) % (text.length + 1), Math.max(a, b) % (text.length + 1)].sort((x, y) => x - y) as [number, number];
        const result = formatRcConf('etc/rc.conf', text, { ...OPTIONS, range: { start, end } });
        if (!result.ok) return;
        expect(meaning('etc/rc.conf', result.text)).toEqual(meaning('etc/rc.conf', text));
        const firstLine = text.lastIndexOf('\n', start - 1) + 1;
        const lastNewline = text.indexOf('\n', Math.max(start, end - 1));
        const after = lastNewline < 0 ? '' : text.slice(lastNewline + 1);
        expect(result.text.startsWith(text.slice(0, firstLine)), 'before the range').toBe(true);
        expect(result.text.endsWith(after), 'after the range').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('sh files from a small alphabet: never throws, idempotent and meaning-preserving, or refused', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a=b"'$#\\\n \t;`(){}~]{0,30}$/), (text) => expectGuarantees('etc/rc.conf', text)),
      { numRuns: 600 },
    );
  });

  it('loader.conf, sysctl.conf and wg-quick files: idempotent and meaning-preserving, or refused', () => {
    const keyValue = fc
      .array(
        fc.oneof(
          fc.tuple(blank, fc.constantFrom('net.fibs', 'if_gif_load', 'Address', 'kern.x'), fc.constantFrom('=', ' = ', '= '), fc.constantFrom('2', '"YES"', 'a b', '/x', '', '"a b"'), blank).map((parts) => parts.join('')),
          fc.constantFrom('# c', '  # c  ', '', ' ', '[Peer]', 'net.fibs=2 # two'),
        ),
        { maxLength: 10 },
      )
      .map((lines) => `${lines.join('\n')}\n`);
    fc.assert(
      fc.property(keyValue, fc.constantFrom('boot/loader.conf', 'etc/sysctl.conf', 'usr/local/etc/wireguard/wg0.conf'), (text, file) =>
        expectGuarantees(file, text),
      ),
      { numRuns: 300 },
    );
  });

  it('jail.conf: idempotent and meaning-preserving, or refused', () => {
    const part = fc.constantFrom('web {', '}', ' vnet;', 'exec.clean;', '  host.hostname = "a\n b";', '/* c\n  d */', '# e', '', '  ', 'x = a, "b";', '\t}');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), (parts) => expectGuarantees('etc/jail.conf', `${parts.join('\n')}\n`)),
      { numRuns: 300 },
    );
  });
});
