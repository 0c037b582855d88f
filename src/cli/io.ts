// The streams and environment a command runs with, injected so tests can run commands in process.

export interface CommandIO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that goes away (`| head -3`) ends the output, not the program, as with kubectl: the
 * stream is closed, later writes are dropped, and the command still ends with its own exit status.
 * Other write errors stay fatal.
 */
export function dropWritesOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function processIO(): CommandIO {
  dropWritesOnClosedPipe(process.stdout);
  dropWritesOnClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
