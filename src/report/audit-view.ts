// The view of `audit`: observed flows judged against the policies, in the shape -o json prints.
import type { AuditResult, DivergenceCause, PolicyAttribution, RuleRef } from '../engine/flows/audit.js';
import type { LoggedPolicy } from '../model/flow.js';
import type { PolicyRef } from '../model/policy.js';
import { nearMissView, type NearMissView } from './why-not-view.js';

export interface AuditView {
  readonly flows: AuditResult['flows'] & { readonly malformed: number };
  readonly window?: { readonly from: string; readonly to: string };
  /** The first malformed lines (`malformed` counts them all). */
  readonly problems: readonly { readonly file: string; readonly line: number; readonly message: string }[];
  readonly wouldBreak: readonly {
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly port: number;
    readonly flows: number;
    readonly firstSeen: string;
    readonly deniedBy: readonly { readonly direction: string; readonly policies: readonly string[] }[];
    /** The rule that came closest to admitting it, and what it failed. */
    readonly nearestMiss?: NearMissView;
  }[];
  readonly divergence: readonly {
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly port: number;
    readonly flows: number;
    readonly firstSeen: string;
    readonly logged: string;
    readonly computed: string;
    readonly cause: DivergenceCause;
    readonly causeText: string;
    /** Sides where the log names a deciding policy the engine does not (present only then). */
    readonly policies?: readonly PolicyAttributionView[];
  }[];
  readonly unused: {
    readonly policies: readonly string[];
    readonly rules: readonly string[];
    readonly neverObserved: readonly { readonly source: string; readonly destination: string; readonly ports: string }[];
  };
  readonly externalEgress: readonly {
    readonly source: string;
    readonly range: string;
    readonly addresses: number;
    readonly protocol: string;
    readonly port: number;
    readonly flows: number;
    /** `ns/name egress[0]` per admitting rule; `not isolated` when no egress policy selects the source. */
    readonly admittedBy: readonly string[];
  }[];
  readonly unmatched: AuditResult['unmatched'];
}

export interface PolicyAttributionView {
  readonly direction: string;
  /** `allowed`: the log's *_allowed_by; `denied`: its *_denied_by. */
  readonly effect: 'allowed' | 'denied';
  /** As the log names them: `ns/name` (a cluster-wide policy: `name`), with its kind when the log gives one. */
  readonly logged: readonly { readonly policy: string; readonly kind?: string }[];
  /** The engine's policies for the same side and effect (`ns/name`); empty: none (not isolated, or another verdict). */
  readonly computed: readonly string[];
}

export const CAUSE_TEXT: Readonly<Record<DivergenceCause, string>> = {
  'cni-policy': 'the CNI names a policy of a kind this analysis does not judge (e.g. CiliumNetworkPolicy)',
  'ipblock-pod-ip': 'an ipBlock contains a pod IP (CNIs differ on matching pod traffic by address)',
  'host-network': 'host network or node traffic (CNIs treat it differently)',
  'undeclared-port': 'the destination declares no such port (a sidecar, or a named port that cannot resolve)',
  'admin-tier': 'admin policy tiers decide it',
  'other-policy': 'the CNI names other policies than the computed ones (another state of the policies, or the CNI attributes differently)',
  'other-state': 'the flows come from another state of the policies, or the CNI differs from the API',
};

const policyName = (ref: PolicyRef): string => `${ref.namespace}/${ref.name}`;
const loggedName = (p: LoggedPolicy) => ({ policy: p.namespace !== undefined ? `${p.namespace}/${p.name}` : p.name, ...(p.kind !== undefined ? { kind: p.kind } : {}) });
const attributionView = (a: PolicyAttribution): PolicyAttributionView => ({ direction: a.direction, effect: a.effect, logged: a.logged.map(loggedName), computed: a.computed.map(policyName) });
export const ruleName = (rule: RuleRef): string => `${policyName(rule.policy)} ${rule.direction}[${rule.rule}]`;

export function auditView(result: AuditResult): AuditView {
  const first = (f: { file: string; line: number }) => `${f.file}:${f.line}`;
  return {
    flows: { ...result.flows, malformed: result.problemCount },
    ...(result.window ? { window: result.window } : {}),
    problems: result.problems,
    wouldBreak: result.wouldBreak.map((r) => ({
      source: r.source,
      destination: r.destination,
      protocol: r.protocol,
      port: r.port,
      flows: r.flows,
      firstSeen: first(r.first),
      deniedBy: r.deniedBy.map((d) => ({ direction: d.direction, policies: d.policies.map(policyName) })),
      ...(r.nearestMiss ? { nearestMiss: nearMissView(r.nearestMiss) } : {}),
    })),
    divergence: result.divergence.map((r) => ({
      source: r.source,
      destination: r.destination,
      protocol: r.protocol,
      port: r.port,
      flows: r.flows,
      firstSeen: first(r.first),
      logged: r.logged,
      computed: r.computed,
      cause: r.cause,
      causeText: CAUSE_TEXT[r.cause],
      ...(r.policies ? { policies: r.policies.map(attributionView) } : {}),
    })),
    unused: { policies: result.unusedPolicies.map(policyName), rules: result.unusedRules.map(ruleName), neverObserved: result.neverObserved },
    externalEgress: result.externalEgress.map((r) => ({
      source: r.source,
      range: r.range,
      addresses: r.addresses,
      protocol: r.protocol,
      port: r.port,
      flows: r.flows,
      admittedBy: r.admittedBy.length > 0 ? r.admittedBy.map(ruleName) : ['not isolated for egress'],
    })),
    unmatched: result.unmatched,
  };
}
