// The proof of a suggestion: the suggested policies laid over the current state and judged by the
// same engine: which observed connections they allow, every workload pair they allow (and which of
// those no flow showed), and what they open and close against the policies in force now.
import type { NetworkPolicy } from '../../model/policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import { PolicyIndex } from '../compile.js';
import { addressEndpoint, podEndpoint } from '../endpoint.js';
import { evaluate } from '../evaluate.js';
import { computeMatrix, type Matrix } from '../analysis/matrix.js';
import { groupKeyOf } from '../analysis/workload-groups.js';
import { applyOverlay } from '../whatif/overlay.js';
import { matrixDifference, type MatrixDifference } from '../whynot/blast-radius.js';
import type { JoinedEnd } from './join.js';
import type { Observed } from './suggest.js';

export interface SuggestionProof {
  /** The distinct observed connections the suggestion was written for. */
  readonly observed: readonly Observed[];
  /** Those the suggested state does not allow (empty when the suggestion is right). */
  readonly notAllowed: readonly Observed[];
  /** The workload matrix of the namespaces in scope with the suggestion applied. */
  readonly allowed: Matrix;
  /** For each edge of `allowed`: whether an observed connection joins the pair. */
  readonly observedEdge: readonly boolean[];
  /** Against the policies in force now. */
  readonly difference: MatrixDifference;
}

export interface ProofInput {
  readonly snapshot: Snapshot;
  /** The policies in force now. */
  readonly index: PolicyIndex;
  readonly namespaces?: ReadonlySet<string>;
  readonly observed: readonly Observed[];
  readonly policies: readonly NetworkPolicy[];
}

const endpointOf = (end: JoinedEnd) => (end.kind === 'pod' ? podEndpoint(end.pod) : end.kind === 'address' ? addressEndpoint(end.ip) : undefined);

/** The name of a connection's end as the matrix names workloads (`ns/kind/name`), or the address. */
export const observedEndName = (end: JoinedEnd): string => (end.kind === 'pod' ? groupKeyOf(end.pod).key : end.kind === 'address' ? end.ip : end.name);

export function proveSuggestion(input: ProofInput): SuggestionProof {
  const { snapshot, index, namespaces, observed, policies } = input;
  const after = applyOverlay(snapshot, { policies: [...policies], remove: [] }).snapshot;
  const afterIndex = new PolicyIndex(after, index.options);
  const notAllowed = observed.filter((o) => {
    const from = endpointOf(o.source);
    const to = endpointOf(o.destination);
    return from !== undefined && to !== undefined && !evaluate(from, to, afterIndex).allowed.has(o.protocol, o.port);
  });
  // Pods are named by workload; a node split by differing replica labels matches by its workload too.
  const observedPairs = new Set(observed.map((o) => `${observedEndName(o.source)}|${observedEndName(o.destination)}`));
  const allowed = computeMatrix(after, afterIndex, namespaces);
  const workloadKey = (i: number) => groupKeyOf(allowed.nodes[i]!.pods[0]!).key;
  const observedEdge = allowed.edges.map((e) => observedPairs.has(`${workloadKey(e.from)}|${workloadKey(e.to)}`));
  return { observed, notAllowed, allowed, observedEdge, difference: matrixDifference(snapshot, index, afterIndex) };
}
