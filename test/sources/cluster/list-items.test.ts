// List items keep only what the model reads: a snapshot assembled from reduced items is the one
// assembled from the items as the API sends them.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { reducerFor, slimPod, withoutManagedFields } from '../../../src/sources/cluster/list-items.js';

const livePod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    generateName: 'web-7d9f-',
    uid: `uid-${name}`,
    resourceVersion: '4711',
    labels: { app: 'web', 'pod-template-hash': '7d9f' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: 'rs', controller: true }],
    managedFields: [{ manager: 'kube-controller-manager', fieldsV1: { 'f:metadata': {} } }],
  },
  spec: {
    nodeName: 'node-1',
    hostNetwork: false,
    containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'A', value: 'b' }] }],
    initContainers: [
      { name: 'proxy', image: 'envoy', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 9901 }] },
      { name: 'migrate', image: 'tool', ports: [{ name: 'x', containerPort: 1 }] },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
  status: {
    phase: 'Running',
    podIP: '10.1.0.5',
    podIPs: [{ ip: '10.1.0.5' }, { ip: 'fd00::5' }],
    hostIP: '192.0.2.1',
    hostIPs: [{ ip: '192.0.2.1' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'app', ready: true }],
  },
  ...extra,
});

const origin = { file: 'cluster test', doc: 0 };
const assemble = (objects: object[]) => assembleSnapshot(objects.map((object) => ({ object, origin })), { defaultNamespace: 'default' });

describe('list items', () => {
  it('a reduced pod assembles to the same model pod, sidecar ports and owner included', () => {
    const pods = [livePod('web-1'), livePod('web-2', { spec: { hostNetwork: true, containers: [] } }), livePod('web-3', { status: { phase: 'Pending' } })];
    expect(assemble(pods.map(slimPod))).toEqual(assemble(pods));
    expect(JSON.stringify(slimPod(pods[0]!))).not.toMatch(/managedFields|annotations|volumes|conditions/);
  });

  it('a pod keeps no managedFields, annotations, uid, env or conditions', () => {
    const slim = slimPod(livePod('web-1'));
    expect(slim).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web', 'pod-template-hash': '7d9f' }, ownerReferences: livePod('x').metadata.ownerReferences },
      spec: {
        nodeName: 'node-1',
        hostNetwork: false,
        containers: [{ ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
        initContainers: [{ restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 9901 }] }, { ports: [{ name: 'x', containerPort: 1 }] }],
      },
      status: { phase: 'Running', podIP: '10.1.0.5', podIPs: [{ ip: '10.1.0.5' }, { ip: 'fd00::5' }], hostIP: '192.0.2.1', hostIPs: [{ ip: '192.0.2.1' }] },
    });
  });

  it('values of the wrong type are kept, for the reader to name the field', () => {
    const bad = livePod('web-1', { spec: { containers: 'nginx' } });
    expect(() => assemble([slimPod(bad)])).toThrow('cluster test: Pod shop/web-1: spec.containers: expected a list');
    expect(() => assemble([bad])).toThrow('cluster test: Pod shop/web-1: spec.containers: expected a list');
  });

  it('pods are reduced by their collection path; every other kind only loses managedFields', () => {
    expect(reducerFor('/api/v1/pods')).toBe(slimPod);
    expect(reducerFor('/api/v1/namespaces/shop/pods')).toBe(slimPod);
    expect(reducerFor('/api/v1/services')).toBe(withoutManagedFields);
    expect(reducerFor('/apis/networking.k8s.io/v1/networkpolicies')).toBe(withoutManagedFields);
    const service = { metadata: { name: 's', namespace: 'shop', managedFields: [{}], annotations: { a: 'b' } }, spec: { ports: [{ port: 80 }] } };
    expect(withoutManagedFields(service)).toEqual({ metadata: { name: 's', namespace: 'shop', annotations: { a: 'b' } }, spec: { ports: [{ port: 80 }] } });
  });
});
