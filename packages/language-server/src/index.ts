export { startServer, sanitizeSettings, DEFAULT_DEBOUNCE_MS, type ServerOptions } from './server.js';
export { startStdioServer } from './main.js';
export {
  inProcessAnalyzer,
  runAnalysis,
  type AnalysisRequest,
  type AnalyzeHost,
  type ClientSettings,
  type HostAnalysisResult,
  type HostAnalyzer,
} from './analyzer.js';
export { workerAnalyzer, workerNavigator } from './worker-analyzer.js';
export {
  createNavigation,
  inProcessNavigator,
  type NavigationOp,
  type NavigationQuery,
  type NavigationResults,
  type PfHover,
  type PfNavigator,
} from './pf-navigation.js';
export { documentLanguage, type DocumentLanguage } from './languages.js';
export { findHostTarget, targetContains, targetKey, type HostTarget } from './host-discovery.js';
export { diskFileSystem, overlayFileSystem } from './overlay-fs.js';
export { codeActionsFor, disableForFile, disableForStatement, fixToWorkspaceEdit, type PublishedFinding } from './code-actions.js';
export { findingToDiagnostic, toPosition, toRange, DIAGNOSTIC_SOURCE } from './diagnostics.js';
