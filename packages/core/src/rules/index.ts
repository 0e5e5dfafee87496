import { compareRuleIds } from '../findings.js';
import { afMismatch } from './af-mismatch.js';
import { aliasGap } from './alias-gap.js';
import { configError } from './config-error.js';
import { defaultrouterFibIgnored } from './defaultrouter-fib-ignored.js';
import { duplicateName } from './duplicate-name.js';
import { duplicateRoute } from './duplicate-route.js';
import { dynamicValue } from './dynamic-value.js';
import { fibGap } from './fib-gap.js';
import { fibOutOfRange } from './fib-out-of-range.js';
import { fileNotFound } from './file-not-found.js';
import { forwardingOverridden } from './forwarding-overridden.js';
import { gatewayBroadcast } from './gateway-broadcast.js';
import { gatewayNotEnabled } from './gateway-not-enabled.js';
import { hostBitsSet } from './host-bits-set.js';
import { implicitTunnelfib } from './implicit-tunnelfib.js';
import { includeCycle } from './include-cycle.js';
import { includeNotFound } from './include-not-found.js';
import { interfaceNameCollision } from './interface-name-collision.js';
import { interfaceNotStarted } from './interface-not-started.js';
import { internalError } from './internal-error.js';
import { invalidUtf8 } from './invalid-utf8.js';
import { invalidValue } from './invalid-value.js';
import { ipGroupNotAllowed } from './ip-group-not-allowed.js';
import { ipv6AliasSkipped } from './ipv6-alias-skipped.js';
import { linkLocalNoScope } from './link-local-no-scope.js';
import { misplacedElement } from './misplaced-element.js';
import { missingAttribute } from './missing-attribute.js';
import { missingReplyTo } from './missing-reply-to.js';
import { missingRtable } from './missing-rtable.js';
import { mssClamp } from './mss-clamp.js';
import { noDefaultDeny } from './no-default-deny.js';
import { notAnAssignment } from './not-an-assignment.js';
import { notFirebrickConfig } from './not-firebrick-config.js';
import { obsoleteRcSyntax } from './obsolete-rc-syntax.js';
import { offloadOnForwarding } from './offload-on-forwarding.js';
import { overrideReplyLost } from './override-reply-lost.js';
import { overrideUnreachable } from './override-unreachable.js';
import { overrideWithoutTarget } from './override-without-target.js';
import { pfSemantic } from './pf-semantic.js';
import { rdrFilterMismatch } from './rdr-filter-mismatch.js';
import { renamedInterfaceVariable } from './renamed-interface-variable.js';
import { repeatedAssignment } from './repeated-assignment.js';
import { routeExists } from './route-exists.js';
import { routeLoop } from './route-loop.js';
import { routeUndefined } from './route-undefined.js';
import { routeUnused } from './route-unused.js';
import { shadowedRule } from './shadowed-rule.js';
import { skipLoopback } from './skip-loopback.js';
import { subnetNetworkAddress } from './subnet-network-address.js';
import { syntaxError } from './syntax-error.js';
import { tooManyErrors } from './too-many-errors.js';
import { tunnelProtoBlocked } from './tunnel-proto-blocked.js';
import { tunnelfibRecursion } from './tunnelfib-recursion.js';
import { undefinedAnchor } from './undefined-anchor.js';
import { undefinedMacro } from './undefined-macro.js';
import { undefinedTable } from './undefined-table.js';
import { unexpectedText } from './unexpected-text.js';
import { unknownAttribute } from './unknown-attribute.js';
import { unknownElement } from './unknown-element.js';
import { unknownInterface } from './unknown-interface.js';
import { unknownIpGroup } from './unknown-ip-group.js';
import { unreadableFile } from './unreadable-file.js';
import { unusedMacro } from './unused-macro.js';
import { unusedSuppression } from './unused-suppression.js';
import { unusedTable } from './unused-table.js';
import { xmlDoctypeIgnored } from './xml-doctype-ignored.js';
import { xmlTooLarge } from './xml-too-large.js';
import type { Rule } from './rule.js';

export * from './rule.js';

/**
 * Every rule pflint knows, sorted by id. Add a rule by writing its file and
 * listing it here; tests check ids, docs and docs/rules/ against this list.
 */
export const RULES: readonly Rule[] = [
  afMismatch,
  aliasGap,
  configError,
  defaultrouterFibIgnored,
  duplicateName,
  duplicateRoute,
  dynamicValue,
  fibGap,
  fibOutOfRange,
  fileNotFound,
  forwardingOverridden,
  gatewayBroadcast,
  gatewayNotEnabled,
  hostBitsSet,
  implicitTunnelfib,
  includeCycle,
  includeNotFound,
  interfaceNameCollision,
  interfaceNotStarted,
  internalError,
  invalidUtf8,
  invalidValue,
  ipGroupNotAllowed,
  ipv6AliasSkipped,
  linkLocalNoScope,
  misplacedElement,
  missingAttribute,
  missingReplyTo,
  missingRtable,
  mssClamp,
  noDefaultDeny,
  notAnAssignment,
  notFirebrickConfig,
  obsoleteRcSyntax,
  offloadOnForwarding,
  overrideReplyLost,
  overrideUnreachable,
  overrideWithoutTarget,
  pfSemantic,
  rdrFilterMismatch,
  renamedInterfaceVariable,
  repeatedAssignment,
  routeExists,
  routeLoop,
  routeUndefined,
  routeUnused,
  shadowedRule,
  skipLoopback,
  subnetNetworkAddress,
  syntaxError,
  tooManyErrors,
  tunnelProtoBlocked,
  tunnelfibRecursion,
  undefinedAnchor,
  undefinedMacro,
  undefinedTable,
  unexpectedText,
  unknownAttribute,
  unknownElement,
  unknownInterface,
  unknownIpGroup,
  unreadableFile,
  unusedMacro,
  unusedSuppression,
  unusedTable,
  xmlDoctypeIgnored,
  xmlTooLarge,
].sort((a, b) => compareRuleIds(a.meta.id, b.meta.id));

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
