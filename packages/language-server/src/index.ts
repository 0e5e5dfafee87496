export { startServer, sanitizeSettings, DEFAULT_DEBOUNCE_MS, type ServerOptions } from './server.js';
export { startStdioServer } from './main.js';
export { tuneV8ForLanguageServer } from './v8-flags.js';
export {
  inProcessAnalyzer,
  runAnalysis,
  type AnalysisRequest,
  type AnalyzeHost,
  type ClientSettings,
  type HostAnalysisResult,
  type HostAnalyzer,
} from './analyzer.js';
export { workerAnalyzer, workerFeatures } from './worker-analyzer.js';
export {
  createFeatures,
  inProcessFeatures,
  type FeatureOp,
  type FeatureProvider,
  type FeatureQuery,
  type FeatureResults,
  type HostContext,
} from './features.js';
export { SEMANTIC_TOKENS_LEGEND } from './semantic-tokens.js';
export { documentLanguage, type DocumentLanguage } from './languages.js';
export { findHostTarget, targetContains, targetKey, type HostTarget } from './host-discovery.js';
export { diskFileSystem, overlayFileSystem } from './overlay-fs.js';
export { codeActionsFor, disableForFile, disableForStatement, fixToWorkspaceEdit, type PublishedFinding } from './code-actions.js';
export { findingToDiagnostic, toPosition, toRange, DIAGNOSTIC_SOURCE } from './diagnostics.js';
