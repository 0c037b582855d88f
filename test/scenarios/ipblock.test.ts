// ipBlock peers. By default they match pod IPs as well (what the upstream conformance tests expect);
// with --ipblock-external-only they match only addresses outside the pod network, so no pod here.
import { TCP80, UDP80, egressOnly, everything, ingressOnly, is, inNs, netpol, scenario } from '../fixtures/scenarios/harness.js';

const podA = { matchLabels: { pod: 'a' } };
const EXTERNAL_ONLY = { flags: ['--ipblock-external-only'] };
const toXa = (name: string, from: unknown[]) => netpol('x', name, { podSelector: podA, ingress: [{ from }] });
const xaClosed = ingressOnly(is('x/a'), () => false);

const fromY = [toXa('from-y-cidr', [{ ipBlock: { cidr: '10.0.2.0/24' } }])];
scenario('ipBlock on ingress admits pods by their IP', fromY, [
  [TCP80, ingressOnly(is('x/a'), inNs('y'))],
  [UDP80, ingressOnly(is('x/a'), inNs('y'))],
]);
scenario('ipBlock on ingress admits no pod when ipBlocks are external-only', fromY, [[TCP80, xaClosed]], EXTERNAL_ONLY);

const exceptY = [toXa('except-y', [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.2.0/24'] } }])];
scenario('ipBlock except carves addresses out of the cidr', exceptY, [[TCP80, ingressOnly(is('x/a'), inNs('x', 'z'))]]);
scenario('ipBlock except, external-only', exceptY, [[TCP80, xaClosed]], EXTERNAL_ONLY);

scenario(
  'ipBlock except with a /32 removes a single pod',
  [toXa('except-x-b', [{ ipBlock: { cidr: '10.0.1.0/24', except: ['10.0.1.2/32'] } }])],
  [[TCP80, ingressOnly(is('x/a'), is('x/c'))]],
);

scenario(
  'several except entries',
  [toXa('except-two', [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.1.0/24', '10.0.3.3/32'] } }])],
  [[TCP80, ingressOnly(is('x/a'), (f) => f.ns === 'y' || f.key === 'z/a' || f.key === 'z/b')]],
);

const egressToZb = [netpol('x', 'a-to-z-b', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.3.2/32' } }] }] })];
scenario('ipBlock on egress towards one pod IP', egressToZb, [[TCP80, egressOnly(is('x/a'), is('z/b'))]]);
scenario('ipBlock on egress, external-only: the pod can reach no pod', egressToZb, [[TCP80, egressOnly(is('x/a'), () => false)]], EXTERNAL_ONLY);

scenario(
  'egress to 0.0.0.0/0 except the pod network reaches no pod',
  [
    netpol('x', 'internet-only', {
      podSelector: podA,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }],
    }),
  ],
  [[TCP80, egressOnly(is('x/a'), () => false)]],
);

const fromEverywhere = [netpol('x', 'from-world', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })];
scenario('ipBlock 0.0.0.0/0 admits every pod', fromEverywhere, [[TCP80, everything]]);
scenario('ipBlock 0.0.0.0/0, external-only: no pod is admitted', fromEverywhere, [[TCP80, ingressOnly(inNs('x'), () => false)]], EXTERNAL_ONLY);

const cidrOrPods = [toXa('z-cidr-or-b', [{ ipBlock: { cidr: '10.0.3.0/24' } }, { podSelector: { matchLabels: { pod: 'b' } } }])];
scenario('an ipBlock peer ORed with a podSelector peer', cidrOrPods, [[TCP80, ingressOnly(is('x/a'), (f) => f.ns === 'z' || f.key === 'x/b')]]);
scenario('an ipBlock peer ORed with a podSelector peer, external-only', cidrOrPods, [[TCP80, ingressOnly(is('x/a'), is('x/b'))]], EXTERNAL_ONLY);

scenario('an IPv6 ipBlock ::/0 does not match IPv4 pod addresses', [toXa('v6', [{ ipBlock: { cidr: '::/0' } }])], [[TCP80, xaClosed]]);

scenario(
  'ipBlock with a port: the address and the port must both match',
  [netpol('x', 'y-on-udp', { podSelector: podA, ingress: [{ from: [{ ipBlock: { cidr: '10.0.2.0/24' } }], ports: [{ protocol: 'UDP', port: 80 }] }] })],
  [
    [UDP80, ingressOnly(is('x/a'), inNs('y'))],
    [TCP80, xaClosed],
  ],
);
