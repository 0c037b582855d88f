// Ports of sidecar containers (init containers with restartPolicy Always) count like the others.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { allowed } from '../fixtures/reach.js';

const pod = (initContainers: object[]) => ({
  kind: 'Pod',
  metadata: { name: 'app', namespace: 'x', labels: { app: 'app' } },
  spec: { containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }] }], initContainers },
  status: { phase: 'Running', podIP: '10.0.0.2' },
});

describe('sidecar container ports', () => {
  it('a sidecar declares a named port that a policy can use', () => {
    const s = new SnapshotBuilder()
      .object(pod([{ name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'metrics', containerPort: 9090 }] }]))
      .pod('x', 'scraper', { labels: { app: 'scraper' }, ip: '10.0.0.3' })
      .policy('x', 'metrics', { podSelector: { matchLabels: { app: 'app' } }, ingress: [{ ports: [{ port: 'metrics' }] }] })
      .build();
    expect(s.pods.find((p) => p.name === 'app')!.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' },
    ]);
    expect(allowed(s, 'x/scraper', 'x/app', 9090)).toBe(true);
  });

  it('a plain init container (it runs to completion first) declares no port', () => {
    const s = new SnapshotBuilder().object(pod([{ name: 'setup', ports: [{ name: 'metrics', containerPort: 9090 }] }])).build();
    expect(s.pods[0]!.ports.map((p) => p.name)).toEqual(['http']);
  });
});
