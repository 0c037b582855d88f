// Ctrl-C ends the UI as an interruption (exit 130, as shells report SIGINT), distinct from q.
// The wrapper is also where terminal-wide concerns live: keys read together, the minimum size.
import type { ReactNode } from 'react';
import { Box, useApp, useInput, useWindowSize } from 'ink';
import { safe } from '../format/sanitize.js';
import { SafeText } from './components/safe-text.js';
import { useKeySplitter } from './key-splitter.js';

/** What `waitUntilExit()` resolves to when the user pressed Ctrl-C. */
export const INTERRUPTED = Symbol('interrupted');

/** Below this size a frame cannot show header, rows and footer: a message replaces it. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

/**
 * Wraps the app: render with `exitOnCtrlC: false` so the key reaches this handler (screens ignore
 * keys with ctrl), which ends the app the way q does, raw mode undone, but with INTERRUPTED.
 * The app stays mounted while the terminal is too small (its state survives a resize), hidden.
 */
export function Interruptible({ children }: { readonly children: ReactNode }) {
  const { exit } = useApp();
  useKeySplitter();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') exit(INTERRUPTED);
  });
  const { columns, rows } = useWindowSize();
  const small = columns > 0 && rows > 0 && (columns < MIN_COLUMNS || rows < MIN_ROWS);
  return (
    <Box flexDirection="column">
      {small ? (
        <SafeText wrap="truncate-end">{safe`Terminal too small (${columns}x${rows}): kubectl-netpol needs ${MIN_COLUMNS}x${MIN_ROWS}. q quits.`}</SafeText>
      ) : null}
      <Box flexDirection="column" display={small ? 'none' : 'flex'}>
        {children}
      </Box>
    </Box>
  );
}
