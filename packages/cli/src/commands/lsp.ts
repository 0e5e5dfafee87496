import { EXIT_OK, EXIT_USAGE, noOperands, parseCommandArgs, type Command } from '../command.js';

const USAGE = `Usage: pflint lsp [--stdio]

Runs pflint's language server, speaking the Language Server Protocol on stdin
and stdout (the only transport; --stdio may be given for clients that always
pass it). Diagnostics cover whole hosts: an edit in rc.conf updates pf.conf's
findings. The server ends when the client sends \`exit\`.
`;

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'run the language server over stdio (for editors)',
  usage: USAGE,
  run(args, context) {
    const { positionals } = parseCommandArgs(args, {
      stdio: { type: 'boolean' },
      // vscode-languageclient passes its process id; the server ends with the stdio pipe anyway.
      clientProcessId: { type: 'string' },
    });
    noOperands('lsp', positionals);
    // Loaded on demand so the other commands do not pay for the protocol library at startup.
    import('@pflint/language-server').then(
      ({ startStdioServer, tuneV8ForLanguageServer }) => {
        tuneV8ForLanguageServer();
        startStdioServer();
      },
      (error: unknown) => {
        context.stderr(`pflint lsp: cannot start the language server: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = EXIT_USAGE;
      },
    );
    return EXIT_OK;
  },
};
