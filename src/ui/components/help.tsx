// The help overlay: every key of the current screen, from the same keymap that drives input.
import { Box } from 'ink';
import { safe } from '../../format/sanitize.js';
import { SafeText } from './safe-text.js';
import { DESCRIPTIONS, KEYMAPS, type ScreenKind } from '../keys.js';

export function Help({ screen }: { readonly screen: ScreenKind }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <SafeText bold>{safe`Keys on this screen`}</SafeText>
      {KEYMAPS[screen].map((b) => (
        <SafeText key={b.command}>{safe`${b.keys.join(', ').padEnd(16)} ${DESCRIPTIONS[b.command]}`}</SafeText>
      ))}
      <SafeText dimColor>{safe`esc or ? closes this help`}</SafeText>
    </Box>
  );
}
