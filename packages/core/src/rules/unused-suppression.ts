import type { Rule } from './rule.js';

/** Raised by the suppression pass (see ../suppress.ts). */
export const unusedSuppression: Rule = {
  meta: {
    id: 'unused-suppression',
    category: 'meta',
    severity: 'warning',
    summary: 'A pflint disable comment that suppresses nothing',
    fixable: 'safe',
    docs: {
      whatItDoes:
        'Reports a `# pflint disable=RULE` or `# pflint disable-file=RULE` comment (`<!-- pflint disable=RULE -->` ' +
        'in XML) naming a rule that raised nothing where the comment applies, or naming a rule that does not exist. ' +
        'Rules that are turned off in the configuration are not reported: pflint cannot tell whether they would fire.',
      whyItMatters:
        'A stale suppression outlives the problem it excused, and it will silently hide the next real finding of ' +
        'that rule on the same statement. A misspelt rule id never suppressed anything in the first place.',
      example: {
        language: 'pf',
        bad: '# pflint disable=missing-reply-to\npass in on em0 proto tcp to port 22',
        good: 'pass in on em0 proto tcp to port 22',
        note: 'Here the rule does not fire on the `pass` rule (em0 is in the default FIB), so the comment is unused.',
      },
      fix:
        'Delete the comment, or the rule id from its list. The automatic fix (safe) does exactly that: it removes ' +
        'the unused ids, and the whole comment line when none is left.',
    },
  },
};
