// Coverage: per namespace and per workload, how much is isolated and how widely it is exposed.
import type { PolicyRef } from '../../model/policy.js';
import type { Pod, Snapshot } from '../../model/snapshot.js';
import type { PolicyIndex } from '../compile.js';
import { isPolicySubject } from '../endpoint.js';
import { EXPOSURE_LEVELS, ingressExposure, type Exposure } from './exposure.js';
import { analysablePods, isDefaultDeny, podIsolation } from './isolation.js';
import { groupByWorkload } from './workload-groups.js';
import { countPods, perPodClass, podClassKey, podCount } from './pod-class.js';

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
    // Replicas nearly always share one class: judge each class once and count its pods.
    const classes = new Map<string, { pod: Pod; count: number }>();
    for (const pod of group.pods) {
      const key = podClassKey(pod);
      const entry = classes.get(key);
      if (entry) entry.count += podCount(pod);
      else classes.set(key, { pod, count: podCount(pod) });
    }
    const policies = new Map<string, PolicyRef>();
    let ingressIsolated = 0;
    let egressIsolated = 0;
    let exposure: Exposure = 'nobody';
    for (const { pod, count } of classes.values()) {
      const isolation = isolationOf(pod);
      for (const ref of isolation.selectedBy) policies.set(refKey(ref), ref);
      if (isolation.ingress.length > 0) ingressIsolated += count;
      if (isolation.egress.length > 0) egressIsolated += count;
      const level = exposureOf(pod);
      if (EXPOSURE_LEVELS.indexOf(level) > EXPOSURE_LEVELS.indexOf(exposure)) exposure = level;
    }
    return {
      namespace: group.namespace,
      name: group.name,
      kind: group.kind,
      pods: countPods(group.pods),
      ingressIsolated,
      egressIsolated,
      hostNetwork: group.pods.some((p) => !isPolicySubject(p)),
      policies: [...policies.values()],
      exposure,
    };
  });
  const names = [...new Set([...snapshot.namespaces.map((n) => n.name), ...pods.map((p) => p.namespace)])].filter(inScope).sort();
  // Grouped once: filtering every workload for each namespace is quadratic at thousands of namespaces.
  const byNamespace = new Map<string, WorkloadCoverage[]>();
  for (const w of workloads) {
    const rows = byNamespace.get(w.namespace);
    if (rows) rows.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  const perNamespace: NamespaceCoverage[] = names.map((namespace) => {
    const rows = byNamespace.get(namespace) ?? [];
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
      pods: countPods(pods),
      ingressIsolated: workloads.reduce((n, w) => n + w.ingressIsolated, 0),
      egressIsolated: workloads.reduce((n, w) => n + w.egressIsolated, 0),
    },
  };
}
