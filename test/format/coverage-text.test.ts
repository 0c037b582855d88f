// renderCoverage from hand-built views: sections, cells, truncation, colour, sanitizing.
import { describe, expect, it } from 'vitest';
import { renderCoverage } from '../../src/format/coverage-text.js';
import { colorPalette, plainPalette } from '../../src/format/color.js';
import type { CoverageView, FindingView } from '../../src/report/coverage-view.js';

type Ns = CoverageView['namespaces'][number];
type Wl = CoverageView['workloads'][number];

const ns = (name: string, pods: number, ingressPercent: number | null, egressPercent: number | null, dd: [boolean, boolean], policies: number): Ns => ({
  name,
  pods,
  ingressPercent,
  egressPercent,
  defaultDeny: { ingress: dd[0], egress: dd[1] },
  policies,
});
const wl = (namespace: string, name: string, w: Partial<Wl> = {}): Wl => ({
  namespace,
  name,
  kind: 'Pod',
  pods: 1,
  ingress: 'isolated',
  egress: 'open',
  ingressFrom: 'namespace',
  hostNetwork: false,
  policies: ['p'],
  ...w,
});
const view = (v: Partial<CoverageView>): CoverageView => ({
  source: 'files: c.yaml',
  scope: 'all namespaces',
  totals: { pods: 4, ingressIsolated: 3, egressIsolated: 1, ingressPercent: 75, egressPercent: 25 },
  namespaces: [],
  workloads: [],
  findings: [],
  ...v,
});
const OPTS = { wide: false, all: false, width: 80 };

describe('renderCoverage', () => {
  it('no pods: a sentence naming where it looked, never a percentage', () => {
    const none = { pods: 0, ingressIsolated: 0, egressIsolated: 0, ingressPercent: null, egressPercent: null };
    expect(renderCoverage(view({ totals: none }), OPTS, plainPalette)).toBe('files: c.yaml, all namespaces:\nNo pods in the input.\n');
    const idle = renderCoverage(view({ scope: 'namespace idle', totals: none, namespaces: [ns('idle', 0, null, null, [true, false], 1)] }), OPTS, plainPalette);
    expect(idle.split('\n').slice(0, 4)).toEqual(['files: c.yaml, namespace idle:', 'No pods in namespace idle.', '', 'NAMESPACE   PODS   INGRESS   EGRESS   DEFAULT DENY   POLICIES']);
    expect(idle).not.toContain('%');
  });

  it('every default-deny cell, hostNetwork workloads, no findings', () => {
    const out = renderCoverage(
      view({
        namespaces: [ns('a', 1, 100, 100, [true, true], 2), ns('b', 1, 100, 0, [true, false], 1), ns('c', 1, 0, 100, [false, true], 1), ns('d', 1, 0, 0, [false, false], 0), ns('e', 0, 100, 100, [false, false], 1)],
        workloads: [wl('a', 'w'), wl('d', 'node-agent', { hostNetwork: true, ingress: 'open', ingressFrom: 'internet' }), wl('b', 'deployment/x', { pods: 3, ingress: 'partial' })],
      }),
      OPTS,
      plainPalette,
    );
    expect(out).toBe(
      [
        'files: c.yaml, all namespaces:',
        '4 pods: 75% isolated for ingress (3), 25% for egress (1)',
        '',
        'NAMESPACE   PODS   INGRESS   EGRESS   DEFAULT DENY     POLICIES',
        'a           1      100%      100%     ingress+egress   2',
        'b           1      100%      0%       ingress          1',
        'c           1      0%        100%     egress only      1',
        'd           1      0%        0%       none             0',
        // No pods but a policy: the deny state still matters.
        'e           0      -         -        none             1',
        '',
        'NAMESPACE   WORKLOAD       PODS   INGRESS    EGRESS   INGRESS FROM',
        'a           w              1      isolated   open     namespace',
        'd           node-agent     1      host       host     internet',
        'b           deployment/x   3      partial    open     namespace',
        '',
        'No findings.',
        '',
      ].join('\n'),
    );
  });

  it('more than 60 workloads: a count instead of the table, unless -o wide', () => {
    const many = Array.from({ length: 61 }, (_, i) => wl('a', `w${i}`));
    const v = view({ namespaces: [ns('a', 61, 100, 0, [true, false], 1)], workloads: many });
    const lines = renderCoverage(v, OPTS, plainPalette).split('\n');
    // The header is two lines (source and scope, then totals), then a blank line and the namespace table.
    expect(lines.slice(6)).toEqual(['61 workloads (use -n NAMESPACE, or -o wide to list them all)', '', 'No findings.', '']);
    const wide = renderCoverage(v, { wide: true, all: true }, plainPalette).split('\n');
    expect(wide[6]).toBe('NAMESPACE   WORKLOAD   PODS   INGRESS    EGRESS   INGRESS FROM   POLICIES');
    expect(wide).toHaveLength(6 + 1 + 61 + 1 + 1 + 1);
  });

  it('findings grouped by code in view order, 5 per code unless all; locations in brackets; text sanitized', () => {
    const f = (code: string, severity: FindingView['severity'], namespace: string, subject: string, message: string, more: { field?: string; location?: string } = {}): FindingView => ({
      code,
      severity,
      namespace,
      subject,
      message,
      fix: 'the fix',
      ...more,
    });
    const findings = [
      f('policy-selects-nothing', 'warning', 'a', 'policy p', 'podSelector app=x matches none of the 2 pods in namespace a', { field: 'spec.podSelector', location: 'p.yaml: document 2' }),
      ...Array.from({ length: 7 }, (_, i) => f('pod-not-selected', 'warning', 'n\u001b[1m', `w${i}`, `w${i} is selected by no NetworkPolicy`)),
      f('no-default-deny-egress', 'info', 'a', 'namespace a', 'namespace a has\nno default-deny egress policy'),
      f('rule-allows-any-address', 'info', 'a', 'policy q', 'ipBlock 0.0.0.0/0 except 10.0.0.0/8 admits egress to any address outside those blocks', { field: 'spec.egress[0].to[0].ipBlock.cidr' }),
    ];
    const v = view({ namespaces: [ns('a', 1, 100, 0, [true, false], 1)], findings });
    const text = renderCoverage(v, OPTS, plainPalette);
    expect(text.slice(text.indexOf('Findings'))).toBe(
      [
        'Findings (10):',
        '  WARNING policy-selects-nothing (1)',
        // A policy's findings name the policy first; the field only when it points into a rule.
        '    a: policy p: podSelector app=x matches none of the 2 pods in namespace a',
        '      [p.yaml: document 2]',
        '  WARNING pod-not-selected (7)',
        ...[0, 1, 2, 3, 4].map((i) => `    n\\x1b[1m: w${i} is selected by no NetworkPolicy`),
        '    ... and 2 more (-o wide or -o json lists all)',
        '  INFO no-default-deny-egress (1)',
        '    a: namespace a has no default-deny egress policy',
        '  INFO rule-allows-any-address (1)',
        '    a: policy q spec.egress[0].to[0].ipBlock.cidr: ipBlock 0.0.0.0/0 except',
        '      10.0.0.0/8 admits egress to any address outside those blocks',
        '',
      ].join('\n'),
    );
    const all = renderCoverage(v, { wide: false, all: true }, plainPalette);
    expect(all).toContain('    n\\x1b[1m: w6 is selected by no NetworkPolicy\n');
    expect(all).not.toContain('... and');
  });

  it('colour: severities and status words only', () => {
    const v = view({
      namespaces: [ns('a', 1, 100, 0, [true, true], 1)],
      workloads: [wl('a', 'w', { egress: 'open' })],
      findings: [
        { code: 'pod-not-selected', severity: 'warning', namespace: 'a', subject: 's', message: 's m', fix: 'f' },
        { code: 'no-default-deny-egress', severity: 'info', namespace: 'a', subject: 's', message: 's m', fix: 'f' },
      ],
    });
    const out = renderCoverage(v, OPTS, colorPalette);
    expect(out).toContain('\u001b[32misolated\u001b[39m');
    expect(out).toContain('\u001b[33mopen\u001b[39m');
    expect(out).toContain('\u001b[32mingress+egress\u001b[39m');
    expect(out).toContain('  \u001b[33mWARNING\u001b[39m pod-not-selected (1)');
    expect(out).toContain('  \u001b[2mINFO\u001b[22m no-default-deny-egress (1)');
  });
});
