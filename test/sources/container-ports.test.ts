// Container ports as the readers take them from a pod: defaults, what is left out, and which field a
// bad value is named by (the fast path for well-formed ports must not change any of it).
import { describe, expect, it } from 'vitest';
import { assembleSnapshot } from '../../src/sources/assemble.js';

const podWith = (spec: object, status: object = { phase: 'Running', podIP: '10.0.0.2' }) => ({
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app', namespace: 'x' }, spec, status },
  origin: { file: 'pods.yaml', doc: 1 },
});
const read = (spec: object, status?: object) => assembleSnapshot([podWith(spec, status)], { defaultNamespace: 'default' }).pods[0]!;
const failure = (spec: object, status?: object) => {
  try {
    read(spec, status);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('container ports', () => {
  it('default to TCP, keep names, and leave out entries without containerPort', () => {
    const pod = read({ containers: [{ name: 'a', ports: [{ containerPort: 80 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'x' }, null] }, null] });
    expect(pod.ports).toEqual([
      { port: 80, protocol: 'TCP' },
      { port: 53, protocol: 'UDP', name: 'dns' },
    ]);
  });

  it('name the field of a bad value', () => {
    expect(failure({ containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] })).toContain('spec.containers[0].ports[0].containerPort: expected an integer');
    expect(failure({ containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'ICMP' }] }] })).toContain('spec.containers[0].ports[0].protocol: unsupported protocol');
    expect(failure({ containers: [{ name: 'a', ports: [{ containerPort: 80, name: 7 }] }] })).toContain('spec.containers[0].ports[0].name: expected a string');
    expect(failure({ containers: [{ name: 'a', ports: 'http' }] })).toContain('spec.containers[0].ports: expected a list');
    expect(failure({ containers: ['a'] })).toContain('spec.containers[0]: expected an object');
    expect(failure({ containers: [], initContainers: [{ restartPolicy: 'Always', ports: [7] }] })).toContain('spec.initContainers[0].ports[0]: expected an object');
  });

  it('read status addresses in order, and name a bad one', () => {
    const pod = read({ containers: [] }, { phase: 'Running', podIPs: [{ ip: '10.0.0.2' }, { ip: 'fd00::2' }], hostIPs: [{ ip: '172.18.0.2' }] });
    expect(pod.ips).toEqual(['10.0.0.2', 'fd00::2']);
    expect(pod.hostIPs).toEqual(['172.18.0.2']);
    expect(failure({ containers: [] }, { podIPs: [{ ip: 10 }] })).toContain('status.podIPs[0].ip: expected a string');
    expect(failure({ containers: [] }, { hostIPs: ['x'] })).toContain('status.hostIPs[0]: expected an object');
  });
});
