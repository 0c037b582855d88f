// Turns input flags into analysed state: a snapshot from files or the cluster, validated and compiled.
import type { Snapshot } from '../model/snapshot.js';
import { DEFAULT_OPTIONS, PolicyIndex } from '../engine/compile.js';
import { validatePolicies, type ValidationIssue } from '../engine/validate.js';
import { assembleSnapshot } from '../sources/assemble.js';
import { parseManifest } from '../sources/manifest/parse.js';
import { readManifestTexts } from '../sources/manifest/read-files.js';
import { describeOrigin } from '../sources/source-error.js';
import type { ClusterScope } from '../sources/cluster/cluster-source.js';
import { UserError } from './errors.js';
import { sanitizeLine } from '../format/sanitize.js';
import { parseChunkSize, parseDuration } from './flags.js';
import type { InputFlags } from './flags.js';
import type { CommandIO } from './io.js';

export interface LoadedState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** Where the state came from, for headers. */
  readonly description: string;
  /** The namespace that names without one resolve in. */
  readonly namespace: string;
  /** What the answer could not take into account, printed to stderr by commands. */
  readonly warnings: readonly string[];
}

/** Which namespaces a command needs, given the namespace that names without one resolve in. */
export type ScopeFor = (namespace: string) => ClusterScope;

/**
 * The namespaces a report covers: -A all; -n one; otherwise the context's namespace for a live
 * cluster, and every namespace of the files for -f (undefined means all).
 */
export function namespacesInScope(flags: InputFlags, state: LoadedState): ReadonlySet<string> | undefined {
  if (flags.allNamespaces) return undefined;
  if (flags.namespace) return new Set([flags.namespace]);
  return flags.filename?.length || flags.demo ? undefined : new Set([state.namespace]);
}

export const scopeLabel = (scope: ReadonlySet<string> | undefined): string =>
  scope ? `namespace${scope.size > 1 ? 's' : ''} ${[...scope].join(', ')}` : 'all namespaces';

/** The scope of commands that take -n / -A: one namespace, or all. */
export const namespaceScope =
  (flags: InputFlags): ScopeFor =>
  (namespace) => ({ namespaces: flags.allNamespaces ? 'all' : [namespace] });

export function describeIssue(issue: ValidationIssue): string {
  const where = issue.origin ? `${describeOrigin({ file: issue.origin.file, doc: issue.origin.doc })}: ` : '';
  return `${where}NetworkPolicy ${issue.policy.namespace}/${issue.policy.name}: ${issue.path}: ${issue.message}`;
}

async function loadManifests(files: string[], flags: InputFlags, io: CommandIO): Promise<Snapshot> {
  const texts = await readManifestTexts(files, { recursive: flags.recursive === true, stdin: io.stdin });
  const objects = texts.flatMap(parseManifest);
  return assembleSnapshot(objects, { defaultNamespace: flags.namespace ?? 'default' });
}

async function loadDemo(flags: InputFlags) {
  const { demoObjects } = await import('../sources/demo/demo-manifests.js');
  const objects = demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } }));
  return {
    snapshot: assembleSnapshot(objects, { defaultNamespace: 'default' }),
    namespace: flags.namespace ?? 'default',
    warnings: [] as string[],
    description: 'demo cluster',
  };
}

async function loadCluster(flags: InputFlags, io: CommandIO, scopeFor: ScopeFor) {
  // Loaded on demand: client-node is large, and -f never needs it.
  const { readCluster } = await import('../sources/cluster/cluster-source.js');
  const { resolveKubeconfig } = await import('../sources/cluster/kubeconfig.js');
  const kube = resolveKubeconfig(flags, io.env);
  const namespace = flags.namespace ?? kube.namespace;
  const read = await readCluster(
    { ...flags, timeoutMs: parseDuration(flags.requestTimeout ?? '30s'), pageSize: parseChunkSize(flags.chunkSize) },
    scopeFor(namespace),
    io.env,
  );
  return { snapshot: read.snapshot, namespace, warnings: read.warnings, description: `context ${kube.contextName}` };
}

export async function loadState(flags: InputFlags, io: CommandIO, scopeFor: ScopeFor = namespaceScope(flags)): Promise<LoadedState> {
  if (flags.allNamespaces && flags.namespace) throw new UserError('-n/--namespace and -A/--all-namespaces cannot be used together');
  const fromFiles = flags.filename !== undefined && flags.filename.length > 0;
  if (fromFiles && flags.demo) throw new UserError('--demo and -f cannot be used together');
  const loaded = flags.demo
    ? await loadDemo(flags)
    : fromFiles
    ? {
        snapshot: await loadManifests(flags.filename!, flags, io),
        namespace: flags.namespace ?? 'default',
        warnings: [] as string[],
        description: `files: ${flags.filename!.join(', ')}`,
      }
    : await loadCluster(flags, io, scopeFor);
  const { snapshot } = loaded;
  const issues = validatePolicies(snapshot.policies);
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new UserError(`${describeIssue(issues[0]!)}${more}`);
  }
  const options = { ...DEFAULT_OPTIONS, ipBlockMatchesPods: !flags.ipblockExternalOnly };
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${sanitizeLine(warning)}\n`);
  return { ...loaded, index: new PolicyIndex(snapshot, options) };
}
