// kubectl netpol can-reach FROM TO: is this connection allowed, and why.
import type { Command } from 'commander';
import { checkReach } from '../../engine/reach.js';
import { renderReach } from '../../format/reach-text.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { reachView } from '../../report/path-view.js';
import { explainedReachView } from '../../report/why-not-view.js';
import { renderFix } from '../../format/fix-text.js';
import { fixFor } from './fix.js';
import { checkNamedPort, paletteFor, parseProbe, resolveArgument, targetScope } from '../arguments.js';
import { EXIT } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, whatIfHeader, jsonDocument } from '../load.js';

interface CanReachFlags extends InputFlags, OutputFlags {
  readonly port?: string;
  readonly protocol?: string;
  readonly explain?: boolean;
  readonly suggest?: boolean;
}

export async function runCanReach(from: string, to: string, flags: CanReachFlags, io: CommandIO): Promise<number> {
  const probe = parseProbe(flags.port, flags.protocol);
  // A suggested fix is judged on every namespace (what else it opens or closes).
  const state = await loadState(flags, io, flags.suggest ? () => ({ namespaces: 'all' }) : targetScope([from, to]));
  const source = resolveArgument(from, state, 'FROM');
  const destination = resolveArgument(to, state, 'TO');
  checkNamedPort(probe, destination);
  const result = checkReach(source, destination, state.index, probe);
  // -o json always walks through denied paths; text only with --explain.
  const view = isStructured(flags.output) || flags.explain ? explainedReachView(result, state.index) : reachView(result);
  const fix = flags.suggest && view.verdict !== 'allowed' ? fixFor(state, from, to, probe) : undefined;
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('CanReach', fix ? { ...view, fix } : view, state), flags.output));
  else io.stdout.write(whatIfHeader(state) + renderReach(view, paletteFor(flags, io)) + (fix ? `\n${renderFix(fix)}` : ''));
  return view.verdict === 'allowed' ? EXIT.ok : view.verdict === 'unknown' ? EXIT.unknown : EXIT.failed;
}

export function registerCanReach(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('can-reach')
    .argument('<from>', 'source: NS/POD, NS/KIND/NAME, svc/NS/NAME or ip:ADDRESS')
    .argument('<to>', 'destination, same forms; a Service is judged after DNAT on each of its pods')
    .summary('is a connection allowed, and which policy rules decide it')
    .description(
      'Judges the connection from FROM to TO: the egress policies of the source and the ingress policies of the destination.\n' +
        'Without --port, prints every port and protocol that is allowed.\n\nExit status: 0 allowed, 1 denied (or allowed on only some paths), 2 bad input, 3 cluster error,\n5 unknown (it depends on DNS or on Nodes that could not be read).',
    )
    .option('--port <port>', 'destination port: a number, or a named container port (Service: a service port)')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP (default TCP)')
    .option('--explain', 'denied paths: every rule of the policies selecting each denied end, closest first, and why it did not admit (-o json always has them, as nearMisses)')
    .option('--suggest', 'denied paths: the smallest NetworkPolicy change that allows it, verified (as kubectl netpol fix prints it)');
  addOutputFlags(addInputFlags(cmd, { allNamespaces: false }), ['json', 'yaml']).action(async (from: string, to: string, flags: CanReachFlags) => {
    setExit(await runCanReach(from, to, flags, io));
  });
}
