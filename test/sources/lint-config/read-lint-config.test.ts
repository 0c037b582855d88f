// The lint config reader: every setting read into the typed config, defaults, and errors with a line.
import { describe, expect, it } from 'vitest';
import { parseLintConfig } from '../../../src/sources/lint-config/read-lint-config.js';
import { SourceError } from '../../../src/sources/source-error.js';

describe('parseLintConfig', () => {
  it('reads every setting', () => {
    const config = parseLintConfig(
      'c.yaml',
      `requireIngressRules: true
forbidCidrs:
  - cidr: 0.0.0.0/0
    namespaces: [prod]
  - ::/0
requireDefaultDeny: [ingress]
disable: [redundant-rule]
severity: {egress-without-dns: error}
ignoreNamespaces: [kube-system]
`,
    );
    expect(config).toEqual({
      requireIngressRules: true,
      forbidCidrs: [{ cidr: '0.0.0.0/0', namespaces: ['prod'] }, { cidr: '::/0' }],
      requireDefaultDeny: ['ingress'],
      disable: ['redundant-rule'],
      severity: { 'egress-without-dns': 'error' },
      ignoreNamespaces: ['kube-system'],
    });
  });

  it('an empty file is the default: nothing required, nothing disabled', () => {
    expect(parseLintConfig('c.yaml', '')).toEqual({ requireIngressRules: false, forbidCidrs: [], requireDefaultDeny: [], disable: [], severity: {}, ignoreNamespaces: [] });
  });

  it('broken YAML and wrong types are SourceErrors naming file and line', () => {
    expect(() => parseLintConfig('c.yaml', 'disable: [a\n')).toThrow(SourceError);
    expect(() => parseLintConfig('c.yaml', 'requireIngressRules: true\ndisable: nope\n')).toThrow(/^c\.yaml: line 2: disable: expected a list$/);
    expect(() => parseLintConfig('c.yaml', 'forbidCidrs:\n  - {namespaces: [a]}\n')).toThrow(/^c\.yaml: line 2: forbidCidrs\[0\]\.cidr: expected a CIDR such as 0\.0\.0\.0\/0$/);
  });
});

describe('parseLintConfig: the rules added for admission', () => {
  it('reads them; false and absent leave them out', () => {
    const config = parseLintConfig(
      'c.yaml',
      `requirePolicyTypes: true
forbidAnyAddressEgress: {exceptNamespaces: [edge]}
forbidAllowAllPeers: true
requirePodSelectorLabels: false
allowedPorts: [53, 8000-8100, http]
requireDeclaredNamedPorts: true
`,
    );
    expect(config).toMatchObject({
      requirePolicyTypes: true,
      forbidAnyAddressEgress: { exceptNamespaces: ['edge'] },
      forbidAllowAllPeers: true,
      allowedPorts: [53, '8000-8100', 'http'],
      requireDeclaredNamedPorts: true,
    });
    expect(config.requirePodSelectorLabels).toBeUndefined();
    expect(parseLintConfig('c.yaml', 'forbidAnyAddressEgress: true\n').forbidAnyAddressEgress).toEqual({ exceptNamespaces: [] });
    expect(parseLintConfig('c.yaml', 'forbidAnyAddressEgress: false\n').forbidAnyAddressEgress).toBeUndefined();
  });

  it('wrong shapes are SourceErrors naming the line and the setting', () => {
    expect(() => parseLintConfig('c.yaml', 'allowedPorts: [80, true]\n')).toThrow(/^c\.yaml: line 1: allowedPorts\[1\]: expected a port \(443\), a range \(8000-8100\) or a port name \(http\)$/);
    expect(() => parseLintConfig('c.yaml', 'requirePolicyTypes: yes\n')).toThrow(/^c\.yaml: line 1: requirePolicyTypes: expected true or false$/);
    expect(() => parseLintConfig('c.yaml', 'forbidAnyAddressEgress:\n  exceptNamespaces: edge\n')).toThrow(/^c\.yaml: line 2: forbidAnyAddressEgress\.exceptNamespaces: expected a list$/);
  });
});
