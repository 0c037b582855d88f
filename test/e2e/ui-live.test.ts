// The UI against the real control plane: a NetworkPolicy created while the UI is open changes the
// isolation it shows within seconds (watch -> re-read -> recompute).
import { resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Terminal, tmuxAvailable } from '../tty/tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const plane = inject('controlPlane');
const NS = 'e2e-ui';

describe.runIf(plane && tmuxAvailable())('the UI on a live cluster', () => {
  let terminal: Terminal | undefined;
  afterAll(() => terminal?.close());

  it('shows a policy created while it is open', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = await import('../../scripts/test-cluster/control-plane.mjs');
    await api.createNamespace(plane, NS);
    await api.createRunningPod(plane, { metadata: { name: 'web', namespace: NS, labels: { app: 'web' } } }, { podIP: '10.251.0.2' });

    terminal = new Terminal(`cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol -n ${NS}; sleep 30`, {
      KUBECONFIG: plane!.kubeconfigPath,
      TERM: 'xterm-256color',
    });
    const before = await terminal.waitFor(new RegExp(`${NS}\\s+1\\s`));
    expect(before).toMatch(new RegExp(`${NS}\\s+1\\s+░░░░░░\\s+0%`));

    const started = Date.now();
    await api.createObject(plane, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: NS },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    const after = await terminal.waitFor(new RegExp(`${NS}\\s+1\\s+██████ 100%`), 10_000);
    expect(after).toMatch(new RegExp(`${NS}\\s+1\\s+██████ 100%\\s+░░░░░░\\s+0%\\s+ingress`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
