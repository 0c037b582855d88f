// What every lint check reads: the snapshot, its compiled policies, and the pods and namespaces known.
import type { Namespace, Pod, Snapshot } from '../../model/snapshot.js';
import type { CompiledPeer, CompiledPolicy, PolicyIndex } from '../compile.js';
import { endpointAddresses, isPolicySubject } from '../endpoint.js';
import { analysablePods } from '../analysis/isolation.js';
import { perPodClass } from '../analysis/pod-class.js';

export interface LintContext {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** Pods policies apply to (running, not hostNetwork). */
  readonly pods: readonly Pod[];
  readonly podsIn: (namespace: string) => readonly Pod[];
  /** Whether namespace labels are known: some namespace was declared (not only inferred). */
  readonly namespacesKnown: boolean;
  /**
   * Whether every namespace that exists is in the snapshot (a live read that listed namespaces, the
   * demo). Files hold only some: a namespace they lack is unknown, not absent.
   */
  readonly namespacesComplete: boolean;
  /** Policies that the API would reject (`namespace/name`): checks beyond validity skip them. */
  readonly invalid: ReadonlySet<string>;
  /** The policies selecting a pod (computed once per pod class). */
  readonly selectorsOf: (pod: Pod) => readonly CompiledPolicy[];
  /** The pods (of ctx.pods) a policy selects, found in one pass over the pods. */
  readonly selectedBy: (policy: CompiledPolicy) => readonly Pod[];
  /** Policies (`namespace/name`) that select at least one pod of the input. */
  readonly selecting: () => ReadonlySet<string>;
}

export function lintContext(snapshot: Snapshot, index: PolicyIndex, invalid: ReadonlySet<string>, namespacesComplete = false): LintContext {
  const pods = analysablePods(snapshot).filter(isPolicySubject);
  const byNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace);
    if (list) list.push(pod);
    else byNamespace.set(pod.namespace, [pod]);
  }
  const selectorsOf = perPodClass((pod: Pod) => index.policiesIn(pod.namespace).filter((p) => p.selects(pod.labels)));
  let selected: Map<CompiledPolicy, Pod[]> | undefined;
  const selectedMap = (): Map<CompiledPolicy, Pod[]> => {
    if (!selected) {
      selected = new Map();
      for (const pod of pods) {
        for (const policy of selectorsOf(pod)) {
          const list = selected.get(policy);
          if (list) list.push(pod);
          else selected.set(policy, [pod]);
        }
      }
    }
    return selected;
  };
  let selecting: Set<string> | undefined;
  return {
    snapshot,
    index,
    pods,
    podsIn: (namespace) => byNamespace.get(namespace) ?? [],
    namespacesKnown: snapshot.namespaces.some((n) => !n.synthesized),
    namespacesComplete,
    invalid,
    selectorsOf,
    selectedBy: (policy) => selectedMap().get(policy) ?? [],
    selecting: () => (selecting ??= new Set([...selectedMap().keys()].map((p) => `${p.ref.namespace}/${p.ref.name}`))),
  };
}

export const isValid = (ctx: LintContext, policy: CompiledPolicy): boolean => !ctx.invalid.has(`${policy.ref.namespace}/${policy.ref.name}`);

/** The namespaces a pod peer looks in: its own, or those its namespaceSelector matches. */
export function peerNamespaces(ctx: LintContext, peer: Extract<CompiledPeer, { kind: 'pods' }>, policyNamespace: string): Namespace[] {
  if (peer.namespaces === 'own') return ctx.snapshot.namespaces.filter((n) => n.name === policyNamespace);
  const match = peer.namespaces;
  return ctx.snapshot.namespaces.filter((n) => match(ctx.index.namespaceLabels(n.name)));
}

/** Pods (of the input) a peer matches; ipBlocks count pod IPs only when the options say so. */
export function peerPods(ctx: LintContext, peer: CompiledPeer, policyNamespace: string): Pod[] {
  switch (peer.kind) {
    case 'invalid':
      return [];
    case 'pods':
      return peerNamespaces(ctx, peer, policyNamespace).flatMap((n) => ctx.podsIn(n.name).filter((p) => peer.pods(p.labels)));
    case 'ipBlock':
      if (!ctx.index.options.ipBlockMatchesPods) return [];
      return ctx.pods.filter((p) => endpointAddresses({ kind: 'pod', pod: p }).some((a) => peer.addresses.has(a)));
  }
}
