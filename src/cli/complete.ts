// Shell completion for `kubectl netpol` (kubectl runs `kubectl_complete-netpol` with the words typed
// so far): commands and flags from the commander program itself, contexts from the kubeconfig, and
// namespaces, pods and workloads from the cluster, each request bounded by a short timeout.
import type { Command, Option } from 'commander';
import { buildProgram } from './main.js';
import type { CommandIO } from './io.js';
import type { Snapshot } from '../model/snapshot.js';
import { assembleSnapshot } from '../sources/assemble.js';

/** cobra's directive: do not fall back to file names. */
const NO_FILE_COMPLETION = 4;
const FILE_COMPLETION = 0;
const CLUSTER_TIMEOUT_MS = 2000;

const silentIO = (env: CommandIO['env'], stdin: NodeJS.ReadableStream): CommandIO => ({
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin,
  env,
});

function optionNames(cmd: Command): string[] {
  return cmd.options.flatMap((o: Option) => [o.long, o.short].filter((n): n is string => !!n));
}

/** The flags that take a value, by every name they have. */
function valueOptions(cmd: Command): Map<string, Option> {
  const map = new Map<string, Option>();
  for (const o of cmd.options) if (o.required || o.optional) for (const n of [o.long, o.short]) if (n) map.set(n, o);
  return map;
}

interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  demo?: boolean;
}

function flagValues(words: readonly string[]): ClusterFlags {
  const out: ClusterFlags = {};
  words.forEach((w, i) => {
    const next = words[i + 1];
    if (next === undefined) return;
    if (w === '--kubeconfig') out.kubeconfig = next;
    if (w === '--context') out.context = next;
    if (w === '-n' || w === '--namespace') out.namespace = next;
  });
  if (words.includes('--demo')) out.demo = true;
  return out;
}

async function contexts(flags: ClusterFlags, env: CommandIO['env']): Promise<string[]> {
  try {
    const { resolveKubeconfig } = await import('../sources/cluster/client-config.js');
    return resolveKubeconfig({ ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}) }, env).config.getContexts().map((c) => c.name);
  } catch {
    return [];
  }
}

/** Namespaces, or (inside one namespace) its pods and workloads, read with a short timeout. */
async function readSnapshot(flags: ClusterFlags, env: CommandIO['env'], namespace?: string): Promise<Snapshot> {
  if (flags.demo) {
    const { demoObjects } = await import('../sources/demo/demo-manifests.js');
    return assembleSnapshot(demoObjects().map((object, i) => ({ object, origin: { file: 'demo', doc: i + 1 } })), { defaultNamespace: 'default' });
  }
  const { readCluster } = await import('../sources/cluster/cluster-source.js');
  const cluster = { ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}) };
  return (await readCluster({ ...cluster, timeoutMs: CLUSTER_TIMEOUT_MS }, { namespaces: namespace ? [namespace] : [] }, env)).snapshot;
}

async function clusterNames(flags: ClusterFlags, env: CommandIO['env'], namespace?: string): Promise<string[]> {
  try {
    const snapshot = await readSnapshot(flags, env, namespace);
    if (!namespace) return snapshot.namespaces.map((n) => n.name);
    const pods = snapshot.pods.filter((p) => p.namespace === namespace && !p.synthesized);
    const workloads = new Set(snapshot.pods.filter((p) => p.namespace === namespace).flatMap((p) => (p.owner?.kind ? [`${p.owner.kind.toLowerCase()}/${p.owner.name}`] : [])));
    return [...pods.map((p) => p.name), ...workloads, ...snapshot.services.filter((s) => s.namespace === namespace).map((s) => `svc/${s.name}`)];
  } catch {
    return [];
  }
}

const TARGET_COMMANDS = new Set(['can-reach', 'fix', 'who-can-reach', 'reachable-from']);

/** Completions for the words after `kubectl netpol` (the last one is being typed, maybe empty). */
export async function complete(words: readonly string[], env: CommandIO['env'], stdin: NodeJS.ReadableStream): Promise<{ items: string[]; directive: number }> {
  const program = buildProgram(silentIO(env, stdin), () => {});
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const commandName = before.find((w) => program.commands.some((c) => c.name() === w));
  const command = program.commands.find((c) => c.name() === commandName);
  const match = (items: readonly string[]) => ({ items: items.filter((i) => i.startsWith(current)), directive: NO_FILE_COMPLETION });

  const previous = before[before.length - 1];
  const takesValue = command ? valueOptions(command).get(previous ?? '') : undefined;
  const flags = flagValues(words);
  if (takesValue) {
    if (takesValue.argChoices) return match(takesValue.argChoices);
    if (takesValue.long === '--context') return match(await contexts(flags, env));
    if (takesValue.long === '--namespace') return match(await clusterNames(flags, env));
    if (takesValue.long === '--filename' || takesValue.long === '--kubeconfig' || takesValue.long === '--policies-from' || takesValue.long === '--config') {
      return { items: [], directive: FILE_COMPLETION };
    }
    return { items: [], directive: NO_FILE_COMPLETION };
  }
  if (!command) return match(current.startsWith('-') ? ['--help', '--version'] : program.commands.map((c) => c.name()));
  if (current.startsWith('-')) return match([...optionNames(command), '--help']);
  if (command.name() === 'assert') return { items: [], directive: FILE_COMPLETION };
  if (!TARGET_COMMANDS.has(command.name())) return { items: [], directive: NO_FILE_COMPLETION };
  // Targets: NAMESPACE/ first, then what lives in that namespace.
  const slash = current.indexOf('/');
  if (slash < 0) return match([...(await clusterNames(flags, env)).map((n) => `${n}/`), 'svc/', 'ip:']);
  const namespace = current.slice(0, slash);
  return match((await clusterNames(flags, env, namespace)).map((n) => `${namespace}/${n}`));
}
