// What a list item keeps as it arrives: only the fields the model reads. A live pod is about 5 KB of
// JSON (half of it managedFields); the model needs its name, labels, owner, addresses, phase and
// container ports. Values are kept as they came (a wrong type still reaches the reader that names it).
import { isRecord, type Raw } from '../normalize/raw.js';

/** A reducer for the items of one collection. */
export type ItemReducer = (item: Raw) => Raw;

const pick = (from: Raw, keys: readonly string[]): Raw => {
  const out: Raw = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
};

const POD_METADATA = ['name', 'namespace', 'labels', 'ownerReferences'];
const POD_SPEC = ['hostNetwork', 'nodeName'];
const POD_STATUS = ['phase', 'podIP', 'podIPs', 'hostIP', 'hostIPs'];

/** Containers keep their ports (init containers also their restartPolicy: sidecars serve ports). */
const containers = (value: unknown): unknown =>
  Array.isArray(value) ? value.map((c: unknown) => (isRecord(c) ? pick(c, ['ports', 'restartPolicy']) : c)) : value;

export function slimPod(item: Raw): Raw {
  const { metadata, spec, status } = item;
  const out: Raw = {};
  if (item['kind'] !== undefined) out['kind'] = item['kind'];
  if (item['apiVersion'] !== undefined) out['apiVersion'] = item['apiVersion'];
  if (metadata !== undefined) out['metadata'] = isRecord(metadata) ? pick(metadata, POD_METADATA) : metadata;
  if (spec !== undefined) {
    if (isRecord(spec)) {
      const s = pick(spec, POD_SPEC);
      if (spec['containers'] !== undefined) s['containers'] = containers(spec['containers']);
      if (spec['initContainers'] !== undefined) s['initContainers'] = containers(spec['initContainers']);
      out['spec'] = s;
    } else out['spec'] = spec;
  }
  if (status !== undefined) out['status'] = isRecord(status) ? pick(status, POD_STATUS) : status;
  return out;
}

/** Every other kind: without managedFields (bookkeeping of who set which field, never read). */
export function withoutManagedFields(item: Raw): Raw {
  const metadata = item['metadata'];
  if (!isRecord(metadata) || metadata['managedFields'] === undefined) return item;
  const { managedFields: _, ...rest } = metadata;
  return { ...item, metadata: rest };
}

/** The reducer for a collection path: pods (cluster-wide or in a namespace) are slimmed the most. */
export const reducerFor = (path: string): ItemReducer => (/^\/api\/v1\/(namespaces\/[^/]+\/)?pods$/.test(path) ? slimPod : withoutManagedFields);
