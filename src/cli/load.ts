// Turns input flags into analysed state: a snapshot from files or the cluster, validated and compiled.
import type { Snapshot } from '../model/snapshot.js';
import { DEFAULT_OPTIONS, PolicyIndex } from '../engine/compile.js';
import { validatePolicies, type ValidationIssue } from '../engine/validate.js';
import { assembleSnapshot } from '../sources/assemble.js';
import { manifestObjects } from '../sources/manifest/parse.js';
import { readManifestTexts } from '../sources/manifest/read-files.js';
import { describeOrigin } from '../sources/source-error.js';
import type { ClusterScope, ListedCollection } from '../sources/cluster/cluster-source.js';
import { UserError } from './errors.js';
import { clip } from '../model/quote.js';
import { document, type Document, type DocumentKind } from '../report/document.js';
import { rejectInvalidAdminPolicies } from './admin-validation.js';
import { sanitizeLine } from '../format/sanitize.js';
import { clipMessage } from '../model/quote.js';
import { ignoredSentence, renderIgnoredHeader } from '../format/notes-text.js';
import { ignoredView, type IgnoredKindView } from '../report/ignored-view.js';
import { parseChunkSize, parseDuration, validateInputFlags } from './flags.js';
import type { InputFlags } from './flags.js';
import type { CommandIO } from './io.js';
import { progressLine, type ProgressLine } from './progress.js';
import { applyOverlayInput, readOverlayInput, widenScope } from './what-if.js';
import { checkNamespaceFlag } from './namespace-flag.js';
import type { PolicyRef } from '../model/policy.js';
import type { AdminPolicyRef } from '../model/admin-policy.js';

export interface LoadedState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** Where the state came from, for headers. */
  readonly description: string;
  /** The namespace that names without one resolve in. */
  readonly namespace: string;
  /** What the answer could not take into account, printed to stderr by commands. */
  readonly warnings: readonly string[];
  /** Set with --policies-from / --without-policy: the state before the overlay, and what changed. */
  readonly whatIf?: WhatIf;
  /** With `invalidPolicies: 'keep'`: what the API would reject (otherwise loading fails on it). */
  readonly invalid?: readonly ValidationIssue[];
  /** A live cluster: the lists read, where watches of them start. */
  readonly lists?: readonly ListedCollection[];
}

export interface WhatIf {
  readonly base: Snapshot;
  readonly baseIndex: PolicyIndex;
  readonly replaced: readonly PolicyRef[];
  readonly added: readonly PolicyRef[];
  readonly removed: readonly PolicyRef[];
  /** Admin policies replaced, added and removed. */
  readonly admin?: { readonly replaced: readonly AdminPolicyRef[]; readonly added: readonly AdminPolicyRef[]; readonly removed: readonly AdminPolicyRef[] };
}

export interface LoadOptions {
  /** `keep`: return policies the API would reject in `invalid` instead of failing (lint reports them). */
  readonly invalidPolicies?: 'reject' | 'keep';
}

/** Text output: a line naming the policy kinds the answer does not account for, if any (before any other header). */
export const ignoredHeader = (state: LoadedState): string => {
  const line = renderIgnoredHeader(ignoredView(state.snapshot));
  return line ? `${line}\n` : '';
};

/**
 * `-o json|yaml` of every command: the versioned envelope (apiVersion, kind, source, scope), the
 * view, and `ignored`, the policy kinds not evaluated (only when there are any).
 */
export const jsonDocument = <T extends object>(kind: DocumentKind, view: T, state: LoadedState, scope?: string): Document<T> & { readonly ignored?: IgnoredKindView[] } => {
  const ignored = ignoredView(state.snapshot);
  const body = ignored.length > 0 ? { ...view, ignored } : view;
  return document(kind, body, { source: state.description, ...(scope !== undefined ? { scope } : {}) });
};

/** For text output of commands without a header of their own: one line saying the answer is for a proposed state. */
export const whatIfHeader = (state: LoadedState): string => ignoredHeader(state) + (state.whatIf ? `${sanitizeLine(state.description)}\n\n` : '');

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

async function loadManifests(files: string[], flags: InputFlags, io: CommandIO, progress: ProgressLine): Promise<Snapshot> {
  progress.phase('reading files');
  const texts = await readManifestTexts(files, { recursive: flags.recursive === true, stdin: io.stdin });
  progress.phase(`parsing ${texts.length} file${texts.length === 1 ? '' : 's'}`);
  // Objects flow from the parser into the snapshot one at a time: the raw trees are never all held at once.
  const objects = (function* () {
    for (const text of texts) {
      for (const object of manifestObjects(text)) {
        progress.add('objects', 1, 0);
        yield object;
      }
    }
  })();
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

async function loadCluster(flags: InputFlags, io: CommandIO, scopeFor: ScopeFor, progress: ProgressLine) {
  progress.phase('reading the cluster');
  // Loaded on demand: client-node is large, and -f never needs it.
  const { readCluster } = await import('../sources/cluster/cluster-source.js');
  const { resolveKubeconfig } = await import('../sources/cluster/client-config.js');
  const kube = resolveKubeconfig(flags, io.env);
  const namespace = flags.namespace ?? kube.namespace;
  const read = await readCluster(
    { ...flags, timeoutMs: parseDuration(flags.requestTimeout ?? '30s'), pageSize: parseChunkSize(flags.chunkSize), progress: progress.add },
    scopeFor(namespace),
    io.env,
  );
  return { snapshot: read.snapshot, lists: read.lists, namespace, warnings: read.warnings, description: `context ${kube.contextName}` };
}

const MAX_NOTICES = 5;

/** One warning per input notice (the first few, then a count): read, but the API server would refuse it. */
function noticeWarnings(snapshot: Snapshot): string[] {
  const notices = snapshot.notices ?? [];
  const lines = notices
    .slice(0, MAX_NOTICES)
    .map((n) => `${n.origin ? `${describeOrigin({ file: n.origin.file, doc: n.origin.doc })}: ` : ''}${n.kind} ${n.kind === 'Namespace' ? clip(n.name) : `${clip(n.namespace)}/${clip(n.name)}`}: ${n.field}: ${n.message}`);
  if (notices.length > MAX_NOTICES) lines.push(`... and ${notices.length - MAX_NOTICES} more objects the API server would refuse (lint lists them all)`);
  return lines;
}

export async function loadState(flags: InputFlags, io: CommandIO, scopeFor: ScopeFor = namespaceScope(flags), load: LoadOptions = {}): Promise<LoadedState> {
  // On a terminal's stderr, after a second: what is being read and analysed; gone before any output.
  const progress = progressLine(io);
  try {
    return await readAndCompile(flags, io, scopeFor, load, progress);
  } finally {
    progress.stop();
  }
}

async function readAndCompile(flags: InputFlags, io: CommandIO, scopeFor: ScopeFor, load: LoadOptions, progress: ProgressLine): Promise<LoadedState> {
  validateInputFlags(flags);
  const fromFiles = flags.filename !== undefined && flags.filename.length > 0;
  const overlay = await readOverlayInput(flags, io);
  const loaded = flags.demo
    ? await loadDemo(flags)
    : fromFiles
    ? {
        snapshot: await loadManifests(flags.filename!, flags, io, progress),
        namespace: flags.namespace ?? 'default',
        warnings: [] as string[],
        description: `files: ${flags.filename!.join(', ')}`,
      }
    : await loadCluster(flags, io, widenScope(scopeFor, overlay), progress);
  const applied = overlay && applyOverlayInput(loaded.snapshot, overlay, loaded.namespace, loaded.description);
  const snapshot = applied ? applied.snapshot : loaded.snapshot;
  checkNamespaceFlag(flags, snapshot, !flags.demo && !fromFiles);
  progress.phase(`checking ${snapshot.policies.length.toLocaleString('en-US')} policies`);
  const issues = validatePolicies(snapshot.policies);
  if (issues.length > 0 && load.invalidPolicies !== 'keep') {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new UserError(`${describeIssue(issues[0]!)}${more}`);
  }
  if (load.invalidPolicies !== 'keep') rejectInvalidAdminPolicies(snapshot);
  const options = { ...DEFAULT_OPTIONS, ipBlockMatchesPods: !flags.ipblockExternalOnly };
  const ignored = ignoredSentence(ignoredView(snapshot));
  // lint reports what the API server would refuse as findings; every other command warns.
  const notices = load.invalidPolicies === 'keep' ? [] : noticeWarnings(snapshot);
  const warnings = [...loaded.warnings, ...(applied?.warnings ?? []), ...(ignored ? [ignored] : []), ...notices];
  if (warnings.length > 0) progress.clear();
  for (const warning of warnings) io.stderr.write(`warning: ${sanitizeLine(clipMessage(warning))}\n`);
  progress.phase(`compiling ${snapshot.policies.length.toLocaleString('en-US')} policies`);
  const index = new PolicyIndex(snapshot, options);
  const state = { ...loaded, snapshot, index, warnings, ...(load.invalidPolicies === 'keep' ? { invalid: issues } : {}) };
  if (!applied) return state;
  const { replaced, added, removed } = applied;
  const baseIndex = new PolicyIndex(loaded.snapshot, options);
  return { ...state, description: `what-if: ${loaded.description} ${applied.summary}`, whatIf: { base: loaded.snapshot, baseIndex, replaced, added, removed, admin: applied.admin } };
}
