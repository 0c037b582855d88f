// renderPeerList from hand-built views: both directions, probes, empty sections, denied rows.
import { describe, expect, it } from 'vitest';
import { renderPeerList } from '../../src/format/peer-list-text.js';
import { plainPalette } from '../../src/format/color.js';
import type { PeerListView } from '../../src/report/peer-list-view.js';

const base: PeerListView = {
  direction: 'inbound',
  target: 'x/deployment/db',
  targetPods: 2,
  probe: null,
  source: 'files: a.yaml',
  pods: [
    { namespace: 'x', peer: 'deployment/api', pods: 3, ports: { TCP: ['5432'] }, ingress: ['db ingress[0]'], egress: ['api egress[1]', 'dns egress[0]'] },
    { namespace: 'y', peer: 'job-1', pods: 1, ports: { TCP: ['1-65535'], UDP: ['1-65535'], SCTP: ['1-65535'] }, ingress: ['db ingress[2]'], egress: [] },
  ],
  addresses: [{ addresses: ['192.168.0.0/16', '2001:db8::/32'], ports: { TCP: ['5432'] }, rules: ['db ingress[1]'] }],
  denied: [{ namespace: 'z', peer: 'evil\u001b[2J', pods: 1, reason: 'ingress isolated by db' }],
};

describe('renderPeerList', () => {
  it('inbound: header with the pod count, sources, addresses; denied only when asked', () => {
    expect(renderPeerList(base, { denied: false }, plainPalette)).toBe(
      [
        'Who can reach x/deployment/db (2 pods) [files: a.yaml]',
        '',
        'NAMESPACE   SOURCE           PODS   PORTS       INGRESS RULE    EGRESS RULE',
        'x           deployment/api   3      TCP 5432    db ingress[0]   api egress[1], dns egress[0]',
        'y           job-1            1      all ports   db ingress[2]   -',
        '',
        'FROM ADDRESSES                  PORTS      INGRESS RULE',
        '192.168.0.0/16, 2001:db8::/32   TCP 5432   db ingress[1]',
        '',
      ].join('\n'),
    );
  });

  it('--denied adds the blocked sources, their names sanitized', () => {
    const out = renderPeerList(base, { denied: true }, plainPalette);
    expect(out.endsWith(['', 'NAMESPACE   DENIED SOURCE   PODS   WHY', 'z           evil\\x1b[2J     1      ingress isolated by db', ''].join('\n'))).toBe(true);
    expect(renderPeerList({ ...base, denied: [] }, { denied: true }, plainPalette).endsWith('\n\nNo pod is denied.\n')).toBe(true);
  });

  it('outbound with a probe and nothing found', () => {
    const out = renderPeerList({ ...base, direction: 'outbound', targetPods: 1, target: 'x/a', probe: { protocol: 'UDP', port: 53 }, pods: [], addresses: [] }, { denied: false }, plainPalette);
    expect(out).toBe(['What x/a can reach on UDP 53 [files: a.yaml]', '', 'No pod is reachable on UDP 53.', '', 'No address outside the cluster is reachable on UDP 53.', ''].join('\n'));
  });

  it('outbound tables name destinations and the addresses reached', () => {
    const out = renderPeerList({ ...base, direction: 'outbound', denied: [] }, { denied: true }, plainPalette).split('\n');
    expect(out[0]).toBe('What x/deployment/db (2 pods) can reach [files: a.yaml]');
    expect(out[2]).toBe('NAMESPACE   DESTINATION      PODS   PORTS       INGRESS RULE    EGRESS RULE');
    expect(out[6]).toBe('TO ADDRESSES                    PORTS      EGRESS RULE');
    expect(out.slice(-2)).toEqual(['No pod is denied.', '']);
  });
});
