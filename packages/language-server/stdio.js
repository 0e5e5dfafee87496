// Starts the server on stdin/stdout: the entry point editors' bundles start
// (the VS Code extension's build bundles from here). The `pflint-language-server`
// command is the CLI package's, which runs `pflint lsp` from its own bundle.
import { startStdioServer } from './dist/main.js';
import { tuneV8ForLanguageServer } from './dist/v8-flags.js';

tuneV8ForLanguageServer();
startStdioServer();
