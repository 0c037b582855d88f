// Pod lists in protobuf: each pod decoded to what slimPod keeps from its JSON, every other field
// skipped. The bytes are written here field by field (numbers of core/v1 and meta/v1 generated.proto);
// the e2e suite reads real ones from kube-apiserver.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { slimPod } from '../../../src/sources/cluster/list-items.js';
import { ProtobufError, decodePodList, podListHead } from '../../../src/sources/cluster/pod-protobuf.js';

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};
type Field = number[];
const bytes = (field: number, value: string | number[] | Buffer): Field => {
  const data = typeof value === 'string' ? [...Buffer.from(value)] : [...value];
  return [...varint(field * 8 + 2), ...varint(data.length), ...data];
};
const number = (field: number, value: number): Field => [...varint(field * 8), ...varint(value)];
const message = (...parts: Field[]): number[] => parts.flat();
const envelope = (list: number[]) => Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytes(1, message(bytes(1, 'v1'), bytes(2, 'PodList'))), ...bytes(2, list), ...bytes(4, 'application/vnd.kubernetes.protobuf')]);

const managedFields = bytes(17, message(bytes(1, 'kubelet'), bytes(2, 'Update'), bytes(7, message(bytes(1, '{"f:status":{}}')))));
const podBytes = message(
  bytes(
    1,
    message(
      bytes(1, 'web-1'),
      bytes(2, 'web-'),
      bytes(3, 'shop'),
      bytes(5, 'uid-1'),
      bytes(11, message(bytes(1, 'app'), bytes(2, 'web'))),
      bytes(11, message(bytes(1, 'empty'), bytes(2, ''))),
      bytes(12, message(bytes(1, 'note'), bytes(2, 'not read'))),
      bytes(13, message(bytes(1, 'ReplicaSet'), bytes(3, 'web-7d9f'), bytes(4, 'rs-uid'), bytes(5, 'apps/v1'), number(6, 1))),
      managedFields,
    ),
  ),
  bytes(
    2,
    message(
      bytes(1, message(bytes(1, 'data'))),
      bytes(2, message(bytes(1, 'app'), bytes(2, 'nginx'), bytes(6, message(bytes(1, 'http'), number(3, 8080), bytes(4, 'TCP'))), bytes(7, message(bytes(1, 'A'))))),
      bytes(20, message(bytes(1, 'proxy'), bytes(6, message(bytes(1, 'admin'), number(3, 9901), bytes(4, 'TCP'))), bytes(24, 'Always'))),
      bytes(10, 'node-1'),
      number(11, 1),
      bytes(22, message(bytes(1, 'node.kubernetes.io/not-ready'))),
    ),
  ),
  bytes(
    3,
    message(
      bytes(1, 'Running'),
      bytes(2, message(bytes(1, 'Ready'), bytes(2, 'True'))),
      bytes(5, '192.0.2.1'),
      bytes(6, '10.1.0.5'),
      bytes(8, message(bytes(1, 'app'))),
      bytes(12, message(bytes(1, '10.1.0.5'))),
      bytes(12, message(bytes(1, 'fd00::5'))),
      bytes(16, message(bytes(1, '192.0.2.1'))),
    ),
  ),
);
// As the API server writes empty strings and a false hostNetwork: present, but empty.
const pendingBytes = message(bytes(1, message(bytes(1, 'job-1'), bytes(3, 'batch'))), bytes(2, message(bytes(10, ''), number(11, 0))), bytes(3, message(bytes(1, ''), bytes(5, ''), bytes(6, ''))));
const listMeta = bytes(1, message(bytes(2, '4711'), bytes(3, 'next-token'), number(4, 7)));
const page = envelope(message(listMeta, bytes(2, podBytes), bytes(2, pendingBytes)));

const asJson = {
  metadata: { name: 'web-1', generateName: 'web-', namespace: 'shop', uid: 'uid-1', labels: { app: 'web', empty: '' }, annotations: { note: 'not read' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: 'rs-uid', controller: true }], managedFields: [{}] },
  spec: {
    volumes: [{ name: 'data' }],
    containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'A' }] }],
    initContainers: [{ name: 'proxy', ports: [{ name: 'admin', containerPort: 9901, protocol: 'TCP' }], restartPolicy: 'Always' }],
    nodeName: 'node-1',
    hostNetwork: true,
  },
  status: { phase: 'Running', hostIP: '192.0.2.1', podIP: '10.1.0.5', podIPs: [{ ip: '10.1.0.5' }, { ip: 'fd00::5' }], hostIPs: [{ ip: '192.0.2.1' }] },
};

describe('pod lists in protobuf', () => {
  it('each pod as slimPod keeps it from the JSON; the list metadata too', () => {
    const list = decodePodList(page);
    expect(list.metadata).toEqual({ resourceVersion: '4711', _continue: 'next-token' });
    expect(list.items[0]).toEqual(slimPod(asJson));
    expect(list.items[1]).toEqual({ metadata: { name: 'job-1', namespace: 'batch' }, spec: {}, status: {} });
  });

  it('assembles to the same pods as the JSON (an empty phase is Pending, as when JSON leaves it out)', () => {
    const origin = { file: 'cluster test', doc: 0 };
    const assemble = (items: object[]) => assembleSnapshot(items.map((item) => ({ object: { ...item, kind: 'Pod' }, origin })), { defaultNamespace: 'default' }).pods;
    const json = [asJson, { metadata: { name: 'job-1', namespace: 'batch' }, spec: {}, status: {} }];
    expect(assemble(decodePodList(page).items)).toEqual(assemble(json));
    expect(assemble(decodePodList(page).items)[1]!.phase).toBe('Pending');
  });

  it('the head is read as soon as the ListMeta is in, not before', () => {
    const headEnd = page.indexOf(Buffer.from('next-token')) + 'next-token'.length + 2;
    expect(podListHead(page.subarray(0, headEnd))).toEqual({ resourceVersion: '4711', _continue: 'next-token' });
    expect(podListHead(page.subarray(0, headEnd - 6))).toBeUndefined();
    expect(podListHead(page.subarray(0, 3))).toBeUndefined();
  });

  it('truncated bytes or a missing envelope are a ProtobufError', () => {
    expect(() => decodePodList(page.subarray(0, page.length - 50))).toThrow(ProtobufError);
    expect(() => decodePodList(Buffer.from('{"kind":"PodList"}'))).toThrow(ProtobufError);
  });
});
