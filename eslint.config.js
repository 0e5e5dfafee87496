import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'packages/cli/bundle/**', '**/node_modules/**', '.cache/**', 'extension/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Ranges from the parsers are OffsetRange objects whose start and end are getters, which a spread silently drops.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'SpreadElement[argument.name=/[rR]ange$/], SpreadElement[argument.property.name=/^(range|source)$|Range$/]',
          message: 'A SourceRange may be an OffsetRange, whose start and end a spread loses: use joinRanges or write { file, start, end }.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
