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
    // While characters wait in the queue, keys read after them wait behind them (a Tab or Enter typed
    // right after a paste acts after the pasted text): ink's emit is wrapped to queue them.
    const own = Object.hasOwn(events, 'emit');
    const original = events.emit;
    const emit = original.bind(events);
    let feeding = false;
    const feed = () => {
      timer = undefined;
      const next = queue.shift();
      if (next === undefined) return;
      feeding = true;
      try {
        emit('input', next);
      } finally {
        feeding = false;
      }
      if (queue.length > 0) timer = setTimeout(feed, 0);
    };
    const wrapped = (event: string | symbol, ...args: unknown[]): boolean => {
      const data = args[0];
      if (event === 'input' && !feeding && queue.length > 0 && typeof data === 'string') {
        queue.push(...(isChunk(data) ? [...data] : [data]));
        return true;
      }
      return emit(event, ...args);
    };
    events.emit = wrapped;
    const onInput = (data: unknown) => {
      if (typeof data !== 'string' || !isChunk(data)) return;
      queue.push(...data);
      timer ??= setTimeout(feed, 0);
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      if (events.emit === wrapped) {
        if (own) events.emit = original;
        else delete (events as { emit?: unknown }).emit;
      }
      clearTimeout(timer);
    };
  }, [events]);
}

/** Several characters read at once (not an escape sequence): the splitter delivers them one by one. */
export const isChunk = (input: string): boolean => !input.startsWith('\u001B') && [...input].length > 1;
