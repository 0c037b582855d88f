// Cluster-wide admin policies of policy.networking.k8s.io, normalized to one shape: ClusterNetworkPolicy
// (v1beta1, v1alpha2; tier Admin or Baseline) and its v1alpha1 predecessors AdminNetworkPolicy (the
// Admin tier) and BaselineAdminNetworkPolicy (the Baseline tier). Also the Nodes that `nodes` peers select.
import type { LabelSelector } from './policy.js';
import type { Labels, Origin, Protocol } from './snapshot.js';

export type AdminPolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

/** Admin: before NetworkPolicies, final; Baseline: after them, for pods no NetworkPolicy isolates. */
export type AdminTier = 'Admin' | 'Baseline';

/** As written: ClusterNetworkPolicy says Accept, the v1alpha1 kinds say Allow (BaselineAdminNetworkPolicy has no Pass). */
export type AdminAction = 'Accept' | 'Allow' | 'Deny' | 'Pass';

/** The pods a policy applies to (host-network pods never are). */
export type AdminSubject =
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector }
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector };

/**
 * One element of a rule's `from`/`to`: exactly one field is set. `empty` is a peer with no field this
 * version knows (a newer CRD's field, or `{}`): the API says to fail closed.
 */
export type AdminPeer =
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector }
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector }
  /** CIDRs as written; they match every address, pod IPs included. */
  | { readonly kind: 'networks'; readonly cidrs: readonly string[] }
  /** Node label selector: matches the addresses in the selected Nodes' status. */
  | { readonly kind: 'nodes'; readonly nodes: LabelSelector }
  /** Egress to these DNS names: not decidable from the cluster state. */
  | { readonly kind: 'domainNames'; readonly names: readonly string[] }
  | { readonly kind: 'empty' };

export type AdminPort =
  /** Every port of the protocol (a `tcp`/`udp`/`sctp` entry without destinationPort). */
  | { readonly kind: 'protocol'; readonly protocol: Protocol }
  /** A number (start = end) or a range. */
  | { readonly kind: 'range'; readonly protocol: Protocol; readonly start: number; readonly end: number; readonly written: 'number' | 'range' }
  /** A container port name on the destination pod, with whatever protocol that port has. */
  | { readonly kind: 'named'; readonly name: string };

export interface AdminRule {
  /** `name` of the rule, when it has one. */
  readonly name?: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  /** `all`: no `protocols` (`ports` in v1alpha1), so every protocol and port. */
  readonly ports: 'all' | readonly AdminPort[];
}

export interface AdminPolicy {
  readonly kind: AdminPolicyKind;
  /** As read, e.g. `policy.networking.k8s.io/v1beta1`. */
  readonly apiVersion: string;
  readonly name: string;
  readonly tier: AdminTier;
  /** 0 to 1000, lower first; a BaselineAdminNetworkPolicy has none. */
  readonly priority?: number;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
  readonly origin?: Origin;
}

/** Names an admin policy: the kinds are cluster-scoped, so kind and name are enough. */
export interface AdminPolicyRef {
  readonly kind: AdminPolicyKind;
  readonly name: string;
}

/** A Node, for `nodes` peers: its labels and the IP addresses of status.addresses. */
export interface Node {
  readonly name: string;
  readonly labels: Labels;
  readonly addresses: readonly string[];
  readonly origin?: Origin;
}

/**
 * What the source knows about Nodes: `complete` when the Nodes given are every node (files, or a
 * live list), `unavailable` when they could not be read (no permission to list nodes).
 */
export type NodeInventory = 'complete' | 'unavailable';

export const isAllowAction = (action: AdminAction): boolean => action === 'Accept' || action === 'Allow';
