// A NetworkPolicy (networking.k8s.io/v1) normalized for analysis: defaults applied, nothing implicit.
import type { Labels, Origin, Protocol } from './snapshot.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  readonly key: string;
  /** Kept as written; the engine's validate() rejects unknown operators. */
  readonly operator: SelectorOperator | string;
  readonly values: readonly string[];
}

/** A metav1.LabelSelector. An empty selector (no labels, no expressions) matches everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export type PolicyType = 'Ingress' | 'Egress';
export type Direction = 'ingress' | 'egress';

/**
 * A NetworkPolicyPeer. Exactly one of the shapes the API allows; `invalid` keeps what the API would
 * reject (ipBlock combined with selectors, or no field at all) so validate() can name it.
 */
export type Peer =
  | {
      readonly kind: 'pods';
      /** Undefined: pods are not restricted by label (with a namespaceSelector) */
      readonly podSelector?: LabelSelector;
      /** Undefined: the policy's own namespace. */
      readonly namespaceSelector?: LabelSelector;
    }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly except: readonly string[] }
  | { readonly kind: 'invalid'; readonly reason: 'ipBlock-with-selector' | 'empty-peer' };

export interface PolicyPort {
  /** Defaulted to TCP. */
  readonly protocol: Protocol | string;
  /** Undefined: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface PolicyRule {
  /** `all`: the `from`/`to` list was missing or empty, so every peer (external addresses included). */
  readonly peers: 'all' | readonly Peer[];
  /** `all`: the `ports` list was missing or empty. */
  readonly ports: 'all' | readonly PolicyPort[];
}

export interface NetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Effective policyTypes, defaulted the way the API server does. */
  readonly policyTypes: readonly PolicyType[];
  /** Set when the manifest did not write policyTypes and they were defaulted (an API server stores them written). */
  readonly policyTypesDefaulted?: true;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  readonly origin?: Origin;
}

export interface PolicyRef {
  readonly namespace: string;
  readonly name: string;
}
