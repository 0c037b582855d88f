// kubectl netpol matrix: connectivity between workloads as a grid, CSV, JSON, DOT or Mermaid.
import { Option, type Command } from 'commander';
import { matrixNodes } from '../../engine/analysis/matrix.js';
import { MatrixJudge } from '../../engine/analysis/matrix-judge.js';
import { jsonAroundEdges, matrixCsv, matrixDot, matrixMermaid, renderMatrixCsv, renderMatrixDot, renderMatrixGrid, renderMatrixMermaid, type LinePrinter } from '../../format/matrix-text.js';
import { isStructured, renderNames, renderStructured } from '../../format/structured.js';
import { namespaceSummaryView, workloadGrid, type MatrixView } from '../../report/matrix-view.js';
import { writePieces } from '../stream-output.js';
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
  const nodes = matrixNodes({ ...state.snapshot, pods: state.snapshot.pods.filter(selected) }, scope);
  if (nodes.length > 0) checkNamedPortOnPods(probe, nodes.map((n) => n.pods[0]!), `in ${scope ? scopeLabel(scope) : 'the input'}`);
  const output = flags.output ?? 'table';
  const summarize = flags.by === 'namespace' || (flags.by === undefined && nodes.length > MAX_GRID && output === 'table');
  // -o name of the workload grid lists the nodes: no pair needs judging.
  if (output === 'name' && !summarize) {
    io.stdout.write(renderNames(nodes.map((n) => `${n.namespace}/${n.name}`)));
    return EXIT.ok;
  }
  // Each distinct question is judged once (classes of pods), and only what is printed is computed:
  // a summary counts pairs per namespace, a workload grid is written row by row.
  const judge = new MatrixJudge(nodes, state.index, probe && typeof probe.port === 'string' ? [probe.port] : []);
  const grid = workloadGrid(judge, probe);
  const streamed = streamPrinter(output);
  if (!summarize && (output === 'json' || streamed)) {
    const edges = (function* () {
      for (const row of grid.rows()) yield* row;
    })();
    if (streamed) {
      await writePieces(io.stdout, linesOf(streamed, grid.head.nodes, edges));
      return EXIT.ok;
    }
    const json = jsonAroundEdges(jsonDocument('Matrix', { ...grid.head, edges: [] }, state, scopeLabel(scope)));
    await writePieces(io.stdout, jsonPieces(json, edges));
    return EXIT.ok;
  }
  const view: MatrixView = summarize ? namespaceSummaryView(judge.namespaceSummary(probe ?? undefined), probe) : { ...grid.head, edges: [...grid.rows()].flat() };
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Matrix', view, state, scopeLabel(scope)), flags.output));
  // -o name: the namespaces of the summary, one per line.
  else if (output === 'name') io.stdout.write(renderNames(view.nodes.map((n) => n.label)));
  else switch (output) {
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
      if (summarize && flags.by === undefined) io.stdout.write(`${nodes.length} workloads: summarized by namespace (--by workload for the full grid)\n`);
      io.stdout.write(renderMatrixGrid(view, paletteFor(flags, io)));
  }
  return EXIT.ok;
}

/** The line formats a workload grid is streamed in. */
function streamPrinter(output: string): LinePrinter | undefined {
  return output === 'csv' ? matrixCsv : output === 'dot' ? matrixDot : output === 'mermaid' ? matrixMermaid : undefined;
}

function* linesOf(printer: LinePrinter, nodes: MatrixView['nodes'], edges: Iterable<MatrixView['edges'][number]>): Generator<string> {
  for (const line of printer.head(nodes)) yield `${line}\n`;
  for (const edge of edges) yield `${printer.edge(nodes, edge)}\n`;
  for (const line of printer.tail) yield `${line}\n`;
}

function* jsonPieces(json: ReturnType<typeof jsonAroundEdges>, edges: Iterable<MatrixView['edges'][number]>): Generator<string> {
  yield json.head;
  let first = true;
  for (const edge of edges) {
    yield json.element(edge, first);
    first = false;
  }
  yield json.close(!first);
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
