// kubectl netpol snapshot: what was read, as manifests that -f reads back (share and replay offline).
import { Option, type Command } from 'commander';
import { manifestObjects, renderManifests } from '../../format/manifests.js';
import { renderJson } from '../../format/structured.js';
import type { Snapshot } from '../../model/snapshot.js';
import { EXIT } from '../errors.js';
import { addInputFlags, type InputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, namespacesInScope, namespaceScope } from '../load.js';
import { ignoredSentence } from '../../format/notes-text.js';
import { ignoredView } from '../../report/ignored-view.js';

interface SnapshotFlags extends InputFlags {
  readonly output?: 'yaml' | 'json';
}

/** The namespaced objects of the scope; cluster-scoped objects (admin policies, Nodes) stay whole. */
function inScope(snapshot: Snapshot, scope: ReadonlySet<string> | undefined): Snapshot {
  if (!scope) return snapshot;
  const keep = <T extends { namespace: string }>(list: readonly T[]) => list.filter((o) => scope.has(o.namespace));
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.filter((n) => scope.has(n.name)),
    pods: keep(snapshot.pods),
    services: keep(snapshot.services),
    workloads: keep(snapshot.workloads),
    policies: keep(snapshot.policies),
  };
}

export async function runSnapshot(flags: SnapshotFlags, io: CommandIO): Promise<number> {
  const state = await loadState(flags, io, namespaceScope(flags));
  const snapshot = inScope(state.snapshot, namespacesInScope(flags, state));
  if (flags.output === 'json') {
    // kubectl's shape for many objects: a List, which -f reads back.
    io.stdout.write(renderJson({ apiVersion: 'v1', kind: 'List', items: manifestObjects(snapshot) }));
    return EXIT.ok;
  }
  const header = [
    `kubectl-netpol snapshot of ${state.description}`,
    `${snapshot.namespaces.length} namespaces, ${snapshot.pods.length} pods, ${snapshot.services.length} services, ${snapshot.policies.length} NetworkPolicies`,
    'Replay with: kubectl netpol <command> -f <this file>',
    // Objects of these kinds are not written: answers from this file cannot account for them either.
    ...(snapshot.unevaluated.length > 0 ? [`Not included: ${ignoredSentence(ignoredView(snapshot))}`] : []),
  ].join('\n');
  io.stdout.write(renderManifests(snapshot, header));
  return EXIT.ok;
}

export function registerSnapshot(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('snapshot')
    .summary('write the state read (namespaces, pods, services, policies) as manifests for -f')
    .description('Writes what kubectl-netpol reads as multi-document YAML (or a JSON List); `-f` on that file gives identical answers offline.\nDefault scope: the current namespace; -A for all; -n narrows every input (cluster-scoped admin policies and Nodes stay whole).')
    .addOption(new Option('-o, --output <format>', 'output format: yaml (default, multi-document) or json (a List)').choices(['yaml', 'json']));
  addInputFlags(cmd).action(async (flags: SnapshotFlags) => {
    setExit(await runSnapshot(flags, io));
  });
}
