import { parseSuppressions, pfKeywords, pfKeywordsAfter, pfNames, RULES, sourceFile, type Dialect } from '@pflint/core';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { firebrickCompletions } from './firebrick-completion.js';
import { rcInterfaceName, type HostIndex, type PfView } from './host-index.js';
import { PF_KEYWORD_DOCS, RC_INTERFACE_VARIABLES, RC_VARIABLE_DOCS } from './keyword-docs.js';
import { rcFileSyntax, type DocumentLanguage } from './languages.js';

/** Where a completion goes and what the user typed of it: the item replaces [start, offset). */
export interface CompletionAnswer {
  readonly start: number;
  readonly items: CompletionItem[];
}

/** How far back on the line the context patterns look. */
const CONTEXT_LENGTH = 256;

/** How far back a statement is read for the keywords that may follow: longer statements are rare, and the look-up stays cheap. */
const STATEMENT_LENGTH = 4096;

const PROTOCOL_CONTEXT = /\bproto\s+(?:\{[^}]*[\s,{])?[\w-]*$/;

/**
 * Where pf expects an interface name: after `on`, `received-on` or
 * `antispoof for` (also inside a `{ }` list), and inside the parentheses of a
 * `route-to`, `reply-to` or `dup-to` target.
 */
const INTERFACE_CONTEXT = /(?:(?:^|\s)(?:on|received-on|for)\s+(?:\{[^}]*[\s,{])?!?|(?:route|reply|dup)-to\s+(?:\{[^}]*)?\(\s*)[\w.]*$/;

/**
 * Completion at `offset`: rule ids inside a `# pflint disable=` comment;
 * in pf, `$` → macros, `<` → tables, an interface after `on` or inside
 * `route-to (`, a protocol after `proto`, else the dialect's keywords the
 * pf grammar accepts after the statement so far (core's `pfKeywordsAfter`;
 * all of them where it has no answer); in rc.conf and other sh files of
 * the family (not loader.conf, sysctl.conf, jail.conf or wg-quick files),
 * variable names where a name is expected. Macros and tables come from the host's pf.conf
 * and the document as typed (`document`, parsed alone only when a macro or
 * table name is wanted), interfaces from the
 * host model, protocols from core's table.
 */
export function completionsAt(
  index: HostIndex,
  document: () => PfView | undefined,
  file: string,
  text: string,
  language: DocumentLanguage,
  offset: number,
  dialect: Dialect,
): CompletionAnswer {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const typedId = ruleIdBeingTyped(before, language);
  if (typedId !== undefined) {
    return {
      start: offset - typedId.length,
      items: RULES.map((rule) => ({ label: rule.meta.id, kind: CompletionItemKind.EnumMember, detail: rule.meta.summary })),
    };
  }
  if (language === 'pf') return pfCompletions(index, document, file, text, before, offset, dialect);
  if (language === 'rcconf') return rcCompletions(index, file, before, offset);
  return firebrickCompletions(file, text, offset);
}

/**
 * The part of a rule id typed so far when the cursor is in the id list of a
 * suppression comment, else undefined. Asks core's own directive reader
 * (`parseSuppressions`), with an id character appended so that a list with
 * nothing typed yet (`# pflint disable=`) still reads as one.
 */
function ruleIdBeingTyped(before: string, language: DocumentLanguage): string | undefined {
  const probe = `${before}x${language === 'firebrick' ? ' -->' : ''}`;
  const last = parseSuppressions(sourceFile('completion', language, probe))[0]?.rules.at(-1);
  if (!last || last.range.end.offset !== before.length + 1) return undefined;
  return probe.slice(last.range.start.offset, before.length);
}

function pfCompletions(
  index: HostIndex,
  document: () => PfView | undefined,
  file: string,
  text: string,
  before: string,
  offset: number,
  dialect: Dialect,
): CompletionAnswer {
  if (/(?:^|[^\\])#/.test(before.replace(/"[^"]*"/g, ''))) return { start: offset, items: [] };
  // Patterns ending in `$` retry from every position of the line; looking back a bounded distance keeps a hostile long line cheap.
  const recent = before.slice(-CONTEXT_LENGTH);
  const macro = /\$([A-Za-z0-9_]*)$/.exec(recent);
  const table = /<([\w.-]*)$/.exec(recent);
  // Names of the files the host's pf.conf reaches, then the document as typed (which may be newer than the host index).
  const views = macro || table ? [index.hostPfReaching(file), document()].filter((view): view is PfView => view !== undefined) : [];
  if (macro) {
    const values = new Map(views.flatMap((view) => view.references.macroDefinitions).map((definition) => [definition.name.text, definition.value]));
    return {
      start: offset - macro[0].length,
      items: [...values].map(([name, value]) => ({ label: `$${name}`, kind: CompletionItemKind.Variable, detail: value })),
    };
  }
  if (table) {
    const names = new Set(views.flatMap((view) => view.references.tableDefinitions).map((definition) => definition.name.text));
    return { start: offset - table[1]!.length, items: [...names].map((name) => ({ label: name, kind: CompletionItemKind.Struct })) };
  }
  const word = /[\w.-]*$/.exec(recent)![0];
  const start = offset - word.length;
  if (INTERFACE_CONTEXT.test(recent)) {
    return {
      start,
      items: [...index.analysis.host.interfaces.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((iface) => ({ label: iface.name, kind: CompletionItemKind.Interface, detail: `${iface.kind}, FIB ${iface.fib.value}` })),
    };
  }
  if (PROTOCOL_CONTEXT.test(recent)) return { start, items: protocolItems() };
  // The grammar says which keywords may follow the statement so far, with macros read as their values.
  const statement = text.slice(Math.max(statementStart(text, offset - before.length), start - STATEMENT_LENGTH), start);
  // The host's index first: parsing the document as typed is done only for a macro the index does not know.
  const valuesIn = (view: PfView | undefined): Map<string, string> => new Map(view?.references.macroDefinitions.map((definition) => [definition.name.text, definition.value]));
  let hostValues: Map<string, string> | undefined;
  let documentValues: Map<string, string> | undefined;
  const macroValue = (name: string): string | undefined =>
    (hostValues ??= valuesIn(index.hostPfReaching(file))).get(name) ?? (documentValues ??= valuesIn(document())).get(name);
  const keywords = pfKeywordsAfter(statement, dialect, macroValue) ?? pfKeywords(dialect);
  return { start, items: keywords.map((keyword) => keywordItem(keyword)) };
}

/** Where the statement holding the line at `lineStart` begins: back over lines its predecessors continue with a backslash. */
function statementStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start >= 2 && text[start - 2] === '\\') start = text.lastIndexOf('\n', start - 2) + 1;
  return start;
}

/** The protocol names pfctl knows (core's table), for `proto`. */
function protocolItems(): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (let number = 0; number < 256; number++) {
    const name = pfNames.protocolName(number);
    if (name) items.push({ label: name, kind: CompletionItemKind.EnumMember, detail: `IP protocol ${number}` });
  }
  return items;
}

function keywordItem(keyword: string): CompletionItem {
  const doc = PF_KEYWORD_DOCS[keyword];
  return { label: keyword, kind: CompletionItemKind.Keyword, ...(doc ? { documentation: doc } : {}) };
}

function rcCompletions(index: HostIndex, file: string, before: string, offset: number): CompletionAnswer {
  // rc.conf's variables belong in sh files only: loader.conf, sysctl.conf, jail.conf and wg-quick files have names of their own.
  const name = /^\s*([A-Za-z0-9_]*)$/.exec(before);
  if (!name || rcFileSyntax(file) !== 'sh') return { start: offset, items: [] };
  const items: CompletionItem[] = Object.entries(RC_VARIABLE_DOCS).map(([variable, doc]) => ({
    label: variable,
    kind: CompletionItemKind.Variable,
    documentation: doc,
  }));
  const interfaces = [...index.analysis.host.interfaces.values()].map((iface) => rcInterfaceName(iface.name));
  for (const { pattern, doc } of RC_INTERFACE_VARIABLES) {
    for (const iface of interfaces) items.push({ label: pattern.replace('IF', iface), kind: CompletionItemKind.Variable, documentation: doc });
  }
  return { start: offset - name[1]!.length, items };
}
