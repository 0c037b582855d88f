// admin-priority-tie and admin-experimental-field (destinationNamedPort): each with its near misses.
import { describe, expect, it } from 'vitest';
import { adminWorld, cnp, findingsOf, team, type Doc } from '../../fixtures/admin-lint.js';

const ties = (documents: readonly Doc[]) => findingsOf(adminWorld(documents), 'admin-priority-tie').map((f) => `${f.object.name} ${f.message}`);
const denyIn = (name: string, priority: number, subject: Doc, tier = 'Admin'): Doc => cnp(name, { tier, priority, subject, ingress: [{ action: 'Deny', from: [{ namespaces: team('c') }] }] });

describe('admin-priority-tie', () => {
  it('one priority, one tier, a pod both select for one direction: reported on the later by name', () => {
    expect(ties([denyIn('one', 7, { namespaces: {} }), denyIn('two', 7, { namespaces: team('a') })])).toEqual([
      'two has the priority of ClusterNetworkPolicy one (7) and both select pods for ingress: the API leaves their order undefined; kubectl-netpol takes one first (by name)',
    ]);
  });

  it('near misses: different priorities; subjects with no pod in common; other tiers; other directions', () => {
    expect(ties([denyIn('one', 7, { namespaces: {} }), denyIn('two', 8, { namespaces: team('a') })])).toEqual([]);
    expect(ties([denyIn('one', 7, { namespaces: team('b') }), denyIn('two', 7, { namespaces: team('a') })])).toEqual([]);
    expect(ties([denyIn('one', 7, { namespaces: {} }), denyIn('two', 7, { namespaces: team('a') }, 'Baseline')])).toEqual([]);
    const egress = cnp('two', { tier: 'Admin', priority: 7, subject: { namespaces: team('a') }, egress: [{ action: 'Deny', to: [{ namespaces: team('c') }] }] });
    expect(ties([denyIn('one', 7, { namespaces: {} }), egress])).toEqual([]);
  });
});

describe('admin-experimental-field', () => {
  const withPorts = (protocols: Doc[]) => [cnp('p', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Accept', from: [{ namespaces: team('c') }], protocols }] })];

  it('destinationNamedPort is read (it decides the named port) and reported as info', () => {
    const findings = findingsOf(adminWorld(withPorts([{ destinationNamedPort: 'http' }])), 'admin-experimental-field');
    expect(findings.map((f) => [f.severity, f.field, f.message])).toEqual([
      ['info', 'spec.ingress[0].protocols[0]', 'destinationNamedPort is a field of the experimental channel: the standard CRD does not have it'],
    ]);
  });

  it('near miss: a port number is in the standard channel', () => {
    expect(findingsOf(adminWorld(withPorts([{ tcp: { destinationPort: { number: 8080 } } }])), 'admin-experimental-field')).toEqual([]);
  });
});
