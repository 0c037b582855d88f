// A workload read from a manifest stands for its replicas: its pods are counted as spec.replicas,
// judged once through one representative pod.
import { describe, expect, it } from 'vitest';
import { runCli, TempDir } from '../fixtures/cli.js';

const dir = new TempDir('netpol-replicas-');
const file = dir.write(
  'workloads.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: x}
spec:
  replicas: 2
  selector: {matchLabels: {app: client}}
  template: {metadata: {labels: {app: client}}, spec: {containers: [{name: c}]}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: x}
spec:
  selector: {matchLabels: {app: agent}}
  template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: c}]}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: x}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]
`,
);

describe('replicas', () => {
  it('coverage counts spec.replicas (a DaemonSet, one per node, counts 1)', async () => {
    const view = JSON.parse((await runCli(['coverage', '-f', file, '-o', 'json'])).stdout);
    expect(view.workloads.map((w: { name: string; pods: number; ingress: string }) => [w.name, w.pods, w.ingress])).toEqual([
      ['daemonset/agent', 1, 'open'],
      ['deployment/client', 2, 'open'],
      ['deployment/web', 3, 'isolated'],
    ]);
    expect(view.totals).toMatchObject({ pods: 6, ingressIsolated: 3 });
  });

  it('who-can-reach and matrix count the replicas of each workload', async () => {
    const peers = JSON.parse((await runCli(['who-can-reach', '-f', file, 'x/deployment/web', '-o', 'json'])).stdout);
    expect(peers.pods.map((p: { peer: string; pods: number }) => [p.peer, p.pods])).toEqual([['deployment/client', 2]]);
    const matrix = JSON.parse((await runCli(['matrix', '-f', file, '-o', 'json'])).stdout);
    expect(matrix.nodes.map((n: { label: string; pods: number }) => [n.label, n.pods])).toEqual([
      ['x/daemonset/agent', 1],
      ['x/deployment/client', 2],
      ['x/deployment/web', 3],
    ]);
  });
});
