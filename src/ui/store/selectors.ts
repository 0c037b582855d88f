// Derived data for each screen: rows computed from the analysis through the engine and report layers.
import type { Pod } from '../../model/snapshot.js';
import type { NetworkPolicy } from '../../model/policy.js';
import { addressGrants, partitionGrants } from '../../engine/analysis/address-reach.js';
import { EXPOSURE_LEVELS } from '../../engine/analysis/exposure.js';
import { analysablePods, podIsolation, podsSelectedBy } from '../../engine/analysis/isolation.js';
import { peerResults, type ReachDirection } from '../../engine/analysis/pod-reach.js';
import { groupByWorkload } from '../../engine/analysis/workload-groups.js';
import { checkReach } from '../../engine/reach.js';
import { parseTargetRef, resolveTarget } from '../../engine/target.js';
import { formatSelector } from '../../engine/selector.js';
import { reachView, type ReachView } from '../../report/path-view.js';
import { addressRows, peerRows, type AddressRow, type PeerRow } from '../../report/peer-list-view.js';
import { percent } from '../../report/coverage-view.js';
import { findingText } from '../../format/coverage-text.js';
import { workloadKey, type Analysis } from './analysis.js';
import type { SortOrder, View } from './state.js';

export interface NamespaceRow {
  readonly name: string;
  readonly pods: number;
  readonly ingress: number;
  readonly egress: number;
  readonly defaultDeny: string;
  readonly findings: number;
}

/** A filter matches a name substring, or `key=value` / `key` against labels. */
function matchesFilter(filter: string, name: string, labels: readonly Readonly<Record<string, string>>[] = []): boolean {
  const f = filter.trim();
  if (!f) return true;
  if (f.includes('=')) {
    const [k, v] = f.split('=', 2) as [string, string];
    return labels.some((l) => l[k.trim()] === v.trim());
  }
  return name.includes(f) || labels.some((l) => Object.hasOwn(l, f));
}

export function overviewRows(analysis: Analysis, view: View): NamespaceRow[] {
  const rows = analysis.coverage.namespaces
    .filter((n) => matchesFilter(view.filter, n.namespace, [analysis.index.namespaceLabels(n.namespace)]))
    .map((n) => ({
      name: n.namespace,
      pods: n.pods,
      ingress: percent(n.ingressIsolated, n.pods),
      egress: percent(n.egressIsolated, n.pods),
      defaultDeny: n.defaultDenyIngress && n.defaultDenyEgress ? 'in+eg' : n.defaultDenyIngress ? 'ingress' : n.defaultDenyEgress ? 'egress' : 'none',
      findings: analysis.findings.filter((f) => f.namespace === n.namespace && f.severity !== 'info').length,
    }));
  return sortRows(rows, view.sort, (r) => r.ingress + r.egress, (r) => -r.findings);
}

function sortRows<T extends { name: string }>(rows: T[], order: SortOrder, isolation: (r: T) => number, exposure: (r: T) => number): T[] {
  const by = order === 'isolation' ? isolation : order === 'exposure' ? exposure : undefined;
  return [...rows].sort((a, b) => (by ? by(a) - by(b) : 0) || a.name.localeCompare(b.name));
}

export interface WorkloadRow {
  readonly key: string;
  readonly name: string;
  readonly pods: number;
  readonly ingress: string;
  readonly egress: string;
  readonly exposure: string;
  readonly changed: boolean;
}

const state = (isolated: number, pods: number) => (isolated === pods ? 'isolated' : isolated === 0 ? 'open' : `${isolated}/${pods}`);

export function namespaceRows(analysis: Analysis, namespace: string, view: View, changed: ReadonlySet<string>): WorkloadRow[] {
  const rows = analysis.coverage.workloads
    .filter((w) => w.namespace === namespace)
    .filter((w) => matchesFilter(view.filter, w.name, analysis.groups.get(workloadKey(w))?.pods.map((p) => p.labels)))
    .map((w) => ({
      key: workloadKey(w),
      name: w.name,
      pods: w.pods,
      ingress: w.hostNetwork ? 'host' : state(w.ingressIsolated, w.pods),
      egress: w.hostNetwork ? 'host' : state(w.egressIsolated, w.pods),
      exposure: w.exposure,
      changed: changed.has(workloadKey(w)),
    }));
  const isolationScore = (r: WorkloadRow) => (r.ingress === 'isolated' ? 1 : 0) + (r.egress === 'isolated' ? 1 : 0);
  return sortRows(rows, view.sort, isolationScore, (r) => -EXPOSURE_LEVELS.indexOf(r.exposure as (typeof EXPOSURE_LEVELS)[number]));
}

export const WORKLOAD_TABS = ['Who can reach', 'Can reach', 'Policies', 'Findings'] as const;

export interface ReachTab {
  readonly pods: readonly PeerRow[];
  readonly addresses: readonly AddressRow[];
}

function groupPods(analysis: Analysis, key: string): readonly Pod[] {
  return analysis.groups.get(key)?.pods ?? [];
}

export function reachTab(analysis: Analysis, key: string, direction: ReachDirection): ReachTab {
  const pods = groupPods(analysis, key);
  if (pods.length === 0) return { pods: [], addresses: [] };
  const target = { kind: 'pods' as const, ref: { kind: 'pod' as const, namespace: pods[0]!.namespace, name: pods[0]!.name }, pods };
  const results = peerResults(direction, target, analysablePods(analysis.snapshot), analysis.index);
  const grants = partitionGrants(addressGrants(pods[0]!, direction === 'inbound' ? 'ingress' : 'egress', analysis.index));
  return { pods: peerRows(results, null).rows, addresses: addressRows(grants, null, direction === 'inbound' ? 'ingress' : 'egress') };
}

export interface PolicyRow {
  readonly namespace: string;
  readonly name: string;
  readonly types: string;
  readonly ingress: boolean;
  readonly egress: boolean;
}

export function policiesTab(analysis: Analysis, key: string): PolicyRow[] {
  const pod = groupPods(analysis, key)[0];
  if (!pod) return [];
  const isolation = podIsolation(pod, analysis.index);
  const has = (list: readonly { name: string }[], name: string) => list.some((r) => r.name === name);
  return isolation.selectedBy.map((ref) => {
    const policy = analysis.snapshot.policies.find((p) => p.namespace === ref.namespace && p.name === ref.name)!;
    return { namespace: ref.namespace, name: ref.name, types: policy.policyTypes.join('+'), ingress: has(isolation.ingress, ref.name), egress: has(isolation.egress, ref.name) };
  });
}

export function findingsTab(analysis: Analysis, key: string): string[] {
  const group = analysis.groups.get(key);
  if (!group) return [];
  // Its own findings, its namespace's, and those of the policies selecting it.
  const policies = new Set(podIsolation(group.pods[0]!, analysis.index).selectedBy.map((p) => `policy ${p.name}`));
  return analysis.findings
    .filter((f) => f.namespace === group.namespace && (f.subject === group.name || f.subject === `namespace ${group.namespace}` || policies.has(f.subject)))
    .map((f) => `${f.severity.toUpperCase()} ${f.code}: ${findingText(f)}`);
}

export function findPolicy(analysis: Analysis, namespace: string, name: string): NetworkPolicy | undefined {
  return analysis.snapshot.policies.find((p) => p.namespace === namespace && p.name === name);
}

/** A policy as readable rules: what each rule admits, in words. */
export function describePolicy(analysis: Analysis, policy: NetworkPolicy): string[] {
  const lines: string[] = [];
  const compiled = analysis.index.policiesIn(policy.namespace).find((p) => p.ref.name === policy.name);
  const selected = compiled ? groupByWorkload(podsSelectedBy(compiled, analysablePods(analysis.snapshot))) : [];
  lines.push(`Selects ${formatSelector(policy.podSelector)} in ${policy.namespace}: ${selected.length === 0 ? 'no pod' : selected.map((g) => `${g.name}${g.pods.length > 1 ? ` (${g.pods.length})` : ''}`).join(', ')}`);
  lines.push(`Policy types: ${policy.policyTypes.join(', ')}`);
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) {
      if (policy[direction].length > 0) lines.push(`${direction} rules are inert: ${direction === 'ingress' ? 'Ingress' : 'Egress'} is not in policyTypes`);
      continue;
    }
    if (policy[direction].length === 0) lines.push(`${direction}: nothing allowed (deny all)`);
    policy[direction].forEach((rule, i) => {
      const who =
        rule.peers === 'all'
          ? direction === 'ingress' ? 'from anywhere' : 'to anywhere'
          : rule.peers
              .map((peer) => {
                switch (peer.kind) {
                  case 'ipBlock':
                    return `ipBlock ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(', ')}` : ''}`;
                  case 'pods': {
                    const pods = peer.podSelector ? `pods ${formatSelector(peer.podSelector)}` : 'all pods';
                    const ns = peer.namespaceSelector ? `namespaces ${formatSelector(peer.namespaceSelector)}` : `namespace ${policy.namespace}`;
                    return `${pods} in ${ns}`;
                  }
                  case 'invalid':
                    return 'an invalid peer';
                }
              })
              .map((t) => (direction === 'ingress' ? 'from ' : 'to ') + t)
              .join(' OR ');
      const ports = rule.ports === 'all' ? 'all ports' : rule.ports.map((p) => `${p.protocol}${p.port !== undefined ? ` ${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}` : ' (all)'}`).join(', ');
      lines.push(`${direction}[${i}]: ${who}; ${ports}`);
    });
  }
  return lines;
}

export type PathResult = { readonly error: string } | { readonly view: ReachView };

/** The path check: parse the three fields, resolve them and judge every path. */
export function pathResult(analysis: Analysis, fields: readonly [string, string, string]): PathResult {
  const [fromText, toText, portText] = fields.map((f) => f.trim()) as [string, string, string];
  const resolve = (text: string, role: string) => {
    const ref = parseTargetRef(text, 'default');
    if ('error' in ref) return { error: `${role}: ${ref.error}` };
    const resolved = resolveTarget(ref, analysis.snapshot);
    return 'error' in resolved ? { error: `${role}: ${resolved.error}` } : resolved;
  };
  const from = resolve(fromText, 'source');
  if ('error' in from) return from;
  const to = resolve(toText, 'destination');
  if ('error' in to) return to;
  let probe;
  if (portText) {
    const [port, protocol = 'TCP'] = portText.split('/') as [string, string | undefined];
    const upper = protocol.toUpperCase();
    if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') return { error: `port: unknown protocol ${protocol}` };
    probe = { protocol: upper as 'TCP' | 'UDP' | 'SCTP', port: /^\d+$/.test(port) ? Number(port) : port };
  }
  return { view: reachView(checkReach(from, to, analysis.index, probe)) };
}
