// The cluster state the engine analyses: plain data, produced by a source (files, live cluster, demo).
import type { AdminPolicy, Node, NodeInventory } from './admin-policy.js';
import type { NetworkPolicy } from './policy.js';

/** Where an object came from, so errors and findings can point at it. */
export interface Origin {
  /** File path as the user gave it, `-` for stdin, or `cluster` for live objects. */
  readonly file: string;
  /** 1-based document number inside the file (0 when not applicable). */
  readonly doc: number;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1].ipBlock.cidr`. */
  readonly path?: string;
  /** 1-based line in the file where the object starts (objects read from manifest text only). */
  readonly line?: number;
}

export type Labels = Readonly<Record<string, string>>;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The controller that owns a pod, resolved to the top-level workload (ReplicaSet -> Deployment). */
export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
}

export interface Namespace {
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** True when no document declared it and it was synthesized because something references it. */
  readonly synthesized?: boolean;
  readonly origin?: Origin;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** Pod IPs (status.podIPs); empty when not yet assigned or synthesized from a template. */
  readonly ips: readonly string[];
  /** The node's IP (status.hostIP), used for "traffic from the pod's own node" and hostNetwork pods. */
  readonly hostIP?: string;
  /** Every address of the node (status.hostIPs, one per family on dual-stack nodes); hostIP is the first. */
  readonly hostIPs?: readonly string[];
  readonly nodeName?: string;
  readonly phase: string;
  readonly hostNetwork: boolean;
  readonly ports: readonly ContainerPort[];
  readonly owner?: WorkloadRef;
  /** True for a representative pod made from a workload's pod template. */
  readonly synthesized?: boolean;
  /** A representative pod stands for this many replicas (the workload's spec.replicas; 1 when unknown). */
  readonly replicas?: number;
  readonly origin?: Origin;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** Number or container port name; equals `port` when the manifest omits it. */
  readonly targetPort: number | string;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  /** Undefined when the service has no selector (endpoints managed by hand). */
  readonly selector?: Labels;
  readonly ports: readonly ServicePort[];
  readonly clusterIPs: readonly string[];
  /**
   * The EndpointSlices labelled `kubernetes.io/service-name` with this Service's name, when any were
   * read: they, not the selector, then say which pods (or addresses) receive its traffic.
   */
  readonly endpointSlices?: readonly EndpointSlice[];
  readonly origin?: Origin;
}

/** A port of an EndpointSlice: what its endpoints serve for the Service port of the same name. */
export interface EndpointSlicePort {
  /** The Service port's name; empty for the one unnamed port. */
  readonly name: string;
  /** Undefined when the slice leaves it open (then the Service's targetPort applies). */
  readonly port?: number;
  readonly protocol: Protocol;
}

/** One endpoint of an EndpointSlice. */
export interface SliceEndpoint {
  readonly addresses: readonly string[];
  /** conditions.ready, where an absent condition means ready: only ready endpoints receive traffic. */
  readonly ready: boolean;
  /** The object behind the addresses, usually a Pod. */
  readonly targetRef?: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** A discovery.k8s.io/v1 EndpointSlice. */
export interface EndpointSlice {
  readonly namespace: string;
  readonly name: string;
  /** The Service it belongs to (label `kubernetes.io/service-name`). */
  readonly service: string;
  /** IPv4, IPv6 or FQDN. */
  readonly addressType: string;
  readonly ports: readonly EndpointSlicePort[];
  readonly endpoints: readonly SliceEndpoint[];
  readonly origin?: Origin;
}

/**
 * Objects of a kind that changes which traffic is allowed (AdminNetworkPolicy, CiliumNetworkPolicy,
 * Calico policies, ...) but that the analysis does not evaluate: answers do not account for them.
 */
export interface UnevaluatedKind {
  /** API group, e.g. `cilium.io`. */
  readonly group: string;
  readonly kind: string;
  /** As read (files) or as served (live), e.g. `cilium.io/v2`. */
  readonly apiVersion?: string;
  /** How many objects; undefined when they could not be listed (forbidden). */
  readonly count: number | undefined;
}

/** A workload object read from manifests or the cluster (Deployment, StatefulSet, ...). */
export interface Workload {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly origin?: Origin;
}

export interface Snapshot {
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly services: readonly Service[];
  readonly workloads: readonly Workload[];
  readonly policies: readonly NetworkPolicy[];
  /** Objects of kinds the analysis does not use, counted by kind. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Policy kinds that were found but are not evaluated (empty when there are none). */
  readonly unevaluated: readonly UnevaluatedKind[];
  /** What the manifests hold that the API server would refuse but that was read (absent: nothing). */
  readonly notices?: readonly InputNotice[];
  /** ClusterNetworkPolicies, AdminNetworkPolicies and BaselineAdminNetworkPolicies (absent: none). */
  readonly adminPolicies?: readonly AdminPolicy[];
  /** Nodes, for admin policies' `nodes` peers (absent: none read). */
  readonly nodes?: readonly Node[];
  /** Whether `nodes` is every node (absent: complete). */
  readonly nodeInventory?: NodeInventory;
}

/**
 * Something in a manifest that the API server would refuse but that still has one clear meaning, so
 * it is read and said aloud rather than stopping every answer: a name outside Kubernetes' naming
 * rules, or a field written in the wrong case (read as Go's case-insensitive decoding reads it).
 */
export interface InputNotice {
  readonly code: 'invalid-name' | 'field-name-case';
  /** The object, e.g. `NetworkPolicy default/use_common_labels`. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly message: string;
  readonly origin?: Origin;
}
