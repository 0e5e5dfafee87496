/**
 * The pf.conf formatter's last check: a rendering that would change the
 * tokens, the comments or where a statement ends is refused with an
 * `internal-error` at the first source token it got wrong. The renderer is
 * replaced here by one that damages its own output, as a formatter bug would.
 * Most of the output is checked without lexing it again, on facts about the
 * lexer's patterns (pf-verify.ts); those facts are tested here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { formatPf } from '../../src/format/pf.js';
import { adjacentInSource } from '../../src/format/pf-spacing.js';
import { endsNumber } from '../../src/pf/lexer.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';
import { Comma, LBrace, lexPf, MacroUse, Newline, RBrace, type PfToken } from '../../src/pf/lexer.js';
import type { PfDialect } from '../../src/pf/syntax.js';
import { PFCTL_CORPUS } from '../shared-material.js';

/** Applied to the rendered units (one string per statement or own-line comment); none: render faithfully. */
let damage: ((rendered: string[]) => string[]) | undefined;

vi.mock('../../src/format/pf-layout.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/format/pf-layout.js')>();
  return {
    ...original,
    renderUnits: (...args: Parameters<typeof original.renderUnits>) => {
      const rendered = original.renderUnits(...args);
      return damage ? damage(rendered) : rendered;
    },
  };
});

/** Every statement is changed by formatting (double blanks), so every one of them is checked. */
const TEXT = ['ext  =  "em0"', 'pass  in  on  $ext', '# own line', 'pass  out  from  $ext:network  # why', 'block  in  all', ''].join('\n');

/** Line and column of the refusal, or 'ok'. */
function outcome(text: string = TEXT, replace?: (rendered: string[]) => string[], dialect: PfDialect = 'freebsd'): string {
  damage = replace;
  try {
    const result = formatPf('pf.conf', text, { ...DEFAULT_FORMAT_OPTIONS, dialect });
    if (result.ok) return 'ok';
    return result.errors.map((error) => `${error.ruleId} ${error.range.start.line}:${error.range.start.column}`).join(', ');
  } finally {
    damage = undefined;
  }
}

function replaceUnit(index: number, edit: (text: string) => string): (rendered: string[]) => string[] {
  return (rendered) =>
    rendered.map((text, at) => {
      if (at !== index) return text;
      const edited = edit(text);
      // A damage that matches nothing would test a faithful rendering instead.
      if (edited === text) throw new Error(`the damage did not change unit ${index}: ${JSON.stringify(text)}`);
      return edited;
    });
}

describe('pf formatter: the check of its own output', () => {
  it('accepts a faithful rendering', () => {
    expect(outcome()).toBe('ok');
  });

  it('refuses a changed or missing token, at that token, in whichever statement it is', () => {
    expect(outcome(TEXT, replaceUnit(1, (text) => text.replace('in', 'out')))).toBe('internal-error 2:7');
    expect(outcome(TEXT, replaceUnit(4, (text) => text.replace(' all', '')))).toBe('internal-error 5:12');
    expect(outcome(TEXT, replaceUnit(4, (text) => `${text} quick`))).toBe('internal-error 5:15');
  });

  it('refuses a macro glued to a word it was apart from, or split from one it was glued to', () => {
    expect(outcome('x = "a"\npass  on  $x label  y\n', replaceUnit(1, (text) => text.replace('$x label', '$xlabel')))).toMatch(/^internal-error 2:/);
    expect(outcome(TEXT, replaceUnit(3, (text) => text.replace('$ext:network', '$ext :network')))).toBe('internal-error 4:18');
  });

  it('refuses a macro use apart from what pfctl read on into the end of its value, or touching what it was apart from', () => {
    // With `p = "80"`, pfctl reads `$p# web` as the word `80` and a comment, `$p # web` as the number 80.
    const glued = 'p = "80"\npass in proto tcp to port  $p# web\npass in proto tcp to port  $p<>$p\n';
    expect(outcome(glued)).toBe('ok');
    expect(outcome(glued, replaceUnit(1, (text) => text.replace('$p#', '$p #')))).toBe('internal-error 2:28');
    expect(outcome(glued, replaceUnit(1, (text) => text.replace('$p#', '$p\\\n    #')))).toBe('internal-error 2:28');
    expect(outcome(glued, replaceUnit(2, (text) => text.replace('$p<>', '$p <>')))).toBe('internal-error 3:28');
    const apart = 'p = "80"\npass in proto tcp to port  $p <> $p\n';
    expect(outcome(apart, replaceUnit(1, (text) => text.replace('$p <>', '$p<>')))).toBe('internal-error 2:28');
    // A blank and a comma end the value alike.
    expect(outcome('p = "80"\npass in proto tcp to port { $p  $p }\n')).toBe('ok');
  });

  it('refuses a newline that would end a statement early', () => {
    expect(outcome(TEXT, replaceUnit(1, (text) => text.replace(' on', '\non')))).toBe('internal-error 2:1');
  });

  it('refuses a changed or lost comment', () => {
    expect(outcome(TEXT, replaceUnit(3, (text) => text.replace('# why', '# who')))).toBe('internal-error 4:32');
    expect(outcome(TEXT, replaceUnit(2, () => ''))).toBe('internal-error 3:1');
    // A comment runs to the end of its line: whatever follows on it would be part of it.
    const list = 'pass in proto tcp to port { 22 # ssh\n80 }\n';
    expect(outcome(list)).toBe('ok');
    expect(outcome(list, replaceUnit(0, (text) => text.replace(/# ssh\n */, '# ssh ')))).toBe('internal-error 2:1');
    // A number needs a blank after it: glued to a comment, `80` is a word.
    const port = 'pass in proto tcp to port 80 # web\n';
    expect(outcome(port, replaceUnit(0, (text) => text.replace('80 #', '80#')))).toBe('internal-error 1:27');
    // Also through a `\\` + newline, which pfctl removes first.
    const continued = 'pass in proto tcp to port  80\\\n# web\n';
    expect(outcome(continued)).toBe('ok');
    expect(outcome(continued, replaceUnit(0, (text) => text.replace('80\\\n#', '80 \\\n    #')))).toBe('internal-error 1:28');
  });

  it('compares the whole output when a statement is broken over lines', () => {
    const long = `pass in on em0 proto tcp from any to any port 22 label "${'x'.repeat(90)}"\nblock  all\n`;
    expect(outcome(long)).toBe('ok');
    expect(outcome(long, replaceUnit(1, (text) => text.replace('all', 'any')))).toBe('internal-error 2:8');
  });

  it('refuses a gap closed or opened where the lexer would then read other tokens', () => {
    expect(outcome(TEXT, replaceUnit(1, (text) => text.replace('in on', 'inon')))).toBe('internal-error 2:7');
    const range = 'pass in proto tcp to port 1000<>2000\n';
    expect(outcome(range)).toBe('ok');
    // `1000` followed by `<>` is a word; apart from it, a number.
    expect(outcome(range, replaceUnit(0, (text) => text.replace('1000<>2000', '1000 <> 2000')))).toBe('internal-error 1:27');
    expect(outcome('pass in proto tcp to port 80\n', replaceUnit(0, (text) => text.replace('80', '8 0')))).toBe('internal-error 1:27');
  });

  it('refuses an added comma written anywhere but after its list item', () => {
    const list = 'pass in proto tcp to port { 22 80 }\n';
    expect(outcome(list, replaceUnit(0, (text) => text.replace('22, 80', '22 ,80')))).toBe('ok');
    expect(outcome(list, replaceUnit(0, (text) => text.replace('22, 80', '2,2 80')))).toBe('internal-error 1:29');
    expect(outcome(list, replaceUnit(0, (text) => text.replace('22, 80', '22,80,')))).toBe('internal-error 1:35');
    // `80` glued to `!` is a word (the formatter keeps it glued and adds no comma); glued to an added comma, a number.
    const glued = 'pass in proto tcp to port { 80!=81 }\n';
    expect(outcome(glued)).toBe('ok');
    expect(outcome(glued, replaceUnit(0, (text) => text.replace('80!= 81', '80,!=81')))).toBe('internal-error 1:29');
  });

  it('refuses output that drops what made the last token of a statement read as it did', () => {
    // A form feed after `80` makes it a word (a number needs a blank, a newline or the end after it).
    expect(outcome('pass in proto tcp to port 80\f\n')).toBe('internal-error 1:27');
    expect(outcome('pass in proto tcp to port 80 \f\n')).toBe('ok');
  });
});

/** The tokens of one text as type and image. */
function tokenTexts(text: string, dialect: PfDialect): string[] {
  return lexPf(text, dialect).tokens.map((token) => `${token.tokenType.name} ${JSON.stringify(token.image)}`);
}

describe('pf formatter: the lexer facts its check relies on', () => {
  const samples: Readonly<Record<PfDialect, readonly string[]>> = {
    freebsd: [
      'pass', 'em0', 'foo.bar', ':network', '_x', 'a-b', '80:90', '2001:db8::1', '10.0.0.0', '80', '-1', '1000',
      '"quoted  string"', "'single'", '"a\\"b"', '$ext', '$', '->', '<>', '><', '-', '{', '}', '(', ')', '<', '>',
      '!', '=', ',', '/', '@', ';', '%', '\r',
    ],
    openbsd: ['pass', 'em0', '80', '!=', '<=', '>=', '!', '<', '>', '=', 'rdr-to'],
  };

  it('a blank, a tab, a newline, a comma and the end of the text end every token alike', () => {
    for (const dialect of ['freebsd', 'openbsd'] as const) {
      for (const sample of samples[dialect]) {
        const alone = tokenTexts(sample, dialect);
        expect(alone, sample).toHaveLength(1);
        for (const after of [' ', '\t', '\n', ',']) expect(tokenTexts(sample + after, dialect)[0], JSON.stringify(sample + after)).toBe(alone[0]);
        expect(tokenTexts(`${sample},`, dialect).at(-1)).toBe(`${Comma.name} ","`);
      }
    }
  });

  it('text lexes apart at a gap of blanks, tabs, newlines and continuations', () => {
    // Single characters of pf text (no `#`, quote or escaping backslash: the check walks those as whole tokens) and whole quoted strings.
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'az09:_.-$!<>=/,{}()@;%*+'.split('')) },
      { weight: 1, arbitrary: fc.constantFrom('"a b"', "'c\td'", '"e\nf"') },
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
    const gapText = fc.constantFrom(' ', '\t', '\n', '  ', ' \\\n ', '\\\n\t');
    fc.assert(
      fc.property(text, gapText, text, fc.constantFrom<PfDialect>('freebsd', 'openbsd'), (left, between, right, dialect) => {
        const newline = between.replaceAll('\\\n', '').includes('\n') ? [`${Newline.name} "\\n"`] : [];
        expect(tokenTexts(left + between + right, dialect)).toEqual([...tokenTexts(left, dialect), ...newline, ...tokenTexts(right, dialect)]);
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * What the check guarantees, computed the slow way: the tokens of the whole
 * text (commas apart, which the formatter adds), what each macro use touches
 * that pfctl reads on from the end of its value (the first character of the
 * token or comment after it, when only continuations separate them and it is
 * not one that ends a value as a blank does), and the newlines that end
 * statements (outside braces, runs of them as one); the comments' texts.
 */
function reading(text: string, dialect: PfDialect): { tokens: string[]; comments: string[] } {
  const { tokens, comments } = lexPf(text, dialect);
  const touched = (macro: PfToken, index: number): string => {
    const nextComment = comments.find((comment) => comment.startOffset > macro.startOffset);
    const nextToken = tokens[index + 1];
    const next = nextComment && (!nextToken || nextComment.startOffset < nextToken.startOffset) ? nextComment : nextToken;
    if (next === undefined || next.tokenType === Newline || !adjacentInSource(text, macro, next)) return '';
    return endsNumber(next.image[0] ?? '') ? '' : next.image[0]!;
  };
  const read: string[] = [];
  let depth = 0;
  tokens.forEach((token: PfToken, index) => {
    if (token.tokenType === LBrace) depth++;
    if (token.tokenType === RBrace) depth = Math.max(0, depth - 1);
    if (token.tokenType === Newline) {
      if (depth === 0 && read.length > 0 && read.at(-1) !== 'end') read.push('end');
      return;
    }
    if (token.tokenType === Comma) return;
    const reads = token.tokenType === MacroUse ? touched(token, index) : '';
    read.push(`${token.tokenType.name} ${token.image}${reads ? ` (reads on into ${reads})` : ''}`);
  });
  if (read.at(-1) === 'end') read.pop();
  return { tokens: read, comments: comments.map((comment) => comment.image.trimEnd()) };
}

describe('pf formatter: the check against a slow one', () => {
  const corpus = readdirSync(PFCTL_CORPUS)
    .filter((name) => name.endsWith('.in'))
    .sort()
    .map((name) => readFileSync(PFCTL_CORPUS + name, 'utf8'));

  it('accepts damaged output only when lexing all of it reads the same as the source', () => {
    const edit = fc.record({
      file: fc.nat(),
      unit: fc.nat(),
      at: fc.nat(),
      change: fc.constantFrom('delete', 'space', 'newline', 'comma', 'double', 'swap', 'continuation'),
    });
    // Both outcomes must occur, or the property would hold without testing the check (all refused) or the damage (none refused).
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(edit, fc.constantFrom<PfDialect>('freebsd', 'openbsd'), ({ file, unit, at, change }, dialect) => {
        const text = corpus[file % corpus.length]!;
        let output: string | undefined;
        damage = (rendered) => {
          const index = unit % rendered.length;
          const unitText = rendered[index]!;
          const offset = at % (unitText.length + 1);
          const [head, tail] = [unitText.slice(0, offset), unitText.slice(offset)];
          const damaged = {
            delete: head + tail.slice(1),
            space: `${head} ${tail}`,
            newline: `${head}\n${tail}`,
            comma: `${head},${tail}`,
            double: head + tail.slice(0, 1) + tail,
            swap: head + tail.slice(1, 2) + tail.slice(0, 1) + tail.slice(2),
            continuation: `${head} \\\n${tail}`,
          }[change];
          return rendered.map((entry, position) => (position === index ? damaged : entry));
        };
        try {
          const result = formatPf('pf.conf', text, { ...DEFAULT_FORMAT_OPTIONS, dialect });
          if (result.ok) output = result.text;
        } finally {
          damage = undefined;
        }
        outcomes[output === undefined ? 'refused' : 'accepted']++;
        if (output !== undefined) expect(reading(output, dialect)).toEqual(reading(text, dialect));
      }),
      { numRuns: 400 },
    );
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});

