import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const duplicateName: Rule = {
  meta: {
    id: 'duplicate-name',
    category: 'meta',
    severity: 'warning',
    summary: 'Two FireBrick interfaces with one name',
    docs: {
      whatItDoes: 'Reports a FireBrick interface whose `name` another interface already has.',
      whyItMatters: 'Rules, routes and route overrides that name the interface can only mean one of them; which one the router picks is not what the file says.',
      example: {
        language: 'firebrick',
        bad: '<config><interface name="LAN" port="1"/><interface name="LAN" port="2"/></config>',
        good: '<config><interface name="LAN" port="1"/><interface name="DMZ" port="2"/></config>',
      },
      fix: 'Rename one of them. There is no automatic fix.',
    },
  },
};
