// The `diff` report as data: the -o json/yaml schema and what the text view renders.
import type { AdminPolicyRef } from '../model/admin-policy.js';
import type { PolicyRef } from '../model/policy.js';
import type { PolicyDiff } from '../engine/diff/diff.js';
import type { AddressChange } from '../engine/diff/addresses.js';
import type { ConnectionChange } from '../engine/diff/connections.js';
import type { IsolationFlip } from '../engine/diff/isolation.js';
import type { IpSet } from '../engine/sets/ip-set.js';
import { findingView, type FindingView } from './coverage-view.js';

export interface ConnectionRow {
  /** `NS/KIND/NAME` for a workload, `NS/POD` for a bare pod: the target syntax of can-reach. */
  readonly from: string;
  readonly fromPods: number;
  readonly to: string;
  readonly toPods: number;
  readonly ports: Record<string, string[]>;
}

export interface AddressRow {
  readonly workload: string;
  readonly pods: number;
  /** `ingress`: from these addresses to the workload; `egress`: from the workload to them. */
  readonly direction: 'ingress' | 'egress';
  readonly addresses: string[];
  readonly ports: Record<string, string[]>;
  readonly rules: string[];
}

export type IsolationWord = 'isolated' | 'open';

export interface IsolationRow {
  readonly workload: string;
  /** Pods of the workload whose isolation changes this way. */
  readonly pods: number;
  readonly ingress: { readonly before: IsolationWord; readonly after: IsolationWord };
  readonly egress: { readonly before: IsolationWord; readonly after: IsolationWord };
}

export interface DiffView {
  readonly source: string;
  readonly scope: string;
  readonly policies: { readonly replaced: string[]; readonly added: string[]; readonly removed: string[] };
  readonly connections: { readonly opened: ConnectionRow[]; readonly closed: ConnectionRow[] };
  readonly addresses: { readonly opened: AddressRow[]; readonly closed: AddressRow[] };
  readonly isolation: IsolationRow[];
  readonly findings: { readonly new: FindingView[]; readonly resolved: FindingView[] };
  readonly summary: {
    readonly opened: number;
    readonly closed: number;
    readonly addressesOpened: number;
    readonly addressesClosed: number;
    readonly isolationChanged: number;
    readonly newFindings: number;
    readonly resolvedFindings: number;
  };
}

export interface PolicyChanges {
  readonly replaced: readonly PolicyRef[];
  readonly added: readonly PolicyRef[];
  readonly removed: readonly PolicyRef[];
  /** Admin policies (cluster-wide), named `KIND/NAME` in the view. */
  readonly admin?: { readonly replaced: readonly AdminPolicyRef[]; readonly added: readonly AdminPolicyRef[]; readonly removed: readonly AdminPolicyRef[] };
}

const refs = (list: readonly PolicyRef[], admin: readonly AdminPolicyRef[] = []) => [...list.map((r) => `${r.namespace}/${r.name}`), ...admin.map((r) => `${r.kind}/${r.name}`)];

/** Addresses as every output writes them: one CIDR, a CIDR with its excepts, or minimal CIDRs. */
export const addressList = (addresses: IpSet): string[] => addresses.describe();

const connectionRow = (c: ConnectionChange): ConnectionRow => ({
  from: c.from.key,
  fromPods: c.from.pods.length,
  to: c.to.key,
  toPods: c.to.pods.length,
  ports: c.ports.toJSON(),
});

const addressRow = (a: AddressChange): AddressRow => ({
  workload: a.group.key,
  pods: a.group.pods.length,
  direction: a.direction,
  addresses: addressList(a.addresses),
  ports: a.ports.toJSON(),
  rules: a.rules.length === 0 ? ['not isolated'] : [...new Set(a.rules.map((r) => `${r.policy.namespace}/${r.policy.name} ${a.direction}[${r.rule}]`))],
});

const word = (isolated: boolean): IsolationWord => (isolated ? 'isolated' : 'open');
const flip = (f: IsolationFlip) => ({ before: word(f.before), after: word(f.after) });

export function diffView(diff: PolicyDiff, changes: PolicyChanges, source: string, scope: string): DiffView {
  const view = {
    source,
    scope,
    policies: { replaced: refs(changes.replaced, changes.admin?.replaced), added: refs(changes.added, changes.admin?.added), removed: refs(changes.removed, changes.admin?.removed) },
    connections: { opened: diff.connections.opened.map(connectionRow), closed: diff.connections.closed.map(connectionRow) },
    addresses: { opened: diff.addresses.opened.map(addressRow), closed: diff.addresses.closed.map(addressRow) },
    isolation: diff.isolation.map((i) => ({ workload: i.group.key, pods: i.pods, ingress: flip(i.ingress), egress: flip(i.egress) })),
    findings: { new: diff.findings.opened.map(findingView), resolved: diff.findings.closed.map(findingView) },
  };
  return {
    ...view,
    summary: {
      opened: view.connections.opened.length,
      closed: view.connections.closed.length,
      addressesOpened: view.addresses.opened.length,
      addressesClosed: view.addresses.closed.length,
      isolationChanged: view.isolation.length,
      newFindings: view.findings.new.length,
      resolvedFindings: view.findings.resolved.length,
    },
  };
}
