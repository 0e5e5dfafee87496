// Bundles the extension into dist/ so the .vsix needs no node_modules:
//   dist/extension.js        the client (CommonJS, as VS Code loads extensions)
//   dist/server/server.js    the language server's bin, with core
//   dist/server/analysis-worker.js, core-analysis.js
//                            the worker thread and the module it loads: the
//                            server finds both next to itself by URL, so they
//                            stay separate entry points with those names
// The server is bundled from packages/*/dist: run `tsc -b` first (the root
// `npm run package` does).
//
// Usage: node scripts/build.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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

await build({
  entryPoints: {
    server: join(languageServer, 'bin', 'pflint-language-server.js'),
    'analysis-worker': join(languageServer, 'dist', 'analysis-worker.js'),
    'core-analysis': join(languageServer, 'dist', 'core-analysis.js'),
  },
  outdir: serverFolder,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The protocol library is CommonJS and requires Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __pflintCreateRequire } from 'node:module'; const require = __pflintCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
mkdirSync(serverFolder, { recursive: true });
writeFileSync(join(serverFolder, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
console.log(`build: extension and language server bundled into ${distFolder}`);
