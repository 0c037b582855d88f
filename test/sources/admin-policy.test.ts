// Reading ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy and Node objects: the
// field names of network-policy-api v0.3.1, strict for objects written by hand, fail closed for
// fields a newer CRD may have added on a live object.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, type RawObject } from '../../src/sources/assemble.js';
import { SourceError } from '../../src/sources/source-error.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const read = (objects: object[], strict = true): Snapshot =>
  assembleSnapshot(
    objects.map((object, i): RawObject => ({ object, origin: { file: 'in.yaml', doc: i + 1 }, strict })),
    { defaultNamespace: 'default' },
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

const cnp = (spec: object, apiVersion = 'policy.networking.k8s.io/v1beta1', name = 'p') => ({ apiVersion, kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const base = { tier: 'Admin', priority: 10, subject: { namespaces: {} } };

describe('ClusterNetworkPolicy', () => {
  it('reads tier, priority, subject, rules, peers and protocols', () => {
    const s = read([
      cnp({
        ...base,
        subject: { pods: { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'x' } } } },
        egress: [
          {
            name: 'out',
            action: 'Accept',
            to: [{ networks: ['10.0.0.0/8'] }, { nodes: { matchLabels: { role: 'infra' } } }, { domainNames: ['*.example.com'] }],
            protocols: [{ tcp: { destinationPort: { number: 443 } } }, { udp: { destinationPort: { range: { start: 53, end: 54 } } } }, { sctp: {} }],
          },
        ],
      }),
    ]);
    const [policy] = s.adminPolicies!;
    expect(policy).toMatchObject({ kind: 'ClusterNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1beta1', name: 'p', tier: 'Admin', priority: 10 });
    expect(policy!.subject).toEqual({ kind: 'pods', namespaces: { matchLabels: { team: 'a' }, matchExpressions: [] }, pods: { matchLabels: { app: 'x' }, matchExpressions: [] } });
    expect(policy!.egress[0]!.peers.map((p) => p.kind)).toEqual(['networks', 'nodes', 'domainNames']);
    expect(policy!.egress[0]!.ports).toEqual([
      { kind: 'range', protocol: 'TCP', start: 443, end: 443, written: 'number' },
      { kind: 'range', protocol: 'UDP', start: 53, end: 54, written: 'range' },
      { kind: 'protocol', protocol: 'SCTP' },
    ]);
    expect(s.unevaluated).toEqual([]);
  });

  it('reads v1alpha2 objects like v1beta1 ones, and one name twice is an error', () => {
    expect(read([cnp(base, 'policy.networking.k8s.io/v1alpha2')]).adminPolicies![0]!.apiVersion).toBe('policy.networking.k8s.io/v1alpha2');
    const error = sourceError(() => read([cnp(base), cnp(base, 'policy.networking.k8s.io/v1alpha2')]));
    expect(error.message).toBe('in.yaml: document 2: ClusterNetworkPolicy p is defined twice (also in.yaml: document 1)');
  });

  it('rejects a field the API does not define, naming the path and the fields it has', () => {
    const error = sourceError(() => read([cnp({ ...base, ingress: [{ action: 'Deny', from: [{ namespace: {} }] }] })]));
    expect(error.message).toBe('in.yaml: document 1: ClusterNetworkPolicy p: spec.ingress[0].from[0].namespace: unknown field "namespace" (spec.ingress[0].from[0] has namespaces, pods)');
  });

  it('rejects egress-only peers in ingress rules', () => {
    const error = sourceError(() => read([cnp({ ...base, ingress: [{ action: 'Deny', from: [{ networks: ['0.0.0.0/0'] }] }] })]));
    expect(error.message).toContain('spec.ingress[0].from[0].networks: unknown field "networks"');
  });

  it('reads a live object peer with only unknown fields as empty (the engine fails closed)', () => {
    const s = read([cnp({ ...base, egress: [{ action: 'Deny', to: [{ services: { name: 'x' } }] }] })], false);
    expect(s.adminPolicies![0]!.egress[0]!.peers).toEqual([{ kind: 'empty' }]);
  });

  it('rejects what the CRD rejects outright: tier, action, priority range, two fields in one peer, no peers', () => {
    expect(sourceError(() => read([cnp({ ...base, tier: 'Root' })])).message).toContain('spec.tier: "Root" is not a tier (Admin or Baseline)');
    expect(sourceError(() => read([cnp({ ...base, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] })])).message).toContain(
      'spec.ingress[0].action: "Allow" is not an action here (Accept, Deny, Pass)',
    );
    expect(sourceError(() => read([cnp({ ...base, priority: 1001 })])).message).toContain('spec.priority: 1001 is out of range (0 to 1000)');
    expect(sourceError(() => read([cnp({ ...base, ingress: [{ action: 'Deny', from: [{ namespaces: {}, pods: { podSelector: {} } }] }] })])).message).toContain(
      'spec.ingress[0].from[0]: the peer sets namespaces and pods: exactly one is allowed',
    );
    expect(sourceError(() => read([cnp({ ...base, ingress: [{ action: 'Deny', from: [] }] })])).message).toContain('spec.ingress[0].from: a rule needs at least one peer in from');
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1)', () => {
  it('reads Allow/Deny/Pass and ports with portNumber, namedPort and portRange, TCP by default', () => {
    const s = read([
      {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'anp' },
        spec: {
          priority: 3,
          subject: { namespaces: {} },
          ingress: [{ action: 'Pass', from: [{ pods: { namespaceSelector: {}, podSelector: {} } }], ports: [{ portNumber: { port: 80 } }, { namedPort: 'http' }, { portRange: { protocol: 'UDP', start: 1, end: 9 } }] }],
        },
      },
    ]);
    expect(s.adminPolicies![0]).toMatchObject({ kind: 'AdminNetworkPolicy', tier: 'Admin', priority: 3 });
    expect(s.adminPolicies![0]!.ingress[0]!.ports).toEqual([
      { kind: 'range', protocol: 'TCP', start: 80, end: 80, written: 'number' },
      { kind: 'named', name: 'http' },
      { kind: 'range', protocol: 'UDP', start: 1, end: 9, written: 'range' },
    ]);
  });

  it('puts the BaselineAdminNetworkPolicy in the Baseline tier, without Pass, named default only', () => {
    const banp = (name: string, action: string) => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name },
      spec: { subject: { namespaces: {} }, ingress: [{ action, from: [{ namespaces: {} }] }] },
    });
    expect(read([banp('default', 'Deny')]).adminPolicies![0]).toMatchObject({ tier: 'Baseline', name: 'default' });
    expect(read([banp('default', 'Deny')]).adminPolicies![0]!.priority).toBeUndefined();
    expect(sourceError(() => read([banp('default', 'Pass')])).message).toContain('"Pass" is not an action here (Allow, Deny)');
    expect(sourceError(() => read([banp('other', 'Deny')])).message).toContain('metadata.name: a BaselineAdminNetworkPolicy must be named "default"');
  });
});

describe('Node', () => {
  it('keeps labels and the IP addresses of status.addresses (not host names)', () => {
    const s = read([
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1', labels: { role: 'infra' } },
        spec: { podCIDR: '10.0.0.0/24' },
        status: { addresses: [{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: 'n1' }, { type: 'ExternalIP', address: '2001:db8::10' }] },
      },
    ]);
    expect(s.nodes).toEqual([{ name: 'n1', labels: { role: 'infra' }, addresses: ['192.168.1.10', '2001:db8::10'], origin: { file: 'in.yaml', doc: 1 } }]);
  });
});
