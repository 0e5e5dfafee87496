/** The FreeBSD host front ends' public surface: discovery, the model builder, and the parsers other modules reuse. */
export { discoverHost, hostFilesFromList, rcReadingOrder, type FreeBsdHostFiles } from './discover.js';
export { buildFreeBsdHost, buildFreeBsdHostFromDirectory, mangleName, DEFAULT_MTU, type FreeBsdBuildOptions } from './builder.js';
export { buildFreeBsdHostAnalysis, type FreeBsdHostAnalysis } from './analysis.js';
export { parseRcConf, type RcFile, type RcStatement, type RcAssignment, type RcComment, type ShPiece, type ShWord } from '../rcconf/parser.js';
export { RcVariables, type RcVariable } from '../rcconf/variables.js';
export { evaluatePieces, evaluateExpandable, literalValue, splitWords, type ArgWord, type ShValue } from '../rcconf/value.js';
export {
  parseIfconfigArguments,
  type IfconfigAddress,
  type IfconfigArguments,
  type Located,
  type OffloadFlag,
} from '../rcconf/ifconfig-args.js';
export { parseRouteArguments, parseRouteCommand, parseFibList, type RouteArguments, type RouteGateway, type ParsedRoute } from '../rcconf/route-args.js';
export { parseKeyValueFile, type KeyValueEntry, type KeyValueFile } from '../sysctl/keyvalue.js';
export { readKernelSettings, type KernelSettings } from '../sysctl/settings.js';
export { parseJailConf, type JailBlock, type JailConfFile, type JailParameter, type JailValue } from '../jail/parser.js';
export { resolveJails, jailFlag, type ResolvedJail, type ResolvedParameter, type ResolvedValue } from '../jail/resolve.js';
export { parseWgQuick, type WgQuickConfig, type WgPeer, type WgAddress } from '../wireguard/wg-quick.js';
