import type { Rule } from './rule.js';

/** Raised by the pf.conf lexer, which expands macros as pfctl does; registered so it can be explained and configured. */
export const undefinedMacro: Rule = {
  meta: {
    id: 'undefined-macro',
    category: 'references',
    severity: 'error',
    summary: 'A $macro used in pf.conf before any definition of it',
    docs: {
      whatItDoes:
        'Reports every `$name` in pf.conf for which no `name = value` line was read before it. pfctl expands macros ' +
        'while it reads the file, top to bottom, so a macro defined further down counts as undefined too. Macros ' +
        'given on the command line (`pfctl -D name=value`) count as defined.',
      whyItMatters:
        'pfctl treats it as an error and refuses the whole file, so the host keeps its previous ruleset, or has ' +
        'none after a reboot. A misspelt macro name is the usual cause.',
      example: {
        language: 'pf',
        bad: 'ext_if = "vtnet0"\npass in on $extif proto tcp to port 22',
        good: 'ext_if = "vtnet0"\npass in on $ext_if proto tcp to port 22',
      },
      fix: 'Correct the name, or define the macro above its first use. There is no automatic fix.',
    },
  },
};
