// Watches the objects the analysis reads and reports that something changed, reconnecting with
// backoff; the caller re-reads (a fresh list) and recomputes.
import { ApiClient } from './api-client.js';
import { describeRequestError } from './cluster-error.js';
import type { ResolvedKubeconfig } from './client-config.js';

const RESOURCES = [
  { resource: 'namespaces', path: () => '/api/v1/namespaces', clusterScoped: true },
  { resource: 'pods', path: (ns?: string) => (ns ? `/api/v1/namespaces/${ns}/pods` : '/api/v1/pods') },
  { resource: 'services', path: (ns?: string) => (ns ? `/api/v1/namespaces/${ns}/services` : '/api/v1/services') },
  {
    resource: 'networkpolicies.networking.k8s.io',
    path: (ns?: string) => (ns ? `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies` : '/apis/networking.k8s.io/v1/networkpolicies'),
  },
] as const;

const MAX_BACKOFF_MS = 30_000;

/**
 * Starts one watch per resource (and namespace); `changed` fires on every add, update or delete,
 * `failed` with one line when a watch drops (it is then retried). Returns a function that stops all.
 */
export function watchCluster(
  kube: ResolvedKubeconfig,
  namespaces: 'all' | readonly string[],
  changed: () => void,
  failed: (message: string) => void,
): () => void {
  // node:http(s), not client-node's fetch-based Watch: fetch refuses ports browsers block.
  const watcher = new ApiClient(kube);
  const controllers = new Set<AbortController>();
  let stopped = false;

  const start = (resource: string, path: string, namespace: string | undefined, attempt: number, resourceVersion?: string) => {
    if (stopped) return;
    let lastVersion = resourceVersion;
    const retry = (error: unknown) => {
      if (stopped) return;
      if (error) {
        const described = describeRequestError(error, { verb: 'watch', resource, ...(namespace ? { namespace } : {}), server: kube.server, user: kube.userName, timeoutMs: 0 });
        failed(`watch lost: ${described.message}; retrying`);
      }
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
      // A normal end of a watch (server timeout) resumes at once from the last version seen.
      setTimeout(() => start(resource, path, namespace, error ? attempt + 1 : 0, error ? undefined : lastVersion), error ? delay : 0).unref();
    };
    watcher
      .watch(
        path,
        { allowWatchBookmarks: true, ...(lastVersion ? { resourceVersion: lastVersion } : {}) },
        (phase, object: { metadata?: { resourceVersion?: string } }) => {
          lastVersion = object?.metadata?.resourceVersion ?? lastVersion;
          // Without a starting version the server first replays every object as ADDED; that costs one
          // extra (debounced) re-read, but never misses a change made between the list and the watch.
          if (phase !== 'BOOKMARK') changed();
        },
        (error) => retry(error),
      )
      .then((controller) => {
        if (stopped) controller.abort();
        else controllers.add(controller);
      })
      .catch(retry);
  };

  for (const r of RESOURCES) {
    if ('clusterScoped' in r || namespaces === 'all') start(r.resource, r.path(), undefined, 0);
    else for (const ns of namespaces) start(r.resource, r.path(ns), ns, 0);
  }
  return () => {
    stopped = true;
    for (const c of controllers) c.abort();
  };
}
