import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const notFirebrickConfig: Rule = {
  meta: {
    id: 'not-firebrick-config',
    category: 'meta',
    severity: 'error',
    summary: 'An XML file whose root element is not <config>',
    docs: {
      whatItDoes: 'Reports an XML file given as a FireBrick configuration whose first element is not `<config>`.',
      whyItMatters: 'The FireBrick would refuse it, and pflint finds no interfaces or routes in it.',
      example: {
        language: 'firebrick',
        bad: '<router><interface name="LAN"/></router>',
        good: '<config><interface name="LAN"/></config>',
      },
      fix: 'Check that this is the configuration exported from the router. There is no automatic fix.',
    },
  },
};
