import { afMismatch } from './af-mismatch.js';
import { aliasGap } from './alias-gap.js';
import { interfaceNotStarted } from './interface-not-started.js';
import { routeUndefined } from './route-undefined.js';
import { routeUnused } from './route-unused.js';
import { routeExists } from './route-exists.js';
import { invalidValue } from './invalid-value.js';
import { notAnAssignment } from './not-an-assignment.js';
import { repeatedAssignment } from './repeated-assignment.js';
import { dynamicValue } from './dynamic-value.js';
import { renamedInterfaceVariable } from './renamed-interface-variable.js';
import { defaultrouterFibIgnored } from './defaultrouter-fib-ignored.js';
import { forwardingOverridden } from './forwarding-overridden.js';
import { fileNotFound } from './file-not-found.js';
import { unreadableFile } from './unreadable-file.js';
import { tooManyErrors } from './too-many-errors.js';
import { invalidUtf8 } from './invalid-utf8.js';
import { xmlDoctypeIgnored } from './xml-doctype-ignored.js';
import { xmlTooLarge } from './xml-too-large.js';
import { notFirebrickConfig } from './not-firebrick-config.js';
import { duplicateName } from './duplicate-name.js';
import { misplacedElement } from './misplaced-element.js';
import { missingAttribute } from './missing-attribute.js';
import { overrideWithoutTarget } from './override-without-target.js';
import { unexpectedText } from './unexpected-text.js';
import { unknownAttribute } from './unknown-attribute.js';
import { unknownElement } from './unknown-element.js';
import { unknownIpGroup } from './unknown-ip-group.js';
import { ipGroupNotAllowed } from './ip-group-not-allowed.js';
import { subnetNetworkAddress } from './subnet-network-address.js';
import { includeNotFound } from './include-not-found.js';
import { includeCycle } from './include-cycle.js';
import { pfSemantic } from './pf-semantic.js';
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
  interfaceNotStarted,
  aliasGap,
  pfSemantic,
  includeCycle,
  includeNotFound,
  subnetNetworkAddress,
  ipGroupNotAllowed,
  unknownIpGroup,
  unknownElement,
  unknownAttribute,
  unexpectedText,
  overrideWithoutTarget,
  missingAttribute,
  misplacedElement,
  duplicateName,
  notFirebrickConfig,
  xmlTooLarge,
  xmlDoctypeIgnored,
  invalidUtf8,
  tooManyErrors,
  unreadableFile,
  fileNotFound,
  forwardingOverridden,
  defaultrouterFibIgnored,
  renamedInterfaceVariable,
  dynamicValue,
  repeatedAssignment,
  notAnAssignment,
  invalidValue,
  routeExists,
  routeUnused,
  routeUndefined,
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
  interfaceNotStarted,
  aliasGap,
  pfSemantic,
  includeCycle,
  includeNotFound,
  subnetNetworkAddress,
  ipGroupNotAllowed,
  unknownIpGroup,
  unknownElement,
  unknownAttribute,
  unexpectedText,
  overrideWithoutTarget,
  missingAttribute,
  misplacedElement,
  duplicateName,
  notFirebrickConfig,
  xmlTooLarge,
  xmlDoctypeIgnored,
  invalidUtf8,
  tooManyErrors,
  unreadableFile,
  fileNotFound,
  forwardingOverridden,
  defaultrouterFibIgnored,
  renamedInterfaceVariable,
  dynamicValue,
  repeatedAssignment,
  notAnAssignment,
  invalidValue,
  routeExists,
  routeUnused,
  routeUndefined,
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
