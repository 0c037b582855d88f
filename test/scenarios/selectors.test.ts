// Peers: podSelector, namespaceSelector, both in one peer (AND) or two peers (OR), matchExpressions.
import { TCP80, UDP80, everything, ingressOnly, is, inNs, named, netpol, scenario, type PodRef } from '../fixtures/scenarios/harness.js';

const podA = { matchLabels: { pod: 'a' } };
const nsY = { matchLabels: { ns: 'y' } };
/** A policy in x that isolates x/a for ingress and admits the given peers. */
const toXa = (name: string, from: unknown[]) => netpol('x', name, { podSelector: podA, ingress: [{ from }] });
const intoXa = (from: (f: PodRef) => boolean) => ingressOnly(is('x/a'), from);

scenario("a podSelector peer selects pods in the policy's own namespace only", [toXa('from-b', [{ podSelector: { matchLabels: { pod: 'b' } } }])], [
  [TCP80, intoXa(is('x/b'))],
  [UDP80, intoXa(is('x/b'))],
]);

scenario('an empty podSelector {} peer means every pod of the policy namespace', [toXa('from-x', [{ podSelector: {} }])], [
  [TCP80, intoXa(inNs('x'))],
]);

scenario('a namespaceSelector peer alone admits every pod of those namespaces (and not the own one)', [toXa('from-y', [{ namespaceSelector: nsY }])], [
  [TCP80, intoXa(inNs('y'))],
]);

scenario(
  'an empty namespaceSelector {} admits every pod in every namespace',
  [netpol('x', 'default-deny', { podSelector: {} }), netpol('x', 'from-anywhere', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })],
  [[TCP80, everything]],
);

scenario(
  'namespaceSelector {} with a podSelector: pods with that label in every namespace',
  [toXa('from-any-b', [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' } } }])],
  [[TCP80, intoXa(named('b'))]],
);

scenario(
  'namespaceSelector {} with podSelector {} in one peer equals namespaceSelector {} alone',
  [toXa('from-all', [{ namespaceSelector: {}, podSelector: {} }])],
  [[TCP80, everything]],
);

scenario(
  'namespaceSelector and podSelector in one peer are ANDed',
  [toXa('from-y-b', [{ namespaceSelector: nsY, podSelector: { matchLabels: { pod: 'b' } } }])],
  [[TCP80, intoXa(is('y/b'))]],
);

scenario(
  'namespaceSelector and podSelector as two peers are ORed',
  [toXa('from-y-or-b', [{ namespaceSelector: nsY }, { podSelector: { matchLabels: { pod: 'b' } } }])],
  [[TCP80, intoXa((f) => f.ns === 'y' || f.key === 'x/b')]],
);

scenario(
  'namespaceSelector on kubernetes.io/metadata.name, which every namespace carries',
  [toXa('from-z', [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }])],
  [[TCP80, intoXa(inNs('z'))]],
);

scenario(
  'matchExpressions In on kubernetes.io/metadata.name',
  [toXa('from-y-z', [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['y', 'z'] }] } }])],
  [[TCP80, intoXa(inNs('y', 'z'))]],
);

scenario(
  'matchExpressions In on pod labels, policy selecting every pod of x',
  [netpol('x', 'from-b-c', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }] }] })],
  [[TCP80, ingressOnly(inNs('x'), (f) => f.ns === 'x' && (f.pod === 'b' || f.pod === 'c'))]],
);

scenario(
  'matchExpressions NotIn on namespaces',
  [toXa('not-x-y', [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x', 'y'] }] } }])],
  [[TCP80, intoXa(inNs('z'))]],
);

scenario(
  'NotIn also matches namespaces that do not have the key',
  [toXa('not-dev', [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] } }])],
  [[TCP80, intoXa(inNs('x', 'z'))]],
  { namespaceLabels: { x: { env: 'prod' }, y: { env: 'dev' } } },
);

const roles = { podLabels: { 'y/b': { role: 'client' }, 'z/c': { role: 'db' } } };

scenario(
  'matchExpressions Exists on pod labels',
  [toXa('has-role', [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'role', operator: 'Exists' }] } }])],
  [[TCP80, intoXa(is('y/b', 'z/c'))]],
  roles,
);

scenario(
  'matchExpressions DoesNotExist on pod labels',
  [toXa('no-role', [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] } }])],
  [[TCP80, intoXa((f) => !is('y/b', 'z/c')(f))]],
  roles,
);

const team = { namespaceLabels: { y: { team: 'blue' } } };

scenario(
  'matchExpressions Exists on namespace labels',
  [toXa('team-ns', [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }])],
  [[TCP80, intoXa(inNs('y'))]],
  team,
);

scenario(
  'matchExpressions DoesNotExist on namespace labels',
  [toXa('no-team-ns', [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] } }])],
  [[TCP80, intoXa(inNs('x', 'z'))]],
  team,
);

scenario(
  "matchExpressions in the policy's own podSelector choose which pods are isolated",
  [netpol('x', 'deny-a-b', { podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['a', 'b'] }] } })],
  [[TCP80, ingressOnly(is('x/a', 'x/b'), () => false)]],
);

scenario(
  'matchLabels and matchExpressions in one selector are ANDed',
  [
    toXa('clients-not-b', [
      { namespaceSelector: {}, podSelector: { matchLabels: { role: 'client' }, matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['b'] }] } },
    ]),
  ],
  [[TCP80, intoXa(is('y/c', 'z/c'))]],
  { podLabels: { 'y/b': { role: 'client' }, 'y/c': { role: 'client' }, 'z/c': { role: 'client' } } },
);

scenario(
  'two matchExpressions in one selector are ANDed',
  [
    toXa('y-only', [
      {
        namespaceSelector: {
          matchExpressions: [
            { key: 'ns', operator: 'In', values: ['x', 'y'] },
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x'] },
          ],
        },
      },
    ]),
  ],
  [[TCP80, intoXa(inNs('y'))]],
);
