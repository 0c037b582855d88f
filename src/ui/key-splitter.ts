// Keys that arrive in one read (a paste, `jjj` over a slow link) are handled one at a time.
import type { EventEmitter } from 'node:events';
import { useEffect } from 'react';
import { useStdin } from 'ink';

/**
 * ink hands a chunk of plain characters to `useInput` as one string, which matches no key binding.
 * Screens ignore such strings (see `isChunk`); this hook queues their characters and emits each one
 * on ink's input channel after the previous one has been handled and rendered, so a key that opens
 * a screen is followed by keys that land on the new screen.
 */
export function useKeySplitter(): void {
  // The channel `useInput` listens on: ink's StdinContext carries it, its public type omits it
  // (test/ui/key-splitter.test.tsx fails if an ink upgrade removes it).
  const events = (useStdin() as { readonly internal_eventEmitter?: EventEmitter }).internal_eventEmitter;
  useEffect(() => {
    if (!events) return;
    const queue: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const feed = () => {
      timer = undefined;
      const next = queue.shift();
      if (next === undefined) return;
      events.emit('input', next);
      if (queue.length > 0) timer = setTimeout(feed, 0);
    };
    const onInput = (data: unknown) => {
      if (typeof data !== 'string' || !isChunk(data)) return;
      queue.push(...data);
      timer ??= setTimeout(feed, 0);
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      clearTimeout(timer);
    };
  }, [events]);
}

/** Several characters read at once (not an escape sequence): the splitter delivers them one by one. */
export const isChunk = (input: string): boolean => !input.startsWith('\u001B') && [...input].length > 1;
