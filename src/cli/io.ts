// The streams and environment a command runs with, injected so tests can run commands in process.

export interface CommandIO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIO = (): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
