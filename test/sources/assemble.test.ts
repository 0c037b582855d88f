// Kubernetes objects -> Snapshot: kinds, defaulting, namespaces, workloads and their pods, errors.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, type RawObject } from '../../src/sources/assemble.js';
import { toApiJson } from '../../src/sources/cluster/cluster-source.js';
import { parseManifest } from '../../src/sources/manifest/parse.js';
import { SourceError } from '../../src/sources/source-error.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const fromYaml = (text: string, defaultNamespace = 'default'): Snapshot =>
  assembleSnapshot(parseManifest({ file: 'in.yaml', text }), { defaultNamespace });
const fromObjects = (objects: object[], defaultNamespace = 'default'): Snapshot =>
  assembleSnapshot(
    objects.map((object, i): RawObject => ({ object, origin: { file: 'in.yaml', doc: i + 1 } })),
    { defaultNamespace },
  );

function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

const podNames = (s: Snapshot) => s.pods.map((p) => `${p.namespace}/${p.name}`);
const template = (labels: Record<string, string>, ports: object[] = []) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'main', ports }] },
});

describe('kinds', () => {
  it('counts unknown kinds in skipped, by kind', () => {
    const s = fromObjects([
      { kind: 'ConfigMap', metadata: { name: 'a' } },
      { kind: 'ConfigMap', metadata: { name: 'b' } },
      { kind: 'Secret', metadata: { name: 'c' } },
      { kind: 'Pod', metadata: { name: 'p' } },
    ]);
    expect(s.skipped).toEqual({ ConfigMap: 2, Secret: 1 });
    expect(podNames(s)).toEqual(['default/p']);
  });

  it('an object without kind is a SourceError naming its origin', () => {
    const e = sourceError(() => fromObjects([{ kind: 'Pod', metadata: { name: 'p' } }, { metadata: { name: 'x' } }]));
    expect(e.message).toContain('in.yaml: document 2');
    expect(e.message).toContain('no kind');
  });

  it('a document that is not an object is a SourceError', () => {
    const e = sourceError(() => fromYaml('- a\n- b\n'));
    expect(e.message).toContain('in.yaml: document 1');
  });

  it('a known kind without metadata.name is a SourceError', () => {
    const e = sourceError(() => fromObjects([{ kind: 'Service', metadata: { namespace: 'x' } }]));
    expect(e.message).toContain('metadata.name');
  });

  it('the same object twice is a SourceError naming both places', () => {
    const e = sourceError(() =>
      fromYaml('kind: Pod\nmetadata: {name: p, namespace: x}\n---\nkind: Service\nmetadata: {name: p, namespace: x}\n---\nkind: Pod\nmetadata: {name: p, namespace: x}\n'),
    );
    expect(e.message).toContain('Pod x/p');
    expect(e.message).toContain('document 3');
    expect(e.message).toContain('document 1');
    expect(e.origin).toMatchObject({ file: 'in.yaml', doc: 3 });
  });

  it('a namespaced object without a namespace is the same as one in the default namespace', () => {
    const e = sourceError(() => fromObjects([{ kind: 'Pod', metadata: { name: 'p' } }, { kind: 'Pod', metadata: { name: 'p', namespace: 'default' } }]));
    expect(e.message).toContain('defined twice');
  });
});

describe('namespaces', () => {
  it('namespaced objects without a namespace get the default namespace', () => {
    const s = fromObjects(
      [
        { kind: 'Pod', metadata: { name: 'p' } },
        { kind: 'Service', metadata: { name: 's', namespace: '' } },
        { kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {} } },
        { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template({}) } },
      ],
      'dev',
    );
    expect(s.pods.map((p) => p.namespace)).toEqual(['dev', 'dev']);
    expect(s.services[0]!.namespace).toBe('dev');
    expect(s.policies[0]!.namespace).toBe('dev');
    expect(s.workloads[0]!.namespace).toBe('dev');
  });

  it('a referenced but undeclared namespace is synthesized with its name label', () => {
    const s = fromObjects([{ kind: 'Service', metadata: { name: 's', namespace: 'shop' } }]);
    expect(s.namespaces).toEqual([{ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' }, synthesized: true }]);
  });

  it('a declared namespace keeps its labels, gains the name label, and is not synthesized', () => {
    const s = fromObjects([
      { kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } },
      { kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'blue' } } },
    ]);
    expect(s.namespaces).toHaveLength(1);
    expect(s.namespaces[0]).toMatchObject({ name: 'shop', labels: { team: 'blue', 'kubernetes.io/metadata.name': 'shop' } });
    expect(s.namespaces[0]!.synthesized).toBeFalsy();
  });

  it('a Namespace ignores metadata.namespace', () => {
    const s = fromObjects([{ kind: 'Namespace', metadata: { name: 'shop', namespace: 'other' } }]);
    expect(s.namespaces.map((n) => n.name)).toEqual(['shop']);
  });
});

describe('pods and services', () => {
  it('reads labels, IPs, phase, hostNetwork, node and ports', () => {
    const s = fromYaml(`
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  nodeName: node-1
  containers:
  - name: a
    ports:
    - {containerPort: 8080, name: http}
    - {containerPort: 53, protocol: UDP}
  - name: b
    ports:
    - {containerPort: 9000, protocol: SCTP, name: sig}
status:
  phase: Running
  hostIP: 192.168.0.1
  podIP: 10.0.0.1
  podIPs: [{ip: 10.0.0.1}, {ip: "fd00::1"}]
`);
    expect(s.pods[0]).toMatchObject({
      namespace: 'shop',
      name: 'web',
      labels: { app: 'web' },
      ips: ['10.0.0.1', 'fd00::1'],
      hostIP: '192.168.0.1',
      nodeName: 'node-1',
      phase: 'Running',
      hostNetwork: false,
      ports: [
        { port: 8080, protocol: 'TCP', name: 'http' },
        { port: 53, protocol: 'UDP' },
        { port: 9000, protocol: 'SCTP', name: 'sig' },
      ],
    });
  });

  it('falls back to status.podIP and defaults the phase to Pending', () => {
    const s = fromObjects([{ kind: 'Pod', metadata: { name: 'p' }, status: { podIP: '10.0.0.7' } }]);
    expect(s.pods[0]).toMatchObject({ ips: ['10.0.0.7'], phase: 'Pending', hostNetwork: false, ports: [] });
  });

  it('refuses a port entry whose containerPort key is misspelled (the API server rejects unknown fields)', () => {
    const e = sourceError(() =>
      fromYaml('kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    ports:\n    - {contanerPort: 80, name: http}\n    - {containerPort: 81}\n'),
    );
    expect(e.message).toBe('in.yaml: document 1: Pod default/p: spec.containers[0].ports[0].contanerPort: unknown field "contanerPort" (did you mean "containerPort"?)');
  });

  it('reads a field written in another case as the API field, and notes it', () => {
    const s = fromYaml('kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    ports:\n    - {containerport: 80, name: http}\n');
    expect(s.pods[0]!.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(s.notices?.map((n) => [n.code, n.field])).toEqual([['field-name-case', 'spec.containers[0].ports[0].containerport']]);
  });

  it('objects read from a cluster are not checked for unknown fields (the API server did that)', () => {
    const s = fromObjects([{ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 81, newField: 1 }] }] } }]);
    expect(s.pods[0]!.ports).toEqual([{ port: 81, protocol: 'TCP' }]);
  });

  it('rejects label values that are not strings, naming the label', () => {
    const e = sourceError(() => fromYaml('kind: Pod\nmetadata:\n  name: p\n  labels:\n    enabled: true\n'));
    expect(e.message).toContain('metadata.labels.enabled');
    expect(e.message).toContain('in.yaml: document 1');
    const n = sourceError(() => fromYaml('kind: Namespace\nmetadata:\n  name: n\n  labels:\n    tier: 1\n'));
    expect(n.message).toContain('metadata.labels.tier');
  });

  it('rejects non-string label values in policy selectors', () => {
    const e = sourceError(() => fromYaml('kind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector:\n    matchLabels:\n      version: 2\n'));
    expect(e.message).toContain('spec.podSelector.matchLabels.version');
  });

  it('reads services: selector, ports with defaults, cluster IPs', () => {
    const s = fromYaml(`
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  clusterIP: 10.96.0.10
  ports:
  - {name: http, port: 80, targetPort: http}
  - {port: 53, protocol: UDP}
  - {port: 443, targetPort: 8443}
`);
    expect(s.services[0]).toMatchObject({
      namespace: 'shop',
      name: 'api',
      selector: { app: 'api' },
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { port: 53, protocol: 'UDP', targetPort: 53 },
        { port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
    });
  });

  it('a headless service has no cluster IP; an empty selector is no selector', () => {
    const s = fromObjects([{ kind: 'Service', metadata: { name: 'h' }, spec: { clusterIP: 'None', selector: {} } }]);
    expect(s.services[0]!.clusterIPs).toEqual([]);
    expect(s.services[0]!.selector).toBeUndefined();
  });
});

describe('network policies', () => {
  it('objects read from the cluster keep from/except after client-node renamed them', () => {
    // client-node's typed objects carry `_from` and `_except`; the cluster source renames them back.
    const typed = {
      kind: 'NetworkPolicy',
      metadata: { name: 'n' },
      spec: { podSelector: {}, ingress: [{ _from: [{ ipBlock: { cidr: '10.0.0.0/8', _except: ['10.1.0.0/16'] } }] }] },
    };
    const s = fromObjects([toApiJson(typed) as Record<string, unknown>]);
    expect(s.policies[0]!.ingress[0]!.peers).toEqual([{ kind: 'ipBlock', cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }]);
  });

  it('normalizes missing fields: empty selector, defaulted policyTypes, all peers/ports, TCP', () => {
    const s = fromYaml('kind: NetworkPolicy\nmetadata: {name: n, namespace: x}\nspec:\n  ingress:\n  - ports:\n    - port: 80\n');
    expect(s.policies[0]).toMatchObject({
      namespace: 'x',
      name: 'n',
      podSelector: { matchLabels: {}, matchExpressions: [] },
      policyTypes: ['Ingress'],
      ingress: [{ peers: 'all', ports: [{ protocol: 'TCP', port: 80 }] }],
      egress: [],
      origin: { file: 'in.yaml', doc: 1 },
    });
  });

  it('keeps peers the API would reject as invalid peers', () => {
    const s = fromObjects([
      {
        kind: 'NetworkPolicy',
        metadata: { name: 'n' },
        spec: { podSelector: {}, ingress: [{ from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] },
      },
    ]);
    expect(s.policies[0]!.ingress[0]!.peers).toEqual([
      { kind: 'invalid', reason: 'empty-peer' },
      { kind: 'invalid', reason: 'ipBlock-with-selector' },
    ]);
  });

  it('keeps podSelector and namespaceSelector as given in a peer', () => {
    const s = fromObjects([
      {
        kind: 'NetworkPolicy',
        metadata: { name: 'n' },
        spec: { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { a: 'b' } } }, { podSelector: {} }] }] },
      },
    ]);
    expect(s.policies[0]!.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(s.policies[0]!.egress[0]!.peers).toEqual([
      { kind: 'pods', namespaceSelector: { matchLabels: { a: 'b' }, matchExpressions: [] } },
      { kind: 'pods', podSelector: { matchLabels: {}, matchExpressions: [] } },
    ]);
  });
});

describe('workloads', () => {
  const deployment = (name: string, labels: Record<string, string>, ns = 'shop') => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { template: template(labels, [{ containerPort: 8080, name: 'http' }]) },
  });

  it('a workload with no pod of its own is represented by a pod named <kind lowercase>/<name> from its template', () => {
    const s = fromObjects([deployment('web', { app: 'web' })]);
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]).toMatchObject({
      namespace: 'shop',
      name: 'deployment/web',
      labels: { app: 'web' },
      ips: [],
      synthesized: true,
      owner: { kind: 'Deployment', name: 'web' },
      ports: [{ port: 8080, protocol: 'TCP', name: 'http' }],
    });
    expect(s.workloads).toEqual([{ namespace: 'shop', kind: 'Deployment', name: 'web', origin: { file: 'in.yaml', doc: 1 } }]);
  });

  it('StatefulSet, DaemonSet and Job are represented the same way', () => {
    const s = fromObjects([
      { kind: 'StatefulSet', metadata: { name: 'db', namespace: 'x' }, spec: { template: template({ app: 'db' }) } },
      { kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'x' }, spec: { template: { ...template({ app: 'agent' }), spec: { hostNetwork: true, containers: [] } } } },
      { kind: 'Job', metadata: { name: 'once', namespace: 'x' }, spec: { template: template({ app: 'once' }) } },
    ]);
    expect(podNames(s)).toEqual(['x/statefulset/db', 'x/daemonset/agent', 'x/job/once']);
    expect(s.pods.map((p) => p.owner)).toEqual([
      { kind: 'StatefulSet', name: 'db' },
      { kind: 'DaemonSet', name: 'agent' },
      { kind: 'Job', name: 'once' },
    ]);
    expect(s.pods[1]!.hostNetwork).toBe(true);
  });

  it('a CronJob is represented by the pod template of its jobTemplate', () => {
    const s = fromObjects([
      {
        kind: 'CronJob',
        metadata: { name: 'backup', namespace: 'x' },
        spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: template({ job: 'backup' }) } } },
      },
    ]);
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]).toMatchObject({ name: 'cronjob/backup', labels: { job: 'backup' }, owner: { kind: 'CronJob', name: 'backup' } });
  });

  it('no representative pod when a real pod of the workload is present', () => {
    const s = fromObjects([
      deployment('web', { app: 'web' }),
      { kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop', labels: { app: 'web' }, ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } },
    ]);
    expect(podNames(s)).toEqual(['shop/web-0']);
  });

  it('a pod owned by a ReplicaSet owned by a Deployment is owned by the Deployment', () => {
    const s = fromObjects([
      deployment('web', { app: 'web' }),
      {
        kind: 'ReplicaSet',
        metadata: { name: 'web-rs', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] },
        spec: { template: template({ app: 'web' }) },
      },
      { kind: 'Pod', metadata: { name: 'web-rs-1', namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-rs', controller: true }] } },
    ]);
    expect(podNames(s)).toEqual(['shop/web-rs-1']);
    expect(s.pods[0]!.owner).toEqual({ kind: 'Deployment', name: 'web' });
    // Only top-level workloads are listed.
    expect(s.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/web']);
  });

  it('an owned ReplicaSet without pods does not add its own representative; its Deployment does', () => {
    const s = fromObjects([
      deployment('web', { app: 'web' }),
      {
        kind: 'ReplicaSet',
        metadata: { name: 'web-rs', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] },
        spec: { template: template({ app: 'web' }) },
      },
    ]);
    expect(podNames(s)).toEqual(['shop/deployment/web']);
  });

  it('without the ReplicaSet manifest, pod-template-hash links a pod to its Deployment', () => {
    const s = fromObjects([
      deployment('web', { app: 'web' }),
      {
        kind: 'Pod',
        metadata: {
          name: 'web-7c9d8-x2x2x',
          namespace: 'shop',
          labels: { app: 'web', 'pod-template-hash': '7c9d8' },
          ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7c9d8', controller: true }],
        },
      },
    ]);
    expect(s.pods[0]!.owner).toEqual({ kind: 'Deployment', name: 'web' });
    expect(podNames(s)).toEqual(['shop/web-7c9d8-x2x2x']);
  });

  it('a ReplicaSet name that does not end with the pod-template-hash stays a ReplicaSet', () => {
    const s = fromObjects([
      {
        kind: 'Pod',
        metadata: { name: 'p', labels: { 'pod-template-hash': 'aaaa' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-bbbb', controller: true }] },
      },
      { kind: 'Pod', metadata: { name: 'q', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-cccc', controller: true }] } },
    ]);
    expect(s.pods.map((p) => p.owner)).toEqual([
      { kind: 'ReplicaSet', name: 'web-bbbb' },
      { kind: 'ReplicaSet', name: 'web-cccc' },
    ]);
  });

  it('a Job owned by a CronJob resolves its pods to the CronJob', () => {
    const s = fromObjects([
      { kind: 'CronJob', metadata: { name: 'backup', namespace: 'x' }, spec: { jobTemplate: { spec: { template: template({ job: 'backup' }) } } } },
      {
        kind: 'Job',
        metadata: { name: 'backup-123', namespace: 'x', ownerReferences: [{ kind: 'CronJob', name: 'backup', controller: true }] },
        spec: { template: template({ job: 'backup' }) },
      },
      { kind: 'Pod', metadata: { name: 'backup-123-abc', namespace: 'x', ownerReferences: [{ kind: 'Job', name: 'backup-123', controller: true }] } },
    ]);
    expect(podNames(s)).toEqual(['x/backup-123-abc']);
    expect(s.pods[0]!.owner).toEqual({ kind: 'CronJob', name: 'backup' });
  });

  it('prefers the controller owner reference', () => {
    const s = fromObjects([
      {
        kind: 'Pod',
        metadata: { name: 'p', ownerReferences: [{ kind: 'Node', name: 'n1' }, { kind: 'StatefulSet', name: 'db', controller: true }] },
      },
    ]);
    expect(s.pods[0]!.owner).toEqual({ kind: 'StatefulSet', name: 'db' });
  });

  it('workloads in a namespace no document declares get it synthesized', () => {
    const s = fromObjects([deployment('web', { app: 'web' }, 'far')]);
    expect(s.namespaces).toEqual([{ name: 'far', labels: { 'kubernetes.io/metadata.name': 'far' }, synthesized: true }]);
  });
});
