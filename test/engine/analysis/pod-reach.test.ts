// pod-reach: peers of a target judged against every target pod, and Service ports after DNAT.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { allowedServicePorts, peerResults } from '../../../src/engine/analysis/pod-reach.js';
import { analysablePods } from '../../../src/engine/analysis/isolation.js';
import { resolveTarget, parseTargetRef, type ResolvedTarget } from '../../../src/engine/target.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

// x: web-1 (http=8080), web-2 (http=9090), web-3 (no http port), all app=web; client; svc web
// 80 -> http and 443 -> 8443. Policy: web pods accept client on their http port and on 8443.
const world = () =>
  new SnapshotBuilder()
    .pod('x', 'web-1', { labels: { app: 'web', v: '1' }, ip: '10.0.0.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] })
    .pod('x', 'web-2', { labels: { app: 'web', v: '2' }, ip: '10.0.0.2', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] })
    .pod('x', 'web-3', { labels: { app: 'web', v: '3' }, ip: '10.0.0.3' })
    .pod('x', 'client', { labels: { app: 'client' }, ip: '10.0.0.9' })
    .service('x', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'tls', port: 443, targetPort: 8443 }] })
    .policy('x', 'web', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }, { port: 8443 }] }],
    });

const target = (s: Snapshot, text: string): ResolvedTarget => {
  const r = resolveTarget(parseTargetRef(text, 'x') as Exclude<ReturnType<typeof parseTargetRef>, { error: string }>, s);
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('allowedServicePorts', () => {
  it('a service port counts when its target port is allowed on every backend', () => {
    const s = world().build();
    const svc = s.services[0]!;
    const [w1, w2] = s.pods;
    const allowed = new Map([
      [w1!, PortSet.range('TCP', 8080).union(PortSet.range('TCP', 8443))],
      [w2!, PortSet.range('TCP', 9090)],
    ]);
    // 80 -> http: 8080 on web-1, 9090 on web-2, both allowed; 443 -> 8443 not allowed on web-2.
    expect(allowedServicePorts(svc, [w1!, w2!], (p) => allowed.get(p) ?? PortSet.empty).toString()).toBe('TCP 80');
    expect(allowedServicePorts(svc, [w1!], (p) => allowed.get(p) ?? PortSet.empty).toString()).toBe('TCP 80,443');
    expect(allowedServicePorts(svc, [], () => PortSet.all).isEmpty()).toBe(true);
  });

  it('a pod without the named targetPort is no endpoint of that service port, so it does not veto it', () => {
    // EndpointSlices list, for a port with a named targetPort, only the pods that declare that name:
    // traffic to service port 80 never lands on web-3.
    const s = world().build();
    const svc = s.services[0]!;
    const [w1, , w3] = s.pods;
    const ports = allowedServicePorts(svc, [w1!, w3!], (p) => (p === w1 ? PortSet.range('TCP', 8080) : PortSet.all));
    expect(ports.has('TCP', 80)).toBe(true);
  });
});

describe('peerResults', () => {
  it('inbound to a Service: service ports, the target pods themselves left out', () => {
    const b = world();
    const s = b.build();
    const t = target(s, 'svc/x/web');
    const results = peerResults('inbound', t, analysablePods(s), b.index());
    expect(results.map((r) => r.peer.name)).toEqual(['client']);
    // One connection per endpoint pod; 443 -> 8443 is allowed on all three, 80 -> http only where http exists.
    expect(results[0]!.connections).toHaveLength(3);
    expect(results[0]!.ports.has('TCP', 443)).toBe(true);
  });

  it('inbound to a pod: the ports of that pod', () => {
    const b = world();
    const s = b.build();
    const [client] = peerResults('inbound', target(s, 'x/web-2'), analysablePods(s), b.index()).filter((r) => r.peer.name === 'client');
    expect(client!.ports.toString()).toBe('TCP 8443,9090');
  });

  it('outbound from a pod: what it reaches on each peer', () => {
    const b = world();
    const s = b.build();
    const results = peerResults('outbound', target(s, 'x/client'), analysablePods(s), b.index());
    expect(results.map((r) => [r.peer.name, r.ports.toString()])).toEqual([
      ['web-1', 'TCP 8080,8443'],
      ['web-2', 'TCP 8443,9090'],
      ['web-3', 'TCP 8443'],
    ]);
  });
});
