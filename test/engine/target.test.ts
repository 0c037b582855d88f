// Target names (pods, workloads, services, addresses) and what they resolve to in a snapshot.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder, findPod } from '../fixtures/builder.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { formatTargetRef, parseTargetRef, resolveTarget, serviceBackends, servicePods, type TargetRef } from '../../src/engine/target.js';

const parse = (text: string) => parseTargetRef(text, 'dflt');
const ok = (text: string): TargetRef => {
  const r = parse(text);
  if ('error' in r) throw new Error(`unexpected error for ${text}: ${r.error}`);
  return r;
};

describe('parseTargetRef', () => {
  it('NAME is a pod in the default namespace', () => {
    expect(parse('api')).toEqual({ kind: 'pod', namespace: 'dflt', name: 'api' });
  });

  it('NS/NAME is a pod', () => {
    expect(parse('prod/api-0')).toEqual({ kind: 'pod', namespace: 'prod', name: 'api-0' });
  });

  it('pod/NAME and NS/pod/NAME are pods', () => {
    expect(parse('pod/api')).toEqual({ kind: 'pod', namespace: 'dflt', name: 'api' });
    expect(parse('po/api')).toEqual({ kind: 'pod', namespace: 'dflt', name: 'api' });
    expect(parse('prod/pods/api')).toEqual({ kind: 'pod', namespace: 'prod', name: 'api' });
  });

  it('KIND/NAME is a workload in the default namespace, with kubectl aliases', () => {
    expect(parse('deployment/api')).toEqual({ kind: 'workload', namespace: 'dflt', workloadKind: 'Deployment', name: 'api' });
    expect(parse('deploy/api')).toEqual({ kind: 'workload', namespace: 'dflt', workloadKind: 'Deployment', name: 'api' });
    expect(parse('sts/db')).toEqual({ kind: 'workload', namespace: 'dflt', workloadKind: 'StatefulSet', name: 'db' });
    expect(parse('ds/agent')).toEqual({ kind: 'workload', namespace: 'dflt', workloadKind: 'DaemonSet', name: 'agent' });
    expect(parse('cj/backup')).toEqual({ kind: 'workload', namespace: 'dflt', workloadKind: 'CronJob', name: 'backup' });
  });

  it('NS/KIND/NAME is a workload, kinds case-insensitive', () => {
    expect(parse('prod/deployment/api')).toEqual({ kind: 'workload', namespace: 'prod', workloadKind: 'Deployment', name: 'api' });
    expect(parse('prod/Deployment/api')).toEqual({ kind: 'workload', namespace: 'prod', workloadKind: 'Deployment', name: 'api' });
    expect(parse('prod/replicasets/web-abc')).toEqual({ kind: 'workload', namespace: 'prod', workloadKind: 'ReplicaSet', name: 'web-abc' });
    expect(parse('prod/job/once')).toEqual({ kind: 'workload', namespace: 'prod', workloadKind: 'Job', name: 'once' });
  });

  it('svc/NAME, svc/NS/NAME and NS/svc/NAME are services', () => {
    expect(parse('svc/api')).toEqual({ kind: 'service', namespace: 'dflt', name: 'api' });
    expect(parse('svc/prod/api')).toEqual({ kind: 'service', namespace: 'prod', name: 'api' });
    expect(parse('prod/svc/api')).toEqual({ kind: 'service', namespace: 'prod', name: 'api' });
    expect(parse('prod/service/api')).toEqual({ kind: 'service', namespace: 'prod', name: 'api' });
  });

  it('ip:ADDRESS is an address of either family', () => {
    expect(parse('ip:10.0.0.1')).toEqual({ kind: 'address', address: { family: 4, value: 0x0a000001n }, text: '10.0.0.1' });
    expect(parse('ip:fd00::1')).toMatchObject({ kind: 'address', address: { family: 6 }, text: 'fd00::1' });
  });

  it('rejects an invalid address', () => {
    const r = parse('ip:10.0.0.256');
    expect('error' in r && r.error).toContain('10.0.0.256');
    expect('error' in parse('ip:')).toBe(true);
  });

  it('rejects empty segments', () => {
    for (const text of ['', '/api', 'prod/', 'prod//api', 'svc//api']) expect('error' in parse(text), JSON.stringify(text)).toBe(true);
  });

  it('rejects an unknown kind in NS/KIND/NAME, naming it', () => {
    const r = parse('prod/widget/api');
    expect('error' in r && r.error).toContain('widget');
  });

  it('rejects more than three segments', () => {
    expect('error' in parse('a/b/c/d')).toBe(true);
  });

  it('formatTargetRef gives a form that parses back to the same target', () => {
    for (const text of ['prod/api', 'prod/deployment/api', 'svc/prod/api', 'ip:10.0.0.1', 'ip:fd00::1', 'prod/statefulset/db']) {
      const ref = ok(text);
      expect(formatTargetRef(ref)).toBe(text);
      expect(ok(formatTargetRef(ref))).toEqual(ref);
    }
    expect(formatTargetRef(ok('prod/deploy/api'))).toBe('prod/deployment/api');
  });
});

describe('resolveTarget', () => {
  const snapshot = () =>
    new SnapshotBuilder()
      .pod('prod', 'api-0', { labels: { app: 'api' }, ip: '10.0.0.1', owner: { kind: 'StatefulSet', name: 'api' } })
      .pod('prod', 'api-1', { labels: { app: 'api' }, ip: '10.0.0.2', owner: { kind: 'StatefulSet', name: 'api' } })
      .pod('prod', 'api-old', { labels: { app: 'api' }, ip: '10.0.0.3', phase: 'Failed', owner: { kind: 'StatefulSet', name: 'api' } })
      .pod('prod', 'web-5d9f-abcde', { labels: { app: 'web', 'pod-template-hash': '5d9f' }, ip: '10.0.0.4', owner: { kind: 'ReplicaSet', name: 'web-5d9f' } })
      .pod('prod', 'done', { labels: { app: 'api' }, phase: 'Succeeded' })
      .pod('dev', 'api-0', { labels: { app: 'api' }, ip: '10.0.1.1', owner: { kind: 'StatefulSet', name: 'api' } })
      .object({
        kind: 'Deployment',
        metadata: { name: 'worker', namespace: 'prod' },
        spec: { template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'c' }] } } },
      })
      .service('prod', 'api', { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] })
      .service('prod', 'manual', { ports: [{ port: 80 }] })
      .build();
  const names = (r: ReturnType<typeof resolveTarget>) => ('pods' in r ? r.pods.map((p) => `${p.namespace}/${p.name}`) : r);

  it('a pod resolves to itself', () => {
    const s = snapshot();
    const r = resolveTarget(ok('prod/api-0'), s);
    expect(r).toMatchObject({ kind: 'pods' });
    expect(names(r)).toEqual(['prod/api-0']);
  });

  it('a missing pod is an error naming it', () => {
    const r = resolveTarget(ok('prod/nope'), snapshot());
    expect('error' in r && r.error).toContain('prod/nope');
  });

  it('a finished pod is an error (it carries no traffic)', () => {
    const r = resolveTarget(ok('prod/done'), snapshot());
    expect('error' in r && r.error).toContain('Succeeded');
  });

  it('a workload resolves to its live pods in its namespace', () => {
    expect(names(resolveTarget(ok('prod/statefulset/api'), snapshot()))).toEqual(['prod/api-0', 'prod/api-1']);
  });

  it('a Deployment resolves to the pods of its ReplicaSets', () => {
    expect(names(resolveTarget(ok('prod/deployment/web'), snapshot()))).toEqual(['prod/web-5d9f-abcde']);
  });

  it('a workload known only from its manifest resolves to its representative pod', () => {
    const s = snapshot();
    const r = resolveTarget(ok('prod/deployment/worker'), s);
    expect(names(r)).toEqual(['prod/deployment/worker']);
    expect('pods' in r && r.pods[0]!.synthesized).toBe(true);
  });

  it('a missing workload is an error', () => {
    const r = resolveTarget(ok('prod/daemonset/api'), snapshot());
    expect('error' in r && r.error).toContain('prod/api');
  });

  it('a service resolves to its live selected pods in its namespace', () => {
    const r = resolveTarget(ok('svc/prod/api'), snapshot());
    expect(r).toMatchObject({ kind: 'service', service: { name: 'api', namespace: 'prod' } });
    expect(names(r)).toEqual(['prod/api-0', 'prod/api-1']);
  });

  it('a service without selector has no pods', () => {
    const r = resolveTarget(ok('svc/prod/manual'), snapshot());
    expect(r).toMatchObject({ kind: 'service' });
    expect(names(r)).toEqual([]);
  });

  it('a missing service is an error', () => {
    const r = resolveTarget(ok('svc/dev/api'), snapshot());
    expect('error' in r && r.error).toContain('dev/api');
  });

  it('an address resolves to itself', () => {
    expect(resolveTarget(ok('ip:10.9.9.9'), snapshot())).toMatchObject({ kind: 'address', text: '10.9.9.9', address: { family: 4 } });
  });
});

describe('servicePods and serviceBackends', () => {
  const snapshot = () =>
    new SnapshotBuilder()
      .pod('prod', 'a', { labels: { app: 'web' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
      .pod('prod', 'b', { labels: { app: 'web' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] })
      .pod('prod', 'c', { labels: { app: 'web' }, ip: '10.0.0.3', ports: [{ name: 'http', port: 7070, protocol: 'UDP' }] })
      .pod('prod', 'other', { labels: { app: 'db' }, ip: '10.0.0.4' })
      .pod('dev', 'd', { labels: { app: 'web' }, ip: '10.0.1.1' })
      .service('prod', 'named', { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] })
      .service('prod', 'numeric', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8000 }, { port: 53, protocol: 'UDP' }] })
      .build();
  const svc = (s: Snapshot, name: string) => s.services.find((x) => x.name === name)!;

  it('servicePods selects by labels within the service namespace', () => {
    const s = snapshot();
    expect(servicePods(svc(s, 'named'), s.pods).map((p) => p.name)).toEqual(['a', 'b', 'c']);
  });

  it('a named targetPort resolves per pod, by name and protocol', () => {
    const s = snapshot();
    const backends = serviceBackends(svc(s, 'named'), servicePods(svc(s, 'named'), s.pods), 80, 'TCP');
    expect(backends.map((b) => [b.pod.name, b.servicePort, b.protocol, b.targetPort])).toEqual([
      ['a', 80, 'TCP', 8080],
      ['b', 80, 'TCP', 9090],
      ['c', 80, 'TCP', undefined],
    ]);
    expect('targetPort' in backends[2]!).toBe(false);
  });

  it('a numeric targetPort is the same for every pod', () => {
    const s = snapshot();
    const backends = serviceBackends(svc(s, 'numeric'), [findPod(s, 'prod/a'), findPod(s, 'prod/b')], 80, 'TCP');
    expect(backends.map((b) => b.targetPort)).toEqual([8000, 8000]);
  });

  it('a port without targetPort targets the same number', () => {
    const s = snapshot();
    expect(svc(s, 'numeric').ports[1]).toMatchObject({ port: 53, protocol: 'UDP', targetPort: 53 });
    expect(serviceBackends(svc(s, 'numeric'), [findPod(s, 'prod/a')], 53, 'UDP').map((b) => b.targetPort)).toEqual([53]);
  });

  it('a service port is found by number and protocol; no match gives no backends', () => {
    const s = snapshot();
    expect(serviceBackends(svc(s, 'numeric'), [findPod(s, 'prod/a')], 53, 'TCP')).toEqual([]);
    expect(serviceBackends(svc(s, 'numeric'), [findPod(s, 'prod/a')], 81, 'TCP')).toEqual([]);
  });
});

describe('resolveTarget: addresses inside the cluster', () => {
  const snapshot = new SnapshotBuilder()
    .pod('x', 'a', { labels: { app: 'a' }, ip: '10.244.0.5' })
    .pod('x', 'node-agent', { hostNetwork: true, ip: '172.18.0.2', hostIP: '172.18.0.2' })
    .pod('x', 'done', { labels: { app: 'done' }, ip: '10.244.0.9', phase: 'Succeeded' })
    .service('x', 'web', { selector: { app: 'a' }, clusterIP: '10.96.0.20', ports: [{ port: 80, targetPort: 8080 }] })
    .build();
  const resolve = (text: string) => {
    const ref = parseTargetRef(text, 'default');
    if ('error' in ref) throw new Error(ref.error);
    return resolveTarget(ref, snapshot);
  };

  it('a pod IP means that pod', () => {
    const r = resolve('ip:10.244.0.5');
    expect(r).toMatchObject({ kind: 'pods' });
    expect('pods' in r && r.pods.map((p) => p.name)).toEqual(['a']);
  });

  it("a Service's cluster IP means that Service (judged after DNAT)", () => {
    const r = resolve('ip:10.96.0.20');
    expect(r.kind).toBe('service');
    expect('service' in r && r.service.name).toBe('web');
  });

  it("a hostNetwork pod's address (the node's) and a finished pod's old IP stay addresses", () => {
    expect(resolve('ip:172.18.0.2').kind).toBe('address');
    expect(resolve('ip:10.244.0.9').kind).toBe('address');
  });

  it('an address outside the cluster stays an address', () => {
    expect(resolve('ip:203.0.113.7')).toMatchObject({ kind: 'address', text: '203.0.113.7' });
  });
});
