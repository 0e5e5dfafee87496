/**
 * The pf.conf formatter. It works on the tokens as written (a `$macro` stays
 * a `$macro`), never on the expanded ruleset, and refuses a file with syntax
 * errors. Included files are not followed: each file is formatted alone.
 *
 * Before returning, the output of each changed statement is checked against
 * its source (pf-verify.ts): the same tokens in the same order (commas added
 * between brace-list items aside), after each macro use what pfctl reads on
 * from the end of its value the same (a blank, `,` or `}` read alike), the
 * same comments. A difference is a formatter bug; the file is then refused
 * rather than changed.
 */
import { endOffsetOf, LineIndex, startOffsetOf, type SourceRange } from '../source.js';
import { visitPfStatements } from '../pf/parse.js';
import type { PfDialect, PfParseResult, Statement } from '../pf/syntax.js';
import { renderUnits } from './pf-layout.js';
import { readUnits, type TreeFacts, type Unit } from './pf-units.js';
import { firstOutputDifference } from './pf-verify.js';
import type { FormatOptions, FormatResult, FormatSpan } from './types.js';

export interface PfFormatOptions extends FormatOptions {
  readonly dialect: PfDialect;
  /**
   * Format only the statements and comments overlapping this span of the
   * text (UTF-16 offsets, end exclusive); everything else stays byte for byte.
   */
  readonly range?: FormatSpan;
  /** `parsePfConf(text, { file, dialect })`, when the caller has it; one of another text is not used. */
  readonly parsed?: PfParseResult;
}

export function formatPf(file: string, text: string, options: PfFormatOptions): FormatResult {
  const facts = treeFactsReader(text);
  const given = options.parsed?.tree.text === text ? options.parsed : undefined;
  if (given) for (const statement of given.tree.statements) facts.add(statement);
  // Without a parse to reuse, the statements are read for their facts and dropped: keeping a tree nobody else reads would cost more than reading it.
  const { findings, lexed } = given ?? visitPfStatements(text, { file, dialect: options.dialect }, facts.add);
  const errors = findings.filter((finding) => finding.ruleId === 'syntax-error');
  if (errors.length > 0) return { ok: false, errors };

  const units = readUnits(text, lexed, options.dialect, facts.facts());
  const rendered = renderUnits(units, options);
  const selected = options.range ? units.map((unit) => overlaps(unit, options.range!)) : units.map(() => true);
  const output = options.range ? splice(text, units, rendered, selected) : whole(units, rendered);

  const difference = firstOutputDifference(text, lexed, units, rendered, selected, output, options.dialect);
  if (difference !== undefined) {
    const index = new LineIndex(text);
    return {
      ok: false,
      errors: [
        {
          ruleId: 'internal-error',
          severity: 'error',
          message: 'the formatter would change the tokens or comments here; the file was left unchanged (please report this)',
          range: index.range(file, difference, difference),
        },
      ],
    };
  }
  return { ok: true, text: output };
}

function whole(units: readonly Unit[], rendered: readonly string[]): string {
  if (units.length === 0) return '';
  let output = rendered[0]!;
  for (let index = 1; index < units.length; index++) {
    output += (units[index]!.blankBefore ? '\n\n' : '\n') + rendered[index];
  }
  return output + '\n';
}

function overlaps(unit: Unit, range: FormatSpan): boolean {
  if (range.start === range.end) return unit.start <= range.start && range.start <= unit.end;
  return unit.start < range.end && range.start < unit.end;
}

/** The source with the selected units replaced; the gap between two selected neighbours is normalised too. */
function splice(text: string, units: readonly Unit[], rendered: readonly string[], selected: readonly boolean[]): string {
  let output = '';
  let copied = 0;
  units.forEach((unit, index) => {
    if (!selected[index]) return;
    const previousSelected = index > 0 && selected[index - 1];
    if (previousSelected) {
      output += unit.blankBefore ? '\n\n' : '\n';
    } else {
      output += text.slice(copied, unit.start);
    }
    output += rendered[index];
    copied = unit.end;
  });
  return output + text.slice(copied);
}

/**
 * Collects, one top-level statement at a time, the facts the token stream
 * alone cannot give: which `{` opens an anchor body, where list items end.
 */
function treeFactsReader(text: string): { readonly add: (statement: Statement) => void; readonly facts: () => TreeFacts } {
  const bodyBraces = new Set<number>();
  const itemEnds: number[] = [];
  /** Offsets of the `{` characters in the text of the statement being visited. */
  const braces: number[] = [];
  const holdsBrace = (range: SourceRange): boolean => {
    const start = startOffsetOf(range);
    const end = endOffsetOf(range);
    for (const brace of braces) if (start <= brace && brace < end) return true;
    return false;
  };
  const addItems = (items: readonly { readonly range: SourceRange }[]): void => {
    for (let index = 0; index + 1 < items.length; index++) {
      const end = endOffsetOf(items[index]!.range);
      if (end <= startOffsetOf(items[index + 1]!.range)) itemEnds.push(end);
    }
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    // Atoms are leaves; and only a node whose text holds a `{` can hold a list or a body the file spells out
    // (one a macro produced has the `$name` use as its range, and needs no commas).
    const range = node['range'] as SourceRange | undefined;
    if (typeof node['raw'] === 'string' || (range !== undefined && !holdsBrace(range))) return;
    if ((node['kind'] === 'anchor' || node['kind'] === 'ether-anchor') && node['body']) {
      bodyBraces.add(startOffsetOf((node['body'] as { range: SourceRange }).range));
    }
    if (node['kind'] === 'list' && Array.isArray(node['items'])) addItems(node['items']);
    if ((node['kind'] === 'entries' || node['braced'] === true) && Array.isArray(node['entries'])) addItems(node['entries']);
    for (const key in node) {
      const child = node[key];
      if (key !== 'range' && typeof child === 'object') visit(child);
    }
  };
  let nextBrace = text.indexOf('{');
  return {
    add: (statement) => {
      if (nextBrace < 0) return;
      const start = startOffsetOf(statement.range);
      const end = endOffsetOf(statement.range);
      if (nextBrace < start) nextBrace = text.indexOf('{', start);
      if (nextBrace < 0 || nextBrace >= end) return;
      braces.length = 0;
      for (; nextBrace >= 0 && nextBrace < end; nextBrace = text.indexOf('{', nextBrace + 1)) braces.push(nextBrace);
      visit(statement);
    },
    facts: () => ({ bodyBraces, itemEnds: itemEnds.sort((a, b) => a - b) }),
  };
}
