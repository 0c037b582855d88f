// Observed traffic: one connection attempt as a flow log recorded it, normalized across formats.
import type { Protocol } from './snapshot.js';

/** Which flow-log format a record was read from. */
export type FlowFormat = 'hubble' | 'calico' | 'plain';

/** What the CNI did with the connection: let it through, denied it by policy, or something else (a drop for another reason). */
export type LoggedVerdict = 'allowed' | 'denied' | 'other';

/** One end of an observed flow, as much as the log says of it. */
export interface FlowEndpoint {
  readonly namespace?: string;
  /** The pod's name; with `aggregated`, a name prefix (Calico's generate-name aggregate `cart-7d9f8c6b5-*`). */
  readonly pod?: string;
  readonly aggregated?: boolean;
  readonly ip?: string;
}

/**
 * A policy the CNI names as the one that allowed or denied the flow on one side (Hubble's
 * ingress_allowed_by, egress_allowed_by, ingress_denied_by, egress_denied_by).
 */
export interface LoggedPolicy {
  readonly direction: 'ingress' | 'egress';
  readonly effect: 'allowed' | 'denied';
  readonly name: string;
  /** Absent for cluster-wide kinds. */
  readonly namespace?: string;
  /** `NetworkPolicy`, `CiliumNetworkPolicy`, `CiliumClusterwideNetworkPolicy`, ... when the log says. */
  readonly kind?: string;
}

export interface ObservedFlow {
  readonly format: FlowFormat;
  /** The file (`-` for stdin) and 1-based line the record was read from. */
  readonly file: string;
  readonly line: number;
  /** ISO time of the record, when it has one. */
  readonly time?: string;
  readonly source: FlowEndpoint;
  readonly destination: FlowEndpoint;
  readonly protocol: Protocol;
  readonly port: number;
  readonly verdict: LoggedVerdict;
  /** The policies the CNI says decided it, when the log names them. */
  readonly policies?: readonly LoggedPolicy[];
}

/** A line that could not be read as a flow: reported with its place, never fatal. */
export interface FlowProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Each record of a flow file: a flow, a record that is not a new connection (a reply, a non-L3/L4 event), or a problem. */
export type FlowRecord =
  | { readonly kind: 'flow'; readonly flow: ObservedFlow }
  | { readonly kind: 'skipped'; readonly reason: 'reply' | 'not-a-connection' }
  | { readonly kind: 'problem'; readonly problem: FlowProblem };
