// Admin policies and Nodes written back as manifests that `-f` reads to the same objects.
import type { AdminPeer, AdminPolicy, AdminPort, AdminRule, Node } from '../model/admin-policy.js';
import type { LabelSelector } from '../model/policy.js';
import type { Snapshot } from '../model/snapshot.js';

const selectorJson = (s: LabelSelector) => ({
  ...(Object.keys(s.matchLabels).length ? { matchLabels: { ...s.matchLabels } } : {}),
  ...(s.matchExpressions.length
    ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values.length ? { values: [...e.values] } : {}) })) }
    : {}),
});

function peerJson(peer: AdminPeer): Record<string, unknown> {
  switch (peer.kind) {
    case 'namespaces':
      return { namespaces: selectorJson(peer.namespaces) };
    case 'pods':
      return { pods: { namespaceSelector: selectorJson(peer.namespaces), podSelector: selectorJson(peer.pods) } };
    case 'networks':
      return { networks: [...peer.cidrs] };
    case 'nodes':
      return { nodes: selectorJson(peer.nodes) };
    case 'domainNames':
      return { domainNames: [...peer.names] };
    case 'empty':
      return {};
  }
}

/** A ClusterNetworkPolicy `protocols` entry. */
function protocolJson(port: AdminPort): Record<string, unknown> {
  switch (port.kind) {
    case 'named':
      return { destinationNamedPort: port.name };
    case 'protocol':
      return { [port.protocol.toLowerCase()]: {} };
    case 'range':
      return {
        [port.protocol.toLowerCase()]: { destinationPort: port.written === 'number' ? { number: port.start } : { range: { start: port.start, end: port.end } } },
      };
  }
}

/** A v1alpha1 `ports` entry (every port of a protocol cannot be written there, and is never read). */
function portJson(port: AdminPort): Record<string, unknown> {
  switch (port.kind) {
    case 'named':
      return { namedPort: port.name };
    case 'protocol':
      return { portRange: { protocol: port.protocol, start: 1, end: 65535 } };
    case 'range':
      return port.written === 'number'
        ? { portNumber: { protocol: port.protocol, port: port.start } }
        : { portRange: { protocol: port.protocol, start: port.start, end: port.end } };
  }
}

function ruleJson(policy: AdminPolicy, rule: AdminRule, field: 'from' | 'to'): Record<string, unknown> {
  const cnp = policy.kind === 'ClusterNetworkPolicy';
  return {
    ...(rule.name !== undefined ? { name: rule.name } : {}),
    action: rule.action,
    [field]: rule.peers.map(peerJson),
    ...(rule.ports === 'all' ? {} : cnp ? { protocols: rule.ports.map(protocolJson) } : { ports: rule.ports.map(portJson) }),
  };
}

export function adminPolicyJson(p: AdminPolicy): Record<string, unknown> {
  const subject = p.subject.kind === 'namespaces' ? { namespaces: selectorJson(p.subject.namespaces) } : { pods: { namespaceSelector: selectorJson(p.subject.namespaces), podSelector: selectorJson(p.subject.pods) } };
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: { name: p.name },
    spec: {
      ...(p.kind === 'ClusterNetworkPolicy' ? { tier: p.tier } : {}),
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
      subject,
      ...(p.ingress.length ? { ingress: p.ingress.map((r) => ruleJson(p, r, 'from')) } : {}),
      ...(p.egress.length ? { egress: p.egress.map((r) => ruleJson(p, r, 'to')) } : {}),
    },
  };
}

export const nodeJson = (n: Node): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: n.name, labels: { ...n.labels } },
  status: { addresses: n.addresses.map((address) => ({ type: 'InternalIP', address })) },
});

/** The Nodes and admin policies of a snapshot, as documents. */
export const adminManifests = (snapshot: Snapshot): Record<string, unknown>[] => [...(snapshot.nodes ?? []).map(nodeJson), ...(snapshot.adminPolicies ?? []).map(adminPolicyJson)];
