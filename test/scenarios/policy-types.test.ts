// policyTypes: the API server's defaulting, types that make rules inert, and that a connection needs
// both the source's egress and the destination's ingress.
import { TCP80, UDP81, both, egressOnly, everything, ingressOnly, is, inNs, netpol, scenario } from '../fixtures/scenarios/harness.js';

const podA = { matchLabels: { pod: 'a' } };
const podB = { matchLabels: { pod: 'b' } };

// Without policyTypes the API server sets [Ingress], plus Egress when there are egress rules.
scenario(
  'egress rules without policyTypes: the policy isolates ingress and egress',
  [netpol('x', 'a-to-b', { podSelector: podA, egress: [{ to: [{ podSelector: podB }] }] })],
  [
    [TCP80, both(ingressOnly(is('x/a'), () => false), egressOnly(is('x/a'), is('x/b')))],
    [UDP81, both(ingressOnly(is('x/a'), () => false), egressOnly(is('x/a'), is('x/b')))],
  ],
);

scenario(
  'egress: [] without policyTypes isolates ingress only',
  [netpol('x', 'empty-egress', { podSelector: podA, egress: [] })],
  [[TCP80, ingressOnly(is('x/a'), () => false)]],
);

scenario(
  'policyTypes [] is treated as unset: ingress only when there are no egress rules',
  [netpol('x', 'empty-types', { podSelector: podA, policyTypes: [] })],
  [[TCP80, ingressOnly(is('x/a'), () => false)]],
);

scenario(
  'policyTypes [Ingress] makes egress rules inert',
  [
    netpol('x', 'ingress-only', {
      podSelector: podA,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'c' } } }] }],
      egress: [{ to: [{ podSelector: podB }] }],
    }),
  ],
  [[TCP80, ingressOnly(is('x/a'), is('x/c'))]],
);

scenario(
  'policyTypes [Egress] only: ingress rules are ignored and ingress is not isolated',
  [
    netpol('x', 'egress-only', {
      podSelector: podA,
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }],
      ingress: [{ from: [{ podSelector: podB }] }],
    }),
  ],
  [[TCP80, egressOnly(is('x/a'), inNs('y'))]],
);

scenario(
  'policyTypes [Ingress, Egress] with no rules cuts one pod off entirely',
  [netpol('x', 'isolate-b', { podSelector: podB, policyTypes: ['Ingress', 'Egress'] })],
  [[TCP80, (f, t) => f.key !== 'x/b' && t.key !== 'x/b']],
);

scenario(
  'denied egress wins over allowed ingress',
  [
    netpol('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    netpol('y', 'from-x', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }] }),
  ],
  [[TCP80, both(egressOnly(inNs('x'), () => false), ingressOnly(inNs('y'), inNs('x')))]],
);

scenario(
  "a connection needs the source's egress and the destination's ingress",
  [
    netpol('x', 'a-to-y', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
    netpol('y', 'from-x', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }] }),
  ],
  // x/a may send only to y; y accepts only from x: so x/a -> y/* holds, y/* -> y/* and z/* -> y/* do not.
  [[TCP80, both(egressOnly(is('x/a'), inNs('y')), ingressOnly(inNs('y'), inNs('x')))]],
);

scenario(
  'allow all egress with an empty rule `- {}` next to a default deny egress',
  [
    netpol('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    netpol('x', 'allow-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }),
  ],
  [[TCP80, everything]],
);

scenario(
  'an ingress policy and an egress policy in different namespaces on one path',
  [
    netpol('y', 'y-egress-to-z-b', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } }, podSelector: podB }] }],
    }),
    netpol('z', 'z-b-from-y-only', { podSelector: podB, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
  ],
  [[TCP80, both(egressOnly(inNs('y'), is('z/b')), ingressOnly(is('z/b'), inNs('y')))]],
);
