// The flow readers: each format's fixture, written from its documented field names, read line by line.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readFlowFile, readFlowLine, readFlowLines } from '../../../src/sources/flows/read-flows.js';
import type { FlowRecord, ObservedFlow } from '../../../src/model/flow.js';
import { SourceError } from '../../../src/sources/source-error.js';

const dir = 'test/fixtures/flows/';
async function readAll(file: string): Promise<FlowRecord[]> {
  const records: FlowRecord[] = [];
  for await (const r of readFlowFile(dir + file, Readable.from([]))) records.push(r);
  return records;
}
const flows = (records: FlowRecord[]): ObservedFlow[] => records.flatMap((r) => (r.kind === 'flow' ? [r.flow] : []));
const problems = (records: FlowRecord[]) => records.flatMap((r) => (r.kind === 'problem' ? [r.problem] : []));

describe('Hubble flows', () => {
  it('reads exporter lines and bare flows, skips replies and L7 events, reports malformed lines by number', async () => {
    const records = await readAll('hubble.jsonl');
    expect(flows(records)).toHaveLength(14);
    expect(records.filter((r) => r.kind === 'skipped' && r.reason === 'reply')).toHaveLength(1);
    expect(records.filter((r) => r.kind === 'skipped' && r.reason === 'not-a-connection')).toHaveLength(1);
    expect(problems(records).map((p) => [p.line, p.message])).toEqual([
      [17, 'not valid JSON'],
      [18, 'flow.l4.TCP.destination_port: missing or not a port'],
    ]);
    const first = flows(records)[0]!;
    expect(first).toMatchObject({
      format: 'hubble',
      line: 1,
      source: { namespace: 'ingress-nginx', pod: 'ingress-nginx-controller-7d9f8c6b5-ak0q0', ip: '10.244.0.12' },
      destination: { namespace: 'shop', pod: 'frontend-7d9f8c6b5-ak0q0', ip: '10.244.0.13' },
      protocol: 'TCP',
      port: 8080,
      verdict: 'allowed',
    });
    // The bare flow object (no "flow" wrapper) on line 4.
    expect(flows(records).find((f) => f.line === 4)).toMatchObject({ source: { pod: 'frontend-7d9f8c6b5-bl1q1' }, port: 7070 });
    // A destination known only by its IP.
    expect(flows(records).find((f) => f.port === 53)).toMatchObject({ protocol: 'UDP', destination: { ip: '10.244.0.10' } });
    expect(flows(records).find((f) => f.destination.pod === undefined && f.destination.namespace === undefined)?.destination.ip).toBe('10.244.0.10');
    expect(flows(records).filter((f) => f.verdict === 'denied').map((f) => f.port)).toEqual([3550, 9090]);
  });

  it('a drop for another reason than policy is not a policy verdict', () => {
    const line = JSON.stringify({ flow: { verdict: 'DROPPED', drop_reason_desc: 'CT_MAP_INSERTION_FAILED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: { TCP: { destination_port: 80 } } } });
    expect(readFlowLine(line, 'f', 1)).toMatchObject({ kind: 'flow', flow: { verdict: 'other' } });
    const audit = JSON.stringify({ flow: { verdict: 'AUDIT', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: { UDP: { destination_port: 53 } } } });
    expect(readFlowLine(audit, 'f', 2)).toMatchObject({ kind: 'flow', flow: { verdict: 'allowed', protocol: 'UDP' } });
  });
});

describe('Hubble policy attribution', () => {
  it('reads {ingress,egress}_{allowed,denied}_by: name, namespace and kind, or the Cilium policy labels, snake or camel case', async () => {
    const records = flows(await readAll('hubble-policies.jsonl'));
    expect(records.map((f) => f.policies)).toEqual([
      [
        { direction: 'ingress', effect: 'allowed', name: 'api-from-frontend', namespace: 'shop', kind: 'NetworkPolicy' },
        { direction: 'egress', effect: 'allowed', name: 'frontend', namespace: 'shop', kind: 'NetworkPolicy' },
      ],
      [{ direction: 'ingress', effect: 'allowed', name: 'allow-legacy', namespace: 'shop', kind: 'NetworkPolicy' }],
      [{ direction: 'ingress', effect: 'denied', name: 'cart-lockdown', namespace: 'shop', kind: 'CiliumNetworkPolicy' }],
      [{ direction: 'ingress', effect: 'denied', name: 'default-deny', namespace: 'shop', kind: 'NetworkPolicy' }],
      [{ direction: 'ingress', effect: 'allowed', name: 'api-from-frontend', namespace: 'shop', kind: 'NetworkPolicy' }],
    ]);
  });

  it('a cluster-wide policy has no namespace; entries without a name are left out; no field, no policies', () => {
    const line = (extra: object) => JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: { TCP: { destination_port: 80 } }, ...extra } });
    const read = (extra: object) => {
      const r = readFlowLine(line(extra), 'f', 1);
      return r?.kind === 'flow' ? r.flow.policies : 'not a flow';
    };
    expect(read({ egress_allowed_by: [{ name: 'allow-dns', kind: 'CiliumClusterwideNetworkPolicy' }, { revision: 3 }, 'junk'] })).toEqual([
      { direction: 'egress', effect: 'allowed', name: 'allow-dns', kind: 'CiliumClusterwideNetworkPolicy' },
    ]);
    expect(read({ egress_denied_by: [] })).toBeUndefined();
    expect(read({})).toBeUndefined();
  });
});

describe('Calico flow logs', () => {
  it('reads flow logs and the Goldmane shape: name aggregates, numeric protocols; ICMP is not a connection', async () => {
    const records = await readAll('calico.jsonl');
    expect(flows(records)).toHaveLength(7);
    expect(problems(records).map((p) => p.line)).toEqual([8, 9]);
    expect(problems(records)[1]!.message).toBe('action: "maybe" is not allow or deny');
    expect(records.filter((r) => r.kind === 'skipped')).toHaveLength(1);
    const [nginx, , , deny, external] = flows(records);
    expect(nginx).toMatchObject({ source: { namespace: 'ingress-nginx', pod: 'ingress-nginx-controller-7d9f8c6b5-', aggregated: true }, verdict: 'allowed', port: 8080 });
    expect(deny).toMatchObject({ protocol: 'TCP', port: 3550, verdict: 'denied', source: { pod: 'frontend-7d9f8c6b5-ak0q0', ip: '10.244.0.13' } });
    expect(external!.destination).toEqual({ ip: '93.184.216.34' });
    const goldmane = flows(records).find((f) => f.line === 10)!;
    expect(goldmane).toMatchObject({ source: { namespace: 'shop', pod: 'cart-7d9f8c6b5-', aggregated: true }, destination: { pod: 'redis-', aggregated: true }, time: '2026-12-07T10:00:00.000Z' });
  });
});

describe('plain schema', () => {
  it('reads CSV with its header: NAMESPACE/POD or IP ends', async () => {
    const records = await readAll('plain.csv');
    expect(flows(records).map((f) => [f.source, f.destination, f.verdict])).toEqual([
      [{ namespace: 'shop', pod: 'frontend-7d9f8c6b5-ak0q0' }, { namespace: 'shop', pod: 'cart-7d9f8c6b5-ak0q0' }, 'allowed'],
      [{ namespace: 'shop', pod: 'checkout-7d9f8c6b5-ak0q0' }, { ip: '10.244.1.17' }, 'allowed'],
      [{ ip: '10.244.0.24' }, { ip: '93.184.216.34' }, 'allowed'],
      [{ namespace: 'shop', pod: 'frontend-7d9f8c6b5-ak0q0' }, { namespace: 'shop', pod: 'redis-0' }, 'denied'],
    ]);
    expect(problems(records).map((p) => [p.line, p.message])).toEqual([
      [6, 'port: missing or not a port'],
      [7, 'not JSON, and not a CSV line of time,source,destination,protocol,port,verdict'],
    ]);
  });

  it('reads JSON lines, and says which format a line is not', async () => {
    const lines = ['{"source":"shop/a","destination":"1.2.3.4","protocol":"udp","port":53,"verdict":"dropped"}', '[1,2]', '{"hello":"world"}', ''];
    const records: FlowRecord[] = [];
    for await (const r of readFlowLines(lines, '-')) records.push(r);
    expect(records).toEqual([
      { kind: 'flow', flow: { format: 'plain', file: '-', line: 1, source: { namespace: 'shop', pod: 'a' }, destination: { ip: '1.2.3.4' }, protocol: 'UDP', port: 53, verdict: 'denied' } },
      { kind: 'problem', problem: { file: '-', line: 2, message: 'not a JSON object' } },
      { kind: 'problem', problem: { file: '-', line: 3, message: 'not a Hubble flow, a Calico flow log or the plain flow schema' } },
    ]);
  });
});

describe('files', () => {
  it('reads stdin for -', async () => {
    const records: FlowRecord[] = [];
    for await (const r of readFlowFile('-', Readable.from(['time,source,destination,protocol,port,verdict\n', ',shop/a,shop/b,TCP,80,allowed\n']))) records.push(r);
    expect(flows(records).map((f) => [f.line, f.port])).toEqual([[2, 80]]);
  });

  it('a missing file is one line naming it', async () => {
    await expect(readAll('no-such-file.jsonl')).rejects.toThrow(new SourceError('test/fixtures/flows/no-such-file.jsonl: no such file'));
  });
});

describe('times', () => {
  it('one spelling across formats, so windows compare: nanoseconds, offsets and UNIX seconds', async () => {
    const { timeOf } = await import('../../../src/sources/flows/fields.js');
    expect(timeOf('2026-12-07T10:00:07.123456789Z')).toBe('2026-12-07T10:00:07.123Z');
    expect(timeOf('2026-12-07T10:00:07Z')).toBe('2026-12-07T10:00:07.000Z');
    expect(timeOf('2026-12-07T11:00:07+01:00')).toBe('2026-12-07T10:00:07.000Z');
    expect(timeOf(1796637600)).toBe('2026-12-07T10:00:00.000Z');
    expect(timeOf('yesterday')).toBeUndefined();
  });
});
