// A namespace: its workloads (replicas folded) with isolation badges and exposure.
import { Box, useInput, useWindowSize } from 'ink';
import { safe } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { namespaceRows, type WorkloadRow } from '../store/selectors.js';
import { Table, type Column } from '../components/table.js';
import { handleCommon, handleFilterKey, type ScreenProps } from './common.js';

const badge = (s: string) => (s === 'isolated' ? 'green' : s === 'host' ? undefined : 'yellow');

const COLUMNS: Column<WorkloadRow>[] = [
  { header: '', width: 1, cell: (r) => (r.changed ? '*' : ' '), color: () => 'magenta' },
  { header: 'workload', width: 34, priority: 1, cell: (r) => r.name },
  { header: 'pods', width: 5, cell: (r) => String(r.pods) },
  { header: 'ingress', width: 9, cell: (r) => r.ingress, color: (r) => badge(r.ingress) },
  { header: 'egress', width: 9, cell: (r) => r.egress, color: (r) => badge(r.egress) },
  { header: 'exposure', width: 10, cell: (r) => r.exposure, color: (r) => (r.exposure === 'internet' || r.exposure === 'cluster' ? 'yellow' : undefined) },
];

export function NamespaceScreen(props: ScreenProps & { readonly analysis: Analysis; readonly namespace: string; readonly changed: ReadonlySet<string> }) {
  const { analysis, namespace, view, dispatch, height, active, changed } = props;
  const rows = namespaceRows(analysis, namespace, view, changed);
  const { columns } = useWindowSize();
  useInput(
    (input, key) => {
      if (view.filtering) return handleFilterKey(view, input, key, dispatch);
      const command = commandFor('namespace', input, key);
      const row = rows[view.cursor];
      if (handleCommon(command, props, rows.length, row ? { from: row.key, to: '' } : undefined)) return;
      if (command === 'open' && row) dispatch({ type: 'push', screen: { kind: 'workload', key: row.key } });
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <SafeText dimColor>
        {safe`sort: ${view.sort}`}
        {view.filtering || view.filter ? safe`  filter: ${view.filter}${view.filtering ? '▏' : ''}` : null}
        {changed.size > 0 ? safe`  * changed at the last reload` : null}
      </SafeText>
      <Table columns={COLUMNS} rows={rows} cursor={view.cursor} height={height - 1} empty="No workload matches." width={columns} />
    </Box>
  );
}
