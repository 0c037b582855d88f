// Admin policy tiers, one rule of the network-policy-api docs (v0.3.1: apis/v1beta1
// clusternetworkpolicy_types.go, apis/v1alpha1 adminnetworkpolicy_types.go and
// baselineadminnetworkpolicy_types.go) per scenario, each checked on the full 9x9 table.
import {
  TCP80,
  TCP81,
  UDP80,
  SCTP80,
  both,
  egressOnly,
  everything,
  ingressOnly,
  inNs,
  is,
  named,
  netpol,
  scenario,
  type Allowed,
  type PodRef,
} from '../fixtures/scenarios/harness.js';

type Doc = Record<string, unknown>;

const cnp = (name: string, spec: Doc, apiVersion = 'policy.networking.k8s.io/v1beta1'): Doc => ({ apiVersion, kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const anp = (name: string, spec: Doc): Doc => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec });
const banp = (spec: Doc): Doc => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec });

const ns = (name: string): Doc => ({ matchLabels: { ns: name } });
const inX = { namespaces: ns('x') };
const fromNs = (name: string): Doc => ({ namespaces: ns(name) });
const fromPod = (namespace: string, pod: string): Doc => ({ pods: { namespaceSelector: ns(namespace), podSelector: { matchLabels: { pod } } } });
const everyNamespace: Doc = { namespaces: {} };

/** x accepts only y (an Accept over the NetworkPolicy default deny of x). */
const defaultDenyX = netpol('x', 'default-deny', { podSelector: {} });
const onlyYIntoX: Allowed = ingressOnly(inNs('x'), inNs('y'));

/** Nothing from y reaches x; everything else is allowed. */
const notFromYIntoX: Allowed = ingressOnly(inNs('x'), (p) => p.ns !== 'y');

// Deny is final: no NetworkPolicy rule can admit what an Admin Deny rule matched.
scenario(
  'Admin Deny overrides a NetworkPolicy that allows everything',
  [netpol('x', 'allow-all', { podSelector: {}, ingress: [{}] })],
  [
    [TCP80, notFromYIntoX],
    [UDP80, notFromYIntoX],
  ],
  { documents: [cnp('block-y', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ name: 'deny-y', action: 'Deny', from: [fromNs('y')] }] })] },
);

// Accept is final too: it admits traffic a NetworkPolicy default deny would drop.
scenario(
  'Admin Accept overrides a NetworkPolicy default deny',
  [netpol('x', 'default-deny', { podSelector: {} })],
  [[TCP80, ingressOnly(inNs('x'), inNs('y'))]],
  { documents: [cnp('allow-y', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] })] },
);

// Lower priority values are evaluated first: y/a is accepted at priority 5 before the Deny at 10.
const onlyYaFromY: Allowed = ingressOnly(inNs('x'), (p) => p.ns !== 'y' || p.key === 'y/a');
scenario('Admin tier: the lower priority value is evaluated first', [], [[TCP80, onlyYaFromY]], {
  documents: [
    cnp('deny-y', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('accept-ya', { tier: 'Admin', priority: 5, subject: inX, ingress: [{ action: 'Accept', from: [fromPod('y', 'a')] }] }),
  ],
});
scenario('Admin tier: swapping the priorities lets the Deny decide first', [], [[TCP80, notFromYIntoX]], {
  documents: [
    cnp('deny-y', { tier: 'Admin', priority: 5, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('accept-ya', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ action: 'Accept', from: [fromPod('y', 'a')] }] }),
  ],
});

// Within a policy, rules apply in the order written.
scenario('within one policy the first matching rule decides', [], [[TCP80, onlyYaFromY]], {
  documents: [
    cnp('ordered', {
      tier: 'Admin',
      priority: 10,
      subject: inX,
      ingress: [
        { action: 'Accept', from: [fromPod('y', 'a')] },
        { action: 'Deny', from: [fromNs('y')] },
      ],
    }),
  ],
});
scenario('within one policy, the Deny written first decides', [], [[TCP80, notFromYIntoX]], {
  documents: [
    cnp('ordered', {
      tier: 'Admin',
      priority: 10,
      subject: inX,
      ingress: [
        { action: 'Deny', from: [fromNs('y')] },
        { action: 'Accept', from: [fromPod('y', 'a')] },
      ],
    }),
  ],
});

// Pass skips the rest of the Admin tier: the NetworkPolicies of x decide traffic from y, while the
// later Deny still drops everything else into x.
scenario(
  'Pass skips the rest of the Admin tier and lands in the NetworkPolicies',
  [netpol('x', 'from-pod-b', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' } } }] }] })],
  [[TCP80, ingressOnly(inNs('x'), (p) => p.key === 'y/b')]],
  {
    documents: [
      cnp('delegate-y', { tier: 'Admin', priority: 5, subject: inX, ingress: [{ action: 'Pass', from: [fromNs('y')] }] }),
      cnp('deny-all', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] }),
    ],
  },
);

// With no NetworkPolicy selecting the pod, passed traffic goes on to the Baseline tier.
scenario('Pass with no NetworkPolicy lands in the Baseline tier', [], [[TCP80, notFromYIntoX]], {
  documents: [
    cnp('delegate-y', { tier: 'Admin', priority: 5, subject: inX, ingress: [{ action: 'Pass', from: [fromNs('y')] }] }),
    cnp('baseline-deny-y', { tier: 'Baseline', priority: 5, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
  ],
});

// The Baseline tier applies only to pods no NetworkPolicy selects in that direction: x/a has one
// (admitting y), x/b and x/c fall to the Baseline deny.
scenario(
  'Baseline applies only where no NetworkPolicy isolates the pod',
  [netpol('x', 'a-from-y', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] })],
  [[TCP80, (f, t) => t.ns !== 'x' || (t.pod === 'a' ? f.ns === 'y' : false)]],
  { documents: [cnp('baseline-deny', { tier: 'Baseline', priority: 50, subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] })] },
);

// An egress Accept decides the source's side only: the destination's ingress still applies.
scenario(
  'an egress Accept does not bypass the destination ingress',
  [netpol('x', 'default-deny', { podSelector: {} })],
  [[TCP80, (_f, t) => t.ns !== 'x']],
  { documents: [cnp('y-out', { tier: 'Admin', priority: 1, subject: { namespaces: ns('y') }, egress: [{ action: 'Accept', to: [everyNamespace] }] })] },
);

// An egress Deny of the source blocks whatever the destination admits.
scenario('an egress Deny blocks the connection from the source side', [], [[TCP80, egressOnly(inNs('y'), (p) => p.ns !== 'x')], [UDP80, egressOnly(inNs('y'), (p) => p.ns !== 'x')]], {
  documents: [cnp('y-not-x', { tier: 'Admin', priority: 1, subject: { namespaces: ns('y') }, egress: [{ action: 'Deny', to: [fromNs('x')] }] })],
});

// Subjects: `pods` narrows to matching pods of matching namespaces; `namespaces` takes every pod.
scenario('subject pods selects only the matching pods', [], [[TCP80, ingressOnly(is('x/a'), () => false)]], {
  documents: [
    cnp('isolate-xa', {
      tier: 'Admin',
      priority: 1,
      subject: { pods: { namespaceSelector: ns('x'), podSelector: { matchLabels: { pod: 'a' } } } },
      ingress: [{ action: 'Deny', from: [everyNamespace] }],
    }),
  ],
});
scenario('subject namespaces selects every pod of the namespace', [], [[TCP80, ingressOnly(inNs('x'), () => false)]], {
  documents: [cnp('isolate-x', { tier: 'Admin', priority: 1, subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] })],
});

// networks peers match cluster-internal traffic too: pod IPs (y is 10.0.2.0/24).
scenario('a networks peer matches pod IPs', [], [[TCP80, egressOnly(inNs('x'), (p) => p.ns !== 'y')]], {
  documents: [cnp('x-not-to-y-cidr', { tier: 'Admin', priority: 1, subject: inX, egress: [{ action: 'Deny', to: [{ networks: ['10.0.2.0/24'] }] }] })],
});

// Protocols: only the listed protocol and ports are matched.
const denyYOnTcp80: Doc = cnp('deny-y-tcp', {
  tier: 'Admin',
  priority: 1,
  subject: inX,
  ingress: [{ action: 'Deny', from: [fromNs('y')], protocols: [{ tcp: { destinationPort: { number: 80 } } }] }],
});
scenario('protocols limit a rule to its protocol and port', [], [
  [TCP80, notFromYIntoX],
  [TCP81, everything],
  [UDP80, everything],
], { documents: [denyYOnTcp80] });

// destinationNamedPort resolves on the destination pod, with that container port's protocol.
scenario('a named port matches the destination container port of that name', [], [
  [TCP80, notFromYIntoX],
  [TCP81, everything],
  [UDP80, everything],
], {
  documents: [
    cnp('deny-y-named', { tier: 'Admin', priority: 1, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')], protocols: [{ destinationNamedPort: 'serve-80-tcp' }] }] }),
  ],
});
scenario('a v1alpha1 namedPort matches the destination container port of that name (UDP here)', [], [
  [UDP80, notFromYIntoX],
  [TCP80, everything],
], {
  documents: [anp('deny-y-named', { priority: 1, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')], ports: [{ namedPort: 'serve-80-udp' }] }] })],
});

// A peer with no field set fails closed: a Deny (or Pass) rule denies everything, an Accept rule
// matches nothing.
scenario('a Deny rule with an empty peer denies everything to its subject', [], [[TCP80, ingressOnly(inNs('x'), () => false)], [SCTP80, ingressOnly(inNs('x'), () => false)]], {
  documents: [cnp('broken', { tier: 'Admin', priority: 1, subject: inX, ingress: [{ action: 'Deny', from: [{}, fromNs('y')] }] })],
});
scenario('a Pass rule with an empty peer denies everything to its subject', [], [[TCP80, ingressOnly(inNs('x'), () => false)]], {
  documents: [cnp('broken', { tier: 'Admin', priority: 1, subject: inX, ingress: [{ action: 'Pass', from: [{}] }] })],
});
scenario(
  'an Accept rule with an empty peer matches nothing',
  [netpol('x', 'default-deny', { podSelector: {} })],
  [[TCP80, ingressOnly(inNs('x'), () => false)]],
  { documents: [cnp('broken', { tier: 'Admin', priority: 1, subject: inX, ingress: [{ action: 'Accept', from: [{}, fromNs('y')] }] })] },
);

// Equal priorities: the API leaves the order undefined; kubectl-netpol takes them by name.
scenario('equal priorities are taken in name order (accept-... before deny-...)', [defaultDenyX], [[TCP80, onlyYIntoX]], {
  documents: [
    cnp('deny-y', { tier: 'Admin', priority: 7, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('accept-y', { tier: 'Admin', priority: 7, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
  ],
});
scenario('equal priorities are taken in name order (a-deny before b-accept)', [], [[TCP80, notFromYIntoX]], {
  documents: [
    cnp('b-accept', { tier: 'Admin', priority: 7, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
    cnp('a-deny', { tier: 'Admin', priority: 7, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
  ],
});

// Both generations: AdminNetworkPolicies and Admin-tier ClusterNetworkPolicies share one priority order.
scenario('an AdminNetworkPolicy with a lower priority value goes before a ClusterNetworkPolicy', [], [[TCP80, notFromYIntoX]], {
  documents: [
    anp('deny-y', { priority: 3, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('accept-y', { tier: 'Admin', priority: 4, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
  ],
});
scenario('a ClusterNetworkPolicy with a lower priority value goes before an AdminNetworkPolicy', [defaultDenyX], [[TCP80, onlyYIntoX]], {
  documents: [
    anp('deny-y', { priority: 4, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('accept-y', { tier: 'Admin', priority: 3, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
  ],
});
scenario('at equal priority and name, the ClusterNetworkPolicy goes before the AdminNetworkPolicy', [defaultDenyX], [[TCP80, onlyYIntoX]], {
  documents: [
    anp('same', { priority: 4, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }),
    cnp('same', { tier: 'Admin', priority: 4, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
  ],
});

// The BaselineAdminNetworkPolicy comes after every Baseline ClusterNetworkPolicy.
scenario('the BaselineAdminNetworkPolicy goes after the Baseline ClusterNetworkPolicies', [], [[TCP80, ingressOnly(inNs('x'), inNs('y'))]], {
  documents: [
    banp({ subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] }),
    cnp('baseline-accept-y', { tier: 'Baseline', priority: 1000, subject: inX, ingress: [{ action: 'Accept', from: [fromNs('y')] }] }),
  ],
});

// v1alpha2 is served with the same schema as v1beta1.
scenario('a v1alpha2 ClusterNetworkPolicy is evaluated like a v1beta1 one', [], [[TCP80, notFromYIntoX]], {
  documents: [cnp('block-y', { tier: 'Admin', priority: 10, subject: inX, ingress: [{ action: 'Deny', from: [fromNs('y')] }] }, 'policy.networking.k8s.io/v1alpha2')],
});

// A Baseline Pass ends the Baseline tier: the default (allow) applies.
scenario('a Baseline Pass skips the rest of the Baseline tier', [], [[TCP80, ingressOnly(inNs('x'), (p: PodRef) => p.ns === 'y')]], {
  documents: [
    cnp('pass-y', { tier: 'Baseline', priority: 1, subject: inX, ingress: [{ action: 'Pass', from: [fromNs('y')] }] }),
    cnp('deny-all', { tier: 'Baseline', priority: 2, subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] }),
  ],
});

// Both directions at once: the source's egress (Admin) and the destination's ingress (Baseline).
scenario('egress and ingress tiers combine', [], [[TCP80, both(egressOnly(named('a'), (p) => p.ns !== 'z'), ingressOnly(inNs('x'), () => false))]], {
  documents: [
    cnp('a-not-to-z', { tier: 'Admin', priority: 1, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: 'a' } } } }, egress: [{ action: 'Deny', to: [fromNs('z')] }] }),
    cnp('x-closed', { tier: 'Baseline', priority: 1, subject: inX, ingress: [{ action: 'Deny', from: [everyNamespace] }] }),
  ],
});
