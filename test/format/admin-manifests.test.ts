// snapshot writes admin policies and Nodes back as manifests that read to the same objects.
import { describe, expect, it } from 'vitest';
import { renderManifests } from '../../src/format/manifests.js';
import { assembleSnapshot } from '../../src/sources/assemble.js';
import { parseManifest } from '../../src/sources/manifest/parse.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const read = (text: string): Snapshot =>
  assembleSnapshot(parseManifest({ file: 'in.yaml', text }), { defaultNamespace: 'default' });

const withoutOrigins = (s: Snapshot) => ({
  admin: (s.adminPolicies ?? []).map(({ origin: _o, ...p }) => p),
  nodes: (s.nodes ?? []).map(({ origin: _o, ...n }) => n),
});

const INPUT = `apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: infra}}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}, {type: ExternalIP, address: "2001:db8::1"}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: cnp}
spec:
  tier: Baseline
  priority: 7
  subject: {pods: {namespaceSelector: {matchLabels: {a: b}}, podSelector: {matchExpressions: [{key: x, operator: Exists}]}}}
  ingress:
  - {name: r0, action: Pass, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 80}}}, {udp: {destinationPort: {range: {start: 1, end: 9}}}}, {sctp: {}}, {destinationNamedPort: http}]}
  egress:
  - {action: Deny, to: [{networks: [10.0.0.0/8]}, {nodes: {matchLabels: {role: infra}}}, {domainNames: ["*.example.com"]}, {}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp}
spec:
  priority: 3
  subject: {namespaces: {matchLabels: {team: a}}}
  egress:
  - {action: Allow, to: [{pods: {namespaceSelector: {}, podSelector: {}}}], ports: [{portNumber: {protocol: UDP, port: 53}}, {portRange: {start: 80, end: 90}}, {namedPort: dns}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;

describe('admin manifests', () => {
  it('reading the snapshot of admin policies and Nodes gives the same objects back', () => {
    const original = read(INPUT);
    const replayed = read(renderManifests(original, 'snapshot of in.yaml'));
    expect(withoutOrigins(replayed)).toEqual(withoutOrigins(original));
    expect(withoutOrigins(original).admin).toHaveLength(3);
    expect(withoutOrigins(original).nodes).toHaveLength(1);
  });
});
