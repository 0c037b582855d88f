// The prompt at the bottom of the frame: the `:` command line with its completions above it, or the
// file to write the fix to. One line each, cut to the terminal's width.
import { Box, useWindowSize } from 'ink';
import { safe, sanitizeLine } from '../../format/sanitize.js';
import { withCaret } from '../field-edit.js';
import type { Prompt } from '../store/state.js';
import type { JumpTarget } from '../store/jump.js';
import { SafeText } from './safe-text.js';

/** Completions listed at most; the rest are counted. */
export const CANDIDATES_SHOWN = 6;

/** How many lines the prompt takes besides the footer line it replaces. */
export const promptExtraLines = (prompt: Prompt | undefined, candidates: readonly JumpTarget[]): number =>
  !prompt ? 0 : (prompt.error ? 1 : 0) + (prompt.kind !== 'jump' ? 0 : Math.min(candidates.length, CANDIDATES_SHOWN) + (candidates.length > CANDIDATES_SHOWN ? 1 : 0));

/** The window of candidates that keeps the chosen one in view. */
function shownCandidates(candidates: readonly JumpTarget[], choice: number): { start: number; list: readonly JumpTarget[] } {
  const start = Math.max(0, Math.min(choice - CANDIDATES_SHOWN + 1, candidates.length - CANDIDATES_SHOWN));
  return { start: Math.max(0, start), list: candidates.slice(Math.max(0, start), Math.max(0, start) + CANDIDATES_SHOWN) };
}

export function PromptLine({ prompt, caret, candidates }: { readonly prompt: Prompt; readonly caret: number | undefined; readonly candidates: readonly JumpTarget[] }) {
  const label = prompt.kind === 'jump' ? ':' : 'write the fix to: ';
  const { start, list } = prompt.kind === 'jump' ? shownCandidates(candidates, prompt.choice) : { start: 0, list: [] };
  const { columns } = useWindowSize();
  // The hint only where it fits; a long text keeps its end (the caret) in view.
  const hint = `  enter ${prompt.kind === 'jump' ? 'jumps' : 'writes'}, esc cancels`;
  const fits = label.length + prompt.text.length + 1 + hint.length < (columns || 80);
  return (
    <Box flexDirection="column">
      {list.map((c, i) => (
        <SafeText key={c.text + c.kind} wrap="truncate-end" inverse={start + i === prompt.choice} dimColor={start + i !== prompt.choice}>
          {sanitizeLine(`  ${c.text}  (${c.note ?? c.kind})`)}
        </SafeText>
      ))}
      {candidates.length > CANDIDATES_SHOWN && prompt.kind === 'jump' ? <SafeText dimColor>{safe`  … ${candidates.length} matches: tab cycles`}</SafeText> : null}
      {prompt.error ? (
        <SafeText color="red" wrap="truncate-end">
          {sanitizeLine(prompt.error)}
        </SafeText>
      ) : null}
      <SafeText wrap="truncate-start">
        <SafeText color="cyan">{safe`${label}`}</SafeText>
        <SafeText>{sanitizeLine(withCaret({ text: prompt.text, caret }))}</SafeText>
        {fits ? <SafeText dimColor>{sanitizeLine(hint)}</SafeText> : null}
      </SafeText>
    </Box>
  );
}
