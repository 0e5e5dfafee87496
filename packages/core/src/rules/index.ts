import { configError } from './config-error.js';
import { fibOutOfRange } from './fib-out-of-range.js';
import { internalError } from './internal-error.js';
import type { Rule, RuleMeta } from './rule.js';
import { syntaxError } from './syntax-error.js';
import { unusedSuppression } from './unused-suppression.js';

export * from './rule.js';
export { configError, fibOutOfRange, internalError, syntaxError, unusedSuppression };

/**
 * Every rule pflint knows, sorted by id. Add a rule by writing its file and
 * listing it here; tests check ids, docs and docs/rules/ against this list.
 */
export const RULES: readonly Rule[] = [
  configError,
  fibOutOfRange,
  internalError,
  syntaxError,
  unusedSuppression,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id)?.meta;
}
