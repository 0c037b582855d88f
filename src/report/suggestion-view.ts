// The view of `suggest`: the suggested policies and their proof, in the shape -o json prints and the
// stderr summary renders from.
import type { NetworkPolicy } from '../model/policy.js';
import type { SuggestionProof } from '../engine/flows/suggest-proof.js';
import { observedEndName } from '../engine/flows/suggest-proof.js';
import type { MatrixChange } from '../engine/whynot/blast-radius.js';

export interface SuggestedPairView {
  /** Workloads as the matrix names them (`ns/kind/name`, or `ns/pod`). */
  readonly from: string;
  readonly to: string;
  /** Allowed ports by protocol, as `matrix -o json` prints them. */
  readonly ports: Record<string, string[]>;
  readonly allPorts: boolean;
}

export interface SuggestionView {
  /** The suggested NetworkPolicies as manifests: for `kubectl apply -f` or `--policies-from`. */
  readonly policies: object[];
  readonly proof: {
    readonly observed: {
      /** Distinct observed connections (workload or address pair, protocol, port) logged as allowed. */
      readonly connections: number;
      /** How many of them the suggested state allows. */
      readonly allowed: number;
      /** Those it does not allow: each is a reason the suggestion is wrong (exit 1). */
      readonly notAllowed: { readonly source: string; readonly destination: string; readonly protocol: string; readonly port: number }[];
    };
    /**
     * Every workload pair of the namespaces in scope that the suggested state allows, with its
     * ports: what `matrix -o json` prints after applying. `observed`: some observed connection joins the pair.
     */
    readonly allowed: (SuggestedPairView & { readonly observed: boolean })[];
    /** How many of `allowed` no observed connection joins: what the suggestion allows beyond the observations. */
    readonly beyondObserved: number;
    /** Against the policies in force now: workload pairs and ports the suggestion opens and closes. */
    readonly opened: SuggestedPairView[];
    readonly closed: SuggestedPairView[];
  };
}

const change = (c: MatrixChange): SuggestedPairView => ({ from: c.from.key, to: c.to.key, ports: c.ports.toJSON(), allPorts: c.ports.isAll() });

/** `manifest` turns a policy into the object `kubectl apply` takes (the printers own that shape). */
export function suggestionView(policies: readonly NetworkPolicy[], proof: SuggestionProof, manifest: (policy: NetworkPolicy) => object): SuggestionView {
  const { allowed: matrix } = proof;
  const allowed = matrix.edges.map((e, i) => ({
    from: matrix.nodes[e.from]!.key,
    to: matrix.nodes[e.to]!.key,
    ports: e.ports.toJSON(),
    allPorts: e.ports.isAll(),
    observed: proof.observedEdge[i]!,
  }));
  return {
    policies: policies.map(manifest),
    proof: {
      observed: {
        connections: proof.observed.length,
        allowed: proof.observed.length - proof.notAllowed.length,
        notAllowed: proof.notAllowed.map((o) => ({ source: observedEndName(o.source), destination: observedEndName(o.destination), protocol: o.protocol, port: o.port })),
      },
      allowed,
      beyondObserved: allowed.filter((a) => !a.observed).length,
      opened: proof.difference.opened.map(change),
      closed: proof.difference.closed.map(change),
    },
  };
}
