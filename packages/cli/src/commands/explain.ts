import { RULES, findRule, renderRuleDoc } from '@pflint/core';
import { EXIT_OK, UsageError, type Command } from '../command.js';

const USAGE = `Usage: pflint explain RULE

Prints a rule's documentation: what it reports, why it matters, an example
and how to fix it. \`pflint rules\` lists the rule ids.
`;

/** Ids sharing a word with the unknown one, to suggest when someone misremembers an id. */
function similarIds(id: string): string[] {
  const words = id.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 2);
  return RULES.map((rule) => rule.meta.id).filter((candidate) => words.some((word) => candidate.includes(word)));
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "print a rule's documentation",
  usage: USAGE,
  run(args, context) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('give exactly one rule id (see `pflint rules`)');
    const id = args[0]!;
    const rule = findRule(id);
    if (!rule) {
      const similar = similarIds(id);
      throw new UsageError(`no rule '${id}'${similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''} (see \`pflint rules\`)`);
    }
    context.stdout(renderRuleDoc(rule.meta));
    return EXIT_OK;
  },
};
