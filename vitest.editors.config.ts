import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests in real editors (npm run test:editors): Neovim, and VS Code as
// code-server driven through Chromium. Kept apart from `npm test` because they
// need Debian packages and code-server (.ci/run installs them); one file at a
// time, since each starts an editor and a language server on a shared machine.
export default defineConfig({
  resolve: {
    alias: {
      '@pflint/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/editors/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
