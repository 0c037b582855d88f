// Paginated, time-limited lists: `limit` + `continue`, restarted from the top when the continue
// token expires (410 Gone), as kubectl and informers do. The whole read of one list, every page and
// restart together, is bounded by --request-timeout; a continue token seen twice ends it. A page
// whose continue token is known before its items (a lister that reads the head first) has the next
// page asked for at once, so the server prepares it while this one is still read.
import { ReadTimeout, ResponseProblem, describeRequestError, type RequestDescription } from './cluster-error.js';

export const PAGE_SIZE = 500;
const MAX_RESTARTS = 3;
/** The longest delay a Node timer can take (2^31-1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Page<T> {
  /** A promise when the page's metadata arrived before its items. */
  readonly items: T[] | Promise<T[]>;
  readonly metadata?: { readonly _continue?: string; readonly resourceVersion?: string };
}

export interface PageParams {
  readonly limit: number;
  readonly _continue?: string;
  /** Aborted when the read's time is up; listers that cannot take it are raced instead. */
  readonly signal?: AbortSignal;
}

/** A page the API can send: a continue token that is a string if present ... */
function checkHead<T>(page: Page<T>): Page<T> {
  if (page === null || typeof page !== 'object') throw new ResponseProblem('malformed');
  const token: unknown = page.metadata?._continue;
  if (token !== undefined && token !== null && typeof token !== 'string') throw new ResponseProblem('malformed');
  return page;
}

/** ... and an array of objects. */
function checkItems<T>(items: unknown): T[] {
  if (!Array.isArray(items) || items.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
    throw new ResponseProblem('malformed');
  }
  return items as T[];
}

/** `listed` receives the list's resourceVersion (where a watch of the same collection starts). */
export async function listAll<T>(
  fetchPage: (params: PageParams) => Promise<Page<T>>,
  request: RequestDescription,
  pageSize = PAGE_SIZE,
  listed?: { resourceVersion?: string },
): Promise<T[]> {
  const controller = new AbortController();
  let expired = false;
  let pages = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (request.timeoutMs <= 0) return;
    timer = setTimeout(() => {
      expired = true;
      reject(new ReadTimeout(pages));
      controller.abort();
    }, Math.min(request.timeoutMs, MAX_TIMER_MS));
    timer.unref();
  });
  deadline.catch(() => undefined);
  try {
    for (let attempt = 0; ; attempt++) {
      const items: T[] = [];
      const seen = new Set<string>();
      let token: string | undefined;
      const ask = () => {
        const asked = fetchPage({ limit: pageSize, ...(token ? { _continue: token } : {}), signal: controller.signal });
        // Awaited below (or left behind by a failed attempt): never an unhandled rejection.
        asked.catch(() => undefined);
        return asked;
      };
      try {
        let next = ask();
        for (;;) {
          const page = checkHead(await Promise.race([next, deadline]));
          pages++;
          if (listed && page.metadata?.resourceVersion) listed.resourceVersion = page.metadata.resourceVersion;
          token = page.metadata?._continue || undefined;
          if (token !== undefined) {
            if (seen.has(token)) throw new ResponseProblem('repeated-continue');
            seen.add(token);
            next = ask();
          }
          for (const item of checkItems<T>(await Promise.race([page.items, deadline]))) items.push(item);
          if (token === undefined) return items;
        }
      } catch (error) {
        if (expired) throw describeRequestError(new ReadTimeout(pages), request);
        const gone = (error as { code?: unknown }).code === 410;
        if (!gone || attempt >= MAX_RESTARTS) throw describeRequestError(error, request);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
