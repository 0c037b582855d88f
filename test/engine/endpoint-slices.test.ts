// Services resolved through their EndpointSlices (discovery.k8s.io/v1): ready endpoints only, the
// slice's port per service port name, the selector only when no slice was read.
import { describe, expect, it } from 'vitest';
import { PolicyIndex, DEFAULT_OPTIONS } from '../../src/engine/compile.js';
import { checkReach } from '../../src/engine/reach.js';
import { parseTargetRef, resolveTarget, serviceBackends, type ResolvedTarget } from '../../src/engine/target.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { SnapshotBuilder } from '../fixtures/builder.js';

type SliceEndpoint = { addresses: string[]; ready?: boolean | null; pod?: string };

function slice(namespace: string, name: string, service: string, ports: object[], endpoints: SliceEndpoint[]): Record<string, unknown> {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports,
    endpoints: endpoints.map((e) => ({
      addresses: e.addresses,
      ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }),
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace, name: e.pod } } : {}),
    })),
  };
}

const world = () =>
  new SnapshotBuilder()
    .pod('shop', 'web-1', { labels: { app: 'web' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
    .pod('shop', 'web-2', { labels: { app: 'web' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
    .pod('shop', 'web-3', { labels: { app: 'web' }, ip: '10.0.0.3', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
    .pod('shop', 'legacy', { labels: { app: 'legacy' }, ip: '10.0.0.9', ports: [{ port: 7000, protocol: 'TCP' }] })
    .pod('shop', 'client', { labels: { app: 'client' }, ip: '10.0.0.50' });

const resolve = (snapshot: Snapshot, text: string): Extract<ResolvedTarget, { kind: 'service' }> => {
  const ref = parseTargetRef(text, 'shop');
  if ('error' in ref) throw new Error(ref.error);
  const target = resolveTarget(ref, snapshot);
  if ('error' in target || target.kind !== 'service') throw new Error(`not a service: ${text}`);
  return target;
};
const names = (target: { pods: readonly { name: string }[] }) => target.pods.map((p) => p.name);

describe('EndpointSlices decide a Service\'s endpoints', () => {
  it('a Service without a selector gets its endpoints from a hand-written slice (by targetRef)', () => {
    const s = world()
      .service('shop', 'legacy', { ports: [{ name: 'tcp', port: 80, targetPort: 7000 }] })
      .object(slice('shop', 'legacy-1', 'legacy', [{ name: 'tcp', port: 7000, protocol: 'TCP' }], [{ addresses: ['10.0.0.9'], pod: 'legacy' }]))
      .build();
    const target = resolve(s, 'svc/legacy');
    expect(target.endpointsFrom).toBe('EndpointSlice');
    expect(names(target)).toEqual(['legacy']);
    expect(serviceBackends(target.service, target.pods, 80, 'TCP').map((b) => [b.pod.name, b.targetPort])).toEqual([['legacy', 7000]]);
  });

  it('without a targetRef, an endpoint address maps to the pod that has it', () => {
    const s = world()
      .service('shop', 'legacy', { ports: [{ port: 80, targetPort: 7000 }] })
      .object(slice('shop', 'legacy-1', 'legacy', [{ name: '', port: 7000, protocol: 'TCP' }], [{ addresses: ['10.0.0.9'] }]))
      .build();
    expect(names(resolve(s, 'svc/legacy'))).toEqual(['legacy']);
  });

  it('a not-ready endpoint is no endpoint (conditions.ready false); an absent condition means ready', () => {
    const s = world()
      .service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] })
      .object(
        slice('shop', 'web-abc', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [
          { addresses: ['10.0.0.1'], pod: 'web-1', ready: true },
          { addresses: ['10.0.0.2'], pod: 'web-2', ready: false },
          { addresses: ['10.0.0.3'], pod: 'web-3' },
        ]),
      )
      .build();
    expect(names(resolve(s, 'svc/web'))).toEqual(['web-1', 'web-3']);
  });

  it('a pod the selector picks but no slice lists is not an endpoint', () => {
    const s = world()
      .service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] })
      .object(slice('shop', 'web-abc', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.0.1'], pod: 'web-1' }]))
      .build();
    const target = resolve(s, 'svc/web');
    expect(names(target)).toEqual(['web-1']);
    const index = new PolicyIndex(s, DEFAULT_OPTIONS);
    const client = resolveTarget({ kind: 'pod', namespace: 'shop', name: 'client' }, s);
    if ('error' in client) throw new Error(client.error);
    const result = checkReach(client, target, index, { protocol: 'TCP', port: 80 });
    expect(result.paths.map((p) => p.connection.to.kind === 'pod' && p.connection.to.pod.name)).toEqual(['web-1']);
  });

  it('without any slice for the Service, the selector decides (fallback)', () => {
    const s = world()
      .service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] })
      // A slice of another Service changes nothing here.
      .object(slice('shop', 'other-1', 'other', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.0.1'], pod: 'web-1' }]))
      .build();
    const target = resolve(s, 'svc/web');
    expect(target.endpointsFrom).toBe('selector');
    expect(names(target)).toEqual(['web-1', 'web-2', 'web-3']);
  });

  it('the slice port of the same name gives the target port, per slice', () => {
    const s = world()
      .service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] })
      .object(slice('shop', 'web-a', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.0.1'], pod: 'web-1' }]))
      .object(slice('shop', 'web-b', 'web', [{ name: 'http', port: 9090, protocol: 'TCP' }], [{ addresses: ['10.0.0.2'], pod: 'web-2' }]))
      // A slice without the service port's name serves none of its traffic.
      .object(slice('shop', 'web-c', 'web', [{ name: 'metrics', port: 9100, protocol: 'TCP' }], [{ addresses: ['10.0.0.3'], pod: 'web-3' }]))
      .build();
    const target = resolve(s, 'svc/web');
    expect(serviceBackends(target.service, target.pods, 80, 'TCP').map((b) => [b.pod.name, b.targetPort])).toEqual([
      ['web-1', 8080],
      ['web-2', 9090],
    ]);
  });

  it('an endpoint address that is no pod is an address backend: judged as an address by can-reach, never dropped', () => {
    const s = world()
      .service('shop', 'external-db', { ports: [{ name: 'pg', port: 5432 }] })
      .object(slice('shop', 'external-db-1', 'external-db', [{ name: 'pg', port: 5432, protocol: 'TCP' }], [{ addresses: ['192.0.2.10'] }]))
      .policy('shop', 'client-egress', {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 5432 }] }],
      })
      .build();
    const target = resolve(s, 'svc/external-db');
    expect(target.pods).toEqual([]);
    expect(target.addressBackends).toEqual([{ address: '192.0.2.10' }]);
    const client = resolveTarget({ kind: 'pod', namespace: 'shop', name: 'client' }, s);
    if ('error' in client) throw new Error(client.error);
    const result = checkReach(client, target, new PolicyIndex(s, DEFAULT_OPTIONS), { protocol: 'TCP', port: 5432 });
    expect(result.verdict).toBe('allowed');
    expect(result.paths.map((p) => [p.connection.to.kind, p.port])).toEqual([['address', { protocol: 'TCP', number: 5432, servicePort: 5432 }]]);
  });

  it('an endpoint naming a pod that was not read is reported with the pod, not judged as an address', () => {
    const s = world()
      .service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] })
      .object(slice('shop', 'web-a', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.9.9'], pod: 'web-gone' }]))
      .build();
    const target = resolve(s, 'svc/web');
    expect(target.addressBackends).toEqual([{ address: '10.0.9.9', pod: 'shop/web-gone' }]);
    const client = resolveTarget({ kind: 'pod', namespace: 'shop', name: 'client' }, s);
    if ('error' in client) throw new Error(client.error);
    expect(checkReach(client, target, new PolicyIndex(s, DEFAULT_OPTIONS), { protocol: 'TCP', port: 80 }).verdict).toBe('no-endpoints');
  });
});
