// discovery.k8s.io/v1 EndpointSlice (JSON shape) -> the model: which addresses serve a Service, on which ports.
import type { EndpointSlice, EndpointSlicePort, Origin, Protocol, SliceEndpoint } from '../../model/snapshot.js';
import type { Raw, RawReader } from './raw.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

function readPort(r: RawReader, value: unknown, at: string): EndpointSlicePort {
  const rec = r.record(value, at) ?? {};
  const protocol = r.string(rec['protocol'], `${at}.protocol`) ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') r.fail(`${at}.protocol`, `unsupported protocol "${protocol}" (TCP, UDP, SCTP)`);
  const port = r.integer(rec['port'], `${at}.port`);
  return { name: r.string(rec['name'], `${at}.name`) ?? '', protocol: protocol as Protocol, ...(port !== undefined ? { port } : {}) };
}

function readEndpoint(r: RawReader, value: unknown, at: string, namespace: string): SliceEndpoint {
  const rec = r.record(value, at) ?? {};
  const addresses = (r.list(rec['addresses'], `${at}.addresses`) ?? []).map((a, i) => r.string(a, `${at}.addresses[${i}]`) ?? '');
  const conditions = r.record(rec['conditions'], `${at}.conditions`) ?? {};
  const ready = conditions['ready'];
  if (ready !== undefined && ready !== null && typeof ready !== 'boolean') r.fail(`${at}.conditions.ready`, 'expected true or false');
  const ref = r.record(rec['targetRef'], `${at}.targetRef`);
  const kind = ref && r.string(ref['kind'], `${at}.targetRef.kind`);
  const name = ref && r.string(ref['name'], `${at}.targetRef.name`);
  const refNamespace = (ref && r.string(ref['namespace'], `${at}.targetRef.namespace`)) || namespace;
  return {
    addresses: addresses.filter((a) => a !== ''),
    // "nil should be interpreted as ready" (discovery.k8s.io/v1 EndpointConditions).
    ready: ready !== false,
    ...(kind && name ? { targetRef: { kind, namespace: refNamespace, name } } : {}),
  };
}

/** Undefined for a slice that names no Service: it serves nothing the analysis looks at. */
export function readEndpointSlice(r: RawReader, obj: Raw, namespace: string, name: string, origin: Origin): EndpointSlice | undefined {
  const metadata = r.record(obj['metadata'], 'metadata') ?? {};
  const service = r.stringMap(metadata['labels'], 'metadata.labels')[SERVICE_NAME_LABEL];
  const addressType = r.string(obj['addressType'], 'addressType') ?? 'IPv4';
  const ports = (r.list(obj['ports'], 'ports') ?? []).map((p, i) => readPort(r, p, `ports[${i}]`));
  const endpoints = (r.list(obj['endpoints'], 'endpoints') ?? []).map((e, i) => readEndpoint(r, e, `endpoints[${i}]`, namespace));
  if (!service) return undefined;
  return { namespace, name, service, addressType, ports, endpoints, origin };
}
