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

/** A reader over one message's bytes, [at, end). */
class Reader {
  constructor(
    readonly buf: Buffer,
    public at: number,
    readonly end: number,
  ) {}

  done(): boolean {
    return this.at >= this.end;
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.end) throw new ProtobufError('truncated varint');
      const byte = this.buf[this.at++]!;
      // Past 2^53 the number is no longer exact; no field read here gets there.
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
      if (shift > 63) throw new ProtobufError('varint too long');
    }
  }

  /** A length-delimited field's bounds, the reader moved past it. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.at;
    if (start + length > this.end) throw new ProtobufError('truncated field');
    this.at = start + length;
    return [start, this.at];
  }

  string(): string {
    const [start, end] = this.span();
    return this.buf.toString('utf8', start, end);
  }

  sub(): Reader {
    const [start, end] = this.span();
    return new Reader(this.buf, start, end);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.span();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 5) this.at += 4;
    else throw new ProtobufError(`wire type ${wireType}`);
    if (this.at > this.end) throw new ProtobufError('truncated field');
  }
}

/** Calls `field(number, wireType)` for each field; it reads the field or returns false to have it skipped. */
function fields(r: Reader, field: (number: number, wireType: number) => boolean): void {
  while (!r.done()) {
    const key = r.varint();
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (!field(number, wireType)) r.skip(wireType);
  }
}

/** A string field, left out when empty (as JSON's omitempty leaves it out). */
function setString(out: Raw, name: string, value: string): void {
  if (value !== '') out[name] = value;
}

function ipEntry(r: Reader): Raw {
  const out: Raw = {};
  fields(r, (n, w) => (n === 1 && w === 2 ? (setString(out, 'ip', r.string()), true) : false));
  return out;
}

function containerPort(r: Reader): Raw {
  const out: Raw = {};
  fields(r, (n, w) => {
    if (n === 1 && w === 2) setString(out, 'name', r.string());
    else if (n === 3 && w === 0) out['containerPort'] = r.varint();
    else if (n === 4 && w === 2) setString(out, 'protocol', r.string());
    else return false;
    return true;
  });
  return out;
}

function container(r: Reader): Raw {
  const out: Raw = {};
  const ports: Raw[] = [];
  fields(r, (n, w) => {
    if (n === 6 && w === 2) ports.push(containerPort(r.sub()));
    else if (n === 24 && w === 2) setString(out, 'restartPolicy', r.string());
    else return false;
    return true;
  });
  if (ports.length > 0) out['ports'] = ports;
  return out;
}

function ownerReference(r: Reader): Raw {
  const out: Raw = {};
  fields(r, (n, w) => {
    if (n === 1 && w === 2) setString(out, 'kind', r.string());
    else if (n === 3 && w === 2) setString(out, 'name', r.string());
    else if (n === 4 && w === 2) setString(out, 'uid', r.string());
    else if (n === 5 && w === 2) setString(out, 'apiVersion', r.string());
    else if (n === 6 && w === 0) out['controller'] = r.varint() !== 0;
    else return false;
    return true;
  });
  return out;
}

/** A map<string, string> entry: key 1, value 2 (an empty value is a value). */
function mapEntry(r: Reader, into: Record<string, string>): void {
  let key = '';
  let value = '';
  fields(r, (n, w) => {
    if (n === 1 && w === 2) key = r.string();
    else if (n === 2 && w === 2) value = r.string();
    else return false;
    return true;
  });
  into[key] = value;
}

function objectMeta(r: Reader): Raw {
  const out: Raw = {};
  let labels: Record<string, string> | undefined;
  const owners: Raw[] = [];
  fields(r, (n, w) => {
    if (n === 1 && w === 2) setString(out, 'name', r.string());
    else if (n === 3 && w === 2) setString(out, 'namespace', r.string());
    else if (n === 11 && w === 2) mapEntry(r.sub(), (labels ??= {}));
    else if (n === 13 && w === 2) owners.push(ownerReference(r.sub()));
    else return false;
    return true;
  });
  if (labels) out['labels'] = labels;
  if (owners.length > 0) out['ownerReferences'] = owners;
  return out;
}

function podSpec(r: Reader): Raw {
  const out: Raw = {};
  const containers: Raw[] = [];
  const init: Raw[] = [];
  fields(r, (n, w) => {
    if (n === 2 && w === 2) containers.push(container(r.sub()));
    else if (n === 20 && w === 2) init.push(container(r.sub()));
    else if (n === 10 && w === 2) setString(out, 'nodeName', r.string());
    else if (n === 11 && w === 0) {
      if (r.varint() !== 0) out['hostNetwork'] = true;
    } else return false;
    return true;
  });
  if (containers.length > 0) out['containers'] = containers;
  if (init.length > 0) out['initContainers'] = init;
  return out;
}

function podStatus(r: Reader): Raw {
  const out: Raw = {};
  const podIPs: Raw[] = [];
  const hostIPs: Raw[] = [];
  fields(r, (n, w) => {
    if (n === 1 && w === 2) setString(out, 'phase', r.string());
    else if (n === 5 && w === 2) setString(out, 'hostIP', r.string());
    else if (n === 6 && w === 2) setString(out, 'podIP', r.string());
    else if (n === 12 && w === 2) podIPs.push(ipEntry(r.sub()));
    else if (n === 16 && w === 2) hostIPs.push(ipEntry(r.sub()));
    else return false;
    return true;
  });
  if (podIPs.length > 0) out['podIPs'] = podIPs;
  if (hostIPs.length > 0) out['hostIPs'] = hostIPs;
  return out;
}

function pod(r: Reader): Raw {
  const out: Raw = {};
  fields(r, (n, w) => {
    if (w !== 2 || n < 1 || n > 3) return false;
    const sub = r.sub();
    if (n === 1) out['metadata'] = objectMeta(sub);
    else if (n === 2) out['spec'] = podSpec(sub);
    else out['status'] = podStatus(sub);
    return true;
  });
  return out;
}

export interface ProtobufPodList {
  readonly metadata: { readonly _continue?: string; readonly resourceVersion?: string };
  readonly items: Raw[];
}

/** The PodList inside the runtime.Unknown envelope; a ProtobufError when the bytes are not one. */
function podListReader(buf: Buffer): Reader {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) throw new ProtobufError('no protobuf envelope');
  const envelope = new Reader(buf, 4, buf.length);
  let raw: Reader | undefined;
  fields(envelope, (n, w) => {
    if (n === 2 && w === 2) {
      raw = envelope.sub();
      return true;
    }
    return false;
  });
  if (!raw) throw new ProtobufError('no object in the envelope');
  return raw;
}

/** A page of a pod list: its metadata, and each pod as slimPod would keep it. */
export function decodePodList(buf: Buffer): ProtobufPodList {
  const r = podListReader(buf);
  const items: Raw[] = [];
  let metadata: ProtobufPodList['metadata'] = {};
  fields(r, (n, w) => {
    if (n === 1 && w === 2) {
      const meta = r.sub();
      const out: { _continue?: string; resourceVersion?: string } = {};
      fields(meta, (m, mw) => {
        if (m === 2 && mw === 2) setString(out, 'resourceVersion', meta.string());
        else if (m === 3 && mw === 2) setString(out, '_continue', meta.string());
        else return false;
        return true;
      });
      metadata = out;
    } else if (n === 2 && w === 2) items.push(pod(r.sub()));
    else return false;
    return true;
  });
  return { metadata, items };
}

/**
 * The page's metadata from its first bytes, once they hold the envelope's start and the whole
 * ListMeta (the PodList's first field): the next page can then be asked for before this one is read.
 */
export function podListHead(buf: Buffer): ProtobufPodList['metadata'] | undefined {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) return undefined;
  try {
    const r = new Reader(buf, 4, buf.length);
    while (!r.done()) {
      const key = r.varint();
      if (key !== 0x12) {
        r.skip(key & 7);
        continue;
      }
      r.varint(); // the PodList's length: its bytes are not all here yet
      if (r.varint() !== 0x0a) return undefined;
      const meta = r.sub();
      const out: { _continue?: string; resourceVersion?: string } = {};
      fields(meta, (m, mw) => {
        if (m === 2 && mw === 2) setString(out, 'resourceVersion', meta.string());
        else if (m === 3 && mw === 2) setString(out, '_continue', meta.string());
        else return false;
        return true;
      });
      return out;
    }
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
  }
  return undefined;
}
