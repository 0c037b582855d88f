// kubectl's flags, declared once and applied to every command that reads cluster state.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UserError } from './errors.js';
import { checkJsonPathTemplate } from '../format/jsonpath.js';

export interface InputFlags {
  readonly filename?: string[];
  readonly recursive?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly user?: string;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly requestTimeout?: string;
  readonly ipblockExternalOnly?: boolean;
  readonly demo?: boolean;
  readonly chunkSize?: string;
  /** What-if: proposed NetworkPolicies laid over the input (files, directories, -). */
  readonly policiesFrom?: string[];
  /** What-if: NetworkPolicies (NS/NAME) taken away from the input. */
  readonly withoutPolicy?: string[];
}

export interface OutputFlags {
  readonly output?: string;
  readonly color: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Input flags: manifests (-f) or the live cluster (kubeconfig flags). `allNamespaces: false` for
 * commands whose arguments name their namespaces (can-reach, assert): -A means nothing there.
 */
export function addInputFlags(cmd: Command, options: { allNamespaces?: boolean } = {}): Command {
  cmd
    .option('-f, --filename <path>', 'read manifests from a file, directory or - (stdin) instead of the cluster; repeatable', collect)
    .option('-R, --recursive', 'with -f, read directories recursively')
    .option('--demo', 'use the built-in demo cluster (no cluster or files needed)')
    .option('--kubeconfig <path>', 'path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('--cluster <name>', 'the kubeconfig cluster to use')
    .option('--user <name>', 'the kubeconfig user to use')
    .option('-n, --namespace <ns>', "namespace (default: the context's namespace; with -f, default)");
  if (options.allNamespaces !== false) cmd.option('-A, --all-namespaces', 'all namespaces');
  return cmd
    .option('--chunk-size <n>', 'list the cluster in pages of this many objects, as kubectl does', '500')
    .option('--request-timeout <duration>', 'time limit for reading each resource from the cluster, all its pages together, e.g. 10s, 1m (0: none)', '30s')
    .option('--ipblock-external-only', 'ipBlock peers match only addresses outside the pod network, never pod IPs')
    .option(
      '--policies-from <path>',
      'what-if: lay the NetworkPolicies and admin policies of a file, directory or - over the input (same namespace/name, or kind/name, replaces); repeatable',
      collect,
    )
    .option('--without-policy <ns/name>', 'what-if: take this NetworkPolicy (or ClusterNetworkPolicy/NAME, AdminNetworkPolicy/NAME, ...) away from the input; repeatable', collect);
}

/**
 * -o: one of the command's formats; `jsonpath=TEMPLATE` wherever json is one (kubectl's syntax,
 * over the -o json document).
 */
export function addOutputFlags(cmd: Command, formats: readonly string[]): Command {
  const jsonpath = formats.includes('json');
  const listed = [...formats, ...(jsonpath ? ['jsonpath=...'] : [])].join('|');
  const parse = (value: string): string => {
    if (formats.includes(value)) return value;
    if (jsonpath && value.startsWith('jsonpath=') && value.length > 'jsonpath='.length) {
      try {
        checkJsonPathTemplate(value.slice('jsonpath='.length));
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
      return value;
    }
    throw new InvalidArgumentError(`"${value}" is not one of ${listed}`);
  };
  const option = new Option('-o, --output <format>', `output format: ${listed}`).argParser(parse);
  // Shell completion offers the fixed formats (jsonpath=... takes a template of the user's).
  option.argChoices = [...formats];
  return cmd.addOption(option).option('--no-color', 'never colour the output (also: NO_COLOR)');
}

/** The longest --request-timeout: a Node timer takes at most 2^31-1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const withinTimerRange = (text: string, ms: number): number => {
  if (!(ms <= MAX_DURATION_MS)) throw new UserError(`--request-timeout: "${text}" is too long (at most 596h31m23s; 0 means no limit)`);
  return Math.ceil(ms);
};

const CLUSTER_FLAGS = [
  ['kubeconfig', '--kubeconfig'],
  ['context', '--context'],
  ['cluster', '--cluster'],
  ['user', '--user'],
] as const;

/**
 * Checks the input flags before anything is read: values parse, and flags that read no cluster are
 * not combined with flags that only a cluster read uses. One sentence names the conflict.
 */
export function validateInputFlags(flags: InputFlags): void {
  if (flags.allNamespaces && flags.namespace) throw new UserError('-n/--namespace and -A/--all-namespaces cannot be used together');
  const fromFiles = flags.filename !== undefined && flags.filename.length > 0;
  if (fromFiles && flags.demo) throw new UserError('--demo and -f cannot be used together');
  parseDuration(flags.requestTimeout ?? '30s');
  parseChunkSize(flags.chunkSize);
  if (fromFiles || flags.demo) {
    const used = CLUSTER_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
    if (used.length > 0) throw new UserError(`${used.join(', ')} ${used.length > 1 ? 'select' : 'selects'} a cluster, but ${flags.demo ? '--demo' : '-f'} reads no cluster`);
  }
}

/** Parses kubectl durations: `30s`, `1m`, `500ms`, `2m30s`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return withinTimerRange(text, Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched = re.lastIndex;
  }
  if (matched !== text.length || text.length === 0) throw new UserError(`--request-timeout: "${text}" is not a duration (e.g. 10s, 1m)`);
  return withinTimerRange(text, total);
}

export function parseChunkSize(text: string | undefined): number {
  const n = Number(text ?? '500');
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--chunk-size: "${text}" is not a positive whole number`);
  return n;
}
