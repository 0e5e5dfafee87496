/**
 * The pf.conf formatter's reading step: the file's tokens as written (macro
 * uses not expanded) cut into units the way pfctl cuts statements, each unit
 * one statement or one own-line comment, with the original span it replaces.
 *
 * Statements end at a newline outside braces; newlines inside a brace list
 * are optional to pfctl and are dropped, except after a comment (a comment
 * ends at the newline, so the statement must go on on the next line) and
 * where blank lines separate two items (a blank-line group is kept as one).
 * Inline anchor bodies (`anchor x {` + newline) are recognised from the
 * syntax tree, so a `{` opening a list is never mistaken for one.
 */
import type { TokenType } from 'chevrotain';
import { Arrow, Comma, Comment, Equals, Greater, Kw, LBrace, LParen, Less, Newline, RBrace, RParen, Word, type LexedText, type PfToken } from '../pf/lexer.js';
import type { PfDialect } from '../pf/syntax.js';
import {
  adjacentInSource,
  canGlue,
  isKeywordType,
  isTableReference,
  mustStayGlued,
  prefersGlue,
  writtenToken,
} from './pf-spacing.js';

/** One token as the formatter writes it. */
export interface Piece {
  readonly text: string;
  readonly type: TokenType;
  /** Written right after the previous piece, with no space. */
  readonly glued: boolean;
  /** A good place to break a long rule: before an option keyword, outside brackets. */
  readonly breakBefore: boolean;
}

/** A physical line of a statement: tokens, then maybe a comment that ends the line. */
export type StatementLine =
  | {
      readonly kind: 'tokens';
      readonly pieces: Piece[];
      comment?: string;
      /** The comment touches the last token in the source and must keep touching it (`80# c`: a blank would make `80` a number). */
      commentGlued?: boolean;
      readonly blankBefore: boolean;
    }
  /**
   * A comment on a line of its own: inside a brace list, or after a line that
   * ends in `\` (`continued`), which pfctl joins to the statement's line.
   * A continued comment that must keep touching the token before the `\`
   * (`80\` + newline + `# c`, which pfctl reads as `80# c`) is `glued`.
   */
  | {
      readonly kind: 'comment';
      readonly comment: string;
      readonly blankBefore: boolean;
      readonly continued: boolean;
      readonly glued?: boolean;
    };

export type AlignGroup = 'macro' | 'table';

export interface Unit {
  readonly kind: 'statement' | 'comment';
  /** Start of the first line of the unit in the source (its indentation is replaced too). */
  readonly start: number;
  /** End (exclusive) of the unit's last token or comment in the source. */
  end: number;
  /** Inline anchor nesting. */
  readonly depth: number;
  readonly blankBefore: boolean;
  readonly lines: StatementLine[];
  /** Statements that align into columns with their neighbours: the head is pieces 0..headEnd. */
  align?: { readonly group: AlignGroup; readonly headEnd: number };
  /** Source token indices after which a comma was added to a brace list, ascending. */
  readonly commasAfter: number[];
  /** The unit's tokens and comments: index ranges [from, to) into the lexed source. */
  readonly tokens: IndexRange;
  readonly comments: IndexRange;
}

export interface IndexRange {
  readonly from: number;
  readonly to: number;
}

export interface TreeFacts {
  /** Offsets of `{` tokens that open an inline anchor body. */
  readonly bodyBraces: ReadonlySet<number>;
  /** End offsets (exclusive) of brace-list items followed by another item, ascending. */
  readonly itemEnds: readonly number[];
}

/** Keywords before which a long rule is broken, in pfctl's option order roughly. */
const BREAK_KEYWORDS: ReadonlySet<string> = new Set([
  'on', 'proto', 'from', 'to', 'user', 'group', 'flags', 'icmp-type', 'icmp6-type', 'tos', 'keep', 'modulate',
  'synproxy', 'no', 'label', 'tag', 'tagged', 'queue', 'rtable', 'probability', 'prio', 'route-to', 'reply-to',
  'dup-to', 'nat-to', 'rdr-to', 'binat-to', 'af-to', 'divert-to', 'divert-reply', 'received-on', 'ridentifier',
  'max-pkt-rate', 'max-mss', 'allow-opts', 'once', 'set', 'os', 'file',
]);

/** Comment text as written, without trailing blanks unless they guard a backslash (`\` + newline would continue it). */
function writtenComment(text: string, comment: PfToken): string {
  const slice = text.slice(comment.startOffset, comment.endOffset! + 1);
  const trimmed = slice.trimEnd();
  return trimmed.endsWith('\\') ? slice : trimmed;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Only blanks before `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

class StatementBuilder {
  readonly lines: StatementLine[] = [];
  /** The piece written last. */
  last: Piece | undefined;
  readonly commasAfter: number[] = [];
  private line: Piece[] | undefined;
  /** The source token written last (an added comma is not one). */
  previousToken: PfToken | undefined;
  listDepth = 0;
  parenDepth = 0;
  opensBody = false;
  /** The previous boundary had to stay glued: this one keeps the source's spacing as well. */
  keepAdjacency = false;
  /** Newlines inside the braces since the last token or comment. */
  newlinesInside = 0;
  /** Nothing but newlines since the last `{`: blank lines here are dropped. */
  afterOpeningBrace = false;
  end: number;
  /** Index after the last source token and comment taken. */
  tokensTo: number;
  commentsTo: number;

  constructor(
    readonly firstToken: number,
    readonly firstComment: number,
    readonly start: number,
    readonly depth: number,
    readonly blankBefore: boolean,
    readonly closesBody: boolean,
  ) {
    this.end = start;
    this.tokensTo = firstToken;
    this.commentsTo = firstComment;
  }

  get currentLine(): Piece[] {
    if (!this.line) {
      this.line = [];
      this.lines.push({ kind: 'tokens', pieces: this.line, blankBefore: this.blankLineBeforeList() });
    }
    return this.line;
  }

  /** Blank lines in the source since the last token or comment, between two items of a brace list (not right after `{`). */
  blankLineBeforeList(): boolean {
    return this.listDepth > 0 && this.newlinesInside >= 2 && !this.afterOpeningBrace;
  }

  /** The statement goes on on a new line (after blank lines inside a list). */
  breakLine(): void {
    this.line = undefined;
  }

  push(piece: Piece): void {
    (this.line ?? this.currentLine).push(piece);
    this.last = piece;
  }

  /**
   * A comment inside the statement or after its last token, ending the line
   * it is on (`glued`: touching the token before it); inside a brace list the
   * statement goes on on a new line.
   */
  comment(comment: string, ownLine: boolean, glued: boolean): void {
    const last = this.lines[this.lines.length - 1];
    if (!ownLine && this.line && last?.kind === 'tokens') {
      last.comment = comment;
      if (glued) last.commentGlued = true;
    } else {
      this.lines.push({ kind: 'comment', comment, blankBefore: this.blankLineBeforeList(), continued: false });
    }
    this.line = undefined;
  }

  /** A comment alone on a line that the line before joins through its `\`: it stays there, the `\` too. */
  continuedComment(comment: string, glued: boolean): void {
    this.lines.push({ kind: 'comment', comment, blankBefore: false, continued: true, glued });
    this.line = undefined;
  }

  /**
   * Whether `comment` touches the token taken last, in the source as pfctl
   * reads it (past `\` + newline continuations), and must keep touching it.
   */
  commentMustTouch(text: string, comment: PfToken, written: string): boolean {
    const previous = this.last;
    return (
      previous !== undefined &&
      this.previousToken !== undefined &&
      adjacentInSource(text, this.previousToken, comment) &&
      mustStayGlued(previous.type, previous.text, Comment, written)
    );
  }
}

/**
 * Reads the file into units. `tokens` and `comments` come from `lexPf` on the
 * unexpanded text; `facts` from the syntax tree.
 */
export function readUnits(text: string, lexed: LexedText, dialect: PfDialect, facts: TreeFacts): Unit[] {
  const { tokens, comments } = lexed;
  const units: Unit[] = [];
  let anchorDepth = 0;
  /** Newline tokens since the last unit ended (its own newline counts). */
  let newlines = 0;
  let current: StatementBuilder | undefined;
  let lastWasNewline = true;
  let tableBracketUntil = -1;
  let commentIndex = 0;
  /** The next entry of `facts.itemEnds` at or after the current token's end. */
  let itemEndIndex = 0;

  const blankAllowed = (): boolean => {
    const previous = units[units.length - 1];
    return newlines >= 2 && previous !== undefined && !opensBody(previous);
  };
  const opensBodyUnits = new WeakSet<Unit>();
  const opensBody = (unit: Unit): boolean => opensBodyUnits.has(unit);

  const finish = (): void => {
    const builder = current!;
    current = undefined;
    const unit: Unit = {
      kind: 'statement',
      start: builder.start,
      end: builder.end,
      depth: builder.depth,
      blankBefore: builder.blankBefore,
      lines: builder.lines,
      commasAfter: builder.commasAfter,
      tokens: { from: builder.firstToken, to: builder.tokensTo },
      comments: { from: builder.firstComment, to: builder.commentsTo },
    };
    const first = builder.lines[0];
    const align = first?.kind === 'tokens' ? alignment(first.pieces) : undefined;
    if (align) unit.align = align;
    if (builder.opensBody) {
      opensBodyUnits.add(unit);
      anchorDepth++;
    }
    units.push(unit);
  };

  const takeComment = (comment: PfToken, index: number): void => {
    const written = writtenComment(text, comment);
    const end = comment.endOffset! + 1;
    if (!current) {
      const start = lineStart(text, comment.startOffset);
      units.push({
        kind: 'comment',
        start,
        end,
        depth: anchorDepth,
        blankBefore: blankAllowed(),
        lines: [{ kind: 'comment', comment: written, blankBefore: false, continued: false }],
        commasAfter: [],
        tokens: { from: 0, to: 0 },
        comments: { from: index, to: index + 1 },
      });
      newlines = 0;
    } else {
      const glued = current.commentMustTouch(text, comment, written);
      if (!lastWasNewline && startsLine(text, comment.startOffset)) current.continuedComment(written, glued);
      else current.comment(written, lastWasNewline, glued);
      current.end = end;
    }
    if (current) {
      current.newlinesInside = 0;
      current.afterOpeningBrace = false;
      current.commentsTo = index + 1;
    }
    lastWasNewline = false;
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    while (commentIndex < comments.length && comments[commentIndex]!.startOffset < token.startOffset) {
      takeComment(comments[commentIndex]!, commentIndex);
      commentIndex++;
    }
    if (token.tokenType === Newline) {
      if (current && current.listDepth === 0) {
        finish();
        newlines = 1;
      } else if (current) {
        current.newlinesInside++;
      } else {
        newlines++;
      }
      lastWasNewline = true;
      continue;
    }
    if (!current) {
      const closesBody = token.tokenType === RBrace && anchorDepth > 0;
      if (closesBody) anchorDepth--;
      current = new StatementBuilder(
        index,
        commentIndex,
        lineStart(text, token.startOffset),
        anchorDepth,
        blankAllowed() && !closesBody,
        closesBody,
      );
    }
    const builder = current;
    if (token.tokenType !== RBrace && builder.blankLineBeforeList()) builder.breakLine();
    const written = writtenToken(text, token);
    const previous = builder.last;
    let glued = false;
    if (previous && builder.previousToken) {
      const tableBracket = index <= tableBracketUntil;
      const adjacent = adjacentInSource(text, builder.previousToken, token);
      const forced = adjacent && mustStayGlued(previous.type, previous.text, token.tokenType, written);
      // After a forced glue (`1000<>`), the other side of the operator keeps its adjacency too: `1000<>2000`.
      glued =
        forced || (adjacent && builder.keepAdjacency) ||
        (prefersGlue(previous.type, token.tokenType, tableBracket) &&
          (adjacent || canGlue(previous.type, previous.text, token.tokenType, written, dialect)));
      builder.keepAdjacency = forced;
    }
    const atTopLevel = builder.listDepth === 0 && builder.parenDepth === 0;
    builder.push({
      text: written,
      type: token.tokenType,
      glued,
      breakBefore:
        previous !== undefined &&
        atTopLevel &&
        (token.tokenType === Arrow || (isKeywordType(token.tokenType) && BREAK_KEYWORDS.has(written))),
    });
    builder.previousToken = token;
    builder.tokensTo = index + 1;
    builder.end = token.endOffset! + 1;
    builder.newlinesInside = 0;
    builder.afterOpeningBrace = token.tokenType === LBrace;
    lastWasNewline = false;

    if (token.tokenType === Less && isTableReference(tokens, index)) tableBracketUntil = index + 2;
    if (token.tokenType === LBrace) {
      if (facts.bodyBraces.has(token.startOffset)) builder.opensBody = true;
      else builder.listDepth++;
    } else if (token.tokenType === RBrace && !(builder.closesBody && previous === undefined)) {
      builder.listDepth = Math.max(0, builder.listDepth - 1);
    } else if (token.tokenType === LParen) {
      builder.parenDepth++;
    } else if (token.tokenType === RParen) {
      builder.parenDepth = Math.max(0, builder.parenDepth - 1);
    }
    // pfctl takes a newline after a list item but not after a comma: an item whose line ends in a comment gets none.
    const tokenEnd = token.endOffset! + 1;
    while (itemEndIndex < facts.itemEnds.length && facts.itemEnds[itemEndIndex]! < tokenEnd) itemEndIndex++;
    const next = facts.itemEnds[itemEndIndex] === tokenEnd ? nextSignificant(tokens, index) : undefined;
    const commentFollows = commentIndex < comments.length && next !== undefined && comments[commentIndex]!.startOffset < next.startOffset;
    // No comma where the item must keep touching what follows it (`80!=81`: `80,` would make `80` a number).
    const gluedToNext = next !== undefined && adjacentInSource(text, token, next) && mustStayGlued(token.tokenType, written, next.tokenType, writtenToken(text, next));
    if (next !== undefined && next.tokenType !== Comma && !commentFollows && !gluedToNext && !blankLineFollows(tokens, index)) {
      builder.push({ text: ',', type: Comma, glued: true, breakBefore: false });
      builder.commasAfter.push(index);
    }
  }
  for (; commentIndex < comments.length; commentIndex++) takeComment(comments[commentIndex]!, commentIndex);
  if (current) finish();
  return units;
}

/** Whether two or more newlines follow the token at `index` (a blank line the list keeps: no comma may go before it). */
function blankLineFollows(tokens: readonly PfToken[], index: number): boolean {
  return tokens[index + 1]?.tokenType === Newline && tokens[index + 2]?.tokenType === Newline;
}

function nextSignificant(tokens: readonly PfToken[], index: number): PfToken | undefined {
  for (let next = index + 1; next < tokens.length; next++) {
    if (tokens[next]!.tokenType !== Newline) return tokens[next];
  }
  return undefined;
}

/** `name = value` aligns on `=`; `table <name> ...` aligns what follows the name. */
function alignment(pieces: readonly Piece[]): Unit['align'] {
  if (pieces.length >= 2 && pieces[0]!.type === Word && pieces[1]!.type === Equals) return { group: 'macro', headEnd: 0 };
  if (
    pieces.length >= 4 &&
    pieces[0]!.type === Kw.table &&
    pieces[1]!.type === Less &&
    pieces[3]!.type === Greater
  ) {
    return { group: 'table', headEnd: 3 };
  }
  return undefined;
}
