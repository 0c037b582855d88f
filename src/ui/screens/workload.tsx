// A workload in tabs: who can reach it, what it can reach, the policies selecting it, findings.
import { useMemo } from 'react';
import { Box, useInput, useWindowSize } from 'ink';
import { safe } from '../../format/sanitize.js';
import { SafeText } from '../components/safe-text.js';
import { formatPorts } from '../../format/reach-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import { WORKLOAD_TABS, findingPolicies, findingsTab, policiesTab, reachTab, type PolicyRow } from '../store/selectors.js';
import { Table, type Column } from '../components/table.js';
import { handleCommon, type ScreenProps } from './common.js';

interface ReachLine {
  readonly name: string;
  /** The path check's form of the peer (`ns/deployment/name`, `ns/pod`); unset for address rows. */
  readonly peer?: string;
  readonly pods: string;
  readonly ports: string;
  readonly rule: string;
}

const reachColumns = (inbound: boolean): Column<ReachLine>[] => [
  { header: inbound ? 'source' : 'destination', width: 30, priority: 1, cell: (r) => r.name },
  { header: 'pods', width: 4, cell: (r) => r.pods },
  { header: 'ports', width: 14, priority: 3, cell: (r) => r.ports },
  { header: inbound ? 'admitted by' : 'allowed by', width: 28, priority: 2, cell: (r) => r.rule },
];

const POLICY_COLUMNS: Column<PolicyRow>[] = [
  { header: 'policy', width: 34, priority: 1, cell: (r) => r.name },
  { header: 'types', width: 16, cell: (r) => r.types },
  { header: 'isolates', width: 16, cell: (r) => [r.ingress ? 'ingress' : '', r.egress ? 'egress' : ''].filter(Boolean).join('+') || '-' },
];

export function WorkloadScreen(props: ScreenProps & { readonly analysis: Analysis; readonly workload: string }) {
  const { analysis, workload, view, dispatch, height, active } = props;
  const tab = view.tab;
  const { columns } = useWindowSize();
  const lines = useMemo((): ReachLine[] | PolicyRow[] | string[] => {
    if (tab === 0 || tab === 1) {
      const inbound = tab === 0;
      const data = reachTab(analysis, workload, inbound ? 'inbound' : 'outbound');
      return [
        ...data.pods.map((r) => ({
          name: `${r.namespace}/${r.peer}`,
          peer: `${r.namespace}/${r.peer}`,
          pods: String(r.pods),
          ports: formatPorts(r.ports),
          rule: (inbound ? r.ingress : r.egress).join(', '),
        })),
        ...data.addresses.map((r) => ({ name: r.addresses.join(', '), pods: '-', ports: formatPorts(r.ports), rule: r.rules.join(', ') })),
      ];
    }
    return tab === 2 ? policiesTab(analysis, workload) : findingsTab(analysis, workload);
  }, [analysis, workload, tab]);

  useInput(
    (input, key) => {
      const command = commandFor('workload', input, key);
      if (command === 'nextTab' || command === 'prevTab') {
        dispatch({ type: 'tab', delta: command === 'nextTab' ? 1 : -1, count: WORKLOAD_TABS.length });
        return;
      }
      // A reach row: the path between the row and this workload (who can reach: row -> it; can reach: it -> row).
      const reach = tab === 0 || tab === 1 ? (lines as ReachLine[])[view.cursor] : undefined;
      const path = reach?.peer ? (tab === 0 ? { from: reach.peer, to: workload } : { from: workload, to: reach.peer }) : { from: workload, to: '' };
      if (handleCommon(command, props, lines.length, path)) return;
      if (command === 'open' && reach?.peer) dispatch({ type: 'path-open', ...path });
      if (command === 'open' && tab === 3) {
        const policy = findingPolicies(analysis, workload)[view.cursor];
        if (policy) dispatch({ type: 'push', screen: { kind: 'policy', ...policy } });
      }
      if (command === 'open' && tab === 2) {
        const row = (lines as PolicyRow[])[view.cursor];
        if (row) dispatch({ type: 'push', screen: { kind: 'policy', namespace: row.namespace, name: row.name } });
      }
    },
    { isActive: active },
  );

  const group = analysis.groups.get(workload);
  return (
    <Box flexDirection="column">
      <SafeText>
        <SafeText bold>{safe`${workload}`}</SafeText>
        <SafeText dimColor>{group ? safe` ${group.pods.length} pod${group.pods.length > 1 ? 's' : ''}` : safe` gone`}</SafeText>
      </SafeText>
      <SafeText>
        {WORKLOAD_TABS.map((name, i) => (
          <SafeText key={name} inverse={i === tab}>{safe` ${name} `}</SafeText>
        ))}
      </SafeText>
      {tab === 0 || tab === 1 ? (
        <Table columns={reachColumns(tab === 0)} rows={lines as ReachLine[]} cursor={view.cursor} height={height - 3} empty={tab === 0 ? 'Nothing can reach it.' : 'It can reach nothing.'} width={columns} />
      ) : tab === 2 ? (
        <Table columns={POLICY_COLUMNS} rows={lines as PolicyRow[]} cursor={view.cursor} height={height - 3} empty="No policy selects it: all traffic is allowed." width={columns} />
      ) : (
        <Table columns={[{ header: 'finding', width: 78, priority: 1, cell: (s: string) => s }]} rows={lines as string[]} cursor={view.cursor} height={height - 3} empty="No findings." width={columns} />
      )}
    </Box>
  );
}
