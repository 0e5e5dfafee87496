import { setFlagsFromString } from 'node:v8';

/**
 * Tunes V8 for a process that runs the language server: called by the
 * server's entry points (`pflint lsp`, `stdio.js`) before the server starts,
 * never by the library itself, as the flag holds for the whole process.
 *
 * The server runs the same functions once per edit. By default V8 gives a
 * function the feedback its optimising compilers need only after the
 * function has run for a while, so the first dozen or so edits after a large
 * file opened ran mostly unoptimised code (bench/lsp.bench.js, side by side:
 * p95 62-78 ms with the default, 44-52 ms with this flag). Set before the
 * worker threads start, whose code is all compiled under it.
 */
export function tuneV8ForLanguageServer(): void {
  setFlagsFromString('--no-lazy-feedback-allocation');
}
