// A workload in tabs: who can reach it, the sources denied (with the nearest miss of each), what it
// can reach, the policies selecting it, findings, and its pods.
import { useMemo, useRef } from 'react';
import { Box, useInput, useWindowSize } from 'ink';
import { safe, sanitize, sanitizeLine } from '../../format/sanitize.js';
import { wrap } from '../../format/wrap.js';
import { SafeText } from '../components/safe-text.js';
import { formatPorts } from '../../format/reach-text.js';
import { commandFor } from '../keys.js';
import type { Analysis } from '../store/analysis.js';
import {
  WORKLOAD_TABS,
  deniedTab,
  findingPolicies,
  findingsTab,
  nearestMissText,
  podsTab,
  policiesTab,
  reachTab,
  reachTabOf,
  deniedTabOf,
  type DeniedSourceRow,
  type PodRow,
  type PolicyRow,
  type WorkloadTab,
} from '../store/selectors.js';
import { Table, type Column } from '../components/table.js';
import { handleCommon, handleFilterKey, type ScreenProps } from './common.js';
import { withCaret } from '../field-edit.js';
import type { PeerAsker } from '../store/peer-asker.js';
import type { ReachDirection } from '../../report/peer-list-query.js';
import type { PeerListView } from '../../report/peer-list-view.js';

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

const POD_COLUMNS: Column<PodRow>[] = [
  { header: 'pod', width: 34, priority: 1, cell: (r) => r.name },
  { header: 'ips', width: 18, priority: 2, cell: (r) => r.ips },
  { header: 'node', width: 14, priority: 3, cell: (r) => r.node },
  { header: 'phase', width: 9, cell: (r) => r.phase },
];

/**
 * The nearest miss is a walkthrough per source: it is worked out for the rows on screen only (the
 * column takes the width left, so the table never measures it), and remembered per analysis.
 */
type MissText = ReturnType<typeof nearestMissText>;

function deniedColumns(missOf: (row: DeniedSourceRow) => MissText, width: number, rows: readonly DeniedSourceRow[]): Column<DeniedSourceRow>[] {
  const source = Math.min(Math.max(10, ...rows.slice(0, 2000).map((r) => r.source.length)), Math.max(20, Math.floor(width * 0.35)));
  return [
    { header: 'source', width: source, min: 10, cell: (r) => r.source },
    { header: 'pods', width: 4, cell: (r) => String(r.pods) },
    { header: 'nearest miss', width: Math.max(12, width - source - 4 - 2), min: 12, cell: (r) => missOf(r).short },
  ];
}

/** Lines under the Denied sources table for the selected source's nearest miss. */
const DETAIL_LINES = 2;

interface FindingLine {
  readonly text: string;
  /** The policy it is about, which Enter opens. */
  readonly policy?: { readonly namespace: string; readonly name: string } | undefined;
}

/** `computing`: the tab's query runs off this thread; no rows yet. */
type Lines = { tab: 'reach'; rows: ReachLine[]; computing?: boolean } | { tab: 'denied'; rows: DeniedSourceRow[]; computing?: boolean } | { tab: 'policies'; rows: PolicyRow[] } | { tab: 'findings'; rows: FindingLine[] } | { tab: 'pods'; rows: PodRow[] };

/** The rows with `filter` in one of their columns (case ignored); the nearest miss, worked out per row on screen, is not searched. */
function filterLines(lines: Lines, filter: string): Lines {
  const f = filter.trim().toLowerCase();
  if (!f) return lines;
  const has = (...texts: string[]) => texts.some((t) => t.toLowerCase().includes(f));
  switch (lines.tab) {
    case 'reach':
      return { ...lines, rows: lines.rows.filter((r) => has(r.name, r.ports, r.rule)) };
    case 'denied':
      return { ...lines, rows: lines.rows.filter((r) => has(r.source, r.reason)) };
    case 'policies':
      return { tab: 'policies', rows: lines.rows.filter((r) => has(r.name, r.types)) };
    case 'findings':
      return { tab: 'findings', rows: lines.rows.filter((r) => has(r.text)) };
    case 'pods':
      return { tab: 'pods', rows: lines.rows.filter((r) => has(r.name, r.ips, r.node, r.phase)) };
  }
}

/** A peer tab's view as the asker has it: 'computing', the view, or undefined when this thread computes it. */
type Asked = { readonly view: PeerListView | undefined } | 'computing' | undefined;

function ask(asker: PeerAsker | undefined, analysis: Analysis, workload: string, direction: ReachDirection): Asked {
  const answer = asker?.view(analysis, { key: workload, direction, probe: null });
  if (!answer || answer.state === 'here') return undefined;
  return answer.state === 'computing' ? 'computing' : { view: answer.view };
}

function tabLines(analysis: Analysis, workload: string, tab: WorkloadTab, asker: PeerAsker | undefined): Lines {
  switch (tab) {
    case 'Who can reach':
    case 'Can reach': {
      const inbound = tab === 'Who can reach';
      const asked = ask(asker, analysis, workload, inbound ? 'inbound' : 'outbound');
      if (asked === 'computing') return { tab: 'reach', rows: [], computing: true };
      const data = asked ? reachTabOf(asked.view) : reachTab(analysis, workload, inbound ? 'inbound' : 'outbound');
      return {
        tab: 'reach',
        rows: [
          ...data.pods.map((r) => ({
            name: `${r.namespace}/${r.peer}`,
            peer: `${r.namespace}/${r.peer}`,
            pods: String(r.pods),
            ports: formatPorts(r.ports),
            rule: (inbound ? r.ingress : r.egress).join(', '),
          })),
          ...data.addresses.map((r) => ({ name: r.addresses.join(', '), pods: '-', ports: formatPorts(r.ports), rule: r.rules.join(', ') })),
        ],
      };
    }
    case 'Denied sources': {
      const asked = ask(asker, analysis, workload, 'inbound');
      if (asked === 'computing') return { tab: 'denied', rows: [], computing: true };
      return { tab: 'denied', rows: asked ? deniedTabOf(asked.view) : deniedTab(analysis, workload) };
    }
    case 'Policies':
      return { tab: 'policies', rows: policiesTab(analysis, workload) };
    case 'Findings': {
      const policies = findingPolicies(analysis, workload);
      return { tab: 'findings', rows: findingsTab(analysis, workload).map((text, i) => ({ text, policy: policies[i] })) };
    }
    case 'Pods':
      return { tab: 'pods', rows: podsTab(analysis, workload) };
  }
}

/** Shown in a peer tab while its query runs off this thread. */
export const COMPUTING_TEXT = '(computing…)';

export function WorkloadScreen(
  props: ScreenProps & {
    readonly analysis: Analysis;
    readonly workload: string;
    /** Runs the peer tabs' queries off this thread (none: computed here). */
    readonly asker?: PeerAsker | undefined;
    /** Changes when an answer arrives (draws again). */
    readonly answered?: number;
  },
) {
  const { analysis, workload, view, dispatch, height, active, asker, answered } = props;
  const tab = WORKLOAD_TABS[view.tab] ?? 'Who can reach';
  const { columns } = useWindowSize();
  // `answered` changes when the asker has news.
  const all = useMemo(() => tabLines(analysis, workload, tab, asker), [analysis, workload, tab, asker, answered]);
  const lines = useMemo(() => filterLines(all, view.filter), [all, view.filter]);
  const misses = useRef<{ analysis: Analysis; workload: string; text: Map<string, MissText> } | null>(null);
  if (misses.current?.analysis !== analysis || misses.current.workload !== workload) misses.current = { analysis, workload, text: new Map() };
  const cache = misses.current.text;
  const missOf = (row: DeniedSourceRow): MissText => {
    let text = cache.get(row.source);
    if (text === undefined) {
      text = nearestMissText(analysis, row.source, workload);
      cache.set(row.source, text);
    }
    return text;
  };

  useInput(
    (input, key) => {
      if (view.filtering) return handleFilterKey(view, input, key, dispatch, props.caret);
      const command = commandFor('workload', input, key);
      if (command === 'nextTab' || command === 'prevTab') {
        // A filter belongs to the tab it was typed on.
        if (view.filter) dispatch({ type: 'filter-end', keep: false });
        dispatch({ type: 'tab', delta: command === 'nextTab' ? 1 : -1, count: WORKLOAD_TABS.length });
        return;
      }
      // A reach row: the path between the row and this workload (who can reach: row -> it; can reach: it -> row).
      const reach = lines.tab === 'reach' ? lines.rows[view.cursor] : undefined;
      const deniedRow = lines.tab === 'denied' ? lines.rows[view.cursor] : undefined;
      const path = reach?.peer
        ? tab === 'Who can reach'
          ? { from: reach.peer, to: workload }
          : { from: workload, to: reach.peer }
        : deniedRow
          ? { from: deniedRow.source, to: workload }
          : { from: workload, to: '' };
      if (handleCommon(command, props, lines.rows.length, path)) return;
      if (command !== 'open') return;
      if (reach?.peer || deniedRow) dispatch({ type: 'path-open', ...path });
      if (lines.tab === 'findings') {
        const policy = lines.rows[view.cursor]?.policy;
        if (policy) dispatch({ type: 'push', screen: { kind: 'policy', ...policy } });
      }
      if (lines.tab === 'policies') {
        const row = lines.rows[view.cursor];
        if (row) dispatch({ type: 'push', screen: { kind: 'policy', namespace: row.namespace, name: row.name } });
      }
      if (lines.tab === 'pods') {
        const row = lines.rows[view.cursor];
        if (row) dispatch({ type: 'push', screen: { kind: 'pod', namespace: row.namespace, name: row.name } });
      }
    },
    { isActive: active },
  );

  const group = analysis.groups.get(workload);
  const filterLine = view.filtering || view.filter;
  const rows = height - 3 - (filterLine ? 1 : 0);
  let table;
  switch (lines.tab) {
    case 'reach':
      table = <Table columns={reachColumns(tab === 'Who can reach')} rows={lines.rows} cursor={view.cursor} height={rows} empty={lines.computing ? COMPUTING_TEXT : tab === 'Who can reach' ? 'Nothing can reach it.' : 'It can reach nothing.'} width={columns} />;
      break;
    case 'denied': {
      // The selected source's nearest miss in full under the table (the column cuts it at 80 columns).
      const selected = lines.rows[view.cursor];
      const detail = selected ? wrap(sanitize(`${selected.source}: ${missOf(selected).full}`), Math.max(20, (columns || 80) - 1), '  ').split('\n').slice(0, DETAIL_LINES) : [];
      table = (
        <Box flexDirection="column">
          <Table columns={deniedColumns(missOf, (columns || 80) - 1, lines.rows)} rows={lines.rows} cursor={view.cursor} height={rows - DETAIL_LINES} empty={lines.computing ? COMPUTING_TEXT : 'No source is denied: every pod can reach it on some port.'} width={columns} />
          {detail.map((line, i) => (
            <SafeText key={i} dimColor wrap="truncate-end">
              {sanitizeLine(line)}
            </SafeText>
          ))}
        </Box>
      );
      break;
    }
    case 'policies':
      table = <Table columns={POLICY_COLUMNS} rows={lines.rows} cursor={view.cursor} height={rows} empty="No policy selects it: all traffic is allowed." width={columns} />;
      break;
    case 'findings':
      table = <Table columns={[{ header: 'finding', width: 78, priority: 1, cell: (r: FindingLine) => r.text }]} rows={lines.rows} cursor={view.cursor} height={rows} empty={view.filter ? 'No finding matches.' : 'No findings.'} width={columns} />;
      break;
    case 'pods':
      table = <Table columns={POD_COLUMNS} rows={lines.rows} cursor={view.cursor} height={rows} empty="No running pod." width={columns} />;
      break;
  }
  return (
    <Box flexDirection="column">
      <SafeText>
        <SafeText bold>{safe`${workload}`}</SafeText>
        <SafeText dimColor>{group ? safe` ${group.pods.length} pod${group.pods.length > 1 ? 's' : ''}` : safe` gone`}</SafeText>
      </SafeText>
      <SafeText wrap="truncate-end">
        {WORKLOAD_TABS.map((name, i) => (
          <SafeText key={name} inverse={i === view.tab}>{safe` ${name} `}</SafeText>
        ))}
      </SafeText>
      {filterLine ? <SafeText dimColor>{safe`filter: ${view.filtering ? withCaret({ text: view.filter, caret: props.caret }) : view.filter}`}</SafeText> : null}
      {table}
    </Box>
  );
}
