// Overview: namespaces with pod counts, isolation bars, default-deny markers and findings.
import { Box, useInput, useWindowSize } from 'ink';
import { safe } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { overviewRows, type NamespaceRow } from '../store/selectors.js';
import type { SortOrder } from '../store/state.js';
import { Table, type Column } from '../components/table.js';
import { bar } from '../components/frame.js';
import { handleCommon, handleFilterKey, type ScreenProps } from './common.js';
import { withCaret } from '../field-edit.js';

const COLUMNS: Column<NamespaceRow>[] = [
  { header: 'namespace', width: 22, priority: 1, cell: (r) => r.name },
  { header: 'pods', width: 5, cell: (r) => String(r.pods) },
  { header: 'ingress', width: 11, cell: (r) => (r.pods ? bar(r.ingress) : '-'), color: (r) => (r.pods && r.ingress < 100 ? 'yellow' : undefined) },
  { header: 'egress', width: 11, cell: (r) => (r.pods ? bar(r.egress) : '-'), color: (r) => (r.pods && r.egress < 100 ? 'yellow' : undefined) },
  { header: 'deny', width: 7, cell: (r) => r.defaultDeny, color: (r) => (r.defaultDeny === 'none' ? 'yellow' : 'green') },
  // Warnings and errors: info findings are left out of the count (the workload's Findings tab lists them).
  { header: 'warnings', width: 8, cell: (r) => String(r.findings), color: (r) => (r.findings ? 'yellow' : undefined) },
];

/** What each sort order sorts the overview by, named after the column it reads. */
const SORT_LABELS: Record<SortOrder, string> = { name: 'namespace', isolation: 'isolation (ingress+egress)', exposure: 'warnings' };

export function Overview(props: ScreenProps & { readonly analysis: Analysis }) {
  const { analysis, view, dispatch, height, active } = props;
  const rows = overviewRows(analysis, view);
  const { columns } = useWindowSize();
  useInput(
    (input, key) => {
      if (view.filtering) return handleFilterKey(view, input, key, dispatch, props.caret);
      const command = commandFor('overview', input, key);
      if (handleCommon(command, props, rows.length)) return;
      const row = rows[view.cursor];
      if (command === 'open' && row) dispatch({ type: 'push', screen: { kind: 'namespace', namespace: row.name } });
    },
    { isActive: active },
  );
  const t = analysis.coverage.totals;
  return (
    <Box flexDirection="column">
      <SafeText>
        {safe`${t.pods} pods · ingress isolated ${bar((t.ingressIsolated * 100) / Math.max(1, t.pods))} · egress ${bar((t.egressIsolated * 100) / Math.max(1, t.pods))}`}
      </SafeText>
      <SafeText dimColor>
        {safe`sort: ${SORT_LABELS[view.sort]}`}
        {view.filtering || view.filter ? safe`  filter: ${view.filtering ? withCaret({ text: view.filter, caret: props.caret }) : view.filter}` : null}
      </SafeText>
      <Table columns={COLUMNS} rows={rows} cursor={view.cursor} height={height - 2} empty="No namespace matches." width={columns} />
    </Box>
  );
}
