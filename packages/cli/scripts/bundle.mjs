// Bundles the compiled CLI (dist/, from `tsc -b`) with esbuild into bundle/,
// which bin/pflint.js runs: Node loads a few files instead of about 900
// modules (chevrotain alone pulls in 647 lodash-es files), and loading them
// was nearly all of a `pflint --version`.
//   bundle/pflint.js             the CLI
//   bundle/analysis-worker.js,   the language server's worker thread and the
//   bundle/core-analysis.js      module it loads (see scripts/language-server-bundle.mjs)
//   bundle/*-HASH.js             code shared by them, and the language server,
//                                which `pflint lsp` loads on demand
// Source maps lead back to the TypeScript sources (bin/pflint.js turns them on).
//
// Usage: node packages/cli/scripts/bundle.mjs [OUTDIR]   (default: packages/cli/bundle)
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { languageServerBundle } from '../../../scripts/language-server-bundle.mjs';

const cli = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(process.argv[2] ?? join(cli, 'bundle'));

rmSync(outdir, { recursive: true, force: true });
await build(languageServerBundle({ pflint: join(cli, 'dist', 'main.js') }, outdir));
