// kubectl netpol matrix: connectivity between workloads as a grid, CSV, JSON, DOT or Mermaid.
import { Option, type Command } from 'commander';
import { computeMatrix } from '../../engine/analysis/matrix.js';
import { renderMatrixCsv, renderMatrixDot, renderMatrixGrid, renderMatrixMermaid } from '../../format/matrix-text.js';
import { isStructured, renderNames, renderStructured } from '../../format/structured.js';
import { matrixView, summarizeByNamespace } from '../../report/matrix-view.js';
import { checkNamedPortOnPods, paletteFor, parseListProbe } from '../arguments.js';
import { EXIT } from '../errors.js';
import { podSelectorFlag, SELECTOR_HELP } from '../label-selector.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { loadState, namespacesInScope, namespaceScope, scopeLabel, whatIfHeader, jsonDocument } from '../load.js';

interface MatrixFlags extends InputFlags, OutputFlags {
  readonly selector?: string;
  readonly port?: string;
  readonly protocol?: string;
  readonly by?: 'workload' | 'namespace';
}

/** More workloads than this are summarized by namespace unless --by workload. */
const MAX_GRID = 20;

export async function runMatrix(flags: MatrixFlags, io: CommandIO): Promise<number> {
  const probe = parseListProbe(flags.port, flags.protocol);
  const selected = podSelectorFlag(flags.selector);
  const state = await loadState(flags, io, namespaceScope(flags));
  const scope = namespacesInScope(flags, state);
  // -l keeps the workloads whose pods match, on both axes.
  const matrix = computeMatrix({ ...state.snapshot, pods: state.snapshot.pods.filter(selected) }, state.index, scope);
  if (matrix.nodes.length > 0) checkNamedPortOnPods(probe, matrix.nodes.map((n) => n.pods[0]!), `in ${scope ? scopeLabel(scope) : 'the input'}`);
  const byWorkload = matrixView(matrix, probe);
  const summarize = flags.by === 'namespace' || (flags.by === undefined && byWorkload.nodes.length > MAX_GRID && (flags.output ?? 'table') === 'table');
  const view = summarize ? summarizeByNamespace(byWorkload) : byWorkload;
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Matrix', view, state, scopeLabel(scope)), flags.output));
  // -o name: the workloads (or namespaces) of the grid, one per line.
  else if (flags.output === 'name') io.stdout.write(renderNames(view.nodes.map((n) => n.label)));
  else switch (flags.output) {
    case 'csv':
      io.stdout.write(renderMatrixCsv(view));
      break;
    case 'dot':
      io.stdout.write(renderMatrixDot(view));
      break;
    case 'mermaid':
      io.stdout.write(renderMatrixMermaid(view));
      break;
    default:
      io.stdout.write(whatIfHeader(state));
      if (summarize && flags.by === undefined) io.stdout.write(`${byWorkload.nodes.length} workloads: summarized by namespace (--by workload for the full grid)\n`);
      io.stdout.write(renderMatrixGrid(view, paletteFor(flags, io)));
  }
  return EXIT.ok;
}

export function registerMatrix(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('matrix')
    .summary('connectivity between workloads as a grid, CSV, DOT or Mermaid')
    .description('Rows are sources, columns destinations, one representative pod per workload.\nScope: the current namespace, -n NAMESPACE, or -A (with -f: every namespace in the files unless -n).\n\nExit status: 0 ok, 2 bad input, 3 cluster error.')
    .option('-l, --selector <selector>', SELECTOR_HELP)
    .option('--port <port>', 'only connections allowed on this port: a number, or a container port name of each destination')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP with --port (default TCP)')
    .addOption(new Option('--by <grouping>', 'one row per workload or per namespace (default: workload, namespace when large)').choices(['workload', 'namespace']));
  addOutputFlags(addInputFlags(cmd), ['table', 'json', 'yaml', 'csv', 'dot', 'mermaid', 'name']).action(async (flags: MatrixFlags) => {
    setExit(await runMatrix(flags, io));
  });
}
