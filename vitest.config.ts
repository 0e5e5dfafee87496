import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@pflint/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/range-equality.ts'],
    // Tests in real editors need Debian packages and code-server: npm run test:editors (vitest.editors.config.ts).
    exclude: [...configDefaults.exclude, 'test/editors/**'],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
