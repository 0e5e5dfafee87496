import type { RuleDocs, RuleMeta } from './rule.js';

/** Code-fence languages that Markdown viewers know, per example language. */
const FENCE: Readonly<Record<RuleDocs['example']['language'], string>> = {
  pf: 'pf',
  rcconf: 'sh',
  sh: 'sh',
  firebrick: 'xml',
  json: 'json',
};

/** The rule's page on the project's repository, for SARIF helpUri and editor links. */
export const RULE_DOCS_BASE_URL = 'https://github.com/pflint/pflint/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE_URL}${id}.md`;
}

/** The rule's page as Markdown: `pflint explain` prints it and docs/rules/<id>.md holds it. */
export function renderRuleDoc(meta: RuleMeta): string {
  const { docs } = meta;
  const fence = '```' + FENCE[docs.example.language];
  const fixable = meta.fixable ? ` · fix: ${meta.fixable}` : '';
  return [
    `# ${meta.id}`,
    '',
    `${meta.summary}.`,
    '',
    `Category: ${meta.category} · default severity: ${meta.severity}${fixable}`,
    '',
    '## What it does',
    '',
    docs.whatItDoes,
    '',
    '## Why it matters',
    '',
    docs.whyItMatters,
    '',
    '## Example',
    '',
    fence,
    docs.example.bad,
    '```',
    '',
    ...(docs.example.note ? [docs.example.note, ''] : []),
    'Instead:',
    '',
    fence,
    docs.example.good,
    '```',
    '',
    '## How to fix it',
    '',
    docs.fix,
    '',
    '## Turning it off',
    '',
    `For one statement, put \`# pflint disable=${meta.id}\` on the line before it (\`<!-- pflint disable=${meta.id} -->\` ` +
      `in FireBrick XML); for a whole file, \`# pflint disable-file=${meta.id}\`; everywhere, ` +
      `\`"rules": { "${meta.id}": "off" }\` in .pflintrc.json.`,
    '',
  ].join('\n');
}

/** The index page docs/rules/README.md lists every rule from this table, so the list cannot go stale. */
export function renderRuleTable(rules: readonly RuleMeta[]): string {
  const rows = rules.map(
    (meta) => `| [\`${meta.id}\`](${meta.id}.md) | ${meta.category} | ${meta.severity} | ${meta.fixable ?? ''} | ${meta.summary} |`,
  );
  return ['| id | category | severity | fix | summary |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
