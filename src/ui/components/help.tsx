// The help overlay: every key of the current screen, from the same keymap that drives input.
import { Box, Text } from 'ink';
import { DESCRIPTIONS, KEYMAPS, type ScreenKind } from '../keys.js';

export function Help({ screen }: { readonly screen: ScreenKind }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys on this screen</Text>
      {KEYMAPS[screen].map((b) => (
        <Text key={b.command}>
          {b.keys.join(', ').padEnd(16)} {DESCRIPTIONS[b.command]}
        </Text>
      ))}
      <Text dimColor>esc or ? closes this help</Text>
    </Box>
  );
}
