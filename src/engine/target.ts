// Names a user can give for either end of a connection, and what they resolve to in a snapshot.
import type { Pod, Protocol, Service, ServicePort, SliceEndpoint, Snapshot } from '../model/snapshot.js';
import { isTerminated } from './endpoint.js';
import { compileSelector } from './selector.js';
import { parseIp, type IpAddress } from './sets/ip.js';

export type TargetRef =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'workload'; readonly namespace: string; readonly workloadKind: string; readonly name: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'address'; readonly address: IpAddress; readonly text: string };

const KIND_ALIASES: Record<string, string> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController', replicationcontrollers: 'ReplicationController', rc: 'ReplicationController',
  job: 'Job', jobs: 'Job',
  cronjob: 'CronJob', cronjobs: 'CronJob', cj: 'CronJob',
};
const SERVICE_ALIASES = new Set(['svc', 'service', 'services']);
const POD_ALIASES = new Set(['pod', 'pods', 'po']);

export const TARGET_SYNTAX = 'NS/POD, NS/KIND/NAME (e.g. prod/deployment/api), svc/NS/NAME or NS/svc/NAME, or ip:ADDRESS';

/** Parses a target; `defaultNamespace` fills in a missing namespace (`api` or `deployment/api`). */
export function parseTargetRef(text: string, defaultNamespace: string): TargetRef | { error: string } {
  if (text.startsWith('ip:')) {
    const address = parseIp(text.slice(3));
    return address ? { kind: 'address', address, text: text.slice(3) } : { error: `"${text.slice(3)}" is not an IP address` };
  }
  const parts = text.split('/');
  if (parts.some((p) => p === '')) return { error: `"${text}" is not a target (${TARGET_SYNTAX})` };
  const [a, b, c] = parts as [string, string | undefined, string | undefined];
  if (parts.length === 1) return { kind: 'pod', namespace: defaultNamespace, name: a };
  if (parts.length === 2) {
    const kind = KIND_ALIASES[a.toLowerCase()];
    if (kind) return { kind: 'workload', namespace: defaultNamespace, workloadKind: kind, name: b! };
    if (SERVICE_ALIASES.has(a.toLowerCase())) return { kind: 'service', namespace: defaultNamespace, name: b! };
    if (POD_ALIASES.has(a.toLowerCase())) return { kind: 'pod', namespace: defaultNamespace, name: b! };
    return { kind: 'pod', namespace: a, name: b! };
  }
  if (parts.length === 3) {
    if (SERVICE_ALIASES.has(a.toLowerCase())) return { kind: 'service', namespace: b!, name: c! };
    if (SERVICE_ALIASES.has(b!.toLowerCase())) return { kind: 'service', namespace: a, name: c! };
    if (POD_ALIASES.has(b!.toLowerCase())) return { kind: 'pod', namespace: a, name: c! };
    const kind = KIND_ALIASES[b!.toLowerCase()];
    if (kind) return { kind: 'workload', namespace: a, workloadKind: kind, name: c! };
    return { error: `"${b}" in "${text}" is not a workload kind (deployment, statefulset, daemonset, replicaset, job, cronjob, ...)` };
  }
  return { error: `"${text}" is not a target (${TARGET_SYNTAX})` };
}

export function formatTargetRef(ref: TargetRef): string {
  switch (ref.kind) {
    case 'pod':
      return `${ref.namespace}/${ref.name}`;
    case 'workload':
      return `${ref.namespace}/${ref.workloadKind.toLowerCase()}/${ref.name}`;
    case 'service':
      return `svc/${ref.namespace}/${ref.name}`;
    case 'address':
      return `ip:${ref.text}`;
  }
}

/** One backend of a Service port: the pod and the port the connection really lands on after DNAT. */
export interface ServiceBackend {
  readonly pod: Pod;
  readonly servicePort: number;
  readonly protocol: Protocol;
  /** Undefined when a named targetPort does not exist on this pod (it is then no endpoint of that port). */
  readonly targetPort?: number;
}

/** Where a Service's endpoints came from: its EndpointSlices when any were read, else its selector. */
export type EndpointsFrom = 'EndpointSlice' | 'selector';

/** A ready endpoint of a Service that is no pod read: an address outside the pod network, or a pod not read. */
export interface AddressBackend {
  readonly address: string;
  /** `namespace/name` of the pod the slice names, when it names one that was not read. */
  readonly pod?: string;
}

export interface ServiceEndpoints {
  readonly from: EndpointsFrom;
  /** The pods that receive the Service's traffic. */
  readonly pods: Pod[];
  /** Ready endpoints that are no pod read: not judged, but never dropped without a word. */
  readonly addresses: readonly AddressBackend[];
}

export type ResolvedTarget =
  | { readonly kind: 'pods'; readonly ref: TargetRef; readonly pods: readonly Pod[] }
  | {
      readonly kind: 'service';
      readonly ref: TargetRef;
      readonly service: Service;
      readonly pods: readonly Pod[];
      readonly endpointsFrom: EndpointsFrom;
      readonly addressBackends: readonly AddressBackend[];
    }
  | { readonly kind: 'address'; readonly ref: TargetRef; readonly address: IpAddress; readonly text: string };

const hasSlices = (service: Service): boolean => (service.endpointSlices?.length ?? 0) > 0;

/** Whether a slice endpoint stands for this pod: by its targetRef, or by the pod's address. */
function isPodEndpoint(endpoint: SliceEndpoint, pod: Pod): boolean {
  const ref = endpoint.targetRef;
  if (ref && ref.kind === 'Pod' && ref.namespace === pod.namespace && ref.name === pod.name) return true;
  return !pod.hostNetwork && endpoint.addresses.some((a) => pod.ips.includes(a));
}

/**
 * The endpoints of a Service: the ready endpoints of its EndpointSlices when any were read (a pod
 * named by targetRef, else the pod at the address), otherwise the running pods its selector picks,
 * as the EndpointSlice controller would.
 */
export function serviceEndpoints(service: Service, pods: readonly Pod[]): ServiceEndpoints {
  if (!hasSlices(service)) {
    if (!service.selector) return { from: 'selector', pods: [], addresses: [] };
    const selects = compileSelector({ matchLabels: service.selector, matchExpressions: [] });
    return { from: 'selector', pods: pods.filter((p) => p.namespace === service.namespace && !isTerminated(p) && selects(p.labels)), addresses: [] };
  }
  const byName = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const byAddress = new Map(pods.filter((p) => !p.hostNetwork && !isTerminated(p)).flatMap((p) => p.ips.map((ip) => [ip, p] as const)));
  const found = new Set<Pod>();
  const addresses = new Map<string, AddressBackend>();
  for (const slice of service.endpointSlices!) {
    for (const endpoint of slice.endpoints) {
      if (!endpoint.ready) continue;
      const ref = endpoint.targetRef?.kind === 'Pod' ? `${endpoint.targetRef.namespace}/${endpoint.targetRef.name}` : undefined;
      const pod = (ref && byName.get(ref)) || endpoint.addresses.map((a) => byAddress.get(a)).find((p) => p !== undefined);
      if (pod) found.add(pod);
      else for (const address of endpoint.addresses) addresses.set(address, { address, ...(ref ? { pod: ref } : {}) });
    }
  }
  return { from: 'EndpointSlice', pods: pods.filter((p) => found.has(p)), addresses: [...addresses.values()] };
}

/** Pods that receive a Service's traffic (see serviceEndpoints). */
export function servicePods(service: Service, pods: readonly Pod[]): Pod[] {
  return serviceEndpoints(service, pods).pods;
}

/** A named targetPort resolves on each pod to its container port of that name. */
function podTargetPort(port: ServicePort, pod: Pod): number | undefined {
  return typeof port.targetPort === 'number' ? port.targetPort : pod.ports.find((c) => c.name === port.targetPort && c.protocol === port.protocol)?.port;
}

/**
 * The port a Service port lands on at a pod according to the EndpointSlices: the port of the same
 * name on a slice listing the pod as ready; `absent` when no such slice serves that port there.
 */
function sliceTargetPort(service: Service, port: ServicePort, pod: Pod): number | 'absent' | undefined {
  for (const slice of service.endpointSlices ?? []) {
    const slicePort = slice.ports.find((p) => p.name === (port.name ?? '') && p.protocol === port.protocol);
    if (!slicePort || !slice.endpoints.some((e) => e.ready && isPodEndpoint(e, pod))) continue;
    return slicePort.port ?? podTargetPort(port, pod);
  }
  return 'absent';
}

/**
 * Maps a service port to each endpoint pod's target port: from the EndpointSlices when the Service
 * has them (a pod no slice serves on that port is no backend of it), else from the targetPort (a
 * named one resolves per pod; undefined when the pod lacks it).
 */
export function serviceBackends(service: Service, pods: readonly Pod[], servicePort: number, protocol: Protocol): ServiceBackend[] {
  const port = service.ports.find((p) => p.port === servicePort && p.protocol === protocol);
  if (!port) return [];
  const sliced = hasSlices(service);
  return pods.flatMap((pod) => {
    const target = sliced ? sliceTargetPort(service, port, pod) : podTargetPort(port, pod);
    if (target === 'absent') return [];
    return [{ pod, servicePort, protocol, ...(target !== undefined ? { targetPort: target } : {}) }];
  });
}

/** The port a Service port lands on at each address backend (only ones a slice serves on that port). */
export function addressBackendPorts(
  service: Service,
  backends: readonly AddressBackend[],
  servicePort: number,
  protocol: Protocol,
): { readonly address: string; readonly servicePort: number; readonly protocol: Protocol; readonly targetPort: number }[] {
  const port = service.ports.find((p) => p.port === servicePort && p.protocol === protocol);
  if (!port) return [];
  return backends.flatMap(({ address }) => {
    const slice = (service.endpointSlices ?? []).find(
      (s) => s.endpoints.some((e) => e.ready && e.addresses.includes(address)) && s.ports.some((p) => p.name === (port.name ?? '') && p.protocol === protocol),
    );
    const slicePort = slice?.ports.find((p) => p.name === (port.name ?? '') && p.protocol === protocol);
    const target = slicePort?.port ?? (typeof port.targetPort === 'number' ? port.targetPort : undefined);
    return slice && target !== undefined ? [{ address, servicePort, protocol, targetPort: target }] : [];
  });
}

function resolvedService(ref: TargetRef, service: Service, snapshot: Snapshot): ResolvedTarget {
  const endpoints = serviceEndpoints(service, snapshot.pods);
  return { kind: 'service', ref, service, pods: endpoints.pods, endpointsFrom: endpoints.from, addressBackends: endpoints.addresses };
}

export type ResolveResult = ResolvedTarget | { error: string };

export function resolveTarget(ref: TargetRef, snapshot: Snapshot): ResolveResult {
  switch (ref.kind) {
    case 'address': {
      // An address inside the cluster means what is there: a pod (after its IP) or a Service's
      // cluster IP. hostNetwork pods share their node's address, so that stays an address.
      const same = (text: string) => {
        const ip = parseIp(text);
        return ip !== undefined && ip.family === ref.address.family && ip.value === ref.address.value;
      };
      const pod = snapshot.pods.find((p) => !p.hostNetwork && !isTerminated(p) && p.ips.some(same));
      if (pod) return { kind: 'pods', ref, pods: [pod] };
      const service = snapshot.services.find((svc) => svc.clusterIPs.some(same));
      if (service) return resolvedService(ref, service, snapshot);
      return { kind: 'address', ref, address: ref.address, text: ref.text };
    }
    case 'pod': {
      const pod = snapshot.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
      if (!pod) return { error: `pod ${ref.namespace}/${ref.name} not found` };
      if (isTerminated(pod)) return { error: `pod ${ref.namespace}/${ref.name} is ${pod.phase}: it carries no traffic` };
      return { kind: 'pods', ref, pods: [pod] };
    }
    case 'workload': {
      const pods = snapshot.pods.filter(
        (p) => p.namespace === ref.namespace && p.owner?.kind === ref.workloadKind && p.owner.name === ref.name && !isTerminated(p),
      );
      if (pods.length === 0) return { error: `${ref.workloadKind.toLowerCase()} ${ref.namespace}/${ref.name} not found (no running pod and no manifest of it)` };
      return { kind: 'pods', ref, pods };
    }
    case 'service': {
      const service = snapshot.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
      if (!service) return { error: `service ${ref.namespace}/${ref.name} not found` };
      return resolvedService(ref, service, snapshot);
    }
  }
}
