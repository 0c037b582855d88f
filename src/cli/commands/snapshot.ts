// kubectl netpol snapshot: what was read, as manifests that -f reads back (share and replay offline).
import type { Command } from 'commander';
import { renderManifests } from '../../format/manifests.js';
import { EXIT } from '../errors.js';
import { addInputFlags, type InputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, namespaceScope } from '../load.js';
import { ignoredSentence } from '../../format/notes-text.js';
import { ignoredView } from '../../report/ignored-view.js';

export async function runSnapshot(flags: InputFlags, io: CommandIO): Promise<number> {
  const state = await loadState(flags, io, namespaceScope(flags));
  const { snapshot } = state;
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
    .description('Writes what kubectl-netpol reads as multi-document YAML; `-f` on that file gives identical answers offline.\nDefault scope: the current namespace; -A for all.');
  addInputFlags(cmd).action(async (flags: InputFlags) => {
    setExit(await runSnapshot(flags, io));
  });
}
