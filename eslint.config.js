import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Ranges from the parsers are OffsetRange objects whose start and end are getters, which an object spread silently
// drops. Caught: a spread of a name, property or call that reads as a range, bare or as either side of `a ?? b`,
// `c ? a : b`, `a!`, `a as T` or `a?.b`.
const SPREAD_OPERANDS = ['argument', 'argument.left', 'argument.right', 'argument.consequent', 'argument.alternate', 'argument.expression'];
const RANGE_NAME = '/[rR]ange$|^source$|Source$/';
const RANGE_PROPERTY = '/^(range|source|use)$|Range$|Source$/';
const RANGE_CALL = '/^(range|joinRanges)$|Range$/';
const RANGE_SPREAD = SPREAD_OPERANDS.flatMap((operand) => [
  `ObjectExpression > SpreadElement[${operand}.name=${RANGE_NAME}]`,
  `ObjectExpression > SpreadElement[${operand}.property.name=${RANGE_PROPERTY}]`,
  `ObjectExpression > SpreadElement[${operand}.callee.name=${RANGE_CALL}]`,
  `ObjectExpression > SpreadElement[${operand}.callee.property.name=${RANGE_CALL}]`,
]).join(', ');

export default tseslint.config(
  { ignores: ['**/dist/**', 'packages/cli/bundle/**', '**/node_modules/**', '.cache/**', 'extension/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: RANGE_SPREAD,
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
