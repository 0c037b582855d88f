// Paginated, time-limited lists: `limit` + `continue`, restarted from the top when the continue
// token expires (410 Gone), as kubectl and informers do.
import { describeRequestError, type RequestDescription } from './cluster-error.js';

export const PAGE_SIZE = 500;
const MAX_RESTARTS = 3;

export interface Page<T> {
  readonly items: T[];
  readonly metadata?: { readonly _continue?: string; readonly resourceVersion?: string };
}

class RequestTimeout extends Error {
  override readonly name = 'TimeoutError';
}

/** Rejects when `promise` takes longer than `ms` (0: never). The timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(`no answer within ${ms}ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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
        const page = await withTimeout(fetchPage({ limit: pageSize, ...(token ? { _continue: token } : {}) }), request.timeoutMs);
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
