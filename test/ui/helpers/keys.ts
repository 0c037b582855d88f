// Typing into an ink app one key at a time: ink reads a chunk of characters as one input string,
// so every key is written alone and the app gets time to render before the next one.
export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
} as const;

export interface Writable {
  write(data: string): void;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Writes one key and waits for the app to handle it: with `frames` (the list of frames written so
 * far), until a new frame arrives (at most `ms` * 10); without, for `ms`.
 */
export async function press(stdin: Writable, key: string, ms = 40, frames?: { readonly length: number }): Promise<void> {
  const before = frames?.length ?? 0;
  stdin.write(key);
  if (!frames) return sleep(ms);
  const end = Date.now() + ms * 10;
  while (frames.length === before && Date.now() < end) await sleep(5);
  // Let a render that follows the first one (same key) land too.
  await sleep(10);
}

/** Presses each key of a list (or each character of a string) in turn. */
export async function pressAll(stdin: Writable, keys: string | readonly string[], ms = 40, frames?: { readonly length: number }): Promise<void> {
  for (const key of typeof keys === 'string' ? [...keys] : keys) await press(stdin, key, ms, frames);
}

/** Waits until `check` accepts the current frame, or fails with the last frame after `timeout` ms. */
export async function waitForFrame(lastFrame: () => string | undefined, check: (frame: string) => boolean, timeout = 2000): Promise<string> {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() > end) throw new Error(`timed out waiting for a frame; last frame:\n${frame}`);
    await sleep(10);
  }
}
