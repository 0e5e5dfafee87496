// Bundles the extension into dist/ so the .vsix needs no node_modules:
//   dist/extension.js        the client (CommonJS, as VS Code loads extensions)
//   dist/server/server.js    the language server's bin, with core
//   dist/server/analysis-worker.js, core-analysis.js
//                            the worker thread and the module it loads
//                            (see scripts/language-server-bundle.mjs)
// The server is bundled from packages/*/dist: run `tsc -b` first (the root
// `npm run package` does).
//
// Usage: node scripts/build.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { languageServerBundle } from '../../scripts/language-server-bundle.mjs';

const extensionFolder = fileURLToPath(new URL('..', import.meta.url));
const languageServer = join(extensionFolder, '..', 'packages', 'language-server');
const distFolder = join(extensionFolder, 'dist');
const serverFolder = join(distFolder, 'server');

rmSync(distFolder, { recursive: true, force: true });

await build({
  entryPoints: [join(extensionFolder, 'src', 'extension.ts')],
  outfile: join(distFolder, 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
});

await build(languageServerBundle({ server: join(languageServer, 'stdio.js') }, serverFolder));
mkdirSync(serverFolder, { recursive: true });
writeFileSync(join(serverFolder, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
console.log(`build: extension and language server bundled into ${distFolder}`);
