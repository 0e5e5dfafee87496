import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const routeExists: Rule = {
  meta: {
    id: 'route-exists',
    category: 'routing',
    severity: 'warning',
    summary: 'A second route to a prefix its table already has',
    docs: {
      whatItDoes: 'Reports a route added at boot (static routes, default routers, jail hooks, wg-quick) to a destination the same FIB already holds: an interface route, or an earlier static route. Found while the host model is built.',
      whyItMatters: '`route add` fails with "File exists" for the second route and rc carries on, so the host runs with the first route, which is often not the one the author meant.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_bastille0="inet 10.254.254.1/24"\nstatic_routes="jails"\nroute_jails="-net 10.254.254.0/24 10.0.0.2"',
        good: 'ifconfig_bastille0="inet 10.254.254.1/24"',
      },
      fix: 'Delete the redundant route, or change the prefix or FIB it belongs to. There is no automatic fix.',
    },
  },
};
