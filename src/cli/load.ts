// Turns input flags into analysed state: a snapshot from files or the cluster, validated and compiled.
import type { Snapshot } from '../model/snapshot.js';
import { DEFAULT_OPTIONS, PolicyIndex } from '../engine/compile.js';
import { validatePolicies, type ValidationIssue } from '../engine/validate.js';
import { assembleSnapshot } from '../sources/assemble.js';
import { parseManifest } from '../sources/manifest/parse.js';
import { readManifestTexts } from '../sources/manifest/read-files.js';
import { describeOrigin } from '../sources/source-error.js';
import { UserError } from './errors.js';
import type { InputFlags } from './flags.js';
import type { CommandIO } from './io.js';

export interface LoadedState {
  readonly snapshot: Snapshot;
  readonly index: PolicyIndex;
  /** Where the state came from, for headers. */
  readonly description: string;
  /** The namespace that names without one resolve in. */
  readonly namespace: string;
}

export function describeIssue(issue: ValidationIssue): string {
  const where = issue.origin ? `${describeOrigin({ file: issue.origin.file, doc: issue.origin.doc })}: ` : '';
  return `${where}NetworkPolicy ${issue.policy.namespace}/${issue.policy.name}: ${issue.path}: ${issue.message}`;
}

async function loadManifests(files: string[], flags: InputFlags, io: CommandIO): Promise<Snapshot> {
  const texts = await readManifestTexts(files, { recursive: flags.recursive === true, stdin: io.stdin });
  const objects = texts.flatMap(parseManifest);
  return assembleSnapshot(objects, { defaultNamespace: flags.namespace ?? 'default' });
}

export async function loadState(flags: InputFlags, io: CommandIO): Promise<LoadedState> {
  if (!flags.filename || flags.filename.length === 0) {
    throw new UserError('reading the live cluster is not available yet: give manifests with -f FILE (or -f - for stdin)');
  }
  const snapshot = await loadManifests(flags.filename, flags, io);
  const issues = validatePolicies(snapshot.policies);
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new UserError(`${describeIssue(issues[0]!)}${more}`);
  }
  const options = { ...DEFAULT_OPTIONS, ipBlockMatchesPods: !flags.ipblockExternalOnly };
  return {
    snapshot,
    index: new PolicyIndex(snapshot, options),
    description: `files: ${flags.filename.join(', ')}`,
    namespace: flags.namespace ?? 'default',
  };
}
