// kubectl netpol who-can-reach TARGET and reachable-from SOURCE: every peer, with ports and rules.
import type { Command } from 'commander';
import type { ReachDirection } from '../../engine/analysis/pod-reach.js';
import { formatTargetRef } from '../../engine/target.js';
import { renderPeerList } from '../../format/peer-list-text.js';
import { renderPath } from '../../format/reach-text.js';
import { isStructured, renderNames, renderStructured } from '../../format/structured.js';
import { listedPeers, peerListQuery } from '../../report/peer-list-query.js';
import { checkNamedPort, checkNamedPortOnPods, paletteFor, parseListProbe, resolveArgument } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { podSelectorFlag, SELECTOR_HELP } from '../label-selector.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { ignoredHeader, loadState, jsonDocument } from '../load.js';

interface PeerListFlags extends InputFlags, OutputFlags {
  readonly selector?: string;
  readonly port?: string;
  readonly protocol?: string;
  readonly explain?: boolean;
  readonly denied?: boolean;
}

type Direction = ReachDirection;

export async function runPeerList(direction: Direction, text: string, flags: PeerListFlags, io: CommandIO): Promise<number> {
  const asked = parseListProbe(flags.port, flags.protocol);
  const selected = podSelectorFlag(flags.selector);
  // Peers can be anywhere: read every namespace.
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }));
  const target = resolveArgument(text, state, direction === 'inbound' ? 'TARGET' : 'SOURCE');
  if (target.kind === 'service' && target.pods.length === 0) {
    const why = target.endpointsFrom === 'selector' ? 'selects no running pod' : 'has no ready pod endpoint in its EndpointSlices';
    const others = target.addressBackends.length > 0 ? ` (only ${target.addressBackends.map((a) => a.address).join(', ')}, which no pod read has)` : '';
    throw new UserError(`service ${formatTargetRef(target.ref)} ${why}${others}`);
  }
  if (target.kind === 'service' && direction === 'outbound') throw new UserError('reachable-from takes a pod, a workload or an address (traffic leaves from pods, not from a Service)');

  // A named port must exist where it is resolved: on the target's pods, or on some destination peer
  // (-l narrows the peers listed: sources for who-can-reach, destinations for reachable-from).
  if (direction === 'inbound') checkNamedPort(asked, target);
  else checkNamedPortOnPods(asked, listedPeers(state.snapshot, selected), 'in the input');
  const wantsExplanations = flags.explain === true && flags.output !== 'name' && !isStructured(flags.output);
  const { view, explanations } = peerListQuery(state, { direction, target, probe: asked, peers: selected, denied: flags.denied === true, explain: wantsExplanations });
  // -o name: each peer as a target the other commands take (NS/KIND/NAME, NS/POD).
  if (flags.output === 'name') {
    io.stdout.write(renderNames(view.pods.map((r) => `${r.namespace}/${r.peer}`)));
    return EXIT.ok;
  }
  if (isStructured(flags.output)) {
    io.stdout.write(renderStructured(jsonDocument(direction === 'inbound' ? 'WhoCanReach' : 'ReachableFrom', view, state, 'all namespaces'), flags.output));
    return EXIT.ok;
  }
  const palette = paletteFor(flags, io);
  io.stdout.write(ignoredHeader(state) + renderPeerList(view, { denied: flags.denied === true }, palette));
  if (flags.explain) {
    io.stdout.write('\nExplanations:\n');
    for (const path of explanations) io.stdout.write(`${renderPath(path, view.probe, palette).join('\n')}\n`);
  }
  return EXIT.ok;
}

function register(program: Command, io: CommandIO, setExit: (code: number) => void, direction: Direction): void {
  const inbound = direction === 'inbound';
  const cmd = program
    .command(inbound ? 'who-can-reach' : 'reachable-from')
    .argument(inbound ? '<target>' : '<source>', 'NS/POD, NS/KIND/NAME (a workload), ' + (inbound ? 'svc/NS/NAME, ' : '') + 'or ip:ADDRESS')
    .summary(inbound ? 'every source that can open a connection to a pod, workload or Service' : 'every destination a pod or workload can reach')
    .description(
      (inbound
        ? 'Lists the pods (folded by workload) and the address ranges that can connect to TARGET, with the ports\nand the ingress and egress rules that admit them. A Service is judged after DNAT on each of its pods.'
        : 'Lists the pods (folded by workload) and the address ranges SOURCE can connect to, with the ports and\nthe egress and ingress rules that admit them.') + '\n\nExit status: 0 ok, 2 bad input, 3 cluster error.',
    )
    .option('-l, --selector <selector>', SELECTOR_HELP)
    .option('--port <port>', 'only this destination port: a number, or a container port name resolved on each destination pod')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP with --port (default TCP)')
    .option('--explain', 'print the reasoning for every path')
    .option('--denied', 'also list the pods that are denied, and which isolation blocks them');
  addOutputFlags(addInputFlags(cmd), ['json', 'yaml', 'name']).action(async (target: string, flags: PeerListFlags) => {
    setExit(await runPeerList(direction, target, flags, io));
  });
}

export const registerWhoCanReach = (program: Command, io: CommandIO, setExit: (code: number) => void) => register(program, io, setExit, 'inbound');
export const registerReachableFrom = (program: Command, io: CommandIO, setExit: (code: number) => void) => register(program, io, setExit, 'outbound');
