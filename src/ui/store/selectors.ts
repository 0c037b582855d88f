// Derived data for each screen: rows read from the report layer's view models (the same queries the
// CLI commands run), never computed from the engine here.
import type { NetworkPolicy } from '../../model/policy.js';
import type { ReachView } from '../../report/path-view.js';
import { workloadTarget, type ReachDirection } from '../../report/peer-list-query.js';
import { tabPeerView, tabQueryId } from './tab-query.js';
import type { AddressRow, PeerListView, PeerRow } from '../../report/peer-list-view.js';
import { percent } from '../../report/coverage-view.js';
import { exposureRank, type Exposure } from '../../report/analysis-view.js';
import { describePolicy as policyLines, namespacePolicies, podPolicies, type NamespacePolicyRow, type PolicyRow } from '../../report/policy-view.js';
import { fixCheckView, reachCheckView, resolveTargetText, type Probe, type ResolvedTarget } from '../../report/reach-query.js';
import type { FixView } from '../../report/fix-view.js';
import { policyJson } from '../../format/manifests.js';
import { deniedSourceRows, nearestMiss, type DeniedSourceRow } from '../../report/denied-sources-view.js';
import { describeAdminRule } from '../../report/path-view.js';
import { criterionText, nearMissLine } from '../../format/why-not-text.js';
import type { Pod } from '../../model/snapshot.js';
import { findingText } from '../../format/coverage-text.js';
import { workloadKey, type Analysis } from './analysis.js';
import type { SortOrder, View } from './state.js';

export type { PolicyRow };

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

/** Warnings and errors per namespace, counted once per analysis (a frame is drawn on every key). */
const warningCounts = new WeakMap<Analysis, ReadonlyMap<string, number>>();
function warningsIn(analysis: Analysis): ReadonlyMap<string, number> {
  let counts = warningCounts.get(analysis);
  if (!counts) {
    const byNamespace = new Map<string, number>();
    for (const f of analysis.findings) if (f.severity !== 'info') byNamespace.set(f.namespace, (byNamespace.get(f.namespace) ?? 0) + 1);
    counts = byNamespace;
    warningCounts.set(analysis, counts);
  }
  return counts;
}

/** The last overview rows of each analysis, with the filter and order they were made for. */
const overviewMemo = new WeakMap<Analysis, { readonly filter: string; readonly sort: SortOrder; readonly rows: NamespaceRow[] }>();

export function overviewRows(analysis: Analysis, view: View): NamespaceRow[] {
  const memo = overviewMemo.get(analysis);
  if (memo && memo.filter === view.filter && memo.sort === view.sort) return memo.rows;
  const warnings = warningsIn(analysis);
  const rows = analysis.coverage.namespaces
    .filter((n) => !view.filter.trim() || matchesFilter(view.filter, n.namespace, [analysis.index.namespaceLabels(n.namespace)]))
    .map((n) => ({
      name: n.namespace,
      pods: n.pods,
      ingress: percent(n.ingressIsolated, n.pods),
      egress: percent(n.egressIsolated, n.pods),
      defaultDeny: n.defaultDenyIngress && n.defaultDenyEgress ? 'in+eg' : n.defaultDenyIngress ? 'ingress' : n.defaultDenyEgress ? 'egress' : 'none',
      findings: warnings.get(n.namespace) ?? 0,
    }));
  const sorted = sortRows(rows, view.sort, (r) => r.ingress + r.egress, (r) => -r.findings);
  overviewMemo.set(analysis, { filter: view.filter, sort: view.sort, rows: sorted });
  return sorted;
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
  return sortRows(rows, view.sort, isolationScore, (r) => -exposureRank(r.exposure as Exposure));
}

export const WORKLOAD_TABS = ['Who can reach', 'Denied sources', 'Can reach', 'Policies', 'Findings', 'Pods'] as const;
export type WorkloadTab = (typeof WORKLOAD_TABS)[number];

export interface ReachTab {
  readonly pods: readonly PeerRow[];
  readonly addresses: readonly AddressRow[];
}

/**
 * Who can reach a workload (inbound) or what it can reach (outbound): the query who-can-reach and
 * reachable-from run, on the workload as their NS/KIND/NAME target, every port.
 */
export function reachTab(analysis: Analysis, key: string, direction: ReachDirection): ReachTab {
  return reachTabOf(peerView(analysis, key, direction));
}

/** The Who can reach / Can reach rows of a peer view (answered here or on the worker). */
export const reachTabOf = (view: PeerListView | undefined): ReachTab => (view ? { pods: view.pods, addresses: view.addresses } : { pods: [], addresses: [] });

const views = new WeakMap<Analysis, Map<string, PeerListView | undefined>>();

/**
 * The who-can-reach (with the denied sources) or reachable-from view of a workload, asked once per
 * analysis: the Who can reach and Denied sources tabs read the same one.
 */
function peerView(analysis: Analysis, key: string, direction: ReachDirection): PeerListView | undefined {
  let known = views.get(analysis);
  if (!known) views.set(analysis, (known = new Map()));
  const query = { key, direction, probe: null };
  const id = tabQueryId(query);
  if (known.has(id)) return known.get(id);
  if (!analysis.groups.has(key)) return undefined;
  const view = tabPeerView(analysis, query);
  known.set(id, view);
  return view;
}

export function policiesTab(analysis: Analysis, key: string): PolicyRow[] {
  const pod = analysis.groups.get(key)?.pods[0];
  return pod ? podPolicies(analysis, pod) : [];
}

/** Its own findings, its namespace's, and those of the policies selecting it. */
function workloadFindings(analysis: Analysis, key: string) {
  const group = analysis.groups.get(key);
  if (!group) return [];
  const workload = analysis.coverage.workloads.find((w) => workloadKey(w) === key);
  const policies = new Set(workload?.policies.map((p) => `policy ${p.name}`));
  return analysis.findings.filter((f) => f.namespace === group.namespace && (f.subject === group.name || f.subject === `namespace ${group.namespace}` || policies.has(f.subject)));
}

export function findingsTab(analysis: Analysis, key: string): string[] {
  return workloadFindings(analysis, key).map((f) => `${f.severity.toUpperCase()} ${f.code}: ${findingText(f)}`);
}

export const NAMESPACE_TABS = ['Workloads', 'Policies', 'Findings'] as const;

/** A namespace's policies, each with what it selects (including nothing). */
export function namespacePoliciesTab(analysis: Analysis, namespace: string): NamespacePolicyRow[] {
  return namespacePolicies(analysis, namespace);
}

export interface FindingLine {
  readonly text: string;
  /** The policy it is about, which Enter opens. */
  readonly policy?: { readonly namespace: string; readonly name: string };
}

/** Every finding in a namespace, worded as the workload tab words them. */
export function namespaceFindingsTab(analysis: Analysis, namespace: string): FindingLine[] {
  return analysis.findings
    .filter((f) => f.namespace === namespace)
    .map((f) => ({
      text: `${f.severity.toUpperCase()} ${f.code}: ${findingText(f)}`,
      ...(f.subject.startsWith('policy ') ? { policy: { namespace: f.namespace, name: f.subject.slice('policy '.length) } } : {}),
    }));
}

/** Row by row with findingsTab: the policy a finding is about (namespace, name), which Enter opens. */
export function findingPolicies(analysis: Analysis, key: string): ({ readonly namespace: string; readonly name: string } | undefined)[] {
  return workloadFindings(analysis, key).map((f) => (f.subject.startsWith('policy ') ? { namespace: f.namespace, name: f.subject.slice('policy '.length) } : undefined));
}

export function findPolicy(analysis: Analysis, namespace: string, name: string): NetworkPolicy | undefined {
  return analysis.snapshot.policies.find((p) => p.namespace === namespace && p.name === name);
}

/** A policy as readable rules: what each rule admits, in words. */
export function describePolicy(analysis: Analysis, policy: NetworkPolicy): string[] {
  return policyLines(analysis, policy);
}

export type PathResult = { readonly error: string } | { readonly view: ReachView };

/** The three fields of the path form, read: the two ends and the probe, or what is wrong with them. */
function pathQuery(analysis: Analysis, fields: readonly [string, string, string]): { error: string } | { from: ResolvedTarget; to: ResolvedTarget; probe: Probe | undefined } {
  const [fromText, toText, portText] = fields.map((f) => f.trim()) as [string, string, string];
  const resolve = (text: string, role: string) => {
    const resolved = resolveTargetText(text, analysis.snapshot, 'default');
    return 'error' in resolved ? { error: `${role}: ${resolved.error}` } : resolved;
  };
  const from = resolve(fromText, 'source');
  if ('error' in from) return from;
  const to = resolve(toText, 'destination');
  if ('error' in to) return to;
  let probe: Probe | undefined;
  if (portText) {
    const [port, protocol = 'TCP'] = portText.split('/') as [string, string | undefined];
    const upper = protocol.toUpperCase();
    if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'SCTP') return { error: `port: unknown protocol ${protocol}` };
    probe = { protocol: upper as 'TCP' | 'UDP' | 'SCTP', port: /^\d+$/.test(port) ? Number(port) : port };
  }
  return { from, to, probe };
}

/** The path check: parse the three fields, resolve them and judge every path (with the walkthrough of denied ones). */
export function pathResult(analysis: Analysis, fields: readonly [string, string, string]): PathResult {
  const query = pathQuery(analysis, fields);
  if ('error' in query) return query;
  return { view: reachCheckView(query.from, query.to, analysis.index, query.probe) };
}

/** The path check's offer: the verified fix of a path that is not allowed (as `kubectl netpol fix` proposes it). */
export function pathFix(analysis: Analysis, fields: readonly [string, string, string]): FixView | undefined {
  const query = pathQuery(analysis, fields);
  if ('error' in query) return undefined;
  return fixCheckView(analysis.snapshot, analysis.index, query.from, query.to, query.probe, policyJson);
}

export type { DeniedSourceRow };

/** The sources that cannot reach a workload (who-can-reach --denied on its NS/KIND/NAME). */
export function deniedTab(analysis: Analysis, key: string): DeniedSourceRow[] {
  return deniedTabOf(peerView(analysis, key, 'inbound'));
}

/** The Denied sources rows of a who-can-reach view asked with its denied sources. */
export const deniedTabOf = (view: PeerListView | undefined): DeniedSourceRow[] => (view ? deniedSourceRows(view) : []);

/**
 * The rule that came closest to admitting `source` into the workload (or the admin Deny that
 * decides): `full` as can-reach --explain words it, `short` for a column (the policy's name and
 * what failed).
 */
export function nearestMissText(analysis: Analysis, source: string, key: string): { readonly short: string; readonly full: string } {
  const group = analysis.groups.get(key);
  const miss = group ? nearestMiss(analysis, source, workloadTarget(group)) : undefined;
  if (!miss) return { short: '-', full: '-' };
  if (miss.kind === 'admin') {
    const full = `${miss.block.direction} denied by ${describeAdminRule(miss.block.rule)}`;
    return { short: `${miss.block.direction} denied by ${miss.block.rule.kind} ${miss.block.rule.name}`, full };
  }
  const { policy, direction, failed } = miss.miss;
  return { short: `${policy.slice(policy.indexOf('/') + 1)}: ${failed.map((f) => criterionText(f, direction)).join('; ')}`, full: nearMissLine(miss.miss) };
}

export interface PodRow {
  readonly namespace: string;
  readonly name: string;
  readonly ips: string;
  readonly node: string;
  readonly phase: string;
}

/** A workload's pods, for the Pods tab (Enter opens the pod view). */
export function podsTab(analysis: Analysis, key: string): PodRow[] {
  return (analysis.groups.get(key)?.pods ?? []).map((p) => ({ namespace: p.namespace, name: p.name, ips: p.ips.join(', ') || '-', node: p.nodeName ?? '-', phase: p.phase }));
}

export function findPod(analysis: Analysis, namespace: string, name: string): Pod | undefined {
  return analysis.snapshot.pods.find((p) => p.namespace === namespace && p.name === name);
}

/** A pod as lines: addresses, node, owner, labels, ports, and the policies selecting it per direction. */
export function podLines(analysis: Analysis, pod: Pod): string[] {
  const policies = podPolicies(analysis, pod);
  const isolating = (direction: 'ingress' | 'egress') => {
    const names = policies.filter((p) => p[direction]).map((p) => p.name);
    return names.length > 0 ? `isolated by ${names.join(', ')}` : 'not isolated (no policy selects it for this direction): everything allowed';
  };
  const labels = Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`);
  const ports = pod.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`);
  return [
    `IPs        ${pod.ips.join(', ') || '-'}${pod.hostNetwork ? ' (host network: no NetworkPolicy selects it)' : ''}`,
    `node       ${pod.nodeName ?? '-'}${pod.hostIP ? ` (${pod.hostIP})` : ''}`,
    `phase      ${pod.phase}`,
    `owner      ${pod.owner ? `${pod.owner.kind.toLowerCase()}/${pod.owner.name}` : '-'}`,
    `labels     ${labels.join(', ') || '-'}`,
    `ports      ${ports.join(', ') || '-'}`,
    '',
    `ingress    ${isolating('ingress')}`,
    `egress     ${isolating('egress')}`,
    '',
    'Policies selecting it:',
    ...(policies.length > 0 ? policies.map((p) => `  ${p.name}  (${p.types}; isolates ${[p.ingress ? 'ingress' : '', p.egress ? 'egress' : ''].filter(Boolean).join('+') || 'nothing'})`) : ['  none']),
  ];
}

/**
 * What the path check suggests for its port field: the first port of the destination (a Service's
 * ports, else its pods' container ports), by name or number, that starts with what was typed.
 */
export function portSuggestion(analysis: Analysis, destination: string, typed: string): string | undefined {
  const text = typed.trim().toLowerCase();
  if (!text || !destination.trim()) return undefined;
  const to = resolveTargetText(destination.trim(), analysis.snapshot, 'default');
  if ('error' in to) return undefined;
  const ports: { name?: string | undefined; port: number; protocol: string }[] = to.kind === 'service' ? [...to.service.ports] : to.kind === 'pods' ? to.pods.flatMap((p) => p.ports) : [];
  const words = ports.flatMap((p) => {
    const suffix = p.protocol === 'TCP' ? '' : `/${p.protocol}`;
    return [...(p.name ? [`${p.name}${suffix}`] : []), `${p.port}${suffix}`];
  });
  return words.find((w) => w.length > text.length && w.toLowerCase().startsWith(text));
}
