// The benchmark's cluster generator: the same seed gives the same bytes, and what it writes is input
// the CLI reads (JSON and YAML alike), with the diversity of real clusters.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { writeCluster } from '../../scripts/bench/generate-cluster.mjs';
import { assembleSnapshot } from '../../src/sources/assemble.js';
import { parseManifest } from '../../src/sources/manifest/parse.js';
import { podClassKey } from '../../src/engine/analysis/pod-class.js';

const dirs: string[] = [];
const generate = (seed: number, pods: number): Record<string, string> => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-gen-'));
  dirs.push(dir);
  const files = writeCluster(dir, { seed, pods }) as Record<string, string>;
  return Object.fromEntries(Object.entries(files).map(([name, path]) => [name, readFileSync(path, 'utf8')]));
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const load = (texts: Record<string, string>, names: string[]) =>
  assembleSnapshot(
    names.flatMap((file) => parseManifest({ file, text: texts[file]! })),
    { defaultNamespace: 'default' },
  );

describe('generate-cluster', () => {
  const a = generate(7, 400);

  it('writes the same bytes for the same seed, and other bytes for another seed', () => {
    const b = generate(7, 400);
    const c = generate(8, 400);
    expect(Object.keys(a).sort()).toEqual(['cluster.json', 'cluster.yaml', 'policies.json', 'policies.yaml']);
    for (const name of Object.keys(a)) expect(b[name]).toBe(a[name]);
    expect(c['cluster.json']).not.toBe(a['cluster.json']);
    expect(c['policies.json']).not.toBe(a['policies.json']);
  });

  it('writes Lists with one object per line, and the YAML files hold the same objects', () => {
    const lines = a['cluster.json']!.split('\n');
    expect(lines[0]).toBe('{"apiVersion":"v1","items":[');
    expect(lines.at(-2)).toBe('],"kind":"List","metadata":{"resourceVersion":""}}');
    const json = ['cluster.json', 'policies.json'].flatMap((file) => parseManifest({ file, text: a[file]! }).map((o) => o.object));
    const yaml = ['cluster.yaml', 'policies.yaml'].flatMap((file) => parseManifest({ file, text: a[file]! }).map((o) => o.object));
    expect(yaml).toEqual(json);
  }, 60_000);

  it('makes a cluster of the size asked, with the shapes real clusters have', () => {
    const snapshot = load(a, ['cluster.json', 'policies.json']);
    expect(snapshot.pods).toHaveLength(400);
    expect(snapshot.namespaces).toHaveLength(8);
    // A namespace of CronJobs only has no app to write policies for: about 40 policies.
    expect(snapshot.policies.length).toBeGreaterThanOrEqual(36);
    expect(snapshot.policies.length).toBeLessThanOrEqual(44);
    expect(snapshot.skipped).toEqual({});
    const pods = snapshot.pods;
    // Deployments through ReplicaSets, StatefulSets with unique pods, DaemonSets, Jobs of CronJobs.
    const owners = new Set(pods.map((p) => p.owner?.kind));
    expect([...owners].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'Node', 'StatefulSet']);
    const stateful = pods.filter((p) => p.labels['statefulset.kubernetes.io/pod-name']);
    expect(stateful.length).toBeGreaterThan(0);
    expect(new Set(stateful.map(podClassKey)).size).toBe(stateful.length);
    expect(pods.some((p) => p.hostNetwork)).toBe(true);
    expect(pods.some((p) => p.ips.some((ip) => ip.includes(':')) && p.ips.some((ip) => !ip.includes(':')))).toBe(true);
    // Services with named target ports; policies with endPort ranges, AND peers and private-range excepts.
    expect(snapshot.services.some((s) => s.ports.some((p) => typeof p.targetPort === 'string'))).toBe(true);
    const policies = JSON.stringify(snapshot.policies);
    for (const shape of ['endPort', '"except"', 'namespaceSelector', 'matchExpressions']) expect(policies).toContain(shape);
    // Many distinct pods: well over a tenth of them are a class of their own.
    expect(new Set(pods.map(podClassKey)).size).toBeGreaterThan(pods.length / 10);
  });
});
