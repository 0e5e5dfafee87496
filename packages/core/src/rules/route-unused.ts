import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const routeUnused: Rule = {
  meta: {
    id: 'route-unused',
    category: 'routing',
    severity: 'warning',
    summary: 'A route_<name> variable that no static_routes list names',
    docs: {
      whatItDoes: 'Reports a `route_<name>` (or `ipv6_route_<name>`) variable that the matching `static_routes` (or `ipv6_static_routes`) list does not name. Found while the host model is built.',
      whyItMatters: 'rc.d/routing only installs the routes its list names; any other `route_*` variable is read by nobody, so the route it describes never exists. The usual cause is adding the variable and forgetting the list.',
      example: {
        language: 'rcconf',
        bad: 'static_routes="default_fib1"\nroute_default_fib1="default 10.255.255.5 -fib 1"\nroute_jailnet_fib1="-net 10.254.254.0/24 -interface bastille0 -fib 1"',
        good: 'static_routes="default_fib1 jailnet_fib1"\nroute_default_fib1="default 10.255.255.5 -fib 1"\nroute_jailnet_fib1="-net 10.254.254.0/24 -interface bastille0 -fib 1"',
      },
      fix: 'Add the name to the list, or delete the variable. There is no automatic fix.',
    },
  },
};
