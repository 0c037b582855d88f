// Starts one real etcd + kube-apiserver for the end-to-end suite and stops it afterwards.
// Without binaries or Go the suite is skipped loudly, except under CI=true, where it must run.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

interface ControlPlane {
  kubeconfigPath: string;
  server: string;
  ca: string;
  tokens: { admin: string; viewer: string; nobody: string };
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlane: { kubeconfigPath: string; server: string; ca: string; tokens: ControlPlane['tokens'] } | null;
    controlPlaneMissing: string;
  }
}

function goAvailable(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cp = (await import('../../scripts/test-cluster/control-plane.mjs')) as {
    locateBinary(name: string): { path: string | null };
    startControlPlane(options: { log: (line: string) => void }): Promise<ControlPlane>;
  };
  const missing = ['apiserver', 'etcd'].filter((name) => !cp.locateBinary(name).path);
  if (missing.length > 0 && !goAvailable()) {
    const why = `no ${missing.join(' or ')} binary (TEST_ASSET_*, KUBEBUILDER_ASSETS, .cache/test-cluster/bin) and no Go toolchain to build them`;
    if (process.env['CI'] === 'true') throw new Error(`e2e: ${why}`);
    process.stderr.write(`\n*** END-TO-END TESTS SKIPPED: ${why} ***\n\n`);
    project.provide('controlPlane', null);
    project.provide('controlPlaneMissing', why);
    return async () => {};
  }
  const plane = await cp.startControlPlane({ log: (line) => process.stderr.write(`e2e: ${line}\n`) });
  project.provide('controlPlane', { kubeconfigPath: plane.kubeconfigPath, server: plane.server, ca: plane.ca, tokens: plane.tokens });
  project.provide('controlPlaneMissing', '');
  return async () => {
    await plane.stop();
  };
}
