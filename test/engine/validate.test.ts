// Each ValidationCode on a minimal bad policy, and a near miss that the API server accepts.
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../fixtures/builder.js';
import { isValidPortName, validatePolicies, validatePolicy, type ValidationIssue } from '../../src/engine/validate.js';

const issues = (spec: Record<string, unknown>): ValidationIssue[] => {
  const s = new SnapshotBuilder().policy('x', 'p', spec).build();
  return validatePolicy(s.policies[0]!);
};
const codes = (spec: Record<string, unknown>) => issues(spec).map((i) => [i.code, i.path]);

const fromPeer = (peer: object) => ({ podSelector: {}, ingress: [{ from: [peer] }] });
const withPort = (port: object) => ({ podSelector: {}, ingress: [{ ports: [port] }] });
const ipBlock = (cidr: string, except?: string[]) => fromPeer({ ipBlock: { cidr, ...(except ? { except } : {}) } });

describe('a valid policy', () => {
  it('yields no issues', () => {
    expect(
      issues({
        podSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
              { namespaceSelector: { matchLabels: { project: 'p' } }, podSelector: {} },
              { podSelector: { matchExpressions: [{ key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }, { key: 'z', operator: 'NotIn', values: ['1'] }] } },
            ],
            ports: [{ protocol: 'TCP', port: 6379 }, { port: 'http' }, { protocol: 'UDP' }, { protocol: 'SCTP', port: 1, endPort: 65535 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } }] }],
      }),
    ).toEqual([]);
  });
});

describe('invalid-cidr', () => {
  it('fires on a malformed cidr', () => {
    expect(codes(ipBlock('10.0.0.0/33'))).toEqual([['invalid-cidr', 'spec.ingress[0].from[0].ipBlock.cidr']]);
    expect(codes(ipBlock('10.0.0.0'))).toEqual([['invalid-cidr', 'spec.ingress[0].from[0].ipBlock.cidr']]);
    expect(codes(ipBlock('0x10.0.0.0/8'))).toEqual([['invalid-cidr', 'spec.ingress[0].from[0].ipBlock.cidr']]);
  });

  it('near miss: legacy forms the lenient API servers stored are valid (lint warns about them)', () => {
    expect(issues(ipBlock('010.0.0.0/8'))).toEqual([]);
    expect(issues(ipBlock('10.0.0.0/08'))).toEqual([]);
    expect(issues(ipBlock('::ffff:10.0.0.0/104', ['10.1.0.0/16']))).toHaveLength(1); // prefix lengths compare as written
    expect(issues(ipBlock('::ffff:10.0.0.0/104', ['::ffff:10.1.0.0/112']))).toEqual([]);
    expect(issues(ipBlock('10.0.0.0/8', ['::ffff:10.1.0.0/112']))).toEqual([]);
  });

  it('fires on a malformed except entry, with its index', () => {
    expect(codes(ipBlock('10.0.0.0/8', ['10.1.0.0/16', 'nonsense']))).toEqual([['invalid-cidr', 'spec.ingress[0].from[0].ipBlock.except[1]']]);
  });

  it('near miss: a cidr with host bits set is valid', () => {
    expect(issues(ipBlock('10.1.2.3/8'))).toEqual([]);
    expect(issues(ipBlock('2001:db8::1/64'))).toEqual([]);
  });

  it('uses `to` in egress paths', () => {
    expect(codes({ podSelector: {}, egress: [{}, { to: [{ podSelector: {} }, { ipBlock: { cidr: 'bad' } }] }] })).toEqual([
      ['invalid-cidr', 'spec.egress[1].to[1].ipBlock.cidr'],
    ]);
  });
});

describe('except-not-in-cidr', () => {
  it('fires when except equals cidr', () => {
    expect(codes(ipBlock('10.0.0.0/8', ['10.0.0.0/8']))).toEqual([['except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]']]);
  });

  it('fires when except is larger than cidr', () => {
    expect(codes(ipBlock('10.1.0.0/16', ['10.0.0.0/8']))).toEqual([['except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]']]);
  });

  it('fires when except lies outside cidr', () => {
    expect(codes(ipBlock('10.0.0.0/8', ['11.0.0.0/16']))).toEqual([['except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]']]);
  });

  it('fires when except is of the other family', () => {
    expect(codes(ipBlock('10.0.0.0/8', ['fd00::/64']))).toEqual([['except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]']]);
    expect(codes(ipBlock('::/0', ['10.0.0.0/8']))).toEqual([['except-not-in-cidr', 'spec.ingress[0].from[0].ipBlock.except[0]']]);
  });

  it('near miss: an except strictly inside cidr is valid, host bits or not', () => {
    expect(issues(ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.255.255.255/32', '10.2.3.4/16']))).toEqual([]);
    expect(issues(ipBlock('0.0.0.0/0', ['0.0.0.0/1']))).toEqual([]);
  });
});

describe('peers', () => {
  it('ipblock-with-selector fires on an ipBlock combined with a podSelector or a namespaceSelector', () => {
    expect(codes(fromPeer({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }))).toEqual([['ipblock-with-selector', 'spec.ingress[0].from[0]']]);
    expect(codes(fromPeer({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }))).toEqual([['ipblock-with-selector', 'spec.ingress[0].from[0]']]);
  });

  it('empty-peer fires on a peer with no field', () => {
    expect(codes(fromPeer({}))).toEqual([['empty-peer', 'spec.ingress[0].from[0]']]);
  });

  it('near miss: a peer with only an empty podSelector or namespaceSelector is valid', () => {
    expect(issues(fromPeer({ podSelector: {} }))).toEqual([]);
    expect(issues(fromPeer({ namespaceSelector: {} }))).toEqual([]);
  });
});

describe('selectors', () => {
  it('unknown-operator fires on an operator that is not In, NotIn, Exists or DoesNotExist (case-sensitive)', () => {
    expect(codes({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] } })).toEqual([
      ['unknown-operator', 'spec.podSelector.matchExpressions[0].operator'],
    ]);
    expect(codes(fromPeer({ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'in', values: ['b'] }] } }))).toEqual([
      ['unknown-operator', 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator'],
    ]);
  });

  it('selector-values fires on In or NotIn with no values', () => {
    expect(codes({ podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } })).toEqual([
      ['selector-values', 'spec.podSelector.matchExpressions[0].values'],
    ]);
    expect(codes(fromPeer({ podSelector: { matchExpressions: [{ key: 'a', operator: 'NotIn' }] } }))).toEqual([
      ['selector-values', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].values'],
    ]);
  });

  it('selector-values fires on Exists or DoesNotExist with values', () => {
    expect(codes({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] } })).toEqual([
      ['selector-values', 'spec.podSelector.matchExpressions[0].values'],
    ]);
    expect(codes({ podSelector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['b'] }] } })).toEqual([
      ['selector-values', 'spec.podSelector.matchExpressions[0].values'],
    ]);
  });

  it('near miss: In with a value and Exists without values are valid', () => {
    expect(issues({ podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }, { key: 'c', operator: 'Exists' }, { key: 'd', operator: 'Exists', values: [] }] } })).toEqual([]);
  });
});

describe('ports', () => {
  it('invalid-protocol fires on a protocol other than TCP, UDP, SCTP (case-sensitive)', () => {
    expect(codes(withPort({ protocol: 'ICMP', port: 80 }))).toEqual([['invalid-protocol', 'spec.ingress[0].ports[0].protocol']]);
    expect(codes(withPort({ protocol: 'tcp', port: 80 }))).toEqual([['invalid-protocol', 'spec.ingress[0].ports[0].protocol']]);
  });

  it('near miss: each of TCP, UDP and SCTP is valid', () => {
    for (const protocol of ['TCP', 'UDP', 'SCTP']) expect(issues(withPort({ protocol, port: 80 })), protocol).toEqual([]);
  });

  it('invalid-port fires on port 0 and 65536', () => {
    expect(codes(withPort({ port: 0 }))).toEqual([['invalid-port', 'spec.ingress[0].ports[0].port']]);
    expect(codes(withPort({ port: 65536 }))).toEqual([['invalid-port', 'spec.ingress[0].ports[0].port']]);
    expect(codes(withPort({ port: -1 }))).toEqual([['invalid-port', 'spec.ingress[0].ports[0].port']]);
  });

  it('near miss: ports 1 and 65535 are valid', () => {
    expect(issues(withPort({ port: 1 }))).toEqual([]);
    expect(issues(withPort({ port: 65535 }))).toEqual([]);
  });

  it('invalid-port-name fires on names that are not IANA service names', () => {
    for (const name of ['HTTP', 'a--b', '-http', 'http-', '123', 'abcdefghijklmnop', 'web_1', 'my.port', '']) {
      const found = codes(withPort({ port: name }));
      expect(found, JSON.stringify(name)).toEqual([['invalid-port-name', 'spec.ingress[0].ports[0].port']]);
    }
  });

  it('near miss: valid port names', () => {
    for (const name of ['http', 'h2c', 'web-8080', 'abcdefghijklmno', 'a', '8a']) {
      expect(issues(withPort({ port: name })), name).toEqual([]);
      expect(isValidPortName(name), name).toBe(true);
    }
  });

  it('endport-below-port fires when endPort < port or endPort > 65535', () => {
    expect(codes(withPort({ port: 100, endPort: 99 }))).toEqual([['endport-below-port', 'spec.ingress[0].ports[0].endPort']]);
    expect(codes(withPort({ port: 100, endPort: 65536 }))).toEqual([['endport-below-port', 'spec.ingress[0].ports[0].endPort']]);
  });

  it('near miss: endPort equal to port is valid', () => {
    expect(issues(withPort({ port: 100, endPort: 100 }))).toEqual([]);
  });

  it('endport-with-named-port fires on endPort with a named port', () => {
    expect(codes(withPort({ port: 'http', endPort: 90 }))).toEqual([['endport-with-named-port', 'spec.ingress[0].ports[0].endPort']]);
  });

  it('endport-without-port fires on endPort with no port', () => {
    expect(codes(withPort({ protocol: 'TCP', endPort: 90 }))).toEqual([['endport-without-port', 'spec.ingress[0].ports[0].endPort']]);
  });
});

describe('policy types', () => {
  it('invalid-policy-type fires on an unknown type (case-sensitive)', () => {
    expect(codes({ podSelector: {}, policyTypes: ['Ingress', 'egress'] })).toEqual([['invalid-policy-type', 'spec.policyTypes[1]']]);
  });

  it('near miss: Ingress and Egress are valid', () => {
    expect(issues({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] })).toEqual([]);
  });
});

describe('issue reports', () => {
  it('name the policy and its origin, and carry a message', () => {
    const s = new SnapshotBuilder().policy('ns1', 'bad', ipBlock('10.0.0.0/8', ['11.0.0.0/8'])).build();
    const [issue] = validatePolicy(s.policies[0]!);
    expect(issue!.policy).toEqual({ namespace: 'ns1', name: 'bad' });
    expect(issue!.origin).toEqual({ file: 'test', doc: 1 });
    expect(issue!.message).toContain('11.0.0.0/8');
  });

  it('validatePolicies collects the issues of every policy, in order', () => {
    const s = new SnapshotBuilder()
      .policy('x', 'a', withPort({ port: 0 }))
      .policy('x', 'ok', { podSelector: {} })
      .policy('x', 'b', fromPeer({}))
      .build();
    expect(validatePolicies(s.policies).map((i) => [i.policy.name, i.code])).toEqual([
      ['a', 'invalid-port'],
      ['b', 'empty-peer'],
    ]);
  });

  it('reports several problems of one port entry together', () => {
    expect(codes(withPort({ protocol: 'ICMP', port: 70000 })).map(([c]) => c)).toEqual(['invalid-protocol', 'invalid-port']);
  });
});

describe('policyTypes count', () => {
  it('more than two policyTypes is rejected; two (even repeated) are accepted, as the API server does', async () => {
    const { validatePolicy } = await import('../../src/engine/validate.js');
    const base = { namespace: 'x', name: 'p', podSelector: { matchLabels: {}, matchExpressions: [] }, ingress: [], egress: [] };
    expect(validatePolicy({ ...base, policyTypes: ['Ingress', 'Egress', 'Ingress'] }).map((i) => i.code)).toEqual(['invalid-policy-type']);
    expect(validatePolicy({ ...base, policyTypes: ['Ingress', 'Ingress'] })).toEqual([]);
  });
});

describe('invalid-label', () => {
  const sel = (matchLabels: Record<string, string>, matchExpressions: { key: string; operator: string; values: string[] }[] = []) => ({
    namespace: 'x',
    name: 'p',
    podSelector: { matchLabels, matchExpressions },
    policyTypes: ['Ingress' as const],
    ingress: [],
    egress: [],
  });
  it('fires on label keys and values the API rejects, in matchLabels and in expressions', async () => {
    const { validatePolicy } = await import('../../src/engine/validate.js');
    const codes = (p: ReturnType<typeof sel>) => validatePolicy(p).map((i) => `${i.code} ${i.path}`);
    expect(codes(sel({ 'a b': 'x' }))).toEqual(['invalid-label spec.podSelector.matchLabels']);
    expect(codes(sel({ app: 'has space' }))).toEqual(['invalid-label spec.podSelector.matchLabels.app']);
    expect(codes(sel({ app: 'x'.repeat(64) }))).toEqual(['invalid-label spec.podSelector.matchLabels.app']);
    expect(codes(sel({}, [{ key: '-bad', operator: 'Exists', values: [] }]))).toEqual(['invalid-label spec.podSelector.matchExpressions[0].key']);
    expect(codes(sel({}, [{ key: 'tier', operator: 'In', values: ['ok', 'not ok'] }]))).toEqual(['invalid-label spec.podSelector.matchExpressions[0].values[1]']);
    expect(codes(sel({ 'Example.com/app': 'x' }))).toEqual(['invalid-label spec.podSelector.matchLabels']);
  });
  it('does not fire on valid keys and values (prefixes, dots, underscores, empty values, 63 characters)', async () => {
    const { validatePolicy } = await import('../../src/engine/validate.js');
    expect(validatePolicy(sel({ 'app.kubernetes.io/name': 'web', 'kubernetes.io/metadata.name': 'prod', a_b: 'c.d-e', empty: '', long: 'x'.repeat(63) }))).toEqual([]);
  });
});
