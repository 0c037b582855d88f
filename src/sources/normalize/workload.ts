// Pods, Services, Namespaces and workloads (JSON shape) -> the model.
import type { ContainerPort, Labels, Namespace, Origin, Pod, Protocol, Service, Workload, WorkloadRef } from '../../model/snapshot.js';
import { quote } from '../../model/quote.js';
import { isRecord, type Raw, type RawReader } from './raw.js';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export const isWorkloadKind = (kind: string): kind is WorkloadKind => (WORKLOAD_KINDS as readonly string[]).includes(kind);

function readProtocol(r: RawReader, value: unknown, path: string): Protocol {
  const p = r.string(value, path) ?? 'TCP';
  if (p !== 'TCP' && p !== 'UDP' && p !== 'SCTP') r.fail(path, `unsupported protocol ${quote(p)} (TCP, UDP, SCTP)`);
  return p;
}

function readContainerPorts(r: RawReader, podSpec: Raw, path: string): ContainerPort[] {
  // Plain loops, and field paths spelt only for a message: this runs for every pod of the input.
  const out: ContainerPort[] = [];
  const read = (containers: readonly unknown[], field: string, sidecarsOnly: boolean) => {
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i];
      const container = isRecord(c) ? c : (r.record(c, `${path}.${field}[${i}]`) ?? {});
      // Sidecars (init containers that keep running) serve ports too; the EndpointSlice controller
      // resolves named target ports on them.
      if (sidecarsOnly && container['restartPolicy'] !== 'Always') continue;
      const ports = Array.isArray(container['ports']) ? container['ports'] : (r.list(container['ports'], `${path}.${field}[${i}].ports`) ?? []);
      for (let j = 0; j < ports.length; j++) {
        const p = ports[j];
        const port = isRecord(p) ? p : (r.record(p, `${path}.${field}[${i}].ports[${j}]`) ?? {});
        const { containerPort, name, protocol } = port;
        // A port entry without containerPort (e.g. a misspelled key) declares nothing the API would keep.
        if (containerPort === undefined || containerPort === null) continue;
        const valid =
          typeof containerPort === 'number' &&
          Number.isInteger(containerPort) &&
          (name === undefined || name === null || typeof name === 'string') &&
          (protocol === undefined || protocol === null || protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP');
        if (valid) {
          out.push({ port: containerPort, protocol: (protocol as Protocol | null | undefined) ?? 'TCP', ...(name ? { name: name as string } : {}) });
          continue;
        }
        const at = `${path}.${field}[${i}].ports[${j}]`;
        const number = r.integer(containerPort, `${at}.containerPort`)!;
        const named = r.string(name, `${at}.name`);
        out.push({ port: number, protocol: readProtocol(r, protocol, `${at}.protocol`), ...(named ? { name: named } : {}) });
      }
    }
  };
  read(Array.isArray(podSpec['containers']) ? podSpec['containers'] : (r.list(podSpec['containers'], `${path}.containers`) ?? []), 'containers', false);
  const init = Array.isArray(podSpec['initContainers']) ? podSpec['initContainers'] : (r.list(podSpec['initContainers'], `${path}.initContainers`) ?? []);
  read(init, 'initContainers', true);
  return out;
}

function readOwner(r: RawReader, metadata: Raw): WorkloadRef | undefined {
  const refs = Array.isArray(metadata['ownerReferences']) ? metadata['ownerReferences'] : (r.list(metadata['ownerReferences'], 'metadata.ownerReferences') ?? []);
  // The managing controller's reference, else the first.
  let first: Raw | undefined;
  let controller: Raw | undefined;
  for (let i = 0; i < refs.length; i++) {
    const rec = isRecord(refs[i]) ? (refs[i] as Raw) : r.record(refs[i], `metadata.ownerReferences[${i}]`);
    if (!rec) continue;
    first ??= rec;
    if (rec['controller'] === true) controller ??= rec;
  }
  const ref = controller ?? first;
  if (!ref) return undefined;
  const name = r.string(ref['name'], 'metadata.ownerReferences.name');
  return name ? { kind: r.string(ref['kind'], 'metadata.ownerReferences.kind') ?? '', name } : undefined;
}

export function readNamespace(r: RawReader, obj: Raw, name: string, origin: Origin): Namespace {
  const metadata = r.record(obj['metadata'], 'metadata') ?? {};
  return {
    name,
    labels: { ...r.stringMap(metadata['labels'], 'metadata.labels'), 'kubernetes.io/metadata.name': name },
    origin,
  };
}

/** `status.podIPs` / `status.hostIPs`: `[{ip}]`, the addresses kept in order, empty ones left out. */
function readAddressList(r: RawReader, value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : (r.list(value, path) ?? []);
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const ip = isRecord(entry) && typeof entry['ip'] === 'string' ? entry['ip'] : r.string(r.record(entry, `${path}[${i}]`)?.['ip'], `${path}[${i}].ip`);
    if (ip) out.push(ip);
  }
  return out;
}

export function readPod(r: RawReader, obj: Raw, namespace: string, name: string, origin: Origin): Pod {
  const metadata = r.record(obj['metadata'], 'metadata') ?? {};
  const spec = r.record(obj['spec'], 'spec') ?? {};
  const status = r.record(obj['status'], 'status') ?? {};
  const podIPs = readAddressList(r, status['podIPs'], 'status.podIPs');
  const podIP = r.string(status['podIP'], 'status.podIP');
  const hostIP = r.string(status['hostIP'], 'status.hostIP');
  // Dual-stack nodes list one address per family in status.hostIPs (hostIP is the first).
  const hostIPs = readAddressList(r, status['hostIPs'], 'status.hostIPs');
  const nodeName = r.string(spec['nodeName'], 'spec.nodeName');
  const owner = readOwner(r, metadata);
  return {
    namespace,
    name,
    labels: r.stringMap(metadata['labels'], 'metadata.labels'),
    ips: podIPs.length > 0 ? podIPs : podIP ? [podIP] : [],
    phase: r.string(status['phase'], 'status.phase') ?? 'Pending',
    hostNetwork: spec['hostNetwork'] === true,
    ports: readContainerPorts(r, spec, 'spec'),
    ...(hostIP ? { hostIP } : {}),
    ...(hostIPs.length > 0 ? { hostIPs } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(owner ? { owner } : {}),
    origin,
  };
}

export function readService(r: RawReader, obj: Raw, namespace: string, name: string, origin: Origin): Service {
  const spec = r.record(obj['spec'], 'spec') ?? {};
  const selector = spec['selector'] == null ? undefined : r.stringMap(spec['selector'], 'spec.selector');
  const ports = (r.list(spec['ports'], 'spec.ports') ?? []).map((p, i) => {
    const at = `spec.ports[${i}]`;
    const rec = r.record(p, at) ?? {};
    const port = r.integer(rec['port'], `${at}.port`);
    if (port === undefined) r.fail(`${at}.port`, 'a service port needs a port number');
    const name = r.string(rec['name'], `${at}.name`);
    return {
      port,
      protocol: readProtocol(r, rec['protocol'], `${at}.protocol`),
      targetPort: r.intOrString(rec['targetPort'], `${at}.targetPort`) ?? port,
      ...(name ? { name } : {}),
    };
  });
  const clusterIPs = (r.list(spec['clusterIPs'], 'spec.clusterIPs') ?? []).map((ip, i) => r.string(ip, `spec.clusterIPs[${i}]`) ?? '');
  const clusterIP = r.string(spec['clusterIP'], 'spec.clusterIP');
  return {
    namespace,
    name,
    ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
    ports,
    clusterIPs: clusterIPs.length > 0 ? clusterIPs : clusterIP && clusterIP !== 'None' ? [clusterIP] : [],
    origin,
  };
}

/** The pod template of a workload object (CronJob: its job template's). */
function podTemplate(r: RawReader, obj: Raw, kind: WorkloadKind): { template: Raw; path: string } | undefined {
  const spec = r.record(obj['spec'], 'spec') ?? {};
  if (kind === 'CronJob') {
    const jobSpec = r.record(r.record(spec['jobTemplate'], 'spec.jobTemplate')?.['spec'], 'spec.jobTemplate.spec') ?? {};
    const template = r.record(jobSpec['template'], 'spec.jobTemplate.spec.template');
    return template && { template, path: 'spec.jobTemplate.spec.template' };
  }
  const template = r.record(spec['template'], 'spec.template');
  return template && { template, path: 'spec.template' };
}

export interface ReadWorkload {
  readonly workload: Workload;
  /** A representative pod from the template, used when no real pod of the workload is known. */
  readonly templatePod?: Pod;
  /** The workload that owns this one (a ReplicaSet's Deployment, a Job's CronJob). */
  readonly owner?: WorkloadRef;
}

function replicasOf(r: RawReader, obj: Raw, kind: WorkloadKind): number {
  const spec = r.record(obj['spec'], 'spec') ?? {};
  const field = kind === 'Job' ? 'parallelism' : kind === 'DaemonSet' || kind === 'CronJob' ? undefined : 'replicas';
  if (!field) return 1;
  const n = r.integer(spec[field], `spec.${field}`);
  return n === undefined || n < 0 ? 1 : n;
}

export function readWorkload(r: RawReader, obj: Raw, kind: WorkloadKind, namespace: string, name: string, origin: Origin): ReadWorkload {
  const metadata = r.record(obj['metadata'], 'metadata') ?? {};
  const owner = readOwner(r, metadata);
  const found = podTemplate(r, obj, kind);
  const workload: Workload = { namespace, kind, name, origin };
  if (!found) return { workload, ...(owner ? { owner } : {}) };
  const templateMeta = r.record(found.template['metadata'], `${found.path}.metadata`) ?? {};
  const templateSpec = r.record(found.template['spec'], `${found.path}.spec`) ?? {};
  const labels: Labels = r.stringMap(templateMeta['labels'], `${found.path}.metadata.labels`);
  const templatePod: Pod = {
    // How many pods it stands for: spec.replicas (Deployment, StatefulSet, ReplicaSet, RC), a Job's
    // parallelism; a DaemonSet runs one per node and a CronJob one Job at a time: counted as 1.
    replicas: replicasOf(r, obj, kind),
    namespace,
    name: `${kind.toLowerCase()}/${name}`,
    labels,
    ips: [],
    phase: 'Pending',
    hostNetwork: templateSpec['hostNetwork'] === true,
    ports: readContainerPorts(r, templateSpec, `${found.path}.spec`),
    owner: { kind, name },
    synthesized: true,
    origin,
  };
  return { workload, templatePod, ...(owner ? { owner } : {}) };
}
