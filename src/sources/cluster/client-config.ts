// Loads a kubeconfig the way kubectl does (--kubeconfig, or KUBECONFIG's files merged, first value
// wins, or ~/.kube/config) and applies --context, --cluster, --user and the namespace default.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Context } from '@kubernetes/client-node';
import { ClusterAccessError, redactServer } from './cluster-error.js';

export interface KubeconfigFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly user?: string;
}

export interface ResolvedKubeconfig {
  readonly config: KubeConfig;
  readonly contextName: string;
  /** The server URL for messages: credentials in it masked, its query dropped. */
  readonly server: string;
  readonly userName: string;
  /** The context's namespace, or `default`. */
  readonly namespace: string;
}

function loadFile(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ClusterAccessError('config', `kubeconfig ${path} cannot be loaded: ${reason}`);
  }
  return kc;
}

/** kubectl's merge: the first file to define a name or the current context wins. */
function merge(files: readonly string[]): KubeConfig {
  const configs = files.map(loadFile);
  const pick = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: pick(configs.map((c) => c.getClusters())),
    users: pick(configs.map((c) => c.getUsers())),
    contexts: pick(configs.map((c) => c.getContexts())),
    currentContext: configs.map((c) => c.getCurrentContext()).find((name) => !!name) ?? '',
  });
  return merged;
}

function kubeconfigFiles(flags: KubeconfigFlags, env: Readonly<Record<string, string | undefined>>): string[] {
  if (flags.kubeconfig) {
    if (!existsSync(flags.kubeconfig)) throw new ClusterAccessError('config', `--kubeconfig ${flags.kubeconfig}: no such file`);
    return [flags.kubeconfig];
  }
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f !== '');
  if (fromEnv.length > 0) {
    const present = fromEnv.filter((f) => existsSync(f));
    if (present.length === 0) throw new ClusterAccessError('config', 'none of the files in KUBECONFIG exists');
    return present;
  }
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (!existsSync(home)) {
    throw new ClusterAccessError('config', 'no kubeconfig found (set KUBECONFIG or --kubeconfig, or give manifests with -f)');
  }
  return [home];
}

export function resolveKubeconfig(flags: KubeconfigFlags, env: Readonly<Record<string, string | undefined>>): ResolvedKubeconfig {
  const kc = merge(kubeconfigFiles(flags, env));
  const contextName = flags.context ?? kc.getCurrentContext();
  if (!contextName) throw new ClusterAccessError('config', 'the kubeconfig has no current context: use --context');
  const context = kc.getContextObject(contextName);
  if (!context) {
    const known = kc.getContexts().map((c) => c.name);
    throw new ClusterAccessError('config', `context "${contextName}" not found in the kubeconfig${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  const effective: Context = {
    ...context,
    ...(flags.cluster ? { cluster: flags.cluster } : {}),
    ...(flags.user ? { user: flags.user } : {}),
  };
  const cluster = kc.getCluster(effective.cluster);
  if (!cluster) throw new ClusterAccessError('config', `cluster "${effective.cluster}" not found in the kubeconfig`);
  if (!kc.getUser(effective.user)) throw new ClusterAccessError('config', `user "${effective.user}" not found in the kubeconfig`);
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: kc.getClusters(),
    users: kc.getUsers(),
    contexts: [...kc.getContexts().filter((c) => c.name !== contextName), effective],
    currentContext: contextName,
  });
  return { config, contextName, server: redactServer(cluster.server), userName: effective.user, namespace: effective.namespace || 'default' };
}
