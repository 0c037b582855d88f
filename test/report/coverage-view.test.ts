// The coverage view model: floored percentages, isolation states, ordering, finding locations.
import { describe, expect, it } from 'vitest';
import { coverageView, findingView, percent } from '../../src/report/coverage-view.js';
import { describeOriginShort } from '../../src/report/origin.js';
import type { Coverage, WorkloadCoverage } from '../../src/engine/analysis/coverage.js';
import type { Finding } from '../../src/engine/analysis/findings.js';

describe('percent', () => {
  it('floors to one decimal, so nothing short of all shows as 100%', () => {
    expect(percent(2, 3)).toBe(66.6);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 7)).toBe(14.2);
    expect(percent(999, 1000)).toBe(99.9);
    expect(percent(1999, 2000)).toBe(99.9);
    expect(percent(99999, 100000)).toBe(99.9);
    expect(percent(5, 6)).toBe(83.3);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 1000)).toBe(0.1);
    expect(percent(1, 1001)).toBe(0);
  });

  it('exact values stay exact', () => {
    expect(percent(0, 4)).toBe(0);
    expect(percent(4, 4)).toBe(100);
    expect(percent(1, 2)).toBe(50);
    expect(percent(7, 8)).toBe(87.5);
    expect(percent(29, 100)).toBe(29);
    expect(percent(57, 100)).toBe(57);
  });

  it('no pods at all: 100 (nothing is left unisolated)', () => {
    expect(percent(0, 0)).toBe(100);
  });
});

describe('describeOriginShort', () => {
  it('file and document for objects from files; nothing without an origin or a document', () => {
    expect(describeOriginShort({ file: 'policies.yaml', doc: 3 })).toBe('policies.yaml: document 3');
    expect(describeOriginShort({ file: 'cluster', doc: 0 })).toBeUndefined();
    expect(describeOriginShort(undefined)).toBeUndefined();
  });
});

const workload = (w: Partial<WorkloadCoverage> & { namespace: string; name: string }): WorkloadCoverage => ({
  kind: 'Pod',
  pods: 1,
  ingressIsolated: 0,
  egressIsolated: 0,
  hostNetwork: false,
  policies: [],
  exposure: 'internet',
  ...w,
});

/** A finding of the engine on an object (`kind` NetworkPolicy, Namespace, Pod or a workload kind). */
const finding = (f: Partial<Finding> & Pick<Finding, 'code' | 'severity'> & { kind: string; namespace: string; name: string }): Finding => {
  const { kind, namespace, name, ...rest } = f;
  return { message: `${f.code} ${name}`, fix: `fix ${f.code}`, object: { kind, namespace, name }, ...rest };
};

describe('coverageView', () => {
  const coverage: Coverage = {
    namespaces: [
      { namespace: 'a', pods: 3, ingressIsolated: 2, egressIsolated: 1, defaultDenyIngress: true, defaultDenyEgress: false, policies: 2 },
      { namespace: 'b', pods: 0, ingressIsolated: 0, egressIsolated: 0, defaultDenyIngress: false, defaultDenyEgress: true, policies: 1 },
    ],
    workloads: [
      workload({ namespace: 'b', name: 'zed' }),
      workload({ namespace: 'a', name: 'deployment/web', kind: 'Deployment', pods: 3, ingressIsolated: 2, egressIsolated: 0, exposure: 'namespace', policies: [{ namespace: 'a', name: 'p1' }, { namespace: 'a', name: 'p2' }] }),
      workload({ namespace: 'a', name: 'agent', hostNetwork: true }),
      workload({ namespace: 'a', name: 'db', ingressIsolated: 1, egressIsolated: 1, exposure: 'nobody' }),
    ],
    totals: { pods: 6, ingressIsolated: 3, egressIsolated: 1 },
  };

  it('totals and namespaces with floored percentages', () => {
    const v = coverageView(coverage, [], 'files: x.yaml', 'all namespaces');
    expect(v.source).toBe('files: x.yaml');
    expect(v.scope).toBe('all namespaces');
    expect(v.totals).toEqual({ pods: 6, ingressIsolated: 3, egressIsolated: 1, ingressPercent: 50, egressPercent: 16.6 });
    expect(v.namespaces).toEqual([
      { name: 'a', pods: 3, ingressPercent: 66.6, egressPercent: 33.3, defaultDeny: { ingress: true, egress: false }, policies: 2 },
      { name: 'b', pods: 0, ingressPercent: null, egressPercent: null, defaultDeny: { ingress: false, egress: true }, policies: 1 },
    ]);
  });

  it('workloads sorted by namespace then name, with isolated/open/partial and policy names', () => {
    const v = coverageView(coverage, [], 's', 'all namespaces');
    expect(v.workloads).toEqual([
      { namespace: 'a', name: 'agent', kind: 'Pod', pods: 1, ingress: 'open', egress: 'open', ingressFrom: 'internet', hostNetwork: true, policies: [] },
      { namespace: 'a', name: 'db', kind: 'Pod', pods: 1, ingress: 'isolated', egress: 'isolated', ingressFrom: 'nobody', hostNetwork: false, policies: [] },
      { namespace: 'a', name: 'deployment/web', kind: 'Deployment', pods: 3, ingress: 'partial', egress: 'open', ingressFrom: 'namespace', hostNetwork: false, policies: ['p1', 'p2'] },
      { namespace: 'b', name: 'zed', kind: 'Pod', pods: 1, ingress: 'open', egress: 'open', ingressFrom: 'internet', hostNetwork: false, policies: [] },
    ]);
  });

  it('findings ordered by severity, then code, namespace and subject; locations from origins', () => {
    const findings: Finding[] = [
      finding({ code: 'no-default-deny-egress', severity: 'info', kind: 'Namespace', namespace: 'a', name: 'a', origin: { file: 'ns.yaml', doc: 1 } }),
      finding({ code: 'pod-not-selected', severity: 'warning', kind: 'Pod', namespace: 'b', name: 'zed' }),
      finding({ code: 'pod-not-selected', severity: 'warning', kind: 'Deployment', namespace: 'a', name: 'zz' }),
      finding({ code: 'pod-not-selected', severity: 'warning', kind: 'Pod', namespace: 'a', name: 'agent' }),
      finding({ code: 'egress-without-dns', severity: 'warning', kind: 'NetworkPolicy', namespace: 'z', name: 'db' }),
      finding({ code: 'rule-allows-everyone', severity: 'warning', kind: 'NetworkPolicy', namespace: 'a', name: 'p', field: 'spec.ingress[0]', origin: { file: 'p.yaml', doc: 2 } }),
      finding({ code: 'policy-selects-nothing', severity: 'warning', kind: 'NetworkPolicy', namespace: 'a', name: 'q', origin: { file: 'cluster', doc: 0 } }),
    ];
    const v = coverageView(coverage, findings, 's', 'all namespaces');
    expect(v.findings.map((f) => `${f.severity} ${f.code} ${f.namespace} ${f.subject}`)).toEqual([
      'warning egress-without-dns z policy db',
      'warning pod-not-selected a agent',
      'warning pod-not-selected a deployment/zz',
      'warning pod-not-selected b zed',
      'warning policy-selects-nothing a policy q',
      'warning rule-allows-everyone a policy p',
      'info no-default-deny-egress a namespace a',
    ]);
    expect(v.findings[5]).toEqual({
      code: 'rule-allows-everyone',
      severity: 'warning',
      namespace: 'a',
      subject: 'policy p',
      field: 'spec.ingress[0]',
      message: 'rule-allows-everyone p',
      fix: 'fix rule-allows-everyone',
      location: 'p.yaml: document 2',
    });
    // A live object has no file location, and no empty key either.
    expect(v.findings[4]).not.toHaveProperty('location');
    expect(v.findings[4]).not.toHaveProperty('field');
    // A namespace has nothing to edit: no location even when it was read from a file.
    expect(v.findings[6]).not.toHaveProperty('location');
  });

  it('findingView keeps the message as it is', () => {
    expect(findingView(finding({ code: 'pod-not-selected', severity: 'warning', kind: 'StatefulSet', namespace: 'a', name: 's', message: 'm' }))).toEqual({
      code: 'pod-not-selected',
      severity: 'warning',
      namespace: 'a',
      subject: 'statefulset/s',
      message: 'm',
      fix: 'fix pod-not-selected',
    });
  });
});
