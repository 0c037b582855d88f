// The scenario harness itself: the world is what the scenarios assume, and a wrong table does fail.
import { describe, expect, it } from 'vitest';
import { PAIRS, PODS, TCP80, everything, netpol, runTable, truthTable, worldManifests } from '../fixtures/scenarios/harness.js';

describe('scenario harness', () => {
  it('has 9 pods with distinct names and IPs, and 72 ordered pairs without self-pairs', () => {
    expect(PODS.map((p) => p.key)).toEqual(['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c']);
    expect(PODS.map((p) => p.ip)).toEqual(['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.2.1', '10.0.2.2', '10.0.2.3', '10.0.3.1', '10.0.3.2', '10.0.3.3']);
    expect(PAIRS).toHaveLength(72);
    expect(PAIRS.filter(([f, t]) => f.key === t.key)).toEqual([]);
    expect(new Set(PAIRS.map(([f, t]) => `${f.key}>${t.key}`)).size).toBe(72);
  });

  it('writes namespaces labelled ns=<name> and pods labelled pod=<name> with six container ports', () => {
    const docs = worldManifests() as { kind: string; metadata: { name: string; labels: Record<string, string> }; spec?: { containers: { ports: unknown[] }[] } }[];
    expect(docs.filter((d) => d.kind === 'Namespace').map((d) => [d.metadata.name, d.metadata.labels])).toEqual([
      ['x', { ns: 'x' }],
      ['y', { ns: 'y' }],
      ['z', { ns: 'z' }],
    ]);
    const pods = docs.filter((d) => d.kind === 'Pod');
    expect(pods.map((p) => p.metadata.labels['pod'])).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    for (const pod of pods) expect(pod.spec!.containers[0]!.ports).toHaveLength(6);
  });

  it('turns a predicate into expectations for every pair', () => {
    const table = truthTable(TCP80, (f, t) => f.ns === t.ns);
    expect(table).toHaveLength(72);
    expect(table.filter((e) => e.expect === 'allow')).toHaveLength(18); // 3 namespaces * 3 * 2
    expect(table[0]).toEqual({ from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP', expect: 'allow' });
  });

  it('reports the rows that do not hold: deny-all ingress in x against an all-allowed table', async () => {
    const { code, doc } = await runTable([netpol('x', 'deny', { podSelector: {} })], TCP80, everything);
    // Every pair whose destination is in x (3 destinations * 8 sources) is denied, not allowed.
    const failed = doc.results.filter((r) => !r.pass);
    expect(failed).toHaveLength(24);
    expect(failed.every((r) => r.to.startsWith('x/') && r.actual === 'deny' && r.expect === 'allow')).toBe(true);
    expect(doc.passed).toBe(48);
    expect(doc.failed).toBe(24);
    expect(code).toBe(1);
  });
});
