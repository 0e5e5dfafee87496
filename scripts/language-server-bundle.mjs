// esbuild options for an ES-module bundle that carries the language server,
// shared by the CLI's bundle (packages/cli/scripts/bundle.mjs) and the VS Code
// extension's (extension/scripts/build.mjs). The server starts its worker
// thread from `analysis-worker.js` and has it load `core-analysis.js`, both
// found next to the server's own code by URL: so they are entry points with
// those names, and the code they share goes into chunks in the same folder.
// Bundled from packages/*/dist: run `tsc -b` first.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const languageServer = fileURLToPath(new URL('../packages/language-server/', import.meta.url));

/**
 * Every node of Chevrotain's grammar model copies its options with lodash's
 * `assign(this, pickBy(options, ...))`, which walks the options' prototype
 * chain and symbols; thousands of nodes are made while a parser records its
 * grammar and computes its lookahead, and that was about 5 % of a short
 * `pflint` run. The bundle copies the defined options with a loop instead
 * (the same fields for the object literals Chevrotain passes). If a
 * Chevrotain release no longer has that line the build fails, so that the
 * change is looked at.
 */
const grammarModelWithoutPickBy = {
  name: 'chevrotain-model-without-pickBy',
  setup(build) {
    build.onLoad({ filter: /[\\/]@chevrotain[\\/]gast[\\/]lib[\\/]src[\\/]model\.js$/ }, async ({ path }) => {
      const copyWithLodash = 'assign(this, pickBy(options, (v) => v !== undefined));';
      const source = await readFile(path, 'utf8');
      if (!source.includes(copyWithLodash)) throw new Error(`${path} no longer copies options with pickBy: look at ${import.meta.url}`);
      return { contents: source.replaceAll(copyWithLodash, 'for (const key in options) if (options[key] !== undefined) this[key] = options[key];') };
    });
  },
};

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
    plugins: [grammarModelWithoutPickBy],
    logLevel: 'warning',
  };
}
