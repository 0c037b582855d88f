// The one findings engine: a code means the same thing in coverage, lint, diff and the UI, and each
// code is defined once in the table of codes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFindings } from '../../../src/engine/analysis/findings.js';
import { PolicyIndex } from '../../../src/engine/compile.js';
import { COVERAGE_CODES, isLintCode, LINT_CODES, LINT_REPORT_CODES, type FindingCode } from '../../../src/engine/lint/codes.js';
import { DEFAULT_LINT_CONFIG } from '../../../src/engine/lint/config-check.js';
import type { LintFinding } from '../../../src/engine/lint/finding.js';
import { computeFindings, lintPolicies } from '../../../src/engine/lint/lint.js';
import { assembleSnapshot } from '../../../src/sources/assemble.js';
import { runCli, TempDir } from '../../fixtures/cli.js';
import { randomCluster } from '../../fixtures/random-cluster.js';
import { SnapshotBuilder } from '../../fixtures/builder.js';
import { documents, namespace, pod } from '../../fixtures/reports/manifests.js';

let dir: TempDir;
beforeAll(() => {
  dir = new TempDir('netpol-findings-');
});
afterAll(() => dir.cleanup());

/** What a finding says, whichever report shows it. */
const said = (f: { code: string; severity: string; field?: string; message: string; fix: string }) => ({ code: f.code, severity: f.severity, field: f.field, message: f.message, fix: f.fix });

describe('coverage and lint say the same thing about a policy', () => {
  // The issue's case: an egress rule to the internet, the private ranges carved out.
  const INTERNET_ONLY = documents([
    namespace('shop'),
    pod({ ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.3.0.1' }),
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
`,
  ]);

  it('0.0.0.0/0 except 10.0.0.0/8: both report rule-allows-any-address, as an info, with one field, message and fix', async () => {
    const file = dir.write('internet-only.yaml', INTERNET_ONLY);
    const coverage = await runCli(['coverage', '-f', file, '-o', 'json']);
    const lint = await runCli(['lint', '-f', file, '-o', 'json']);
    expect([coverage.code, lint.code]).toEqual([0, 0]);
    type Doc = { findings: { code: string; severity: string; field?: string; message: string; fix: string }[] };
    const inCoverage = (JSON.parse(coverage.stdout) as Doc).findings.filter((f) => f.code === 'rule-allows-any-address').map(said);
    const inLint = (JSON.parse(lint.stdout) as Doc).findings.filter((f) => f.code === 'rule-allows-any-address').map(said);
    const expected = {
      code: 'rule-allows-any-address',
      severity: 'info',
      field: 'spec.egress[0].to[0].ipBlock.cidr',
      message: 'ipBlock 0.0.0.0/0 except 10.0.0.0/8 admits egress to any address outside those blocks',
      fix: LINT_CODES['rule-allows-any-address'].fix,
    };
    expect(inCoverage).toEqual([expected]);
    expect(inLint).toEqual([expected]);
  });

  it('on random clusters, coverage shows exactly the findings of its codes that lint (default config) reports', () => {
    const coverageOnly = new Set(COVERAGE_CODES.filter((c) => !isLintCode(c)));
    const key = (f: LintFinding) => JSON.stringify([f.code, f.severity, f.object, f.field ?? '', f.message, f.fix]);
    fc.assert(
      fc.property(randomCluster, (c) => {
        const snapshot = assembleSnapshot(c.objects.map((object, i) => ({ object, origin: { file: 'random', doc: i + 1 } })), { defaultNamespace: 'default' });
        const index = new PolicyIndex(snapshot);
        const shown = new Set<FindingCode>(COVERAGE_CODES);
        const fromLint = lintPolicies(snapshot, index, { issues: [], config: DEFAULT_LINT_CONFIG }).filter((f) => shown.has(f.code));
        const fromCoverage = findFindings(snapshot, index).filter((f) => !coverageOnly.has(f.code));
        expect(fromCoverage.map(key).sort()).toEqual(fromLint.map(key).sort());
      }),
      { numRuns: 60 },
    );
  });
});

describe('the table of codes', () => {
  it('coverage shows a documented subset: isolation and breadth, not syntax', () => {
    expect([...COVERAGE_CODES].sort()).toEqual(
      [
        'egress-without-dns',
        'no-default-deny-egress',
        'no-default-deny-ingress',
        'pod-not-selected',
        'policy-selects-nothing',
        'rule-allows-all-namespaces',
        'rule-allows-any-address',
        'rule-allows-everyone',
      ].sort(),
    );
  });

  it('pod-not-selected is a coverage code only: lint neither reports it nor lets its config name it', () => {
    expect(LINT_CODES['pod-not-selected'].coverage).toBe('only');
    expect(isLintCode('pod-not-selected')).toBe(false);
    expect(LINT_REPORT_CODES).not.toContain('pod-not-selected');
    expect(LINT_REPORT_CODES).toContain('rule-allows-any-address');
  });

  it('every finding the engine gives has a code of the table, a fix (the table\'s for coverage codes), and its code\'s severity unless the check grades it', () => {
    fc.assert(
      fc.property(randomCluster, (c) => {
        const snapshot = assembleSnapshot(c.objects.map((object, i) => ({ object, origin: { file: 'random', doc: i + 1 } })), { defaultNamespace: 'default' });
        for (const f of computeFindings(snapshot, new PolicyIndex(snapshot), { issues: [] })) {
          expect(Object.hasOwn(LINT_CODES, f.code)).toBe(true);
          // Checks that re-grade a code do so downward, to info (excepts, TCP-only DNS, unknowable namespaces).
          if (f.severity !== LINT_CODES[f.code].severity) expect(f.severity).toBe('info');
          // Some checks name the exact fix (the peer to write, the policy to delete); coverage's codes give the table's.
          expect(f.fix).not.toBe('');
          if (COVERAGE_CODES.includes(f.code)) expect(f.fix).toBe(LINT_CODES[f.code].fix);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('asking for some codes computes only those, and the same ones as asking for all', () => {
    fc.assert(
      fc.property(randomCluster, fc.subarray([...COVERAGE_CODES]), (c, codes) => {
        const snapshot = assembleSnapshot(c.objects.map((object, i) => ({ object, origin: { file: 'random', doc: i + 1 } })), { defaultNamespace: 'default' });
        const index = new PolicyIndex(snapshot);
        const all = computeFindings(snapshot, index, { issues: [] });
        const some = computeFindings(snapshot, index, { issues: [], codes });
        expect(some).toEqual(all.filter((f) => codes.includes(f.code)));
      }),
      { numRuns: 40 },
    );
  });

  it('asking for some namespaces (within) gives the findings of all on those namespaces, in the same order', () => {
    fc.assert(
      fc.property(randomCluster, fc.nat(), (c, pick) => {
        const snapshot = assembleSnapshot(c.objects.map((object, i) => ({ object, origin: { file: 'random', doc: i + 1 } })), { defaultNamespace: 'default' });
        const index = new PolicyIndex(snapshot);
        const names = [...new Set([...snapshot.namespaces.map((n) => n.name), ...snapshot.pods.map((p) => p.namespace)])].sort();
        const within = new Set(names.filter((_, i) => (pick >> i) % 2 === 1));
        const all = computeFindings(snapshot, index, { issues: [] });
        expect(computeFindings(snapshot, index, { issues: [], within })).toEqual(all.filter((f) => within.has(f.object.namespace)));
      }),
      { numRuns: 60 },
    );
  });

  it('findings on objects of one namespace go by name whatever their kinds (the namespace itself first)', () => {
    const b = new SnapshotBuilder()
      .namespace('y')
      .pod('y', 'w2-abc', { labels: { app: 'w2' }, ip: '10.0.0.1', owner: { kind: 'ReplicaSet', name: 'w2' } })
      .pod('y', 'p1', { labels: { app: 'p1' }, ip: '10.0.0.2' })
      .pod('y', 'w1-abc', { labels: { app: 'w1' }, ip: '10.0.0.3', owner: { kind: 'ReplicaSet', name: 'w1' } });
    const found = computeFindings(b.build(), b.index(), { issues: [], codes: ['pod-not-selected', 'no-default-deny-ingress'] });
    expect(found.map((f) => `${f.object.kind} ${f.object.name}`)).toEqual(['Namespace y', 'Pod p1', 'ReplicaSet w1', 'ReplicaSet w2']);
  });
});
