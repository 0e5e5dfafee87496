import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const defaultrouterFibIgnored: Rule = {
  meta: {
    id: 'defaultrouter-fib-ignored',
    category: 'routing',
    severity: 'warning',
    summary: 'defaultrouter_fibN, which rc.d/routing does not install',
    docs: {
      whatItDoes: 'Reports `defaultrouter_fibN` and `ipv6_defaultrouter_fibN` variables. On the FreeBSD releases pflint models, rc.d/routing stores these routes under a misspelt variable and never adds them.',
      whyItMatters: 'The FIB gets no default route from the variable, so everything routed in it that is not on a connected network is dropped.',
      example: {
        language: 'rcconf',
        bad: 'defaultrouter_fib1="10.255.255.5"',
        good: 'static_routes="fib1_default"\nroute_fib1_default="default 10.255.255.5 -fib 1"',
      },
      fix: 'Add the default route as a static route with `-fib N`. There is no automatic fix.',
    },
  },
};
