// kubectl netpol fix FROM TO: the smallest NetworkPolicy change that allows a denied connection,
// verified on the proposed state, with what else it opens.
import type { Command } from 'commander';
import type { Probe } from '../../engine/reach.js';
import { proposeFix, type FixResult } from '../../engine/whynot/fix.js';
import { renderFix } from '../../format/fix-text.js';
import { policyJson } from '../../format/manifests.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { fixView, type FixView } from '../../report/fix-view.js';
import { checkNamedPort, parsePort, parseProtocol, resolveArgument } from '../arguments.js';
import { EXIT } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { ignoredHeader, loadState, jsonDocument, type LoadedState } from '../load.js';

interface FixFlags extends InputFlags, OutputFlags {
  readonly port?: string;
  readonly protocol?: string;
}

/** --port and --protocol: a port (number or name), or a protocol alone (its declared ports), or neither. */
export function parseFixProbe(port: string | undefined, protocol: string | undefined): Probe | undefined {
  if (port !== undefined) return { port: parsePort(port), protocol: parseProtocol(protocol) };
  return protocol === undefined ? undefined : { protocol: parseProtocol(protocol) };
}

/** Proposes the fix for FROM -> TO on the loaded state (shared by `fix` and `can-reach --suggest`). */
export function fixFor(state: LoadedState, from: string, to: string, probe: Probe | undefined): FixView {
  const source = resolveArgument(from, state, 'FROM');
  const destination = resolveArgument(to, state, 'TO');
  checkNamedPort(probe, destination);
  const result: FixResult = proposeFix({ snapshot: state.snapshot, index: state.index, from: source, to: destination, ...(probe ? { probe } : {}) });
  return fixView(result, policyJson);
}

export const fixExit = (view: FixView): number => (view.status === 'fix' ? EXIT.ok : view.reason === 'unknown' ? EXIT.unknown : EXIT.failed);

export async function runFix(from: string, to: string, flags: FixFlags, io: CommandIO): Promise<number> {
  const probe = parseFixProbe(flags.port, flags.protocol);
  // What a change opens or closes reaches every namespace: read them all.
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }));
  const view = fixFor(state, from, to, probe);
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Fix', view, state), flags.output));
  else io.stdout.write(ignoredHeader(state).replace(/^(?=.)/gm, '# ') + (state.whatIf ? `# ${state.description}\n` : '') + renderFix(view));
  return fixExit(view);
}

export function registerFix(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('fix')
    .argument('<from>', 'source: NS/POD, NS/KIND/NAME, svc/NS/NAME or ip:ADDRESS')
    .argument('<to>', 'destination, same forms; a Service is judged after DNAT on each of its pods')
    .summary('the smallest NetworkPolicy change that allows a denied connection, verified')
    .description(
      'Proposes the smallest NetworkPolicy change that allows FROM -> TO: for each side that denies (egress of the source,\n' +
        'ingress of the destination), a rule added to the policy whose rule came closest, or a new policy selecting the\n' +
        'workload by its stable labels. The change is judged before it is printed: with it laid over the input the\n' +
        'connection is allowed, and everything else it opens or closes between workloads is listed.\n' +
        'Without --port: the ports the destination declares (of --protocol, when given).\n\n' +
        'Output: the summary as YAML comments, then the policies: ready for kubectl apply -f - or --policies-from.\n\n' +
        'Exit status: 0 a fix was found, 1 nothing to change (already allowed) or no NetworkPolicy can allow it\n' +
        '(an Admin-tier Deny, a named port the pod lacks), 2 bad input, 3 cluster error, 5 it depends on DNS or unread Nodes.',
    )
    .option('--port <port>', 'destination port: a number, or a named container port (Service: a service port)')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP (default TCP)');
  addOutputFlags(addInputFlags(cmd, { allNamespaces: false }), ['json', 'yaml']).action(async (from: string, to: string, flags: FixFlags) => {
    setExit(await runFix(from, to, flags, io));
  });
}
