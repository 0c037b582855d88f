// status.hostIPs: a dual-stack node's addresses, one per family, used for own-node traffic.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot } from '../../src/sources/assemble.js';
import { PolicyIndex, DEFAULT_OPTIONS } from '../../src/engine/compile.js';
import { addressEndpoint, podEndpoint } from '../../src/engine/endpoint.js';
import { evaluate } from '../../src/engine/evaluate.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'x' },
  spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'app' }] },
  status: {
    phase: 'Running',
    podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }, { ip: 'fd01::2' }],
  },
};
const deny = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny', namespace: 'x' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};

describe('status.hostIPs', () => {
  it('is read, and traffic from the node over either family is own-node traffic', () => {
    const s = assembleSnapshot(
      [pod, deny].map((object, i) => ({ object, origin: { file: 'f.yaml', doc: i + 1 } })),
      { defaultNamespace: 'default' },
    );
    expect(s.pods[0]!.hostIPs).toEqual(['172.18.0.2', 'fd01::2']);
    const index = new PolicyIndex(s, DEFAULT_OPTIONS);
    const over6 = evaluate(addressEndpoint('fd01::2')!, podEndpoint(s.pods[0]!), index);
    expect(over6.ingress).toMatchObject({ kind: 'exempt', reason: 'own-node' });
    expect(evaluate(addressEndpoint('fd01::3')!, podEndpoint(s.pods[0]!), index).allowed.isEmpty()).toBe(true);
  });
});
