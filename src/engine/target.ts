// Names a user can give for either end of a connection, and what they resolve to in a snapshot.
import type { Pod, Protocol, Service, Snapshot } from '../model/snapshot.js';
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

export type ResolvedTarget =
  | { readonly kind: 'pods'; readonly ref: TargetRef; readonly pods: readonly Pod[] }
  | { readonly kind: 'service'; readonly ref: TargetRef; readonly service: Service; readonly pods: readonly Pod[] }
  | { readonly kind: 'address'; readonly ref: TargetRef; readonly address: IpAddress; readonly text: string };

/** Pods a Service selects (its endpoints, as the EndpointSlice controller would pick them). */
export function servicePods(service: Service, pods: readonly Pod[]): Pod[] {
  if (!service.selector) return [];
  const selects = compileSelector({ matchLabels: service.selector, matchExpressions: [] });
  return pods.filter((p) => p.namespace === service.namespace && !isTerminated(p) && selects(p.labels));
}

/** Maps a service port to each endpoint pod's target port (a named targetPort resolves per pod). */
export function serviceBackends(service: Service, pods: readonly Pod[], servicePort: number, protocol: Protocol): ServiceBackend[] {
  const port = service.ports.find((p) => p.port === servicePort && p.protocol === protocol);
  if (!port) return [];
  return pods.map((pod) => {
    const target =
      typeof port.targetPort === 'number'
        ? port.targetPort
        : pod.ports.find((c) => c.name === port.targetPort && c.protocol === port.protocol)?.port;
    return { pod, servicePort, protocol, ...(target !== undefined ? { targetPort: target } : {}) };
  });
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
      if (service) return { kind: 'service', ref, service, pods: servicePods(service, snapshot.pods) };
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
      return { kind: 'service', ref, service, pods: servicePods(service, snapshot.pods) };
    }
  }
}
