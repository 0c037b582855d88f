// admin-rule-shadowed: one case per way a rule can be covered, each with a near miss that does not
// fire. Every finding is checked against the engine (the rule decides no port of any connection of
// the cluster) and every near miss too (its rule does decide some).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminWorld, anp, banp, cnp, findingsOf, rulesInPlay, team, type Doc } from '../../fixtures/admin-lint.js';

const all: Doc = { namespaces: {} };
const shadowed = (documents: readonly Doc[], nps: Parameters<typeof adminWorld>[1] = []) => {
  const snapshot = adminWorld(documents, nps);
  return { findings: findingsOf(snapshot, 'admin-rule-shadowed'), inPlay: rulesInPlay(snapshot) };
};

/** Exactly one finding, on `rule` (`KIND/NAME DIRECTION[i]`), which the engine never uses. */
function expectShadowed(result: ReturnType<typeof shadowed>, rule: string): string {
  expect(result.findings.map((f) => `${f.object.kind}/${f.object.name} ${f.field?.replace(/^spec\./, '')}`)).toEqual([rule]);
  expect(result.inPlay.has(rule)).toBe(false);
  return result.findings[0]!.message;
}

/** No finding, and the rule in question does decide something. */
function expectInPlay(result: ReturnType<typeof shadowed>, rule: string): void {
  expect(result.findings).toEqual([]);
  expect(result.inPlay.has(rule)).toBe(true);
}

describe('admin-rule-shadowed', () => {
  it('an earlier rule of the same policy covers a later one', () => {
    const message = expectShadowed(
      shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, ingress: [{ name: 'deny-all', action: 'Deny', from: [all] }, { name: 'team-a', action: 'Accept', from: [{ namespaces: team('a') }] }] })]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
    expect(message).toBe('ingress[1] "team-a" (Accept) never applies: ingress[0] "deny-all" of this policy (Deny) is evaluated first and matches every connection it matches');
  });

  it('near miss: the narrower rule first, the wider one still decides the rest', () => {
    expectInPlay(
      shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, ingress: [{ action: 'Accept', from: [{ namespaces: team('a') }] }, { action: 'Deny', from: [all] }] })]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
  });

  it('a policy with a lower priority value whose subject includes this one covers it', () => {
    const message = expectShadowed(
      shadowed([
        cnp('first', { tier: 'Admin', priority: 5, subject: all, egress: [{ name: 'no-c', action: 'Deny', to: [{ namespaces: team('c') }] }] }),
        cnp('second', { tier: 'Admin', priority: 6, subject: { namespaces: team('a') }, egress: [{ name: 'c-web', action: 'Accept', to: [{ pods: { namespaceSelector: team('c'), podSelector: { matchLabels: { app: 'web' } } } }] }] }),
      ]),
      'ClusterNetworkPolicy/second egress[0]',
    );
    expect(message).toBe('egress[0] "c-web" (Accept) never applies: ClusterNetworkPolicy first (Admin, priority 5) egress[0] "no-c" (Deny) is evaluated first and matches every connection it matches');
  });

  it('near miss: the earlier policy selects fewer pods', () => {
    expectInPlay(
      shadowed([
        cnp('first', { tier: 'Admin', priority: 5, subject: { namespaces: team('b') }, egress: [{ action: 'Deny', to: [{ namespaces: team('c') }] }] }),
        cnp('second', { tier: 'Admin', priority: 6, subject: all, egress: [{ action: 'Accept', to: [{ namespaces: team('c') }] }] }),
      ]),
      'ClusterNetworkPolicy/second egress[0]',
    );
  });

  it('near miss: equal priorities have no order (that is admin-priority-tie), so nothing is proved', () => {
    const documents = [
      cnp('first', { tier: 'Admin', priority: 5, subject: all, egress: [{ action: 'Deny', to: [{ namespaces: team('c') }] }] }),
      cnp('second', { tier: 'Admin', priority: 5, subject: { namespaces: team('a') }, egress: [{ action: 'Accept', to: [{ namespaces: team('c') }] }] }),
    ];
    expect(shadowed(documents).findings).toEqual([]);
    expect(findingsOf(adminWorld(documents), 'admin-priority-tie')).toHaveLength(1);
  });

  it('label selectors are compared by their requirements: Exists covers a value, In covers a subset', () => {
    expectShadowed(
      shadowed([
        cnp('p', {
          tier: 'Admin',
          priority: 1,
          subject: all,
          ingress: [
            { action: 'Pass', from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] } }] },
            { action: 'Deny', from: [{ pods: { namespaceSelector: team('b'), podSelector: { matchLabels: { app: 'db' } } } }] },
          ],
        }),
      ]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
  });

  it('near miss: In (a, b) does not cover Exists', () => {
    expectInPlay(
      shadowed([
        cnp('p', {
          tier: 'Admin',
          priority: 1,
          subject: all,
          ingress: [
            { action: 'Pass', from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] } }] },
            { action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] },
          ],
        }),
      ]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
  });

  it('ports: a range covers a port inside it', () => {
    expectShadowed(
      shadowed([
        cnp('p', {
          tier: 'Admin',
          priority: 1,
          subject: all,
          ingress: [
            { action: 'Deny', from: [all], protocols: [{ tcp: { destinationPort: { range: { start: 8000, end: 8090 } } } }] },
            { action: 'Accept', from: [{ namespaces: team('a') }], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] },
          ],
        }),
      ]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
  });

  it('near miss: a port outside the range (UDP 53 beside TCP 8080) is decided by the later rule', () => {
    expectInPlay(
      shadowed([
        cnp('p', {
          tier: 'Admin',
          priority: 1,
          subject: all,
          ingress: [
            { action: 'Deny', from: [all], protocols: [{ tcp: { destinationPort: { range: { start: 8000, end: 8090 } } } }] },
            { action: 'Accept', from: [{ namespaces: team('a') }], protocols: [{ tcp: { destinationPort: { number: 8080 } } }, { udp: { destinationPort: { number: 53 } } }] },
          ],
        }),
      ]),
      'ClusterNetworkPolicy/p ingress[1]',
    );
  });

  it('named ports: the same name is covered; a number is not (the name may be another port elsewhere)', () => {
    const rules = (first: Doc) => [
      cnp('p', { tier: 'Admin', priority: 1, subject: all, ingress: [{ action: 'Deny', from: [all], protocols: [first] }, { action: 'Accept', from: [{ namespaces: team('a') }], protocols: [{ destinationNamedPort: 'http' }] }] }),
    ];
    expectShadowed(shadowed(rules({ destinationNamedPort: 'http' })), 'ClusterNetworkPolicy/p ingress[1]');
    // Port 8081 is not where any pod declares http: the rule decides 8080.
    expectInPlay(shadowed(rules({ tcp: { destinationPort: { number: 8081 } } })), 'ClusterNetworkPolicy/p ingress[1]');
  });

  it('networks: a CIDR covers the CIDRs inside it; every address of both families covers pods too', () => {
    expectShadowed(
      shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Accept', to: [{ networks: ['10.9.0.0/16'] }] }] })]),
      'ClusterNetworkPolicy/p egress[1]',
    );
    expectShadowed(
      shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }, { action: 'Accept', to: [{ namespaces: team('a') }] }] })]),
      'ClusterNetworkPolicy/p egress[1]',
    );
  });

  it('near miss: networks of one family only do not cover pods (a pod may have an address of the other)', () => {
    expectInPlay(
      shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, egress: [{ action: 'Deny', to: [{ networks: ['::/0'] }] }, { action: 'Accept', to: [{ namespaces: team('c') }] }] })]),
      'ClusterNetworkPolicy/p egress[1]',
    );
  });

  it('a Baseline rule behind an Admin Deny that no Pass precedes', () => {
    const message = expectShadowed(
      shadowed([
        cnp('guard', { tier: 'Admin', priority: 10, subject: all, ingress: [{ name: 'no-c', action: 'Deny', from: [{ namespaces: team('c') }] }] }),
        cnp('base', { tier: 'Baseline', priority: 1, subject: { namespaces: team('a') }, ingress: [{ name: 'c-in', action: 'Accept', from: [{ namespaces: team('c') }] }] }),
      ]),
      'ClusterNetworkPolicy/base ingress[0]',
    );
    expect(message).toContain('ClusterNetworkPolicy guard (Admin, priority 10) ingress[0] "no-c" (Deny)');
  });

  it('near miss: an Admin Pass evaluated first hands the traffic on to the Baseline tier', () => {
    expectInPlay(
      shadowed([
        cnp('delegate', { tier: 'Admin', priority: 1, subject: all, ingress: [{ action: 'Pass', from: [{ namespaces: team('c') }] }] }),
        cnp('guard', { tier: 'Admin', priority: 10, subject: all, ingress: [{ action: 'Deny', from: [all] }] }),
        cnp('base', { tier: 'Baseline', priority: 1, subject: { namespaces: team('a') }, ingress: [{ action: 'Accept', from: [{ namespaces: team('c') }] }] }),
      ]),
      'ClusterNetworkPolicy/base ingress[0]',
    );
  });

  it('v1alpha1: the BaselineAdminNetworkPolicy behind an AdminNetworkPolicy Deny', () => {
    expectShadowed(
      shadowed([anp('guard', { priority: 1, subject: all, egress: [{ action: 'Deny', to: [all] }] }), banp({ subject: { namespaces: team('a') }, egress: [{ action: 'Allow', to: [{ namespaces: team('b') }] }] })]),
      'BaselineAdminNetworkPolicy/default egress[0]',
    );
  });

  it('near miss: the generations are not compared (no API orders a ClusterNetworkPolicy against a BaselineAdminNetworkPolicy)', () => {
    expect(
      shadowed([cnp('guard', { tier: 'Admin', priority: 1, subject: all, egress: [{ action: 'Deny', to: [all] }] }), banp({ subject: { namespaces: team('a') }, egress: [{ action: 'Allow', to: [{ namespaces: team('b') }] }] })]).findings,
    ).toEqual([]);
  });

  it('a peer with no field makes a Deny rule deny everything: every later rule is covered', () => {
    const result = shadowed([cnp('p', { tier: 'Admin', priority: 1, subject: all, egress: [{ action: 'Deny', to: [{}] }, { action: 'Accept', to: [{ networks: ['10.9.0.0/16'] }] }] })]);
    expectShadowed(result, 'ClusterNetworkPolicy/p egress[1]');
  });
});

describe('admin-rule-shadowed on random policies', () => {
  const subject = fc.constantFrom<Doc>(all, { namespaces: team('a') }, { namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } }, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } });
  const peer = fc.constantFrom<Doc>(
    all,
    { namespaces: team('a') },
    { namespaces: team('c') },
    { namespaces: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] } },
    { pods: { namespaceSelector: team('b'), podSelector: { matchLabels: { app: 'db' } } } },
    { networks: ['10.0.0.0/8'] },
    { networks: ['10.1.0.0/24'] },
    { networks: ['0.0.0.0/0', '::/0'] },
  );
  const protocols = fc.constantFrom<Doc[] | undefined>(
    undefined,
    [{ tcp: { destinationPort: { number: 8080 } } }],
    [{ tcp: { destinationPort: { range: { start: 8000, end: 8090 } } } }],
    [{ udp: { destinationPort: { number: 53 } } }],
    [{ destinationNamedPort: 'http' }],
  );
  const rule = fc.record({ action: fc.constantFrom('Accept', 'Deny', 'Pass'), peers: fc.array(peer, { minLength: 1, maxLength: 2 }), protocols });
  const policy = fc.record({
    tier: fc.constantFrom('Admin', 'Admin', 'Baseline'),
    priority: fc.integer({ min: 1, max: 3 }),
    subject,
    ingress: fc.array(rule, { maxLength: 3 }),
    egress: fc.array(rule, { maxLength: 3 }),
  });
  const toRules = (rules: { action: string; peers: Doc[]; protocols: Doc[] | undefined }[], field: 'from' | 'to') =>
    rules.map((r) => ({ action: r.action, [field]: field === 'from' ? r.peers.filter((p) => !('networks' in p)).concat(r.peers.every((p) => 'networks' in p) ? [all] : []) : r.peers, ...(r.protocols ? { protocols: r.protocols } : {}) }));

  it('a rule reported as shadowed decides no port of any connection of the cluster', () => {
    let reported = 0;
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 4 }), (policies) => {
        const documents = policies.map((p, i) =>
          cnp(`p${i}`, { tier: p.tier, priority: p.priority, subject: p.subject, ingress: toRules(p.ingress, 'from'), egress: toRules(p.egress, 'to') }),
        );
        const snapshot = adminWorld(documents);
        const inPlay = rulesInPlay(snapshot);
        for (const f of findingsOf(snapshot, 'admin-rule-shadowed')) {
          reported++;
          expect(inPlay.has(`${f.object.kind}/${f.object.name} ${f.field!.replace(/^spec\./, '')}`)).toBe(false);
        }
      }),
      { numRuns: 150, seed: 12 },
    );
    // The property was exercised, not vacuous.
    expect(reported).toBeGreaterThan(20);
  });
});
