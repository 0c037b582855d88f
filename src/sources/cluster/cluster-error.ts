// Problems reaching or reading a cluster, each reduced to one line a user can act on.
// Response bodies and headers (which may echo tokens) are never part of the message.

export type ClusterErrorKind =
  /** The kubeconfig or the flags selecting from it are wrong: the user's input. */
  | 'config'
  | 'unauthorized'
  | 'forbidden'
  | 'unreachable'
  | 'tls'
  | 'timeout'
  /** The kubeconfig's credentials could not be produced (an exec plugin failed or printed garbage). */
  | 'credentials'
  | 'api';

export class ClusterAccessError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    /** For 403: the resource and namespace that were refused, so callers can fall back. */
    readonly refused?: { readonly resource: string; readonly namespace?: string },
  ) {
    super(message);
    this.name = 'ClusterAccessError';
  }
}

export interface RequestDescription {
  readonly verb: 'list' | 'get' | 'watch';
  readonly resource: string;
  readonly namespace?: string;
  readonly server: string;
  readonly user: string;
  readonly timeoutMs: number;
}

/** A non-2xx answer; the body is dropped unread. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(readonly code: number) {
    super(`HTTP ${code}`);
  }
}

/** An answer that is not what the API promises; what the server sent is never kept. */
export class ResponseProblem extends Error {
  override readonly name = 'ResponseProblem';
  constructor(readonly problem: 'malformed' | 'repeated-continue') {
    super(problem);
  }
}

/** The time a read may take (--request-timeout) ran out; `pages`: how many answers came before. */
export class ReadTimeout extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly pages: number) {
    super('read timed out');
  }
}

/**
 * A server URL fit to print: a password in it becomes `***` (a lone user name too, which may be a
 * token), and the query and fragment (`?access_token=...`) are dropped.
 */
export function redactServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return server.replace(/\/\/[^/@\s]*@/, '//***@').replace(/[?#].*$/, '');
  }
  const auth = url.password ? `${url.username}:***@` : url.username ? '***@' : '';
  // URL gives a bare origin the path '/'; print the server as the kubeconfig spells it.
  const path = url.pathname === '/' && !server.split(/[?#]/)[0]!.endsWith('/') ? '' : url.pathname;
  return `${url.protocol}//${auth}${url.host}${path}`;
}

/** Scrubs URL credentials and query strings from text that may quote a URL. */
const scrubUrls = (text: string): string =>
  text.replace(/(\/\/)[^/@\s]*@/g, '$1***@').replace(/(https?:\/\/[^\s?#]*)[?#]\S*/gi, '$1');

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Walks `cause` chains (undici wraps socket errors) for a Node error code. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const where = (r: RequestDescription) => (r.namespace ? ` in namespace ${r.namespace}` : ' cluster-wide');

/** Words for the socket errors a user meets when the server cannot be reached. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Maps anything a request can throw to a ClusterAccessError with one clear line. */
export function describeRequestError(error: unknown, described: RequestDescription): ClusterAccessError {
  if (error instanceof ClusterAccessError) return error;
  const request = { ...described, server: redactServer(described.server) };
  if (error instanceof ResponseProblem) {
    if (error.problem === 'repeated-continue') {
      return new ClusterAccessError(
        'api',
        `the server at ${request.server} sent the same continue token twice while listing ${request.resource}${where(request)}: stopped rather than read forever (a proxy may drop the continue parameter)`,
      );
    }
    const what = request.verb === 'watch' ? 'watch stream' : request.verb === 'list' ? 'list' : 'answer';
    return new ClusterAccessError('api', `the server returned a malformed ${what} for ${request.resource}${where(request)}: is ${request.server} a Kubernetes API server?`);
  }
  if (error instanceof ReadTimeout && error.pages > 0) {
    return new ClusterAccessError(
      'timeout',
      `listing ${request.resource}${where(request)} did not finish within ${request.timeoutMs / 1000}s (--request-timeout; ${error.pages} page${error.pages === 1 ? '' : 's'} read)`,
    );
  }
  const name = (error as { name?: unknown }).name;
  // A DOMException (TimeoutError, AbortError) carries a numeric legacy `code` (23, 20): no HTTP status.
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number' && !timedOut) {
    switch (status) {
      case 401:
        return new ClusterAccessError('unauthorized', `the cluster at ${request.server} rejected the credentials of user "${request.user}" (401 Unauthorized): log in again or check the kubeconfig`);
      case 403:
        return new ClusterAccessError(
          'forbidden',
          `user "${request.user}" may not ${request.verb} ${request.resource}${where(request)} (403 Forbidden)`,
          { resource: request.resource, ...(request.namespace ? { namespace: request.namespace } : {}) },
        );
      case 404:
        return new ClusterAccessError('api', `the cluster at ${request.server} does not serve ${request.resource} (404): is this a Kubernetes API server with networking.k8s.io/v1?`);
      default:
        return new ClusterAccessError('api', `${request.verb === 'watch' ? 'watching' : 'listing'} ${request.resource}${where(request)} failed: HTTP ${status} from ${request.server}`);
    }
  }
  if (timedOut) {
    // A watch has no --request-timeout: it ends when the server says nothing, not even a bookmark, for minutes.
    if (request.verb === 'watch') return new ClusterAccessError('timeout', `the watch of ${request.resource}${where(request)} on ${request.server} went silent`);
    return new ClusterAccessError('timeout', `no answer from ${request.server} within ${request.timeoutMs / 1000}s (--request-timeout)`);
  }
  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    return new ClusterAccessError('tls', `TLS handshake with ${request.server} failed (${code}): the server certificate is not trusted by the kubeconfig's CA`);
  }
  if (code && UNREACHABLE[code]) {
    return new ClusterAccessError('unreachable', `cannot reach the cluster at ${request.server} (${UNREACHABLE[code]})`);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new ClusterAccessError('timeout', `connecting to ${request.server} timed out`);
  }
  // undici reports "fetch failed" and keeps the reason in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return new ClusterAccessError('unreachable', `cannot reach the cluster at ${request.server} (${scrubUrls(reason.split('\n')[0]!).slice(0, 200)})`);
}

/** What the kubeconfig names as the user's exec credential plugin, if any. */
export interface CredentialSource {
  readonly user: string;
  /** The plugin's command as written in the kubeconfig. */
  readonly plugin?: string;
}

/**
 * Maps a failure to produce credentials (exec plugin, token or certificate files) to one line.
 * Plugin output (stdout may be a bare token, stderr anything) is never quoted; only the plugin's
 * file name is shown, never its directory.
 */
export function describeCredentialError(error: unknown, source: CredentialSource): ClusterAccessError {
  if (error instanceof ClusterAccessError) return error;
  const e = (error ?? {}) as { code?: unknown; syscall?: unknown; path?: unknown; name?: unknown };
  const base = (file: string) => file.split(/[\\/]/).pop() || file;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const plugin = source.plugin === undefined ? undefined : `the credential plugin "${base(source.plugin)}" of user "${source.user}"`;
  if (plugin) {
    if (typeof e.syscall === 'string' && e.syscall.startsWith('spawn')) {
      return new ClusterAccessError('credentials', `${plugin} cannot be run (${code ?? 'spawn failed'})`);
    }
    if (error instanceof SyntaxError) {
      return new ClusterAccessError('credentials', `${plugin} did not print an ExecCredential (JSON); its output is not shown`);
    }
  }
  if (code && typeof e.syscall === 'string' && typeof e.path === 'string') {
    return new ClusterAccessError('config', `a file named in the kubeconfig for user "${source.user}" cannot be read: ${base(e.path)} (${code})`);
  }
  if (plugin) return new ClusterAccessError('credentials', `${plugin} failed: run it yourself to see why`);
  const name = typeof e.name === 'string' && /^\w{1,40}$/.test(e.name) ? e.name : 'Error';
  return new ClusterAccessError('credentials', `the credentials of user "${source.user}" cannot be produced (${name})`);
}
