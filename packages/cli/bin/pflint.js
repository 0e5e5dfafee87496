#!/usr/bin/env node
// A committed entry point, so npm can link the bin before `prepare` has built anything.
// It runs the esbuild bundle (scripts/bundle.mjs: one module graph of a few files starts
// in a quarter of the time), unless `tsc -b` has compiled something since the bundle was
// made, as during development: then the compiled modules in dist/, which are never stale.
import { statSync } from 'node:fs';

const cli = new URL('..', import.meta.url);
const modified = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const bundle = new URL('bundle/pflint.js', cli);
const bundled = modified(bundle);
// Outside the workspace (an installed package) there are no build records: the bundle is all there is.
const compiled = ['cli', 'core', 'language-server'].map((name) => modified(new URL(`../${name}/tsconfig.tsbuildinfo`, cli)) ?? 0);
const useBundle = bundled !== undefined && compiled.every((time) => time <= bundled);

// Stack traces through the source maps name the TypeScript files. Reading the maps costs
// about a fifth of a short run, so only where a stack is printed (PFLINT_DEBUG) or start-up
// does not matter (the language server).
if (process.env.PFLINT_DEBUG || process.argv[2] === 'lsp') process.setSourceMapsEnabled(true);

await import(useBundle ? bundle.href : new URL('dist/main.js', cli).href);
