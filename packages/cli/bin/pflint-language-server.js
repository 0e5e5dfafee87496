#!/usr/bin/env node
// `pflint-language-server [--stdio]` is `pflint lsp [--stdio]`: the same server from the same bundle.
process.argv.splice(2, 0, 'lsp');
await import('./pflint.js');
