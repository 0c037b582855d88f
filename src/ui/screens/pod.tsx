// A pod: its addresses, node, owner, labels, ports, and the policies selecting it per direction.
import { Box, useInput, useWindowSize } from 'ink';
import { safe, sanitize, sanitizeLine } from '../../format/sanitize.js';
import { wrap } from '../../format/wrap.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { findPod, podLines } from '../store/selectors.js';
import { handleCommon, type ScreenProps } from './common.js';

export function PodScreen(props: ScreenProps & { readonly analysis: Analysis; readonly namespace: string; readonly name: string }) {
  const { analysis, namespace, name, view, height, active } = props;
  const pod = findPod(analysis, namespace, name);
  const { columns } = useWindowSize();
  const width = Math.max(20, (columns || 80) - 1);
  const lines = pod ? podLines(analysis, pod).flatMap((line) => wrap(sanitize(line), width, '           ').split('\n')) : [`Pod ${namespace}/${name} no longer exists.`];
  useInput(
    (input, key) => {
      handleCommon(commandFor('pod', input, key), props, lines.length, { from: `${namespace}/${name}`, to: '' });
    },
    { isActive: active },
  );
  const visible = Math.max(1, height - 1);
  const start = Math.min(view.cursor, Math.max(0, lines.length - visible));
  return (
    <Box flexDirection="column">
      <SafeText bold>{safe`Pod ${namespace}/${name}`}</SafeText>
      {lines.slice(start, start + visible).map((line, i) => (
        <SafeText key={start + i} wrap="truncate-end">
          {sanitizeLine(line)}
        </SafeText>
      ))}
    </Box>
  );
}
