// Pod lists in the API server's protobuf encoding (application/vnd.kubernetes.protobuf), decoded to
// the same JSON-shaped objects slimPod keeps: only the fields the model reads are visited; every
// other field (managedFields, conditions, container statuses, ...) is skipped by its length, never
// decoded. Field numbers are those of k8s.io/api core/v1 and apimachinery meta/v1 generated.proto.
import type { Raw } from '../normalize/raw.js';

/** The content type asked for (with JSON as the fallback a server without protobuf answers with). */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
/** Every protobuf answer starts with these bytes ("k8s" and a zero), then a runtime.Unknown. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export class ProtobufError extends Error {}

// The decoder's position: one page is decoded at a time, synchronously, so module state is safe and
// spares a reader object per message. Keys are field * 8 + wire type (0 varint, 2 length-delimited).
let buf: Buffer = Buffer.alloc(0);
let pos = 0;

function varint(end: number): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= end) throw new ProtobufError('truncated varint');
    const byte = buf[pos++]!;
    // Past 2^53 the number is no longer exact; no field read here gets there.
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
    if (scale > 2 ** 63) throw new ProtobufError('varint too long');
  }
}

/** A length-delimited field's end; the position moves to its first byte. */
function lengthEnd(end: number): number {
  const length = varint(end);
  const fieldEnd = pos + length;
  if (fieldEnd > end) throw new ProtobufError('truncated field');
  return fieldEnd;
}

function str(end: number): string {
  const fieldEnd = lengthEnd(end);
  const value = buf.toString('utf8', pos, fieldEnd);
  pos = fieldEnd;
  return value;
}

function skip(key: number, end: number): void {
  const wireType = key & 7;
  if (wireType === 0) varint(end);
  else if (wireType === 2) pos = lengthEnd(end);
  else if (wireType === 1) pos += 8;
  else if (wireType === 5) pos += 4;
  else throw new ProtobufError(`wire type ${wireType}`);
  if (pos > end) throw new ProtobufError('truncated field');
}

/** A string field, left out when empty (as JSON's omitempty leaves it out). */
function setString(out: Raw, name: string, value: string): void {
  if (value !== '') out[name] = value;
}

/** PodIP and HostIP: ip = 1. */
function ipEntry(end: number): Raw {
  const out: Raw = {};
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) setString(out, 'ip', str(end));
    else skip(key, end);
  }
  return out;
}

/** ContainerPort: name = 1, containerPort = 3, protocol = 4. */
function containerPort(end: number): Raw {
  const out: Raw = {};
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) setString(out, 'name', str(end));
    else if (key === 0x18) out['containerPort'] = varint(end);
    else if (key === 0x22) setString(out, 'protocol', str(end));
    else skip(key, end);
  }
  return out;
}

/** Container: ports = 6, restartPolicy = 24. */
function container(end: number): Raw {
  const out: Raw = {};
  let ports: Raw[] | undefined;
  while (pos < end) {
    const key = varint(end);
    if (key === 0x32) (ports ??= []).push(containerPort(lengthEnd(end)));
    else if (key === 0xc2) setString(out, 'restartPolicy', str(end));
    else skip(key, end);
  }
  if (ports) out['ports'] = ports;
  return out;
}

/** OwnerReference: kind = 1, name = 3, uid = 4, apiVersion = 5, controller = 6. */
function ownerReference(end: number): Raw {
  const out: Raw = {};
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) setString(out, 'kind', str(end));
    else if (key === 0x1a) setString(out, 'name', str(end));
    else if (key === 0x22) setString(out, 'uid', str(end));
    else if (key === 0x2a) setString(out, 'apiVersion', str(end));
    else if (key === 0x30) out['controller'] = varint(end) !== 0;
    else skip(key, end);
  }
  return out;
}

/** A map<string, string> entry: key = 1, value = 2 (an empty value is a value). */
function mapEntry(end: number, into: Record<string, string>): void {
  let name = '';
  let value = '';
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) name = str(end);
    else if (key === 0x12) value = str(end);
    else skip(key, end);
  }
  into[name] = value;
}

/** ObjectMeta: name = 1, namespace = 3, labels = 11, ownerReferences = 13. */
function objectMeta(end: number): Raw {
  const out: Raw = {};
  let labels: Record<string, string> | undefined;
  let owners: Raw[] | undefined;
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) setString(out, 'name', str(end));
    else if (key === 0x1a) setString(out, 'namespace', str(end));
    else if (key === 0x5a) mapEntry(lengthEnd(end), (labels ??= {}));
    else if (key === 0x6a) (owners ??= []).push(ownerReference(lengthEnd(end)));
    else skip(key, end);
  }
  if (labels) out['labels'] = labels;
  if (owners) out['ownerReferences'] = owners;
  return out;
}

/** PodSpec: containers = 2, nodeName = 10, hostNetwork = 11, initContainers = 20. */
function podSpec(end: number): Raw {
  const out: Raw = {};
  let containers: Raw[] | undefined;
  let init: Raw[] | undefined;
  while (pos < end) {
    const key = varint(end);
    if (key === 0x12) (containers ??= []).push(container(lengthEnd(end)));
    else if (key === 0xa2) (init ??= []).push(container(lengthEnd(end)));
    else if (key === 0x52) setString(out, 'nodeName', str(end));
    else if (key === 0x58) {
      if (varint(end) !== 0) out['hostNetwork'] = true;
    } else skip(key, end);
  }
  if (containers) out['containers'] = containers;
  if (init) out['initContainers'] = init;
  return out;
}

/** PodStatus: phase = 1, hostIP = 5, podIP = 6, podIPs = 12, hostIPs = 16. */
function podStatus(end: number): Raw {
  const out: Raw = {};
  let podIPs: Raw[] | undefined;
  let hostIPs: Raw[] | undefined;
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) setString(out, 'phase', str(end));
    else if (key === 0x2a) setString(out, 'hostIP', str(end));
    else if (key === 0x32) setString(out, 'podIP', str(end));
    else if (key === 0x62) (podIPs ??= []).push(ipEntry(lengthEnd(end)));
    else if (key === 0x82) (hostIPs ??= []).push(ipEntry(lengthEnd(end)));
    else skip(key, end);
  }
  if (podIPs) out['podIPs'] = podIPs;
  if (hostIPs) out['hostIPs'] = hostIPs;
  return out;
}

/** Pod: metadata = 1, spec = 2, status = 3. */
function pod(end: number): Raw {
  const out: Raw = {};
  while (pos < end) {
    const key = varint(end);
    if (key === 0x0a) out['metadata'] = objectMeta(lengthEnd(end));
    else if (key === 0x12) out['spec'] = podSpec(lengthEnd(end));
    else if (key === 0x1a) out['status'] = podStatus(lengthEnd(end));
    else skip(key, end);
  }
  return out;
}

/** ListMeta: resourceVersion = 2, continue = 3. */
function listMeta(end: number): { _continue?: string; resourceVersion?: string } {
  const out: { _continue?: string; resourceVersion?: string } = {};
  while (pos < end) {
    const key = varint(end);
    if (key === 0x12) setString(out, 'resourceVersion', str(end));
    else if (key === 0x1a) setString(out, '_continue', str(end));
    else skip(key, end);
  }
  return out;
}

export interface ProtobufPodList {
  readonly metadata: { readonly _continue?: string; readonly resourceVersion?: string };
  readonly items: Raw[];
}

/** Positions the decoder at the PodList inside the runtime.Unknown envelope (raw = 2); returns its end. */
function podListStart(bytes: Buffer, complete: boolean): number {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ProtobufError('no protobuf envelope');
  buf = bytes;
  pos = 4;
  while (pos < bytes.length) {
    const key = varint(bytes.length);
    if (key !== 0x12) {
      skip(key, bytes.length);
      continue;
    }
    if (!complete) return pos + varint(bytes.length);
    return lengthEnd(bytes.length);
  }
  throw new ProtobufError('no object in the envelope');
}

/** A page of a pod list: its metadata, and each pod as slimPod would keep it. */
export function decodePodList(bytes: Buffer): ProtobufPodList {
  try {
    const end = podListStart(bytes, true);
    const items: Raw[] = [];
    let metadata: ProtobufPodList['metadata'] = {};
    while (pos < end) {
      const key = varint(end);
      if (key === 0x0a) metadata = listMeta(lengthEnd(end));
      else if (key === 0x12) items.push(pod(lengthEnd(end)));
      else skip(key, end);
    }
    return { metadata, items };
  } finally {
    buf = Buffer.alloc(0);
  }
}

/**
 * The page's metadata from its first bytes, once they hold the envelope's start and the whole
 * ListMeta (the PodList's first field): the next page can then be asked for before this one is read.
 */
export function podListHead(bytes: Buffer): ProtobufPodList['metadata'] | undefined {
  try {
    podListStart(bytes, false);
    if (varint(bytes.length) !== 0x0a) return undefined;
    return listMeta(lengthEnd(bytes.length));
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    return undefined;
  } finally {
    buf = Buffer.alloc(0);
  }
}
