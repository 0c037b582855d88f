// Isolation and default-deny: which pods a policy isolates, and that allowed traffic is a union.
import {
  SCTP80,
  SCTP81,
  TCP80,
  TCP81,
  UDP80,
  UDP81,
  both,
  egressOnly,
  everything,
  ingressOnly,
  is,
  inNs,
  netpol,
  nothing,
  scenario,
} from '../fixtures/scenarios/harness.js';

const podA = { matchLabels: { pod: 'a' } };

scenario('no policies: every pod reaches every pod on every port', [], [
  [TCP80, everything],
  [TCP81, everything],
  [UDP80, everything],
  [UDP81, everything],
  [SCTP80, everything],
  [SCTP81, everything],
]);

// A policy with only a podSelector defaults to policyTypes [Ingress] and has no ingress rules.
const notIntoX = ingressOnly(inNs('x'), () => false);
scenario('default-deny ingress in x (podSelector {} and nothing else)', [netpol('x', 'default-deny', { podSelector: {} })], [
  [TCP80, notIntoX],
  [UDP80, notIntoX],
  [SCTP81, notIntoX],
]);

scenario(
  'default-deny ingress in x written with policyTypes [Ingress] and ingress: []',
  [netpol('x', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })],
  [
    [TCP80, notIntoX],
    [UDP81, notIntoX],
  ],
);

const notOutOfX = egressOnly(inNs('x'), () => false);
scenario('default-deny egress in x', [netpol('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })], [
  [TCP80, notOutOfX],
  [UDP80, notOutOfX],
  [SCTP80, notOutOfX],
]);

scenario(
  'default-deny ingress and egress in x',
  [netpol('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
  [[TCP80, both(notIntoX, notOutOfX)]],
);

scenario(
  'deny all egress in every namespace: nothing reaches anything',
  ['x', 'y', 'z'].map((ns) => netpol(ns, 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })),
  [
    [TCP80, nothing],
    [UDP81, nothing],
  ],
);

scenario('a policy selecting pod: a in x isolates only x/a', [netpol('x', 'deny-a', { podSelector: podA })], [
  [TCP80, ingressOnly(is('x/a'), () => false)],
]);

scenario(
  'allow all ingress with an empty rule `- {}` next to a default deny',
  [netpol('x', 'default-deny', { podSelector: {} }), netpol('x', 'allow-all', { podSelector: {}, ingress: [{}] })],
  [
    [TCP80, everything],
    [UDP80, everything],
  ],
);

scenario(
  'empty from and ports lists in an ingress rule mean every source and every port',
  [netpol('x', 'allow-all', { podSelector: {}, ingress: [{ from: [], ports: [] }] })],
  [
    [TCP81, everything],
    [SCTP80, everything],
  ],
);

scenario(
  'policies in y affect only pods in y, even when their rules name x',
  [
    netpol('y', 'deny-a', { podSelector: podA }),
    netpol('y', 'b-from-x', { podSelector: { matchLabels: { pod: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }] }),
  ],
  [[TCP80, both(ingressOnly(is('y/a'), () => false), ingressOnly(is('y/b'), inNs('x')))]],
);

scenario(
  'two policies selecting the same pod: what is allowed is the union of their rules',
  [
    netpol('x', 'a-from-y', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
    netpol('x', 'a-from-z-c', {
      podSelector: podA,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } }, podSelector: { matchLabels: { pod: 'c' } } }] }],
    }),
  ],
  [[TCP80, ingressOnly(is('x/a'), (f) => f.ns === 'y' || f.key === 'z/c')]],
);

scenario(
  'deny all ingress everywhere, then allow exactly x/a -> z/c',
  [
    ...['x', 'y', 'z'].map((ns) => netpol(ns, 'default-deny', { podSelector: {} })),
    netpol('z', 'c-from-x-a', {
      podSelector: { matchLabels: { pod: 'c' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } }, podSelector: podA }] }],
    }),
  ],
  [
    [TCP80, (f, t) => f.key === 'x/a' && t.key === 'z/c'],
    [UDP81, (f, t) => f.key === 'x/a' && t.key === 'z/c'],
  ],
);

scenario(
  'deny all egress from x, then allow egress from x/a to z/c only',
  [
    netpol('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    netpol('x', 'a-to-z-c', {
      podSelector: podA,
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } }, podSelector: { matchLabels: { pod: 'c' } } }] }],
    }),
  ],
  [[TCP80, (f, t) => f.ns !== 'x' || (f.key === 'x/a' && t.key === 'z/c')]],
);

scenario(
  'every namespace allows ingress only from its own pods',
  ['x', 'y', 'z'].map((ns) => netpol(ns, 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })),
  [
    [TCP80, (f, t) => f.ns === t.ns],
    [SCTP81, (f, t) => f.ns === t.ns],
  ],
);
