import { createToken, Lexer, type IToken } from 'chevrotain';
import type { Finding } from '../findings.js';
import { builtOnFirstUse, lexerConfig, type GrammarBuildOptions } from '../grammar-options.js';
import { LineIndex, type SourceRange } from '../source.js';

/**
 * Line-oriented `key = value` files: /boot/loader.conf (`net.fibs="2"`),
 * /etc/sysctl.conf (`net.fibs=2`) and wg-quick files (`[Interface]`,
 * `Address = 10.0.0.1/24`). One lexer with two modes: after `=` the rest of
 * the line is the value (minus a trailing comment).
 */
const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, line_breaks: true });
/** The end of a value's line: back to reading keys. */
const ValueEnd = createToken({ name: 'ValueEnd', pattern: /\r?\n/, line_breaks: true, pop_mode: true });
const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/ });
const Section = createToken({ name: 'Section', pattern: /\[[^\]\n]*\]/ });
const Key = createToken({ name: 'Key', pattern: /[A-Za-z0-9_.%\-/]+/ });
const Equals = createToken({ name: 'Equals', pattern: /=/, push_mode: 'value' });
const Quoted = createToken({ name: 'Quoted', pattern: /"[^"\n]*"/ });
const ValueComment = createToken({ name: 'ValueComment', pattern: /#[^\n]*/ });
const ValueText = createToken({ name: 'ValueText', pattern: /[^\s"#](?:[^\n"#]*[^\s"#])?/ });
const Stray = createToken({ name: 'Stray', pattern: /[^\s]+/ });

/** Built with `lexerConfig`; the shared one is built on first use. */
export function createKeyValueLexer(options: GrammarBuildOptions = {}): Lexer {
  return new Lexer(
    {
      modes: {
        line: [Newline, Blank, Comment, Section, Key, Equals, Stray],
        value: [ValueEnd, Blank, Quoted, ValueComment, ValueText],
      },
      defaultMode: 'line',
    },
    lexerConfig(options),
  );
}

const keyValueLexer = builtOnFirstUse(createKeyValueLexer);

export interface KeyValueEntry {
  /** The `[Section]` the entry is in (wg-quick), or undefined before any section. */
  readonly section?: string;
  /** Which of the file's `sections` the entry is in (repeated `[Peer]` sections share a name), or undefined before any. */
  readonly sectionIndex?: number;
  readonly key: string;
  readonly keyRange: SourceRange;
  /** The value without surrounding quotes. */
  readonly value: string;
  /** Offset of the value's first character (inside the quotes). */
  readonly valueOffset: number;
  readonly valueRange: SourceRange;
  readonly range: SourceRange;
}

export interface KeyValueFile {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly sections: readonly { readonly name: string; readonly range: SourceRange }[];
  readonly entries: readonly KeyValueEntry[];
  readonly comments: readonly { readonly text: string; readonly range: SourceRange }[];
  readonly findings: readonly Finding[];
}

function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Parses a key-value file; malformed lines become `syntax-error` findings. */
export function parseKeyValueFile(file: string, text: string): KeyValueFile {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const { tokens, errors } = keyValueLexer().tokenize(text);
  for (const error of errors) {
    findings.push({ ruleId: 'syntax-error', severity: 'error', message: 'Unexpected character', range: lines.range(file, error.offset, error.offset + error.length) });
  }
  const sections: { name: string; range: SourceRange }[] = [];
  const entries: KeyValueEntry[] = [];
  const comments: { text: string; range: SourceRange }[] = [];
  let section: string | undefined;
  // Statements are line-shaped: split the token stream at newlines.
  let line: IToken[] = [];
  const flush = (): void => {
    if (line.length === 0) return;
    const [first, second, ...rest] = line;
    const lineRange = lines.range(file, first!.startOffset, end(line[line.length - 1]!));
    if (first!.tokenType === Section && line.length === 1) {
      section = first!.image.slice(1, -1).trim();
      sections.push({ name: section, range: lineRange });
    } else if (first!.tokenType === Key && second?.tokenType === Equals && rest.length <= 1) {
      const valueToken = rest[0];
      const quoted = valueToken?.tokenType === Quoted;
      const valueOffset = valueToken ? valueToken.startOffset + (quoted ? 1 : 0) : end(second);
      const value = valueToken ? (quoted ? valueToken.image.slice(1, -1) : valueToken.image) : '';
      entries.push({
        ...(section === undefined ? {} : { section, sectionIndex: sections.length - 1 }),
        key: first!.image,
        keyRange: lines.range(file, first!.startOffset, end(first!)),
        value,
        valueOffset,
        valueRange: lines.range(file, valueOffset, valueOffset + value.length),
        range: lineRange,
      });
    } else {
      findings.push({ ruleId: 'syntax-error', severity: 'error', message: 'Expected `name=value`', range: lineRange });
    }
    line = [];
  };
  for (const token of tokens) {
    if (token.tokenType === Newline || token.tokenType === ValueEnd) flush();
    else if (token.tokenType === Comment || token.tokenType === ValueComment) comments.push({ text: token.image, range: lines.range(file, token.startOffset, end(token)) });
    else line.push(token);
  }
  flush();
  return { file, text, lines, sections, entries, comments, findings };
}
