// Reading admin policies from a cluster: the served versions discovery found, Nodes only when a
// policy has a nodes peer, and what a missing permission turns into (a warning; the kind reported
// as not evaluated, or nodes peers judged unknown). The list function stands in for the API
// server's lists; the e2e suite reads a real one.
import { describe, expect, it } from 'vitest';
import { readAdminPolicies, type ListJson } from '../../../src/sources/cluster/admin-read.js';
import { ClusterAccessError } from '../../../src/sources/cluster/cluster-error.js';
import { servedAdminResources, readGroupList, readResourceList, servedPolicyResources } from '../../../src/sources/cluster/policy-discovery.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';

const CNP = { group: 'policy.networking.k8s.io', version: 'v1beta1', kind: 'ClusterNetworkPolicy', resource: 'clusternetworkpolicies', namespaced: false };
const ANP = { group: 'policy.networking.k8s.io', version: 'v1alpha1', kind: 'AdminNetworkPolicy', resource: 'adminnetworkpolicies', namespaced: false };

const policy = (name: string, egressPeer: object) => ({
  metadata: { name },
  spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [egressPeer] }] },
});

/** Lists from an in-memory server: path -> items, or `forbidden`. */
function lists(answers: Record<string, readonly Record<string, unknown>[] | 'forbidden'>): { list: ListJson; asked: string[] } {
  const asked: string[] = [];
  const list: ListJson = async (path, resource) => {
    asked.push(path);
    const answer = answers[path];
    if (answer === 'forbidden') throw new ClusterAccessError('forbidden', `user "viewer" cannot list ${resource} (403 Forbidden)`, { resource });
    return answer ?? [];
  };
  return { list, asked };
}

describe('readAdminPolicies', () => {
  it('reads each served kind at its version and gives the objects their kind and apiVersion', async () => {
    const { list, asked } = lists({ '/apis/policy.networking.k8s.io/v1beta1/clusternetworkpolicies': [policy('p', { networks: ['10.0.0.0/8'] })] });
    const read = await readAdminPolicies([CNP, ANP], list, 'cluster kind');
    expect(asked).toEqual(['/apis/policy.networking.k8s.io/v1beta1/clusternetworkpolicies', '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies']);
    expect(read.warnings).toEqual([]);
    const snapshot = assembleSnapshot(read.objects, { defaultNamespace: 'default' });
    expect(snapshot.adminPolicies!.map((p) => `${p.apiVersion} ${p.kind} ${p.name}`)).toEqual(['policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy p']);
    // No nodes peer: Nodes are not asked for.
    expect(read.nodeInventory).toBeUndefined();
  });

  it('a kind it may not list: a warning, and reported as not evaluated with an unknown count', async () => {
    const { list } = lists({ '/apis/policy.networking.k8s.io/v1beta1/clusternetworkpolicies': 'forbidden' });
    const read = await readAdminPolicies([CNP], list, 'cluster kind');
    expect(read.warnings).toEqual(['user "viewer" cannot list clusternetworkpolicies.policy.networking.k8s.io (403 Forbidden): ClusterNetworkPolicy policies are not evaluated']);
    expect(read.unevaluated).toEqual([{ group: 'policy.networking.k8s.io', kind: 'ClusterNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1beta1', count: undefined }]);
  });

  it('lists Nodes when a policy has a nodes peer; without permission, nodes peers are unknown', async () => {
    const withNodes = lists({
      '/apis/policy.networking.k8s.io/v1beta1/clusternetworkpolicies': [policy('p', { nodes: {} })],
      '/api/v1/nodes': [{ metadata: { name: 'n1', labels: {} }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] } }],
    });
    const read = await readAdminPolicies([CNP], withNodes.list, 'cluster kind');
    expect(read.nodeInventory).toBe('complete');
    expect(assembleSnapshot(read.objects, { defaultNamespace: 'default' }).nodes!.map((n) => n.addresses)).toEqual([['192.168.0.1']]);

    const refused = lists({ '/apis/policy.networking.k8s.io/v1beta1/clusternetworkpolicies': [policy('p', { nodes: {} })], '/api/v1/nodes': 'forbidden' });
    const without = await readAdminPolicies([CNP], refused.list, 'cluster kind');
    expect(without.nodeInventory).toBe('unavailable');
    expect(without.warnings).toEqual(['user "viewer" cannot list nodes (403 Forbidden): nodes peers of admin policies are judged unknown']);
  });
});

describe('discovery of admin policy resources', () => {
  const groups = readGroupList({
    groups: [
      {
        name: 'policy.networking.k8s.io',
        versions: [{ version: 'v1beta1' }, { version: 'v1alpha2' }, { version: 'v1alpha1' }],
        preferredVersion: { version: 'v1beta1' },
      },
    ],
  });
  const resource = (name: string, kind: string) => ({ name, kind, namespaced: false });
  const resources = new Map([
    ['policy.networking.k8s.io/v1beta1', readResourceList({ resources: [resource('clusternetworkpolicies', 'ClusterNetworkPolicy')] })],
    ['policy.networking.k8s.io/v1alpha2', readResourceList({ resources: [resource('clusternetworkpolicies', 'ClusterNetworkPolicy')] })],
    ['policy.networking.k8s.io/v1alpha1', readResourceList({ resources: [resource('adminnetworkpolicies', 'AdminNetworkPolicy')] })],
  ]);

  it('reads ClusterNetworkPolicies once, at the preferred version, and AdminNetworkPolicies at v1alpha1', () => {
    expect(servedAdminResources(groups, resources).map((r) => `${r.group}/${r.version} ${r.kind}`)).toEqual([
      'policy.networking.k8s.io/v1beta1 ClusterNetworkPolicy',
      'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy',
    ]);
    // Evaluated kinds are no longer among the kinds reported as not evaluated.
    expect(servedPolicyResources(groups, resources)).toEqual([]);
  });

  it('a kind served only at a version that is not read is reported as not evaluated', () => {
    const future = new Map([['policy.networking.k8s.io/v1', readResourceList({ resources: [resource('clusternetworkpolicies', 'ClusterNetworkPolicy')] })]]);
    const v1 = readGroupList({ groups: [{ name: 'policy.networking.k8s.io', versions: [{ version: 'v1' }] }] });
    expect(servedAdminResources(v1, future)).toEqual([]);
    expect(servedPolicyResources(v1, future).map((r) => `${r.version} ${r.kind}`)).toEqual(['v1 ClusterNetworkPolicy']);
  });
});
