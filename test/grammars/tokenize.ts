import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import oniguruma from 'vscode-oniguruma';
import textmate from 'vscode-textmate';

const GRAMMARS_DIR = fileURLToPath(new URL('../../grammars/', import.meta.url));
const EXTENSION_MANIFEST = fileURLToPath(new URL('../../extension/package.json', import.meta.url));

/**
 * The grammar files by scope name, read from the extension's contributions so
 * the tests load exactly what VS Code will (the extension's `./grammars/` is
 * a copy of the repository's `grammars/`).
 */
function contributedGrammarFiles(): ReadonlyMap<string, string> {
  const manifest = JSON.parse(readFileSync(EXTENSION_MANIFEST, 'utf8')) as {
    contributes: { grammars: readonly { scopeName: string; path: string }[] };
  };
  return new Map(manifest.contributes.grammars.map((grammar) => [grammar.scopeName, basename(grammar.path)]));
}

export interface ScopedToken {
  /** 1-based, like an editor's gutter. */
  readonly line: number;
  /** 1-based column of the first character. */
  readonly column: number;
  readonly text: string;
  /** Innermost last; the grammar's own scope name first. */
  readonly scopes: readonly string[];
}

/** Oniguruma's WASM can be loaded once per process, so every caller shares one registry. */
let registry: Promise<textmate.Registry> | undefined;
const textmateRegistry = (): Promise<textmate.Registry> => (registry ??= createRegistry());

/** The WASM build of Oniguruma, the regex engine VS Code runs TextMate grammars with. */
async function createRegistry(): Promise<textmate.Registry> {
  const grammarFiles = contributedGrammarFiles();
  const wasmPath = createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm');
  const wasm = readFileSync(wasmPath);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles.get(scopeName);
      if (file === undefined) return null;
      const path = join(GRAMMARS_DIR, file);
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
}

/** Tokenizes `text` line by line, carrying the rule stack across lines as an editor does. */
export async function tokenize(scopeName: string, text: string): Promise<ScopedToken[]> {
  const grammar = await (await textmateRegistry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  const tokens: ScopedToken[] = [];
  let ruleStack = textmate.INITIAL;
  text.split('\n').forEach((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, ruleStack);
    for (const token of result.tokens) {
      const tokenText = lineText.slice(token.startIndex, token.endIndex);
      if (tokenText === '') continue;
      tokens.push({ line: index + 1, column: token.startIndex + 1, text: tokenText, scopes: token.scopes });
    }
    ruleStack = result.ruleStack;
  });
  return tokens;
}

/**
 * One line per token: position, the text in JSON quotes (so spaces show), and
 * the scopes below the root scope. Whitespace-only tokens that carry nothing
 * but the root scope are left out to keep snapshots short.
 */
export function formatTokens(tokens: readonly ScopedToken[]): string {
  const lines: string[] = [];
  for (const token of tokens) {
    const scopes = token.scopes.slice(1);
    if (scopes.length === 0 && token.text.trim() === '') continue;
    lines.push(`${token.line}:${token.column} ${JSON.stringify(token.text)} ${scopes.join(' ') || '-'}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Scopes of the first token on `line` whose text, without surrounding blanks,
 * is `text` (unscoped words share a token with the blanks around them).
 * Fails loudly when there is none.
 */
export function scopesOf(tokens: readonly ScopedToken[], line: number, text: string): readonly string[] {
  const found = tokens.find((token) => token.line === line && token.text.trim() === text);
  if (!found) {
    const onLine = tokens.filter((token) => token.line === line).map((token) => JSON.stringify(token.text));
    throw new Error(`no token ${JSON.stringify(text)} on line ${line}; tokens there: ${onLine.join(' ')}`);
  }
  return found.scopes;
}

/** The innermost scope of that token, which is what a theme colours it by. */
export function innermostScope(tokens: readonly ScopedToken[], line: number, text: string): string {
  const scopes = scopesOf(tokens, line, text);
  return scopes[scopes.length - 1] ?? '';
}
