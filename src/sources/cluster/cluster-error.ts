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

/** Maps anything a request can throw to a ClusterAccessError with one clear line. */
export function describeRequestError(error: unknown, request: RequestDescription): ClusterAccessError {
  if (error instanceof ClusterAccessError) return error;
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number') {
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
        return new ClusterAccessError('api', `listing ${request.resource}${where(request)} failed: HTTP ${status} from ${request.server}`);
    }
  }
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ClusterAccessError('timeout', `no answer from ${request.server} within ${request.timeoutMs / 1000}s (--request-timeout)`);
  }
  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    return new ClusterAccessError('tls', `TLS handshake with ${request.server} failed (${code}): the server certificate is not trusted by the kubeconfig's CA`);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET' || code === 'EAI_AGAIN' || code === 'ENETUNREACH') {
    return new ClusterAccessError('unreachable', `cannot reach the cluster at ${request.server} (${code})`);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new ClusterAccessError('timeout', `connecting to ${request.server} timed out`);
  }
  // undici reports "fetch failed" and keeps the reason in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return new ClusterAccessError('unreachable', `cannot reach the cluster at ${request.server} (${reason.split('\n')[0]!.slice(0, 200)})`);
}
