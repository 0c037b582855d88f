// Writes a long output in pieces, waiting when the reader is slower than the writer, so memory
// stays bounded by one buffer instead of growing with the output.
import type { CommandIO } from './io.js';

type Out = CommandIO['stdout'];

interface Waitable {
  once(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
  readonly destroyed?: boolean;
}

const canWait = (out: Out): out is Out & Waitable => typeof (out as Partial<Waitable>).once === 'function';

/** Waits until the stream drains, closes or fails; false when it is gone (a closed pipe). */
function drained(out: Out & Waitable): Promise<boolean> {
  if (out.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) out.off?.(event, done);
      resolve(out.destroyed !== true);
    };
    for (const event of ['drain', 'close', 'error']) out.once(event, done);
  });
}

const CHUNK = 1 << 16;

/**
 * Writes every piece in order, about 64 KiB at a time. Stops early, quietly, when the reader has
 * gone away (`| head`): the command still ends with its own status.
 */
export async function writePieces(out: Out, pieces: Iterable<string>): Promise<void> {
  let buffer = '';
  const flush = async (): Promise<boolean> => {
    const text = buffer;
    buffer = '';
    if (out.write(text) !== false || !canWait(out)) return true;
    return drained(out);
  };
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK && !(await flush())) return;
  }
  if (buffer.length > 0) await flush();
}
