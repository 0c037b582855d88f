// Ports: numbers, names (resolved on the destination pod), endPort ranges, protocols.
import {
  SCTP80,
  SCTP81,
  TCP80,
  TCP81,
  UDP80,
  UDP81,
  egressOnly,
  everything,
  ingressOnly,
  is,
  inNs,
  netpol,
  scenario,
} from '../fixtures/scenarios/harness.js';

const podA = { matchLabels: { pod: 'a' } };
/** A policy in x isolating x/a for ingress, admitting every source on the given ports. */
const xaPorts = (name: string, ports: unknown[]) => netpol('x', name, { podSelector: podA, ingress: [{ ports }] });
/** x/a receives nothing on this probe; everything else is allowed. */
const xaClosed = ingressOnly(is('x/a'), () => false);

scenario('a numeric port with the protocol defaulted to TCP', [xaPorts('tcp-80', [{ port: 80 }])], [
  [TCP80, everything],
  [{ port: 'serve-80-tcp', protocol: 'TCP' }, everything],
  [TCP81, xaClosed],
  [{ port: 'serve-81-tcp', protocol: 'TCP' }, xaClosed],
  [UDP80, xaClosed],
  [SCTP80, xaClosed],
]);

scenario('a named port (serve-81-tcp) is the destination container port of that name', [xaPorts('named-81', [{ port: 'serve-81-tcp' }])], [
  [TCP81, everything],
  [TCP80, xaClosed],
  [UDP81, xaClosed],
]);

scenario('port with endPort admits the inclusive range', [xaPorts('range', [{ protocol: 'TCP', port: 80, endPort: 81 }])], [
  [TCP80, everything],
  [TCP81, everything],
  [UDP80, xaClosed],
]);

scenario('a one-port range (endPort == port)', [xaPorts('range-1', [{ protocol: 'TCP', port: 81, endPort: 81 }])], [
  [TCP81, everything],
  [TCP80, xaClosed],
]);

scenario('a UDP-only rule', [xaPorts('udp-80', [{ protocol: 'UDP', port: 80 }])], [
  [UDP80, everything],
  [UDP81, xaClosed],
  [TCP80, xaClosed],
  [SCTP80, xaClosed],
]);

scenario('an SCTP-only rule', [xaPorts('sctp-80', [{ protocol: 'SCTP', port: 80 }])], [
  [SCTP80, everything],
  [SCTP81, xaClosed],
  [TCP80, xaClosed],
  [UDP80, xaClosed],
]);

scenario('a protocol without a port admits every port of that protocol', [xaPorts('all-udp', [{ protocol: 'UDP' }])], [
  [UDP80, everything],
  [UDP81, everything],
  [TCP80, xaClosed],
  [SCTP81, xaClosed],
]);

scenario('endPort with UDP', [xaPorts('udp-range', [{ protocol: 'UDP', port: 81, endPort: 82 }])], [
  [UDP81, everything],
  [UDP80, xaClosed],
  [TCP81, xaClosed],
]);

scenario('a named UDP port', [xaPorts('named-udp', [{ protocol: 'UDP', port: 'serve-80-udp' }])], [
  [UDP80, everything],
  [UDP81, xaClosed],
  [TCP80, xaClosed],
]);

scenario(
  'a named port is looked up on the given protocol: a TCP port named after a UDP container port matches nothing',
  [xaPorts('wrong-proto', [{ port: 'serve-80-udp' }])],
  [
    [TCP80, xaClosed],
    [UDP80, xaClosed],
  ],
);

scenario('a named port that no container declares matches nothing', [xaPorts('no-such-name', [{ port: 'serve-90-tcp' }])], [
  [TCP80, xaClosed],
  [TCP81, xaClosed],
]);

scenario('several entries in ports are ORed', [xaPorts('two-ports', [{ port: 81 }, { protocol: 'UDP', port: 80 }])], [
  [TCP81, everything],
  [UDP80, everything],
  [TCP80, xaClosed],
  [SCTP80, xaClosed],
]);

scenario(
  'peers and ports of one rule are ANDed; separate rules are ORed',
  [
    netpol('x', 'per-rule', {
      podSelector: podA,
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] },
        { from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ port: 81 }] },
      ],
    }),
  ],
  [
    [TCP80, ingressOnly(is('x/a'), inNs('y'))],
    [TCP81, ingressOnly(is('x/a'), inNs('z'))],
    [UDP80, xaClosed],
  ],
);

const xEgressNamed = [netpol('x', 'egress-81', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-81-tcp' }] }] })];
const xSendsNothing = egressOnly(inNs('x'), () => false);
scenario('a named port on egress resolves on the destination pod', xEgressNamed, [
  [TCP81, everything],
  [TCP80, xSendsNothing],
  [UDP81, xSendsNothing],
]);

scenario(
  'egress on a named SCTP port towards pods of one namespace',
  [
    netpol('x', 'egress-sctp', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ protocol: 'SCTP', port: 'serve-80-sctp' }] }],
    }),
  ],
  [
    [SCTP80, egressOnly(inNs('x'), inNs('z'))],
    [SCTP81, xSendsNothing],
    [TCP80, xSendsNothing],
  ],
);
