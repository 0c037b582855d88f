// A namespace in tabs: its workloads (replicas folded) with isolation badges and what their ingress admits, its policies
// (each with what it selects, including nothing) and its findings.
import { Box, useInput, useWindowSize } from 'ink';
import { safe } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { NAMESPACE_TABS, namespaceFindingsTab, namespacePoliciesTab, namespaceRows, type FindingLine, type WorkloadRow } from '../store/selectors.js';
import type { NamespacePolicyRow } from '../../report/policy-view.js';
import { Table, type Column } from '../components/table.js';
import { handleCommon, handleFilterKey, type ScreenProps } from './common.js';
import { withCaret } from '../field-edit.js';

const badge = (s: string) => (s === 'isolated' ? 'green' : s === 'host' ? undefined : 'yellow');

const COLUMNS: Column<WorkloadRow>[] = [
  { header: '', width: 1, cell: (r) => (r.changed ? '*' : ' '), color: () => 'magenta' },
  { header: 'workload', width: 34, priority: 1, cell: (r) => r.name },
  { header: 'pods', width: 5, cell: (r) => String(r.pods) },
  { header: 'ingress', width: 9, cell: (r) => r.ingress, color: (r) => badge(r.ingress) },
  { header: 'egress', width: 9, cell: (r) => r.egress, color: (r) => badge(r.egress) },
  { header: 'ingress from', width: 12, cell: (r) => r.exposure, color: (r) => (r.exposure === 'internet' || r.exposure === 'cluster' ? 'yellow' : undefined) },
];

const POLICY_COLUMNS: Column<NamespacePolicyRow>[] = [
  { header: 'policy', width: 30, priority: 1, cell: (r) => r.name },
  { header: 'types', width: 14, cell: (r) => r.types },
  { header: 'selects', width: 32, priority: 2, cell: (r) => r.selects, color: (r) => (r.selects === 'nothing' ? 'yellow' : undefined) },
];

const FINDING_COLUMNS: Column<FindingLine>[] = [{ header: 'finding', width: 78, priority: 1, cell: (r) => r.text }];

export function NamespaceScreen(props: ScreenProps & { readonly analysis: Analysis; readonly namespace: string; readonly changed: ReadonlySet<string> }) {
  const { analysis, namespace, view, dispatch, height, active, changed } = props;
  const tab = view.tab;
  const rows = namespaceRows(analysis, namespace, view, changed);
  const policies = tab === 1 ? namespacePoliciesTab(analysis, namespace) : [];
  const findings = tab === 2 ? namespaceFindingsTab(analysis, namespace) : [];
  const length = [rows.length, policies.length, findings.length][tab] ?? 0;
  const { columns } = useWindowSize();
  useInput(
    (input, key) => {
      if (view.filtering) return handleFilterKey(view, input, key, dispatch, props.caret);
      const command = commandFor('namespace', input, key);
      if (command === 'nextTab' || command === 'prevTab') {
        dispatch({ type: 'tab', delta: command === 'nextTab' ? 1 : -1, count: NAMESPACE_TABS.length });
        return;
      }
      // Filter and sort order belong to the workload list.
      if (tab !== 0 && (command === 'filter' || command === 'sort')) return;
      const row = tab === 0 ? rows[view.cursor] : undefined;
      if (handleCommon(command, props, length, row ? { from: row.key, to: '' } : undefined)) return;
      if (command !== 'open') return;
      if (row) dispatch({ type: 'push', screen: { kind: 'workload', key: row.key } });
      const policy = tab === 1 ? policies[view.cursor] : tab === 2 ? findings[view.cursor]?.policy : undefined;
      if (policy) dispatch({ type: 'push', screen: { kind: 'policy', namespace: policy.namespace, name: policy.name } });
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <SafeText>
        {NAMESPACE_TABS.map((name, i) => (
          <SafeText key={name} inverse={i === tab}>{safe` ${name} `}</SafeText>
        ))}
      </SafeText>
      {tab === 0 ? (
        <SafeText dimColor>
          {safe`sort: ${view.sort}`}
          {view.filtering || view.filter ? safe`  filter: ${view.filtering ? withCaret({ text: view.filter, caret: props.caret }) : view.filter}` : null}
          {changed.size > 0 ? safe`  * changed at the last reload` : null}
        </SafeText>
      ) : null}
      {tab === 0 ? (
        <Table columns={COLUMNS} rows={rows} cursor={view.cursor} height={height - 2} empty="No workload matches." width={columns} />
      ) : tab === 1 ? (
        <Table columns={POLICY_COLUMNS} rows={policies} cursor={view.cursor} height={height - 2} empty="No NetworkPolicy in this namespace." width={columns} />
      ) : (
        <Table columns={FINDING_COLUMNS} rows={findings} cursor={view.cursor} height={height - 2} empty="No findings." width={columns} />
      )}
    </Box>
  );
}
