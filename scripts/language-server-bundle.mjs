// esbuild options for an ES-module bundle that carries the language server,
// shared by the CLI's bundle (packages/cli/scripts/bundle.mjs) and the VS Code
// extension's (extension/scripts/build.mjs). The server starts its worker
// thread from `analysis-worker.js` and has it load `core-analysis.js`, both
// found next to the server's own code by URL: so they are entry points with
// those names, and the code they share goes into chunks in the same folder.
// Bundled from packages/*/dist: run `tsc -b` first.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const languageServer = fileURLToPath(new URL('../packages/language-server/', import.meta.url));

/** `main`: the bundle's own entry points by output name; `outdir`: where everything goes. */
export function languageServerBundle(main, outdir) {
  return {
    entryPoints: {
      ...main,
      'analysis-worker': join(languageServer, 'dist', 'analysis-worker.js'),
      'core-analysis': join(languageServer, 'dist', 'core-analysis.js'),
    },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // The protocol library is CommonJS and requires Node's modules; an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __pflintCreateRequire } from 'node:module'; const require = __pflintCreateRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  };
}
