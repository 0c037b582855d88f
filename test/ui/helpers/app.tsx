// Mounting the App with ink-testing-library and driving it key by key.
import { render } from 'ink-testing-library';
import { App, type UiSource } from '../../../src/ui/app.js';
import type { Analysis } from '../../../src/ui/store/analysis.js';
import { press, pressAll, waitForFrame } from './keys.js';

export function mountApp(source: UiSource, initial?: Analysis) {
  const r = render(initial ? <App source={source} initial={initial} /> : <App source={source} />);
  const frame = () => r.lastFrame() ?? '';
  return {
    ...r,
    frame,
    press: (key: string) => press(r.stdin, key, 40, r.frames),
    keys: (keys: string | readonly string[]) => pressAll(r.stdin, keys, 40, r.frames),
    /** Types text one character at a time. */
    type: (text: string) => pressAll(r.stdin, text, 40, r.frames),
    waitFor: (check: string | RegExp | ((f: string) => boolean), timeout?: number) =>
      waitForFrame(frame, typeof check === 'function' ? check : (f) => (typeof check === 'string' ? f.includes(check) : f.search(check) >= 0), timeout),
  };
}

export type Mounted = ReturnType<typeof mountApp>;

/** The frame's lines that start with `prefix` (table rows start with their first cell). */
export const rowsStarting = (frame: string, prefix: string): string[] => frame.split('\n').filter((l) => l.trimStart().startsWith(prefix));

/** The breadcrumb line (second line of the frame). */
export const crumbs = (frame: string): string => frame.split('\n')[1] ?? '';

/** Index of the first line containing `text`, -1 if none. */
export const lineOf = (frame: string, text: string): number => frame.split('\n').findIndex((l) => l.includes(text));
