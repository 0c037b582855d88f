// kubectl netpol lint: findings on the policies (including ones the API would reject), for people and CI.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { LintConfig } from '../../model/lint-config.js';
import { checkLintConfig, DEFAULT_LINT_CONFIG } from '../../engine/lint/config-check.js';
import { lintPolicies } from '../../engine/lint/lint.js';
import { admissionPlan } from '../../engine/lint/org/admission.js';
import { renderAdmissionYaml } from '../../format/admission-yaml.js';
import { renderLint } from '../../format/lint-text.js';
import { renderSarif } from '../../format/sarif.js';
import { isStructured, renderStructured } from '../../format/structured.js';
import { admissionObjects, type AdmissionAction, type AdmissionEngine } from '../../report/admission-view.js';
import { lintRules, lintView } from '../../report/lint-view.js';
import { parseLintConfig } from '../../sources/lint-config/read-lint-config.js';
import { paletteFor } from '../arguments.js';
import { EXIT, UserError } from '../errors.js';
import { addInputFlags, addOutputFlags, type InputFlags, type OutputFlags } from '../flags.js';
import type { CommandIO } from '../io.js';
import { ignoredHeader, loadState, namespacesInScope, scopeLabel, jsonDocument } from '../load.js';
import { VERSION } from '../version.js';

interface LintFlags extends InputFlags, OutputFlags {
  readonly config?: string;
  readonly failOn?: 'warning' | 'error' | 'none';
  readonly exportAdmission?: AdmissionEngine;
  readonly admissionAction?: AdmissionAction;
}

async function readConfig(file: string | undefined): Promise<LintConfig> {
  if (file === undefined) return DEFAULT_LINT_CONFIG;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`--config ${file}: cannot read the lint config file`);
  }
  const config = parseLintConfig(file, text);
  const problems = checkLintConfig(config);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new UserError(`${file}: ${problems[0]}${more}`);
  }
  return config;
}

/** --export-admission: the config's organisation rules as admission objects on stdout; the rest named on stderr. */
async function exportAdmission(flags: LintFlags, engine: AdmissionEngine, io: CommandIO): Promise<number> {
  if (flags.config === undefined) throw new UserError('--export-admission needs --config FILE: the organisation rules to export');
  const plan = admissionPlan(await readConfig(flags.config));
  for (const n of plan.notExported) io.stderr.write(`lint: ${n.setting} is not exported: ${n.reason}\n`);
  if (plan.rules.length === 0) throw new UserError(`--export-admission: ${flags.config} turns on no organisation rule that admission can judge`);
  const action = flags.admissionAction ?? 'Deny';
  const header =
    engine === 'kyverno'
      ? [`A Kyverno ClusterPolicy (validate.cel, Kyverno 1.11 or later) for the organisation rules of the lint config; failure action ${action === 'Deny' ? 'Enforce' : 'Audit'}.`]
      : [`ValidatingAdmissionPolicies (Kubernetes 1.30 or later) for the organisation rules of the lint config; bindings ${action}.`];
  io.stdout.write(renderAdmissionYaml(admissionObjects(plan, engine, action), [...header, 'Written by kubectl netpol lint --export-admission; apply with kubectl apply -f FILE.']));
  return EXIT.ok;
}

export async function runLint(flags: LintFlags, io: CommandIO): Promise<number> {
  if (flags.exportAdmission !== undefined) return exportAdmission(flags, flags.exportAdmission, io);
  if (flags.admissionAction !== undefined) throw new UserError('--admission-action needs --export-admission');
  const config = await readConfig(flags.config);
  // Peers live anywhere: read every namespace, report on the scope.
  const state = await loadState(flags, io, () => ({ namespaces: 'all' }), { invalidPolicies: 'keep' });
  const scope = namespacesInScope(flags, state);
  // Files hold some namespaces; the demo and a live read that could list namespaces hold them all.
  const fromFiles = flags.filename !== undefined && flags.filename.length > 0;
  const namespacesComplete = flags.demo === true || (!fromFiles && state.snapshot.namespaces.some((n) => !n.synthesized));
  const findings = lintPolicies(state.snapshot, state.index, { issues: state.invalid ?? [], config, namespacesComplete, ...(scope ? { namespaces: scope } : {}) });
  const policies = state.snapshot.policies.filter((p) => !scope || scope.has(p.namespace)).length;
  const view = lintView(findings, state.description, scopeLabel(scope), policies);
  if (isStructured(flags.output)) io.stdout.write(renderStructured(jsonDocument('Lint', view, state, scopeLabel(scope)), flags.output));
  else switch (flags.output) {
    case 'sarif':
      io.stdout.write(renderSarif(view, lintRules(), VERSION));
      break;
    default:
      io.stdout.write(ignoredHeader(state) + renderLint(view, { wide: flags.output === 'wide' }, paletteFor(flags, io)));
  }
  // A linter fails on errors unless told otherwise (--fail-on none).
  const failOn = flags.failOn ?? 'error';
  if (failOn !== 'none') {
    const failing = view.findings.filter((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning')).length;
    if (failing > 0) {
      io.stderr.write(`lint: ${failing} finding${failing === 1 ? '' : 's'} at or above --fail-on ${failOn}\n`);
      return EXIT.failed;
    }
  }
  return EXIT.ok;
}

export function registerLint(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('lint')
    .summary('findings on the policies: invalid, matching nothing, too broad, redundant, organisation rules')
    .description(
      'Checks every NetworkPolicy (with -f, also ones the API server would reject) and reports findings with a stable code, ' +
        'a severity, the object and field, and a fix. --config FILE turns on organisation rules (requireIngressRules, ' +
        'forbidCidrs, requireDefaultDeny, ...), disables codes or changes severities. -o sarif for code-scanning UIs.\n\n' +
        'With --export-admission, writes the organisation rules that can be judged on one object as ValidatingAdmissionPolicies ' +
        'and bindings (or a Kyverno ClusterPolicy) with the same checks and messages, for kubectl apply; the others are named on stderr.\n\n' +
        'Scope: the current namespace, -n NAMESPACE, or -A (with -f: every namespace in the files unless -n).\n\n' +
        'Exit status: 0 ok, 1 findings at or above --fail-on (default: error), 2 bad input, 3 cluster error.',
    )
    .option('--config <file>', 'lint config (YAML): organisation rules, disable, severity, ignoreNamespaces')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding of this severity or worse exists (default: error; none: never)').choices(['warning', 'error', 'none']))
    .addOption(
      new Option('--export-admission [engine]', 'instead of linting, write the --config rules judged per object as admission policies: vap (ValidatingAdmissionPolicy, the default) or kyverno')
        .choices(['vap', 'kyverno'])
        .preset('vap')
        .conflicts(['filename', 'demo', 'output', 'failOn', 'policiesFrom', 'withoutPolicy']),
    )
    .addOption(new Option('--admission-action <action>', 'with --export-admission: what a violation does (default Deny)').choices(['Deny', 'Warn', 'Audit']));
  addOutputFlags(addInputFlags(cmd), ['table', 'wide', 'json', 'yaml', 'sarif']).action(async (flags: LintFlags) => {
    setExit(await runLint(flags, io));
  });
}
