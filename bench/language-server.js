// What the benches that drive the built language server share: the server
// started over stdio as an editor starts it, with a JSON-RPC client on its
// pipes, and the CPU time it has used.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** `pflint-language-server --stdio` as a child process, and a connection to it (not listening yet). */
export function startLanguageServer() {
  const child = spawn(process.execPath, [path.join(repo, 'packages/cli/bin/pflint-language-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  return { child, connection };
}

/** Ends the session as an editor does: `shutdown`, then `exit`. */
export async function shutDownLanguageServer({ connection }) {
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
}

/** Frees what a bench's session holds, also after a failure: the pipes, the server process and the host directory `root`. */
export function releaseLanguageServer({ child, connection }, root) {
  connection.dispose();
  child.kill();
  rmSync(root, { recursive: true, force: true });
}

/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time the server process has used (all its threads), from /proc, in ms
 * (10 ms steps); undefined where there is no /proc. Load-independent, unlike
 * the latencies.
 */
export function serverCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), counted from the state field (3).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
