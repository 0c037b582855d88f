// Coverage: per namespace and per workload, how much is isolated and how widely it is exposed.
import type { PolicyRef } from '../../model/policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { isPolicySubject } from '../endpoint.js';
import { ingressExposure, type Exposure } from './exposure.js';
import { analysablePods, isDefaultDeny, podIsolation } from './isolation.js';
import { groupByWorkload } from './workload-groups.js';
import { perPodClass } from './pod-class.js';

export interface NamespaceCoverage {
  readonly namespace: string;
  readonly pods: number;
  readonly ingressIsolated: number;
  readonly egressIsolated: number;
  readonly defaultDenyIngress: boolean;
  readonly defaultDenyEgress: boolean;
  readonly policies: number;
}

export interface WorkloadCoverage {
  readonly namespace: string;
  /** `deployment/api` or a pod name. */
  readonly name: string;
  readonly kind: string;
  readonly pods: number;
  /** Replicas can differ (labels changed by hand): counts, not booleans. */
  readonly ingressIsolated: number;
  readonly egressIsolated: number;
  readonly hostNetwork: boolean;
  readonly policies: readonly PolicyRef[];
  readonly exposure: Exposure;
}

export interface Coverage {
  readonly namespaces: readonly NamespaceCoverage[];
  readonly workloads: readonly WorkloadCoverage[];
  readonly totals: { readonly pods: number; readonly ingressIsolated: number; readonly egressIsolated: number };
}

const refKey = (r: PolicyRef) => `${r.namespace}/${r.name}`;

export function computeCoverage(snapshot: Snapshot, index: PolicyIndex, namespaces?: ReadonlySet<string>): Coverage {
  const inScope = (ns: string) => !namespaces || namespaces.has(ns);
  const pods = analysablePods(snapshot).filter((p) => inScope(p.namespace));
  // Isolation and exposure depend on namespace and labels only, never on the pod's name or IPs.
  const isolationOf = perPodClass((pod) => podIsolation(pod, index));
  const exposureOf = perPodClass(ingressExposure(index, snapshot.namespaces));
  const workloads: WorkloadCoverage[] = groupByWorkload(pods).map((group) => {
    const isolations = group.pods.map((p) => ({ ...isolationOf(p), pod: p }));
    const policies = new Map<string, PolicyRef>();
    for (const i of isolations) for (const ref of i.selectedBy) policies.set(refKey(ref), ref);
    const exposures = group.pods.map(exposureOf);
    const order = ['nobody', 'namespace', 'namespaces', 'cluster', 'internet'];
    return {
      namespace: group.namespace,
      name: group.name,
      kind: group.kind,
      pods: group.pods.length,
      ingressIsolated: isolations.filter((i) => i.ingress.length > 0).length,
      egressIsolated: isolations.filter((i) => i.egress.length > 0).length,
      hostNetwork: group.pods.some((p) => !isPolicySubject(p)),
      policies: [...policies.values()],
      exposure: exposures.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), 'nobody' as Exposure),
    };
  });
  const names = [...new Set([...snapshot.namespaces.map((n) => n.name), ...pods.map((p) => p.namespace)])].filter(inScope).sort();
  const perNamespace: NamespaceCoverage[] = names.map((namespace) => {
    const rows = workloads.filter((w) => w.namespace === namespace);
    const policies = index.policiesIn(namespace);
    return {
      namespace,
      pods: rows.reduce((n, w) => n + w.pods, 0),
      ingressIsolated: rows.reduce((n, w) => n + w.ingressIsolated, 0),
      egressIsolated: rows.reduce((n, w) => n + w.egressIsolated, 0),
      defaultDenyIngress: policies.some((p) => isDefaultDeny(p, 'ingress')),
      defaultDenyEgress: policies.some((p) => isDefaultDeny(p, 'egress')),
      policies: policies.length,
    };
  });
  return {
    namespaces: perNamespace,
    workloads,
    totals: {
      pods: pods.length,
      ingressIsolated: workloads.reduce((n, w) => n + w.ingressIsolated, 0),
      egressIsolated: workloads.reduce((n, w) => n + w.egressIsolated, 0),
    },
  };
}
