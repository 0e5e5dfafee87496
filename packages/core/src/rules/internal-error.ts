import type { Rule } from './rule.js';

/** Raised by the engine when a rule throws: the other rules still run. */
export const internalError: Rule = {
  meta: {
    id: 'internal-error',
    category: 'meta',
    severity: 'error',
    summary: 'A pflint rule failed on this input (a bug in pflint)',
    docs: {
      whatItDoes:
        'Reports that one of pflint\'s own rules failed while checking the host. The message names the rule and ' +
        'the error. The other rules still run, so the rest of the report is complete.',
      whyItMatters:
        'The failed rule said nothing about this host, so a problem it looks for may be present and unreported.',
      example: {
        language: 'pf',
        bad: '# any input that makes a rule fail',
        good: '# the same input, once the rule is fixed',
      },
      fix:
        'Report it to the pflint project with the configuration that caused it. Meanwhile you can turn the named ' +
        'rule off in .pflintrc.json.',
    },
  },
};
