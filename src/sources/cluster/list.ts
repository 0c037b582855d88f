// Paginated, time-limited lists: `limit` + `continue`, restarted from the top when the continue
// token expires (410 Gone), as kubectl and informers do.
import type { CoreV1Api, Middleware, PromiseConfigurationOptions } from '@kubernetes/client-node';
import { describeRequestError, type RequestDescription } from './cluster-error.js';

export const PAGE_SIZE = 500;
const MAX_RESTARTS = 3;

export interface Page<T> {
  readonly items: T[];
  readonly metadata?: { readonly _continue?: string; readonly resourceVersion?: string };
}

/** The options argument of client-node's object-parameter API methods. */
export type RequestOptions = Parameters<CoreV1Api['listNamespace']>[1];

/** Request options that abort each request after `timeoutMs` (0: never). */
export function timeoutOptions(timeoutMs: number): RequestOptions {
  if (timeoutMs <= 0) return undefined;
  const middleware: Middleware = {
    pre: async (context) => {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return context;
    },
    post: async (response) => response,
  };
  const options: PromiseConfigurationOptions = { middleware: [middleware], middlewareMergeStrategy: 'append' };
  // The object-parameter API passes options through wrapOptions(), which expects promise middleware,
  // although its declarations name the observable kind.
  return options as unknown as RequestOptions;
}

export async function listAll<T>(
  fetchPage: (params: { limit: number; _continue?: string }) => Promise<Page<T>>,
  request: RequestDescription,
  pageSize = PAGE_SIZE,
): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    const items: T[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await fetchPage({ limit: pageSize, ...(token ? { _continue: token } : {}) });
        items.push(...page.items);
        token = page.metadata?._continue || undefined;
      } while (token);
      return items;
    } catch (error) {
      const expired = (error as { code?: unknown }).code === 410;
      if (!expired || attempt >= MAX_RESTARTS) throw describeRequestError(error, request);
    }
  }
}
