// The UI's "Who can reach" and "Can reach" tabs and the who-can-reach / reachable-from commands give
// the same peer lists for the same workload: on the demo cluster and on random clusters, the UI's
// state read as the ui command reads it, the command run in process with -o json.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/cli/io.js';
import { loadState } from '../../../src/cli/load.js';
import { analyze, type Analysis } from '../../../src/ui/store/analysis.js';
import { reachTab } from '../../../src/ui/store/selectors.js';
import { runCli, TempDir } from '../../fixtures/cli.js';
import { manifestText, randomCluster } from '../../fixtures/random-cluster.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-reach-parity-');
});
afterAll(() => dir.cleanup());

const silent: CommandIO = { stdout: { write: () => true, isTTY: false }, stderr: { write: () => true }, stdin: Readable.from([]), env: {} };

/** The analysis the ui command shows for these input flags (read every namespace, compiled once). */
async function uiAnalysis(input: readonly string[]): Promise<Analysis> {
  const flags = input[0] === '--demo' ? { demo: true } : { filename: [input[1]!] };
  const state = await loadState(flags, silent, () => ({ namespaces: 'all' }));
  return analyze(state.snapshot, state.index);
}

const DIRECTIONS = [
  ['who-can-reach', 'inbound'],
  ['reachable-from', 'outbound'],
] as const;

/** For every workload and both directions: the command's pods and addresses, and the UI tab's. */
async function compare(input: readonly string[]): Promise<{ peers: number; ranges: number }> {
  const analysis = await uiAnalysis(input);
  let peers = 0;
  let ranges = 0;
  for (const key of analysis.groups.keys()) {
    for (const [command, direction] of DIRECTIONS) {
      const r = await runCli([command, ...input, key, '-o', 'json']);
      expect(r.code, `${command} ${key}: ${r.stderr}`).toBe(0);
      const doc = JSON.parse(r.stdout) as { pods: unknown[]; addresses: unknown[] };
      const tab = reachTab(analysis, key, direction);
      expect({ key, command, pods: tab.pods, addresses: tab.addresses }).toEqual({ key, command, pods: doc.pods, addresses: doc.addresses });
      peers += tab.pods.length;
      ranges += tab.addresses.length;
    }
  }
  return { peers, ranges };
}

describe('UI reach tabs = who-can-reach / reachable-from', () => {
  it('on the demo cluster, for every workload both ways', async () => {
    const { peers } = await compare(['--demo']);
    // Not vacuous: the demo's workloads reach and are reached by many peers.
    expect(peers).toBeGreaterThan(20);
  });

  it('on random clusters (namespaces, StatefulSet replicas, kube-dns, random policies)', async () => {
    let run = 0;
    const seen = { peers: 0, ranges: 0 };
    await fc.assert(
      fc.asyncProperty(randomCluster, async (c) => {
        const file = dir.write(`cluster-${run++}.json`, manifestText(c));
        const { peers, ranges } = await compare(['-f', file]);
        seen.peers += peers;
        seen.ranges += ranges;
      }),
      { numRuns: 15, seed: 11 },
    );
    // Not vacuous: pod rows and address rows were compared.
    expect(seen.peers).toBeGreaterThan(0);
    expect(seen.ranges).toBeGreaterThan(0);
  });
});
