// Policy kinds the analysis does not evaluate are found and counted, and kinds are told apart by
// API group: a Calico NetworkPolicy is not a networking.k8s.io one.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot } from '../../src/sources/assemble.js';
import { parseManifest } from '../../src/sources/manifest/parse.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const fromYaml = (text: string): Snapshot => assembleSnapshot(parseManifest({ file: 'in.yaml', text }), { defaultNamespace: 'default' });

const CALICO_NP = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-tcp-6379, namespace: prod}
spec:
  selector: role == 'database'
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      destination: {ports: [6379]}
`;

const MANY = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: cluster-control}
spec: {priority: 10, subject: {namespaces: {}}, ingress: []}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec: {subject: {namespaces: {}}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l7, namespace: prod}
spec: {endpointSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l4, namespace: prod}
spec: {endpointSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: host}
spec: {nodeSelector: {}}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: deny-all}
spec: {selector: all()}
---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: macvlan, namespace: prod}
spec: {podSelector: {}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: admin-tier}
spec: {tier: Admin, priority: 1, subject: {namespaces: {}}}
`;

describe('policy kinds that are not evaluated', () => {
  it('are counted by group and kind, with the apiVersion read', () => {
    const s = fromYaml(MANY);
    expect(s.unevaluated).toEqual([
      { group: 'cilium.io', kind: 'CiliumClusterwideNetworkPolicy', apiVersion: 'cilium.io/v2', count: 1 },
      { group: 'cilium.io', kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', count: 2 },
      { group: 'crd.projectcalico.org', kind: 'GlobalNetworkPolicy', apiVersion: 'crd.projectcalico.org/v1', count: 1 },
      { group: 'k8s.cni.cncf.io', kind: 'MultiNetworkPolicy', apiVersion: 'k8s.cni.cncf.io/v1beta1', count: 1 },
    ]);
    expect(s.policies).toEqual([]);
  });

  it('admin policy kinds are evaluated, not reported; at a version that is not read they are reported', () => {
    const s = fromYaml(MANY);
    expect(s.adminPolicies!.map((p) => `${p.kind} ${p.name}`)).toEqual(['AdminNetworkPolicy cluster-control', 'BaselineAdminNetworkPolicy default', 'ClusterNetworkPolicy admin-tier']);
    const future = fromYaml('apiVersion: policy.networking.k8s.io/v1\nkind: ClusterNetworkPolicy\nmetadata: {name: later}\nspec: {}\n');
    expect(future.unevaluated).toEqual([{ group: 'policy.networking.k8s.io', kind: 'ClusterNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1', count: 1 }]);
    expect(future.adminPolicies).toBeUndefined();
  });

  it('a Calico NetworkPolicy (projectcalico.org/v3) is not read as a Kubernetes NetworkPolicy', () => {
    const s = fromYaml(`${CALICO_NP}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k8s, namespace: prod}\nspec: {podSelector: {}}\n`);
    expect(s.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['prod/k8s']);
    expect(s.unevaluated).toEqual([{ group: 'projectcalico.org', kind: 'NetworkPolicy', apiVersion: 'projectcalico.org/v3', count: 1 }]);
  });

  it('an Antrea NetworkPolicy (crd.antrea.io) is not one either', () => {
    const s = fromYaml('apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: prod}\nspec: {appliedTo: []}\n');
    expect(s.policies).toEqual([]);
    expect(s.unevaluated.map((u) => `${u.group}/${u.kind}`)).toEqual(['crd.antrea.io/NetworkPolicy']);
  });

  it('a kind of the same name from another group is skipped, not read: a Knative Service is no Service', () => {
    const s = fromYaml('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello, namespace: prod}\nspec: {template: {spec: {containers: [{image: x}]}}}\n');
    expect(s.services).toEqual([]);
    expect(s.skipped).toEqual({ 'Service (serving.knative.dev/v1)': 1 });
    expect(s.unevaluated).toEqual([]);
  });

  it('networking.k8s.io and the old extensions/v1beta1 NetworkPolicy are read; without apiVersion the kind decides', () => {
    const s = fromYaml(
      'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: prod}\nspec: {podSelector: {}}\n---\n' +
        'kind: NetworkPolicy\nmetadata: {name: bare, namespace: prod}\nspec: {podSelector: {}}\n',
    );
    expect(s.policies.map((p) => p.name)).toEqual(['old', 'bare']);
    expect(s.unevaluated).toEqual([]);
  });
});
