// The `coverage` report as data: the -o json/yaml schema and what the text view renders.
import type { Coverage } from '../engine/analysis/coverage.js';
import type { Finding } from '../engine/analysis/findings.js';
import type { LintObject } from '../engine/lint/finding.js';
import type { LintSeverity } from '../model/lint-config.js';
import type { Exposure } from '../engine/analysis/exposure.js';
import { describeOriginShort } from './origin.js';

export interface CoverageView {
  readonly source: string;
  readonly scope: string;
  readonly totals: {
    readonly pods: number;
    readonly ingressIsolated: number;
    readonly egressIsolated: number;
    /** null when there are no pods: nothing to be isolated is not 100% isolated. */
    readonly ingressPercent: number | null;
    readonly egressPercent: number | null;
  };
  readonly namespaces: readonly {
    readonly name: string;
    readonly pods: number;
    /** null for a namespace without pods. */
    readonly ingressPercent: number | null;
    readonly egressPercent: number | null;
    readonly defaultDeny: { readonly ingress: boolean; readonly egress: boolean };
    readonly policies: number;
  }[];
  readonly workloads: readonly {
    readonly namespace: string;
    readonly name: string;
    readonly kind: string;
    readonly pods: number;
    readonly ingress: IsolationState;
    readonly egress: IsolationState;
    /**
     * The broadest kind of source its ingress policies admit (nobody < namespace < namespaces <
     * cluster < internet); the sources' egress policies are not counted.
     */
    readonly ingressFrom: Exposure;
    readonly hostNetwork: boolean;
    readonly policies: readonly string[];
  }[];
  readonly findings: readonly FindingView[];
}

export type IsolationState = 'isolated' | 'open' | 'partial';

export interface FindingView {
  readonly code: string;
  readonly severity: LintSeverity;
  readonly namespace: string;
  /** What it is about: `policy allow-web`, `namespace shop`, `deployment/api` (a workload), a pod name. */
  readonly subject: string;
  readonly field?: string;
  /** The same message lint prints beside the object. */
  readonly message: string;
  /** The usual fix, from the table of codes. */
  readonly fix: string;
  /** `file: document N` for findings on objects read from files. */
  readonly location?: string;
}

/** Percentages are floored, so 99.9% never shows as 100%. */
export const percent = (part: number, whole: number): number => (whole === 0 ? 100 : Math.floor((part * 1000) / whole) / 10);

/** A share of pods, or null when there are none to judge. */
const share = (part: number, whole: number): number | null => (whole === 0 ? null : percent(part, whole));

const state = (isolated: number, pods: number): IsolationState => (isolated === pods ? 'isolated' : isolated === 0 ? 'open' : 'partial');

/** The object a finding is about, as coverage and diff name it. */
export function findingSubject(o: LintObject): string {
  switch (o.kind) {
    case 'NetworkPolicy':
      return `policy ${o.name}`;
    case 'Namespace':
      return `namespace ${o.name}`;
    case 'Pod':
      return o.name;
    default:
      // Cluster-scoped admin policies by kind; workloads as the other commands take them (deployment/api).
      return o.namespace === '' ? `${o.kind} ${o.name}` : `${o.kind.toLowerCase()}/${o.name}`;
  }
}

export function findingView(f: Finding): FindingView {
  // Where to edit: a policy's file and document. A namespace has nothing to edit (the fix is a new policy).
  const location = f.object.kind === 'Namespace' ? undefined : describeOriginShort(f.origin);
  return {
    code: f.code,
    severity: f.severity,
    namespace: f.object.namespace,
    subject: findingSubject(f.object),
    ...(f.field ? { field: f.field } : {}),
    message: f.message,
    fix: f.fix,
    ...(location ? { location } : {}),
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function coverageView(coverage: Coverage, findings: readonly Finding[], source: string, scope: string): CoverageView {
  const { totals } = coverage;
  return {
    source,
    scope,
    totals: {
      ...totals,
      ingressPercent: share(totals.ingressIsolated, totals.pods),
      egressPercent: share(totals.egressIsolated, totals.pods),
    },
    namespaces: coverage.namespaces.map((n) => ({
      name: n.namespace,
      pods: n.pods,
      ingressPercent: share(n.ingressIsolated, n.pods),
      egressPercent: share(n.egressIsolated, n.pods),
      defaultDeny: { ingress: n.defaultDenyIngress, egress: n.defaultDenyEgress },
      policies: n.policies,
    })),
    workloads: [...coverage.workloads]
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
      .map((w) => ({
        namespace: w.namespace,
        name: w.name,
        kind: w.kind,
        pods: w.pods,
        ingress: state(w.ingressIsolated, w.pods),
        egress: state(w.egressIsolated, w.pods),
        ingressFrom: w.exposure,
        hostNetwork: w.hostNetwork,
        policies: w.policies.map((p) => p.name),
      })),
    findings: findings
      .map(findingView)
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code) || a.namespace.localeCompare(b.namespace) || a.subject.localeCompare(b.subject)),
  };
}
