/**
 * The pf.conf formatter's last check: a rendering that would change the
 * tokens, the comments or where a statement ends is refused with an
 * `internal-error` at the first source token it got wrong. The renderer is
 * replaced here by one that damages its own output, as a formatter bug would.
 */
import { describe, expect, it, vi } from 'vitest';
import { formatPf } from '../../src/format/pf.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/format/types.js';

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
function outcome(text: string = TEXT, replace?: (rendered: string[]) => string[]): string {
  damage = replace;
  try {
    const result = formatPf('pf.conf', text, { ...DEFAULT_FORMAT_OPTIONS, dialect: 'freebsd' });
    if (result.ok) return 'ok';
    return result.errors.map((error) => `${error.ruleId} ${error.range.start.line}:${error.range.start.column}`).join(', ');
  } finally {
    damage = undefined;
  }
}

function replaceUnit(index: number, edit: (text: string) => string): (rendered: string[]) => string[] {
  return (rendered) => rendered.map((text, at) => (at === index ? edit(text) : text));
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

  it('refuses a newline that would end a statement early', () => {
    expect(outcome(TEXT, replaceUnit(1, (text) => text.replace(' on', '\non')))).toBe('internal-error 2:1');
  });

  it('refuses a changed or lost comment', () => {
    expect(outcome(TEXT, replaceUnit(3, (text) => text.replace('# why', '# who')))).toBe('internal-error 4:32');
    expect(outcome(TEXT, replaceUnit(2, () => ''))).toBe('internal-error 3:1');
  });

  it('compares the whole output when a statement is broken over lines', () => {
    const long = `pass in on em0 proto tcp from any to any port 22 label "${'x'.repeat(90)}"\nblock  all\n`;
    expect(outcome(long)).toBe('ok');
    expect(outcome(long, replaceUnit(1, (text) => text.replace('all', 'any')))).toBe('internal-error 2:8');
  });
});
