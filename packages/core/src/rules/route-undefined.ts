import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const routeUndefined: Rule = {
  meta: {
    id: 'route-undefined',
    category: 'routing',
    severity: 'warning',
    summary: 'A static_routes entry without its route_<name> variable',
    docs: {
      whatItDoes: 'Reports a name in `static_routes` (or `ipv6_static_routes`) for which the matching `route_<name>` (or `ipv6_route_<name>`) variable is not set. Found while the host model is built.',
      whyItMatters: 'rc.d/routing prints a warning nobody reads during boot and adds nothing for that name, so the route the list promises is missing: usually because the variable was renamed or misspelt.',
      example: {
        language: 'rcconf',
        bad: 'static_routes="jailnet"\nroute_jailnet4="-net 10.254.254.0/24 -interface bastille0"',
        good: 'static_routes="jailnet"\nroute_jailnet="-net 10.254.254.0/24 -interface bastille0"',
      },
      fix: 'Name the variable after the list entry, or correct the entry. There is no automatic fix.',
    },
  },
};
