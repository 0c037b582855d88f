// suggestPolicies: the shape of the least-privilege policies, on the demo cluster.
import { describe, expect, it } from 'vitest';
import { demoObjects } from '../../../src/sources/demo/demo-manifests.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { aggregate, suggestPolicies } from '../../../src/engine/flows/suggest.js';
import type { Pod } from '../../../src/model/snapshot.js';

const snapshot = assembleSnapshot(demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
const pod = (name: string): Pod => snapshot.pods.find((p) => p.name.startsWith(name))!;
const prefix = { v4: 24, v6: 64 };

describe('suggestPolicies', () => {
  it('aggregates outside addresses to the prefix of their family', () => {
    expect(aggregate('93.184.216.34', prefix)).toBe('93.184.216.0/24');
    expect(aggregate('2001:db8:1:2:aa::7', prefix)).toBe('2001:db8:1:2::/64');
    expect(aggregate('10.1.2.3', { v4: 32, v6: 128 })).toBe('10.1.2.3/32');
  });

  it('ingress from an outside address becomes an ipBlock rule; a peer in another namespace is selected by namespace name', () => {
    const policies = suggestPolicies({
      snapshot,
      namespaces: new Set(['ingress-nginx']),
      prefix,
      observed: [
        { source: { kind: 'address', ip: '203.0.113.9', node: false }, destination: { kind: 'pod', pod: pod('ingress-nginx-controller') }, protocol: 'TCP', port: 443 },
        { source: { kind: 'pod', pod: pod('ingress-nginx-controller') }, destination: { kind: 'pod', pod: pod('frontend') }, protocol: 'TCP', port: 8080 },
      ],
    });
    expect(policies.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'ingress-nginx/suggested-default-deny',
      'ingress-nginx/suggested-allow-dns-egress',
      'ingress-nginx/suggested-ingress-nginx-controller-egress',
      'ingress-nginx/suggested-ingress-nginx-controller-ingress',
    ]);
    const [, , egress, ingress] = policies;
    expect(ingress!.ingress).toEqual([{ peers: [{ kind: 'ipBlock', cidr: '203.0.113.0/24', except: [] }], ports: [{ protocol: 'TCP', port: 'https' }] }]);
    expect(egress!.egress).toEqual([
      {
        peers: [{ kind: 'pods', podSelector: { matchLabels: { app: 'frontend' }, matchExpressions: [] }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' }, matchExpressions: [] } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
  });
});
