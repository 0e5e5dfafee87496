import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Ranges from the parsers are OffsetRange objects whose start and end are getters, which an object spread silently
// drops. Caught: a spread of a name, property or call that reads as a range, bare or as what `a ?? b`, `a || b`,
// `c && a`, `c ? a : b`, `a!`, `a as T` or `a?.b` gives (the left of `&&` is only a condition).
const SPREAD_OPERANDS = [
  ['argument', ''],
  ['argument.left', "[argument.operator!='&&']"],
  ['argument.right', ''],
  ['argument.consequent', ''],
  ['argument.alternate', ''],
  ['argument.expression', ''],
];
const RANGE_NAME = '/[rR]ange$|^source$|Source$/';
const RANGE_PROPERTY = '/^(range|source|use)$|Range$|Source$/';
const RANGE_CALL = '/^(range|joinRanges)$|Range$/';
const RANGE_SPREAD = SPREAD_OPERANDS.flatMap(([operand, only]) =>
  [`${operand}.name=${RANGE_NAME}`, `${operand}.property.name=${RANGE_PROPERTY}`, `${operand}.callee.name=${RANGE_CALL}`, `${operand}.callee.property.name=${RANGE_CALL}`].map(
    (test) => `ObjectExpression > SpreadElement${only}[${test}]`,
  ),
).join(', ');

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
