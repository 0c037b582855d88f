// The few errors a command can end with, each with its exit code. main.ts is the one place that catches them.

export const EXIT = {
  ok: 0,
  /** A check failed: can-reach denied, assert failed, a --fail-* threshold crossed. */
  failed: 1,
  /** Bad input: flags, arguments, manifests, policies the API would reject. */
  usage: 2,
  /** The cluster could not be read: unreachable, TLS, 401/403, timeout. */
  cluster: 3,
  /** A bug in kubectl-netpol. */
  internal: 4,
  /** can-reach, assert: nothing failed, but some answer depends on DNS or on Nodes that were not read. */
  unknown: 5,
  /** The interactive UI was interrupted with Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/** Something the user can fix in what they typed or gave us. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
