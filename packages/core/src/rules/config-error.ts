import type { Rule } from './rule.js';

/** Raised while reading `.pflintrc.json` (see ../config.ts). */
export const configError: Rule = {
  meta: {
    id: 'config-error',
    category: 'meta',
    severity: 'error',
    summary: 'A .pflintrc.json that is not valid JSON or has an unknown key or value',
    docs: {
      whatItDoes:
        'Reports problems in the pflint configuration file at their line and column: JSON syntax errors, keys ' +
        'pflint does not know, values of the wrong type, severities other than `off`, `info`, `warning` and ' +
        '`error`, and rule ids that do not exist.',
      whyItMatters:
        'A misspelt key or rule id is otherwise ignored without a word, and the rule you meant to turn off keeps ' +
        'firing (or the one you meant to turn on never runs). When the file is not valid JSON at all, pflint runs ' +
        'with its defaults.',
      example: {
        language: 'json',
        bad: '{ "rules": { "fib-out-of-rang": "warn" } }',
        good: '{ "rules": { "fib-out-of-range": "warning" } }',
      },
      fix: 'Correct the key or value as the message says. `pflint rules` lists the rule ids.',
    },
  },
};
