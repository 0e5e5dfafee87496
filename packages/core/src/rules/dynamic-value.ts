import type { Rule } from './rule.js';

/** Raised by a front end while it reads the host's files; registered so it can be configured, suppressed and explained. */
export const dynamicValue: Rule = {
  meta: {
    id: 'dynamic-value',
    category: 'meta',
    severity: 'info',
    summary: 'A value computed by a command at boot, which pflint cannot know',
    docs: {
      whatItDoes: 'Notes a value that comes from command substitution (`` `cat /etc/xnic` ``) or another run-time expansion. pflint does not run commands, so checks treat what depends on it as unknown rather than guessing.',
      whyItMatters: 'Nothing breaks because of it; the note says where the model is incomplete, so that silence from other checks is not taken as proof.',
      example: {
        language: 'rcconf',
        bad: 'ifconfig_xnic="`/bin/cat /etc/xnic`"',
        good: 'ifconfig_xnic="inet 198.51.100.20/24"',
      },
      fix: 'Nothing to fix if the indirection is deliberate; turn the rule off in .pflintrc.json if the notes are noise.',
    },
  },
};
