// kubectl netpol coverage: which pods are isolated, which sources their ingress admits, and what needs attention.
import { Option, type Command } from 'commander';
import { computeCoverage } from '../../engine/analysis/coverage.js';
import { computeAdminCoverage } from '../../engine/analysis/admin-coverage.js';
import { adminCoverageLine, adminCoverageView } from '../../report/admin-coverage-view.js';
import { findFindings } from '../../engine/analysis/findings.js';
import { renderCoverage } from '../../format/coverage-text.js';
import { isStructured, renderNames, renderStructured } from '../../format/structured.js';
import { coverageView } from '../../report/coverage-view.js';
import { paletteFor } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { podSelectorFlag, SELECTOR_HELP } from '../label-selector.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { ignoredHeader, loadState, namespacesInScope, namespaceScope, scopeLabel, jsonDocument } from '../load.js';

interface CoverageFlags extends InputFlags, OutputFlags {
  readonly selector?: string;
  readonly failUnder?: string;
  readonly failOn?: 'warning' | 'error';
}

export async function runCoverage(flags: CoverageFlags, io: CommandIO): Promise<number> {
  const threshold = flags.failUnder === undefined ? undefined : Number(flags.failUnder);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 100)) throw new UserError(`--fail-under: "${flags.failUnder}" is not a percentage between 0 and 100`);
  const selected = podSelectorFlag(flags.selector);
  const state = await loadState(flags, io, namespaceScope(flags));
  const scope = namespacesInScope(flags, state);
  // -l narrows the pods counted and listed; policies and namespaces stay whole.
  const pods = { ...state.snapshot, pods: state.snapshot.pods.filter(selected) };
  const coverage = computeCoverage(pods, state.index, scope);
  const findings = findFindings(state.snapshot, state.index).filter((f) => !scope || scope.has(f.object.namespace));
  const view = coverageView(coverage, findings, state.description, scopeLabel(scope));
  // Pods the admin tiers select (only when the input has admin policies).
  const admin = computeAdminCoverage(pods, state.index, scope);
  const adminView = admin && adminCoverageView(admin);
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Coverage', adminView ? { ...view, adminTiers: adminView } : view, state, scopeLabel(scope)), flags.output));
  // -o name: each workload as a target the other commands take (NS/KIND/NAME, NS/POD).
  else if (flags.output === 'name') io.stdout.write(renderNames(view.workloads.map((w) => `${w.namespace}/${w.name}`)));
  else {
    // Free text wraps to the terminal's width, never in a pipe (scripts read whole lines).
    const width = io.stdout.isTTY === true ? (io.stdout.columns ?? 80) : undefined;
    const text = renderCoverage(view, { wide: flags.output === 'wide', all: flags.output === 'wide', ...(width ? { width } : {}) }, paletteFor(flags, io));
    io.stdout.write(ignoredHeader(state) + text + (adminView ? adminCoverageLine(adminView) : ''));
  }

  // No pods is no evidence of isolation: a threshold never passes on it.
  if (threshold !== undefined && view.totals.pods === 0) {
    const where = scope ? scopeLabel(scope) : 'the input';
    io.stderr.write(`coverage: no pods in ${where}, so none is isolated: --fail-under ${threshold}% is not met\n`);
    return EXIT.failed;
  }
  // Compare exact fractions: the printed percentage is floored.
  if (threshold !== undefined && view.totals.ingressIsolated * 100 < threshold * view.totals.pods) {
    io.stderr.write(`coverage: ${view.totals.ingressPercent}% of pods are isolated for ingress, below --fail-under ${threshold}%\n`);
    return EXIT.failed;
  }
  if (flags.failOn) {
    const failing = view.findings.filter((f) => f.severity === 'error' || (flags.failOn === 'warning' && f.severity === 'warning'));
    if (failing.length > 0) {
      io.stderr.write(`coverage: ${failing.length} finding(s) at or above --fail-on ${flags.failOn}\n`);
      return EXIT.failed;
    }
  }
  return EXIT.ok;
}

export function registerCoverage(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('coverage')
    .summary('which pods are isolated, which sources their ingress admits, and findings')
    .description(
      'Per namespace: pods, % isolated for ingress and egress, default-deny policies. Per workload (replicas folded):\n' +
        'isolation, INGRESS FROM (the broadest sources its ingress policies admit: nobody < namespace < namespaces < cluster <\n' +
        'internet; the sources\' own egress policies are not counted, who-can-reach judges both ends) and the policies selecting it.\n' +
        'Then findings.\n' +
        'Scope: the current namespace, -n NAMESPACE, or -A (with -f: every namespace in the files unless -n).\n\n' +
        'Exit status: 0 ok, 1 below --fail-under or findings at --fail-on, 2 bad input, 3 cluster error.',
    )
    .option('-l, --selector <selector>', SELECTOR_HELP)
    .option('--fail-under <percent>', 'exit 1 when fewer than this % of pods are isolated for ingress')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding of this severity or worse exists').choices(['warning', 'error']));
  addOutputFlags(addInputFlags(cmd), ['json', 'yaml', 'wide', 'name']).action(async (flags: CoverageFlags) => {
    setExit(await runCoverage(flags, io));
  });
}
