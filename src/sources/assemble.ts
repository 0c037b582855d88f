// Turns Kubernetes objects (JSON shape, with origins) into a Snapshot: every source ends here.
import type { NetworkPolicy } from '../model/policy.js';
import type { EndpointSlice, InputNotice, Namespace, Origin, Pod, Service, Snapshot, UnevaluatedKind, Workload, WorkloadRef } from '../model/snapshot.js';
import { AdminObjects } from './admin-objects.js';
import { readEndpointSlice } from './normalize/endpoint-slice.js';
import { checkManifestObject } from './manifest/strict.js';
import { readNetworkPolicy } from './normalize/policy.js';
import { RawReader, isRecord, type Raw } from './normalize/raw.js';
import { isWorkloadKind, readNamespace, readPod, readService, readWorkload, type ReadWorkload } from './normalize/workload.js';
import { groupOf, unevaluatedPolicyKind } from './policy-kinds.js';
import { SourceError, describeOrigin } from './source-error.js';

export interface RawObject {
  readonly object: unknown;
  readonly origin: Origin;
  /** Written by hand (manifest text): checked as the API server checks new objects (names, fields). */
  readonly strict?: boolean;
}

export interface AssembleOptions {
  /** Namespace for namespaced objects that name none (kubectl uses the context's; offline, `default`). */
  readonly defaultNamespace: string;
}

const NAMESPACED_KINDS = new Set(['Pod', 'Service', 'NetworkPolicy', 'EndpointSlice']);

/**
 * The API groups each kind read here belongs to: a `NetworkPolicy` of projectcalico.org or a
 * `Service` of serving.knative.dev is another thing altogether. Objects without apiVersion are
 * taken by kind.
 */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  EndpointSlice: ['discovery.k8s.io'],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
};
const inGroup = (kind: string, group: string | undefined): boolean => group === undefined || (GROUPS[kind] ?? ['']).includes(group);

/** The Deployment behind a ReplicaSet named `<deployment>-<pod-template-hash>`. */
function deploymentOfReplicaSet(pod: Pod, replicaSet: string): string | undefined {
  const hash = pod.labels['pod-template-hash'];
  return hash && replicaSet.endsWith(`-${hash}`) ? replicaSet.slice(0, -hash.length - 1) : undefined;
}

export function assembleSnapshot(objects: Iterable<RawObject>, options: AssembleOptions): Snapshot {
  const namespaces = new Map<string, Namespace>();
  const pods: Pod[] = [];
  const services: Service[] = [];
  const policies: NetworkPolicy[] = [];
  const workloads: ReadWorkload[] = [];
  const skipped: Record<string, number> = {};
  const unevaluated = new Map<string, { group: string; kind: string; apiVersion: string; count: number }>();
  const slices: EndpointSlice[] = [];
  const seen = new Map<string, Map<string, Map<string, Origin>>>();
  const admin = new AdminObjects();
  const notices: InputNotice[] = [];

  for (const { object, origin, strict } of objects) {
    if (!isRecord(object)) throw new SourceError(`${describeOrigin(origin)}: expected a Kubernetes object`, origin);
    const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
    if (!kind) throw new SourceError(`${describeOrigin(origin)}: the object has no kind`, origin);
    const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : undefined;
    const group = apiVersion === undefined ? undefined : groupOf(apiVersion);
    if (admin.take(object, kind, apiVersion, origin, strict === true)) continue;
    if (group !== undefined && unevaluatedPolicyKind(group, kind, apiVersion)) {
      const key = `${group}/${kind}`;
      const entry = unevaluated.get(key);
      if (entry) entry.count++;
      else unevaluated.set(key, { group, kind, apiVersion: apiVersion!, count: 1 });
      continue;
    }
    const known = (kind === 'Namespace' || NAMESPACED_KINDS.has(kind) || isWorkloadKind(kind)) && inGroup(kind, group);
    if (!known) {
      const what = inGroup(kind, group) ? kind : `${kind} (${apiVersion})`;
      skipped[what] = (skipped[what] ?? 0) + 1;
      continue;
    }
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    if (!name) throw new SourceError(`${describeOrigin(origin)}: ${kind} has no metadata.name`, origin);
    const namespace =
      kind === 'Namespace' ? name : typeof metadata['namespace'] === 'string' && metadata['namespace'] ? metadata['namespace'] : options.defaultNamespace;
    if (strict) notices.push(...checkManifestObject(object, kind, namespace, name, origin));
    // Keyed by kind, namespace, then name: no key string to build and hash for each of 100,000 objects.
    let ofKind = seen.get(kind);
    if (!ofKind) seen.set(kind, (ofKind = new Map()));
    let inNamespace = ofKind.get(namespace);
    if (!inNamespace) ofKind.set(namespace, (inNamespace = new Map()));
    const earlier = inNamespace.get(name);
    if (earlier) {
      const what = kind === 'Namespace' ? `Namespace ${name}` : `${kind} ${namespace}/${name}`;
      throw new SourceError(`${describeOrigin(origin)}: ${what} is defined twice (also ${describeOrigin(earlier)})`, origin);
    }
    inNamespace.set(name, origin);
    const reader = new RawReader(origin, () => `${describeOrigin(origin)}: ${kind} ${kind === 'Namespace' ? name : `${namespace}/${name}`}`);
    const raw = object as Raw;
    if (kind === 'Namespace') namespaces.set(name, readNamespace(reader, raw, name, origin));
    else if (kind === 'Pod') pods.push(readPod(reader, raw, namespace, name, origin));
    else if (kind === 'Service') services.push(readService(reader, raw, namespace, name, origin));
    else if (kind === 'NetworkPolicy') policies.push(readNetworkPolicy(reader, raw, namespace, name, origin));
    else if (kind === 'EndpointSlice') {
      const slice = readEndpointSlice(reader, raw, namespace, name, origin);
      if (slice) slices.push(slice);
    }
    else if (isWorkloadKind(kind)) workloads.push(readWorkload(reader, raw, kind, namespace, name, origin));
  }

  // Resolve each pod's owner to the top-level workload: ReplicaSet -> Deployment, Job -> CronJob.
  const ownerOf = new Map(workloads.filter((w) => w.owner).map((w) => [`${w.workload.namespace}/${w.workload.kind}/${w.workload.name}`, w.owner!]));
  const topLevel = (namespace: string, ref: WorkloadRef, pod?: Pod): WorkloadRef => {
    let current = ref;
    for (let hops = 0; hops < 4; hops++) {
      const parent = ownerOf.get(`${namespace}/${current.kind}/${current.name}`);
      if (parent) {
        current = parent;
        continue;
      }
      const deployment = pod && current.kind === 'ReplicaSet' ? deploymentOfReplicaSet(pod, current.name) : undefined;
      return deployment ? { kind: 'Deployment', name: deployment } : current;
    }
    return current;
  };
  const resolvedPods = pods.map((pod) => (pod.owner ? { ...pod, owner: topLevel(pod.namespace, pod.owner, pod) } : pod));

  // A workload with no pod of its own in the input is represented by a pod made from its template.
  const owned = new Set(resolvedPods.flatMap((p) => (p.owner ? [`${p.namespace}/${p.owner.kind}/${p.owner.name}`] : [])));
  const representatives = workloads.flatMap((w) => {
    const { namespace, kind, name } = w.workload;
    if (w.owner || !w.templatePod || owned.has(`${namespace}/${kind}/${name}`)) return [];
    return [w.templatePod];
  });

  // Every namespace something refers to exists, labelled with its name as Kubernetes does.
  const allPods = [...resolvedPods, ...representatives];
  for (const { namespace } of [...allPods, ...services, ...policies, ...workloads.map((w) => w.workload)]) {
    if (!namespaces.has(namespace)) {
      namespaces.set(namespace, { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace }, synthesized: true });
    }
  }

  // Each Service gets the EndpointSlices that name it.
  const slicesOf = new Map<string, EndpointSlice[]>();
  for (const slice of slices) {
    const key = `${slice.namespace}/${slice.service}`;
    slicesOf.set(key, [...(slicesOf.get(key) ?? []), slice]);
  }
  const servicesWithSlices = services.map((s) => {
    const own = slicesOf.get(`${s.namespace}/${s.name}`);
    return own ? { ...s, endpointSlices: own } : s;
  });

  const topLevelWorkloads: Workload[] = workloads.filter((w) => !w.owner).map((w) => w.workload);
  const notEvaluated: UnevaluatedKind[] = [...unevaluated.values()].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
  return {
    namespaces: [...namespaces.values()],
    pods: allPods,
    services: servicesWithSlices,
    workloads: topLevelWorkloads,
    policies,
    skipped,
    unevaluated: notEvaluated,
    ...admin.result(),
    ...(notices.length > 0 ? { notices } : {}),
  };
}
