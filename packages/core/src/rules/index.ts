import { afMismatch } from './af-mismatch.js';
import { hostBitsSet } from './host-bits-set.js';
import { linkLocalNoScope } from './link-local-no-scope.js';
import { undefinedAnchor } from './undefined-anchor.js';
import { undefinedMacro } from './undefined-macro.js';
import { undefinedTable } from './undefined-table.js';
import { unknownInterface } from './unknown-interface.js';
import { unusedMacro } from './unused-macro.js';
import { unusedTable } from './unused-table.js';
import { configError } from './config-error.js';
import { duplicateRoute } from './duplicate-route.js';
import { fibOutOfRange } from './fib-out-of-range.js';
import { internalError } from './internal-error.js';
import { routeLoop } from './route-loop.js';
import { fibGap } from './fib-gap.js';
import { gatewayNotEnabled } from './gateway-not-enabled.js';
import { implicitTunnelfib } from './implicit-tunnelfib.js';
import { missingReplyTo } from './missing-reply-to.js';
import { missingRtable } from './missing-rtable.js';
import { mssClamp } from './mss-clamp.js';
import { noDefaultDeny } from './no-default-deny.js';
import { offloadOnForwarding } from './offload-on-forwarding.js';
import { rdrFilterMismatch } from './rdr-filter-mismatch.js';
import { shadowedRule } from './shadowed-rule.js';
import { skipLoopback } from './skip-loopback.js';
import { tunnelProtoBlocked } from './tunnel-proto-blocked.js';
import { tunnelfibRecursion } from './tunnelfib-recursion.js';
import type { Rule } from './rule.js';
import { syntaxError } from './syntax-error.js';
import { unusedSuppression } from './unused-suppression.js';

export * from './rule.js';
export {
  unusedTable,
  unusedMacro,
  unknownInterface,
  undefinedTable,
  undefinedMacro,
  undefinedAnchor,
  linkLocalNoScope,
  hostBitsSet,
  afMismatch,
  configError,
  duplicateRoute,
  fibGap,
  fibOutOfRange,
  gatewayNotEnabled,
  implicitTunnelfib,
  internalError,
  missingReplyTo,
  missingRtable,
  mssClamp,
  noDefaultDeny,
  offloadOnForwarding,
  rdrFilterMismatch,
  routeLoop,
  shadowedRule,
  skipLoopback,
  syntaxError,
  tunnelfibRecursion,
  tunnelProtoBlocked,
  unusedSuppression,
};

/**
 * Every rule pflint knows, sorted by id. Add a rule by writing its file and
 * listing it here; tests check ids, docs and docs/rules/ against this list.
 */
export const RULES: readonly Rule[] = [
  unusedTable,
  unusedMacro,
  unknownInterface,
  undefinedTable,
  undefinedMacro,
  undefinedAnchor,
  linkLocalNoScope,
  hostBitsSet,
  afMismatch,
  configError,
  duplicateRoute,
  fibGap,
  fibOutOfRange,
  gatewayNotEnabled,
  implicitTunnelfib,
  internalError,
  missingReplyTo,
  missingRtable,
  mssClamp,
  noDefaultDeny,
  offloadOnForwarding,
  rdrFilterMismatch,
  routeLoop,
  shadowedRule,
  skipLoopback,
  syntaxError,
  tunnelfibRecursion,
  tunnelProtoBlocked,
  unusedSuppression,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
