// Renders into a fake terminal of a chosen size (ink-testing-library's is fixed at 100 columns).
import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { render } from 'ink';

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(readonly columns: number, readonly rows: number) {
    super();
  }
  write = (frame: string, done?: unknown): boolean => {
    this.frames.push(frame);
    // ink waits for a write's callback before it resolves waitUntilExit().
    if (typeof done === 'function') done();
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  write(data: string): void {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setRawMode(): this { return this; }
  setEncoding(): this { return this; }
  resume(): this { return this; }
  pause(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}

/** Renders `tree` in a columns x rows terminal; `lastFrame` is the last complete frame written. */
export function renderAt(tree: ReactElement, columns = 80, rows = 24) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // In debug mode every render writes the whole frame; unmounting adds a lone newline.
  // Mode switches (bracketed paste on and off) arrive as writes of their own: they are no frame.
  // eslint-disable-next-line no-control-regex
  const lastFrame = () => [...stdout.frames].reverse().find((f) => f.replace(/\u001B\[\?[\d;]*[hl]/g, '').trim() !== '') ?? '';
  return { instance, stdin, stdout, lastFrame };
}

export const lines = (frame: string): string[] => frame.split('\n');
