// Ctrl-C ends the UI as an interruption (exit 130, as shells report SIGINT), distinct from q.
import type { ReactNode } from 'react';
import { useApp, useInput } from 'ink';

/** What `waitUntilExit()` resolves to when the user pressed Ctrl-C. */
export const INTERRUPTED = Symbol('interrupted');

/**
 * Wraps the app: render with `exitOnCtrlC: false` so the key reaches this handler (screens ignore
 * keys with ctrl), which ends the app the way q does, raw mode undone, but with INTERRUPTED.
 */
export function Interruptible({ children }: { readonly children: ReactNode }) {
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') exit(INTERRUPTED);
  });
  return children;
}
