import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const invalidUtf8: Rule = {
  meta: {
    id: 'invalid-utf8',
    category: 'meta',
    severity: 'error',
    summary: 'Bytes that are not valid UTF-8 in an XML file',
    docs: {
      whatItDoes: 'Reports byte sequences that are not UTF-8 in a FireBrick XML file.',
      whyItMatters: 'The FireBrick expects UTF-8 and may refuse the upload; names and comments with such bytes are not what they look like.',
      example: {
        language: 'firebrick',
        bad: '<config><interface name="Caf\\xe9"/></config>',
        good: '<config><interface name="Café"/></config>',
      },
      fix: 'Save the file as UTF-8. There is no automatic fix.',
    },
  },
};
