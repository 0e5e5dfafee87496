/**
 * Which keywords the pf.conf grammar accepts next: the grammar's own answer
 * (Chevrotain's content assist over the parser's recorded grammar), for
 * editors. Costs well under a millisecond per statement; it asks the parser
 * that parsing uses (content assist reads only the recorded grammar, never
 * the parser's input state).
 */
import { Arrow, isKeyword, lexPf, MacroUse, Newline, Word, type PfToken } from './lexer.js';
import { sharedPfParser } from './parse.js';
import type { PfDialect } from './syntax.js';

/**
 * The dialect's keywords that may follow `statement`, and `->` where a
 * translation target is due (the one operator people type where a keyword
 * would go), the text of one
 * statement up to the word being typed (backslash continuations allowed; an
 * empty text means the start of a statement). `macroValue` gives a macro's
 * value so that `$name` reads as what it stands for; a macro it does not
 * know reads as one word. Undefined when the grammar accepts no keyword
 * there or the text is no prefix of any statement.
 */
export function pfKeywordsAfter(statement: string, dialect: PfDialect, macroValue: (name: string) => string | undefined = () => undefined): readonly string[] | undefined {
  const tokens: PfToken[] = [];
  for (const token of lexPf(statement, dialect).tokens) {
    if (token.tokenType === Newline) continue;
    if (token.tokenType !== MacroUse) {
      tokens.push(token);
      continue;
    }
    const value = macroValue(token.image.slice(1));
    const expanded = value === undefined ? [] : lexPf(value, dialect).tokens.filter((inner) => inner.tokenType !== Newline);
    // Chevrotain matches on tokenTypeIdx, so both fields name the word type.
    tokens.push(...(expanded.length > 0 ? expanded : [{ ...token, tokenType: Word, tokenTypeIdx: Word.tokenTypeIdx! }]));
  }
  const keywords = new Set<string>();
  for (const path of sharedPfParser().computeContentAssist('statementLine', tokens)) {
    const next = path.nextTokenType;
    if (next === Arrow) keywords.add('->');
    else if (next.name.startsWith('kw:') && isKeyword(dialect, next.name.slice(3))) keywords.add(next.name.slice(3));
  }
  return keywords.size > 0 ? [...keywords].sort() : undefined;
}
