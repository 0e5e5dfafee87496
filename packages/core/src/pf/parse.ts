/**
 * parsePfConf: text → syntax tree + findings. Drives the statement reader
 * (tokens.ts) and the grammar (parser.ts), applies macro definitions as they
 * are parsed, reads included files through the FileSystem, and assembles
 * inline anchor bodies. Never throws on bad input.
 */
import * as posixPath from 'node:path/posix';
import type { Finding } from '../findings.js';
import { joinRanges, LineIndex, MovablePositions, startOffsetOf, type OffsetPositions, type SourceRange } from '../source.js';
import { lexPf, Newline, RBrace, type LexedText, type PfToken } from './lexer.js';
import { PfParser, type ParseContext } from './parser.js';
import type {
  AnchorRule,
  Comment,
  EtherAnchor,
  IncludeStatement,
  MacroDefinition,
  PfDialect,
  PfParseOptions,
  PfParseResult,
  PfSyntaxFile,
  Statement,
} from './syntax.js';
import { StatementReader, type MacroTable } from './tokens.js';

/** How many statements (blank lines and closing braces included) a parse or an expansion reads between two calls of its `checkpoint`. */
export const CHECKPOINT_EVERY = 256;

let sharedParser: PfParser | undefined;

/** One parser for every call (parsing and content assist): building a Chevrotain parser is the expensive part. */
export function sharedPfParser(): PfParser {
  return (sharedParser ??= new PfParser());
}

interface Session {
  readonly options: PfParseOptions;
  readonly dialect: PfDialect;
  readonly macros: MacroTable;
  readonly findings: Finding[];
  /** Paths the file system read for the files being parsed, outermost first (include cycles). */
  readonly stack: string[];
}

export function parsePfConf(text: string, options: PfParseOptions): PfParseResult {
  return parseText(text, options);
}

/** `parsePfConf`, also cutting the file into the parts a later version of the text may keep (`reparse.ts`). */
export function parsePfConfInUnits(text: string, options: PfParseOptions): { readonly parsed: PfParseResult; readonly recording: UnitRecording } {
  const recording: UnitRecording = { units: [], start: 0, reusable: true };
  return { parsed: parseText(text, options, recording), recording };
}

function parseText(text: string, options: PfParseOptions, recording?: UnitRecording): PfParseResult {
  const session = newSession(options);
  const lexed = lexPf(text, session.dialect);
  const tree = parseFile(text, options.file, session, lexed, recording);
  return { tree, findings: session.findings, lexed };
}

/**
 * Reads `lexed`, the tokens of one stretch of `text` that starts where a
 * part starts, into parts (`recording`), with the macros `before` (the
 * top-level statements read before the stretch) defined. The parts keep the
 * statements and findings.
 */
export function readStretch(text: string, lineIndex: LineIndex, options: PfParseOptions, lexed: LexedText, before: Iterable<Statement>, recording: UnitRecording): void {
  const session = newSession(options);
  for (const statement of before) if (statement.kind === 'macro-definition') defineMacroIn(session.macros, statement);
  readStatements(text, lineIndex, options.file, session, lexed, () => undefined, recording);
}

/**
 * Reads a pf.conf as parsePfConf does, but hands each top-level statement to
 * `visit` once it is complete (an inline anchor with its body) and keeps no
 * tree. For callers that need facts from the statements rather than the
 * statements (the formatter): what a parse keeps is most of its cost, since
 * the garbage collector copies it while the parse goes on.
 */
export function visitPfStatements(text: string, options: PfParseOptions, visit: (statement: Statement) => void): Omit<PfParseResult, 'tree'> {
  const session = newSession(options);
  const lexed = lexPf(text, session.dialect);
  readStatements(text, new LineIndex(text), options.file, session, lexed, visit);
  return { findings: session.findings, lexed };
}

function newSession(options: PfParseOptions): Session {
  const macros: MacroTable = new Map();
  for (const [name, value] of Object.entries(options.macros ?? {})) macros.set(name, { value, persistent: true });
  return {
    options,
    dialect: options.dialect ?? 'freebsd',
    macros,
    findings: [],
    stack: [posixPath.normalize(options.file)],
  };
}

/** An inline anchor whose `{` has been read and whose `}` has not. */
interface OpenBody {
  readonly anchor: AnchorRule | EtherAnchor;
  readonly statements: Statement[];
}

function parseFile(text: string, file: string, session: Session, lexed: LexedText, recording?: UnitRecording): PfSyntaxFile {
  const lineIndex = new LineIndex(text);
  const statements: Statement[] = [];
  readStatements(text, lineIndex, file, session, lexed, (statement) => statements.push(statement), recording);
  return fileTree(text, file, lineIndex, statements, commentsOf(lexed, text, lineIndex, file));
}

/** The tree of a file whose top-level statements are `statements`. */
export function fileTree(text: string, file: string, lineIndex: LineIndex, statements: Statement[], comments: Comment[]): PfSyntaxFile {
  return { kind: 'file', file, text, statements, comments, range: lineIndex.range(file, 0, text.length) };
}

/**
 * A top-level part of a file, read from a state with nothing pending: one
 * statement (an inline anchor with its whole body), with the blank lines and
 * comments before it. The parts of a file follow each other without gaps.
 * A later version of the text keeps the parts its edits did not touch
 * (`reparse.ts`): their statements and findings are made by `positions`.
 */
export interface ReadUnit {
  /** Where the part starts: where the one before it ends, or where reading started. */
  start: number;
  /** Just after the newline that ends its statement. */
  end: number;
  readonly statements: readonly Statement[];
  readonly findings: readonly Finding[];
  readonly positions: MovablePositions;
}

/** What a reading kept for a later version of the text: its parts, and whether any of them can be kept at all. */
export interface UnitRecording {
  readonly units: ReadUnit[];
  /** Where the first part starts. */
  readonly start: number;
  /**
   * False when a later version cannot start from this reading: it read an
   * include (another file, which may change unseen), reached the end of the
   * file inside an anchor's braces or without a newline, or read the rest of
   * the file again after a glued macro.
   */
  reusable: boolean;
}

/** The statements of one file, each top-level one handed to `emit` when complete; findings go to the session. */
function readStatements(
  text: string,
  lineIndex: LineIndex,
  file: string,
  session: Session,
  lexed: LexedText,
  emit: (statement: Statement) => void,
  recording?: UnitRecording,
): void {
  // `lines` changes from part to part when the reading is recorded for a later version (see ReadUnit).
  const context: Omit<ParseContext, 'lines'> & { lines: OffsetPositions } = { file, lines: lineIndex, dialect: session.dialect };
  const range = (start: number, end: number): SourceRange => context.lines.range(file, start, end);
  const tokenRange = (token: PfToken): SourceRange => range(token.startOffset, token.endOffset! + 1);
  const report = (ruleId: string, message: string, at: SourceRange): void => {
    session.findings.push({ ruleId, severity: 'error', message, range: at });
  };

  const reader = new StatementReader(
    text,
    context,
    session.macros,
    ({ name, token }) => report('undefined-macro', `macro '${name}' not defined`, tokenRange(token)),
    // A copy: the reader may lex the rest of the file again after a glued macro, and `lexed` is returned as the file was lexed.
    lexed.tokens.slice(),
  );

  const open: OpenBody[] = [];
  const unit = recording && new UnitReader(recording, lineIndex, session.findings);
  const add = (statement: Statement): void => {
    const body = open[open.length - 1];
    if (!body) {
      unit?.statements.push(statement);
      emit(statement);
      return;
    }
    const misplaced = misplacedInBody(statement, body.anchor, session.dialect);
    if (misplaced !== undefined) {
      report('syntax-error', `syntax error: ${misplaced}`, firstTokenRange(statement, range));
      return;
    }
    body.statements.push(statement);
  };

  const readChunk = (chunk: PfToken[]): void => {
    const first = chunk[0]!;
    if (first.tokenType === Newline) return;
    if (first.tokenType === RBrace) {
      closeBody(chunk, open, add, report, tokenRange);
      return;
    }
    const result = sharedPfParser().parseStatement(chunk, context);
    if (result.error) {
      const token = errorToken(result.error.token, chunk);
      if (!reader.isLeftover(first)) report('syntax-error', 'syntax error', tokenRange(token));
      reader.resync(chunk, Math.max(0, chunk.indexOf(token)));
      return;
    }
    const statement = result.statement;
    if (!statement) return;
    if (result.opensBody && (statement.kind === 'anchor' || statement.kind === 'ether-anchor')) {
      open.push({ anchor: statement, statements: [] });
      return;
    }
    if (statement.kind === 'macro-definition' && open.length === 0) {
      add(defineMacro(statement, session));
    } else if (statement.kind === 'include') {
      if (recording) recording.reusable = false;
      add(include(statement, session, report));
    } else {
      add(statement);
    }
  };

  const checkpoint = session.options.checkpoint;
  for (let count = 1; ; count++) {
    if (unit) context.lines = unit.positions;
    const chunk = reader.next();
    if (!chunk) break;
    if (checkpoint && count % CHECKPOINT_EVERY === 0) checkpoint();
    readChunk(chunk);
    // A newline a macro's value brought stands where the `$name` is: no part ends inside the text.
    const last = chunk[chunk.length - 1]!;
    if (unit && open.length === 0 && reader.atStatementStart() && !last.macro) unit.endAfter(last);
  }
  if (open.length > 0) {
    // pfctl reaches the end of the file inside the braces.
    report('syntax-error', 'syntax error', range(text.length, text.length));
    while (open.length > 0) {
      const body = open.pop()!;
      add(withBody(body, body.anchor.range));
    }
  }
  if (recording && (open.length > 0 || reader.readRestAgain || !unit!.atStart())) recording.reusable = false;
}

/** Cuts what `readStatements` reads into `ReadUnit`s. */
class UnitReader {
  statements: Statement[] = [];
  positions: MovablePositions;
  private start: number;
  private findingsFrom: number;

  constructor(
    private readonly recording: UnitRecording,
    private readonly lines: LineIndex,
    private readonly findings: readonly Finding[],
  ) {
    this.start = recording.start;
    this.findingsFrom = findings.length;
    this.positions = new MovablePositions(lines);
  }

  /** True when nothing has been read since the last part ended (blank lines and comments aside). */
  atStart(): boolean {
    return this.statements.length === 0 && this.findings.length === this.findingsFrom;
  }

  /** Ends the part being read with `newline`, unless nothing was read (a blank line). */
  endAfter(newline: PfToken): void {
    if (this.atStart()) return;
    // The file ends without a newline: the reader made one up, so no text ends the part.
    if (newline.image === '') this.recording.reusable = false;
    const end = newline.startOffset + 1;
    const { statements, positions, start } = this;
    this.recording.units.push({ start, end, statements, findings: this.findings.slice(this.findingsFrom), positions });
    this.start = end;
    this.findingsFrom = this.findings.length;
    this.statements = [];
    this.positions = new MovablePositions(this.lines);
  }
}

/** Chevrotain reports the end of input as an EOF token without a position. */
function errorToken(token: PfToken, chunk: PfToken[]): PfToken {
  return Number.isNaN(token.startOffset) || token.startOffset === undefined ? chunk[chunk.length - 1]! : token;
}

/** An empty range where the statement starts (made by `range`, as the statement's own ranges are). */
function firstTokenRange(statement: Statement, range: (start: number, end: number) => SourceRange): SourceRange {
  const start = startOffsetOf(statement.range);
  return range(start, start);
}

/** What each statement that cannot stand inside an anchor's braces is called in the message that says so. */
const STATEMENT_NAMES: Record<Exclude<Statement['kind'], 'filter-rule' | 'anchor'>, string> = {
  'macro-definition': 'macro definition',
  include: 'include',
  table: 'table definition',
  set: 'option',
  scrub: 'scrub rule',
  'translation-rule': 'translation rule',
  'translation-anchor': 'translation anchor',
  'load-anchor': 'load anchor',
  antispoof: 'antispoof rule',
  altq: 'altq definition',
  queue: 'queue definition',
  'ether-rule': 'ether rule',
  'ether-anchor': 'ether anchor',
  'limiter-definition': 'limiter definition',
};

/**
 * Why `statement` cannot stand inside `anchor`'s braces, or undefined where it
 * can. pfctl's grammar takes filter rules and anchors there; OpenBSD's also
 * tables and includes, which FreeBSD's took from it only after 14 (its
 * CURRENT has them; whether 15.0 does was not verified, so the FreeBSD
 * dialect keeps 14's grammar and says so).
 */
function misplacedInBody(statement: Statement, anchor: AnchorRule | EtherAnchor, dialect: PfDialect): string | undefined {
  if (anchor.kind === 'ether-anchor') {
    return statement.kind === 'ether-rule' || statement.kind === 'ether-anchor' ? undefined : "an ether anchor's braces hold only ether rules and ether anchors";
  }
  if (statement.kind === 'filter-rule' || statement.kind === 'anchor') return undefined;
  if (statement.kind === 'table' || statement.kind === 'include') {
    if (dialect === 'openbsd') return undefined;
    const instead =
      statement.kind === 'table'
        ? 'define the table at the top level'
        : "write the file's rules inside the braces, or drop the braces and load the file with `load anchor`";
    return `FreeBSD's pfctl up to 14 takes no ${STATEMENT_NAMES[statement.kind]} inside an anchor's braces (OpenBSD's and newer FreeBSD's do): ${instead}`;
  }
  return `an anchor's braces hold only filter rules and anchors: move this ${STATEMENT_NAMES[statement.kind]} to the top level`;
}

function closeBody(
  chunk: PfToken[],
  open: OpenBody[],
  add: (statement: Statement) => void,
  report: (ruleId: string, message: string, at: SourceRange) => void,
  tokenRange: (token: PfToken) => SourceRange,
): void {
  const brace = chunk[0]!;
  const extra = chunk[1]!;
  if (extra.tokenType !== Newline || open.length === 0) {
    report('syntax-error', 'syntax error', tokenRange(extra.tokenType !== Newline ? extra : brace));
    return;
  }
  const body = open.pop()!;
  add(withBody(body, tokenRange(brace)));
}

/** The anchor with its body, both ending where `last` ends. */
function withBody(body: OpenBody, last: SourceRange): AnchorRule | EtherAnchor {
  const { anchor, statements } = body;
  return {
    ...anchor,
    body: { statements, range: joinRanges(anchor.body!.range, last) },
    range: joinRanges(anchor.range, last),
  };
}

function defineMacro(definition: MacroDefinition, session: Session): MacroDefinition {
  return defineMacroIn(session.macros, definition) ? definition : { ...definition, overridden: true };
}

/** Defines the macro unless a `-D` macro of that name wins; false when it does. */
function defineMacroIn(macros: MacroTable, definition: MacroDefinition): boolean {
  const name = definition.name.text;
  if (macros.get(name)?.persistent) return false;
  macros.set(name, { value: definition.value, persistent: false });
  return true;
}

function include(
  statement: IncludeStatement,
  session: Session,
  report: (ruleId: string, message: string, at: SourceRange) => void,
): IncludeStatement {
  const path = statement.path.text;
  const resolvedPath = findInclude(path, session);
  const resolved = { ...statement, resolvedPath };
  if (session.stack.includes(resolvedPath)) {
    report('include-cycle', `include cycle: ${[...session.stack, resolvedPath].join(' -> ')}`, statement.range);
    return resolved;
  }
  const text = session.options.fs?.readFile(resolvedPath);
  if (text === undefined) {
    report('include-not-found', `failed to include file ${path}`, statement.range);
    return resolved;
  }
  session.stack.push(resolvedPath);
  // Named by the path read, so findings, fixes and suppressions in it reach the file that holds it.
  const included = parseFile(text, resolvedPath, session, lexPf(text, session.dialect));
  session.stack.pop();
  return { ...resolved, included };
}

/** An include statement whose file was read, with that file's tree. */
export type ReadInclude = IncludeStatement & { readonly included: PfSyntaxFile };

/** The includes that read a file, in `file` and in the files they read, at any depth (OpenBSD allows them inside an anchor's braces too). */
export function* includesRead(file: PfSyntaxFile): Iterable<ReadInclude> {
  yield* readIn(file.statements);
}

function* readIn(statements: readonly Statement[]): Iterable<ReadInclude> {
  for (const statement of statements) {
    if (statement.kind === 'include' && statement.included) {
      yield statement as ReadInclude;
      yield* includesRead(statement.included);
    } else if (statement.kind === 'anchor' && statement.body) {
      yield* readIn(statement.body.statements);
    }
  }
}

/**
 * Whether `statement` is an include, read or not, or an inline anchor whose
 * body holds one (OpenBSD allows them there). Such a tree matters twice: a
 * parse cache reads its file anew for every version (the included file may
 * have changed unseen: `UnitRecording.reusable`), so keeping its expansions
 * gains nothing; and a file included twice lists its statements twice.
 */
export function holdsInclude(statement: Statement): boolean {
  if (statement.kind === 'include') return true;
  return statement.kind === 'anchor' && statement.body !== undefined && statement.body.statements.some(holdsInclude);
}

/**
 * The path the file system reads for `include path`: where pfctl would open
 * it (an absolute path inside `root`, the host's `/`), else, for a relative
 * path not there, the first configured include directory that has it.
 */
function findInclude(path: string, session: Session): string {
  const { fs, baseDir, root, includePaths = [] } = session.options;
  if (path.startsWith('/')) return root === undefined ? posixPath.normalize(path) : insideHost(path, root, includePaths);
  const asPfctlOpensIt = baseDir ? posixPath.join(baseDir, path) : posixPath.normalize(path);
  if (includePaths.length === 0 || fs?.readFile(asPfctlOpensIt) !== undefined) return asPfctlOpensIt;
  const found = includePaths.map((directory) => posixPath.join(directory, path)).find((candidate) => fs?.readFile(candidate) !== undefined);
  return found ?? asPfctlOpensIt;
}

/** An absolute path as the host reads it: below `root`, unless it already names a file in the host or an include directory. */
function insideHost(path: string, root: string, includePaths: readonly string[]): string {
  const normalized = posixPath.normalize(path);
  const kept = [root, ...includePaths].map((directory) => `${posixPath.normalize(directory)}/`);
  return kept.some((directory) => normalized.startsWith(directory)) ? normalized : posixPath.join(root, normalized);
}

/**
 * The comments of `lexed`, each knowing whether a token precedes it on its
 * line. `lexed` may be a stretch of the file that starts where a statement
 * starts: the token before its first comment would be a newline anyway.
 */
export function commentsOf(lexed: LexedText, text: string, lineIndex: LineIndex, file: string): Comment[] {
  return lexed.comments.map((token) => toComment(token, lexed.tokens, text, lineIndex, file));
}

function toComment(token: PfToken, tokens: PfToken[], text: string, lineIndex: LineIndex, file: string): Comment {
  const start = token.startOffset;
  const end = token.endOffset! + 1;
  const line = lineIndex.position(start).line;
  // A token before the comment on its line makes it trailing: find the last token starting before it.
  let low = 0;
  let high = tokens.length - 1;
  let before: PfToken | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (tokens[mid]!.startOffset < start) {
      before = tokens[mid];
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  const trailing = before !== undefined && before.tokenType !== Newline && lineIndex.position(before.endOffset!).line === line;
  return { text: text.slice(start + 1, end), trailing, range: lineIndex.range(file, start, end) };
}
