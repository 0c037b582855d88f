// Which served resources are policy kinds the analysis does not evaluate, and how a list of one item
// is counted: the pure half of the live discovery (the e2e suite runs it against a real API server).
import { describe, expect, it } from 'vitest';
import { readGroupList, readListPage, readResourceList, servedPolicyResources } from '../../../src/sources/cluster/policy-discovery.js';

const GROUPS = readGroupList({
  kind: 'APIGroupList',
  groups: [
    { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
    {
      name: 'policy.networking.k8s.io',
      versions: [
        { groupVersion: 'policy.networking.k8s.io/v1alpha1', version: 'v1alpha1' },
        { groupVersion: 'policy.networking.k8s.io/v1alpha2', version: 'v1alpha2' },
      ],
      preferredVersion: { groupVersion: 'policy.networking.k8s.io/v1alpha2', version: 'v1alpha2' },
    },
    { name: 'cilium.io', versions: [{ groupVersion: 'cilium.io/v2', version: 'v2' }] },
    { name: 'crd.projectcalico.org', versions: [{ groupVersion: 'crd.projectcalico.org/v1', version: 'v1' }] },
    { name: 'projectcalico.org', versions: [{ groupVersion: 'projectcalico.org/v3', version: 'v3' }] },
  ],
});

const resource = (name: string, kind: string, namespaced: boolean) => ({ name, kind, namespaced, singularName: '', verbs: ['list'] });

describe('readGroupList', () => {
  it('lists each group with its preferred version first', () => {
    expect(GROUPS.find((g) => g.name === 'policy.networking.k8s.io')!.versions).toEqual(['v1alpha2', 'v1alpha1']);
    expect(GROUPS.find((g) => g.name === 'cilium.io')!.versions).toEqual(['v2']);
  });
});

describe('servedPolicyResources', () => {
  const resources = new Map([
    ['policy.networking.k8s.io/v1alpha2', readResourceList({ resources: [resource('clusternetworkpolicies', 'ClusterNetworkPolicy', false), resource('clusternetworkpolicies/status', 'ClusterNetworkPolicy', false)] })],
    [
      'policy.networking.k8s.io/v1alpha1',
      readResourceList({ resources: [resource('adminnetworkpolicies', 'AdminNetworkPolicy', false), resource('baselineadminnetworkpolicies', 'BaselineAdminNetworkPolicy', false)] }),
    ],
    ['cilium.io/v2', readResourceList({ resources: [resource('ciliumnetworkpolicies', 'CiliumNetworkPolicy', true), resource('ciliumendpoints', 'CiliumEndpoint', true)] })],
    ['crd.projectcalico.org/v1', readResourceList({ resources: [resource('networkpolicies', 'NetworkPolicy', true), resource('globalnetworkpolicies', 'GlobalNetworkPolicy', false)] })],
    ['projectcalico.org/v3', readResourceList({ resources: [resource('networkpolicies', 'NetworkPolicy', true)] })],
  ]);

  it('finds the known policy kinds in every version, skipping subresources and other kinds', () => {
    const served = servedPolicyResources(GROUPS, resources).map((r) => `${r.group}/${r.version} ${r.kind} ${r.resource} ${r.namespaced ? 'namespaced' : 'cluster'}`);
    // The admin policy kinds are evaluated (see admin-read.test.ts), not among these.
    expect(served).toEqual([
      'cilium.io/v2 CiliumNetworkPolicy ciliumnetworkpolicies namespaced',
      // Calico's CRD NetworkPolicy is the API server's NetworkPolicy: counted once, under projectcalico.org.
      'crd.projectcalico.org/v1 GlobalNetworkPolicy globalnetworkpolicies cluster',
      'projectcalico.org/v3 NetworkPolicy networkpolicies namespaced',
    ]);
  });

  it('a networking.k8s.io NetworkPolicy is never one of them', () => {
    const groups = readGroupList({ groups: [{ name: 'networking.k8s.io', versions: [{ version: 'v1' }] }] });
    const lists = new Map([['networking.k8s.io/v1', readResourceList({ resources: [resource('networkpolicies', 'NetworkPolicy', true)] })]]);
    expect(servedPolicyResources(groups, lists)).toEqual([]);
  });
});

describe('readListPage', () => {
  it('a page of one item with remainingItemCount counts the whole list', () => {
    expect(readListPage({ items: [{}], metadata: { continue: 'abc', remainingItemCount: 41 } })).toEqual({ items: 1, remaining: 41, next: 'abc' });
  });

  it('an empty list, and a page whose server does not say how many remain', () => {
    expect(readListPage({ items: [], metadata: {} })).toEqual({ items: 0 });
    expect(readListPage({ items: [{}], metadata: { continue: 'abc' } })).toEqual({ items: 1, next: 'abc' });
  });
});
