// Writes a snapshot back as Kubernetes manifests that `-f` reads to the same snapshot, so a
// troubleshooting session can be shared and replayed offline.
import { stringify } from 'yaml';
import type { LabelSelector, NetworkPolicy, Peer, PolicyRule } from '../model/policy.js';
import type { EndpointSlice, Namespace, Pod, Service, Snapshot } from '../model/snapshot.js';
import { hasControl, sanitize } from './sanitize.js';
import { escapeRaw } from './structured.js';
import { adminManifests } from './admin-manifests.js';

const selectorJson = (s: LabelSelector) => ({
  ...(Object.keys(s.matchLabels).length ? { matchLabels: { ...s.matchLabels } } : {}),
  ...(s.matchExpressions.length
    ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values.length ? { values: [...e.values] } : {}) })) }
    : {}),
});

function peerJson(peer: Peer): Record<string, unknown> {
  switch (peer.kind) {
    case 'pods':
      return {
        ...(peer.podSelector ? { podSelector: selectorJson(peer.podSelector) } : {}),
        ...(peer.namespaceSelector ? { namespaceSelector: selectorJson(peer.namespaceSelector) } : {}),
      };
    case 'ipBlock':
      return { ipBlock: { cidr: peer.cidr, ...(peer.except.length ? { except: [...peer.except] } : {}) } };
    case 'invalid':
      return {};
  }
}

const ruleJson = (rule: PolicyRule, field: 'from' | 'to') => ({
  ...(rule.peers === 'all' ? {} : { [field]: rule.peers.map(peerJson) }),
  ...(rule.ports === 'all'
    ? {}
    : { ports: rule.ports.map((p) => ({ protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}), ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) })) }),
});

/** A policy as the manifest object it normalizes to (defaults written out). */
export const policyJson = (p: NetworkPolicy) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: p.name, namespace: p.namespace },
  spec: {
    podSelector: selectorJson(p.podSelector),
    // Written explicitly, so reading it back needs no defaulting.
    policyTypes: [...p.policyTypes],
    ...(p.ingress.length ? { ingress: p.ingress.map((r) => ruleJson(r, 'from')) } : {}),
    ...(p.egress.length ? { egress: p.egress.map((r) => ruleJson(r, 'to')) } : {}),
  },
});

const namespaceJson = (n: Namespace) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { ...n.labels } } });

const podJson = (p: Pod) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: p.name,
    namespace: p.namespace,
    labels: { ...p.labels },
    ...(p.owner ? { ownerReferences: [{ kind: p.owner.kind, name: p.owner.name, controller: true }] } : {}),
  },
  spec: {
    ...(p.nodeName ? { nodeName: p.nodeName } : {}),
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
    containers: [{ name: 'ports', ports: p.ports.map((c) => ({ containerPort: c.port, protocol: c.protocol, ...(c.name ? { name: c.name } : {}) })) }],
  },
  status: {
    phase: p.phase,
    ...(p.hostIP ? { hostIP: p.hostIP } : {}),
    ...(p.hostIPs?.length ? { hostIPs: p.hostIPs.map((ip) => ({ ip })) } : {}),
    ...(p.ips.length ? { podIP: p.ips[0], podIPs: p.ips.map((ip) => ({ ip })) } : {}),
  },
});

const WORKLOAD_API_VERSIONS: Readonly<Record<string, string>> = { ReplicationController: 'v1', Job: 'batch/v1', CronJob: 'batch/v1' };

/** A pod made from a workload's template is written as that workload (a Pod named `deployment/x` is no valid Pod). */
function templateWorkloadJson(p: Pod, owner: NonNullable<Pod['owner']>) {
  const template = {
    metadata: { labels: { ...p.labels } },
    spec: {
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: 'ports', ports: p.ports.map((c) => ({ containerPort: c.port, protocol: c.protocol, ...(c.name ? { name: c.name } : {}) })) }],
    },
  };
  return {
    apiVersion: WORKLOAD_API_VERSIONS[owner.kind] ?? 'apps/v1',
    kind: owner.kind,
    metadata: { name: owner.name, namespace: p.namespace },
    spec: owner.kind === 'CronJob' ? { jobTemplate: { spec: { template } } } : { ...replicasField(owner.kind, p.replicas), template },
  };
}

/** The replica count read, written back where the kind has one (a DaemonSet and a CronJob have none). */
function replicasField(kind: string, replicas: number | undefined): Record<string, number> {
  if (replicas === undefined || kind === 'DaemonSet') return {};
  return kind === 'Job' ? { parallelism: replicas } : { replicas };
}

const serviceJson = (s: Service) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: s.name, namespace: s.namespace },
  spec: {
    ...(s.selector ? { selector: { ...s.selector } } : {}),
    ...(s.clusterIPs.length ? { clusterIPs: [...s.clusterIPs] } : {}),
    ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol, targetPort: p.targetPort, ...(p.name ? { name: p.name } : {}) })),
  },
});

const endpointSliceJson = (s: EndpointSlice) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: s.name, namespace: s.namespace, labels: { 'kubernetes.io/service-name': s.service } },
  addressType: s.addressType,
  ports: s.ports.map((p) => ({ name: p.name, protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}) })),
  endpoints: s.endpoints.map((e) => ({
    addresses: [...e.addresses],
    conditions: { ready: e.ready },
    ...(e.targetRef ? { targetRef: { ...e.targetRef } } : {}),
  })),
});

/** One policy as the YAML it normalizes to (defaults written out). */
export const renderPolicyYaml = (policy: NetworkPolicy): string => stringify(policyJson(policy), { lineWidth: 0 });

const anyControl = (value: unknown): boolean =>
  typeof value === 'string'
    ? hasControl(value)
    : Array.isArray(value)
      ? value.some(anyControl)
      : value !== null && typeof value === 'object' && Object.entries(value).some(([k, v]) => hasControl(k) || anyControl(v));

/**
 * One document. Values with control characters are kept exactly (the replay must be identical) but
 * never raw: such a document is written as JSON, which is YAML, with every one of them escaped.
 */
const renderDocument = (doc: object): string =>
  anyControl(doc) ? `${escapeRaw(JSON.stringify(doc, null, 2))}\n` : stringify(doc, { lineWidth: 0 });

/** Every namespace, pod (or workload), service, slice and policy of the snapshot, as API objects. */
export function manifestObjects(snapshot: Snapshot): object[] {
  return [
    ...snapshot.namespaces.filter((n) => !n.synthesized).map(namespaceJson),
    // Pods made from workload templates are written as the workloads they stand for.
    ...snapshot.pods.map((p) => (p.synthesized && p.owner ? templateWorkloadJson(p, p.owner) : podJson(p))),
    ...snapshot.services.map(serviceJson),
    ...snapshot.services.flatMap((s) => (s.endpointSlices ?? []).map(endpointSliceJson)),
    ...snapshot.policies.map(policyJson),
    ...adminManifests(snapshot),
  ];
}

/** Multi-document YAML of every namespace, pod, service and policy in the snapshot. */
export function renderManifests(snapshot: Snapshot, header: string): string {
  const docs = manifestObjects(snapshot);
  const comment = header.split('\n').map((l) => `# ${sanitize(l)}`).join('\n');
  return `${comment}\n${docs.map(renderDocument).join('---\n')}`;
}
