// `kubectl netpol can-reach`: exact documents and lines for small hand-written fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TempDir, type CliResult, envelope } from '../fixtures/cli.js';
import { writeWorld } from '../fixtures/cli-world.js';

let dir: TempDir;
let world: ReturnType<typeof writeWorld>;

beforeAll(() => {
  dir = new TempDir('netpol-can-reach-');
  world = writeWorld(dir);
});
afterAll(() => dir.cleanup());

const canReach = (...args: string[]): Promise<CliResult> => runCli(['can-reach', ...args, ...world.files]);
const json = (r: CliResult): unknown => JSON.parse(r.stdout);

const NOT_ISOLATED_EGRESS = (pod: string) => ({ direction: 'egress', pod, status: 'not-isolated', isolatedBy: [], admittedBy: [], allows: true });
const B_INGRESS_PORTS = { TCP: ['80', '8000-8080'], UDP: ['53'] };
const B_RULE = { policy: 'x/b-ingress', field: 'spec.ingress[0].from[0]', rule: 0, peer: 0, ports: B_INGRESS_PORTS };

describe('can-reach -o json', () => {
  it('allowed: x/a -> x/b on TCP 80', async () => {
    const r = await canReach('x/a', 'x/b', '--port', '80', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('CanReach'),
      from: 'x/a',
      to: 'x/b',
      probe: { protocol: 'TCP', port: 80 },
      verdict: 'allowed',
      allowed: true,
      paths: [
        {
          from: 'x/a',
          to: 'x/b',
          allowed: true,
          self: false,
          port: { protocol: 'TCP', number: 80 },
          // x/a's egress is open, so end to end is exactly what x/b's rule admits from x/a.
          allowedPorts: B_INGRESS_PORTS,
          egress: NOT_ISOLATED_EGRESS('x/a'),
          ingress: { direction: 'ingress', pod: 'x/b', status: 'isolated', isolatedBy: ['x/b-ingress'], admittedBy: [B_RULE], allows: true },
        },
      ],
    });
    // One pretty-printed document and a final newline.
    expect(r.stdout).toBe(`${JSON.stringify(json(r), null, 2)}\n`);
  });

  it('denied: x/c -> x/b on TCP 80 (x/b admits only x/a)', async () => {
    const r = await canReach('x/c', 'x/b', '--port', '80', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(json(r)).toEqual({
      ...envelope('CanReach'),
      from: 'x/c',
      to: 'x/b',
      probe: { protocol: 'TCP', port: 80 },
      verdict: 'denied',
      allowed: false,
      paths: [
        {
          from: 'x/c',
          to: 'x/b',
          allowed: false,
          self: false,
          port: { protocol: 'TCP', number: 80 },
          allowedPorts: {},
          egress: NOT_ISOLATED_EGRESS('x/c'),
          ingress: { direction: 'ingress', pod: 'x/b', status: 'isolated', isolatedBy: ['x/b-ingress'], admittedBy: [], allows: false },
          // The walkthrough: x/b's only rule wants pod=a.
          nearMisses: [
            {
              policy: 'x/b-ingress',
              direction: 'ingress',
              rule: 0,
              peer: 0,
              field: 'spec.ingress[0].from[0]',
              failed: [{ criterion: 'pod-label-different', wanted: 'pod=a', actual: 'pod=c', key: 'pod' }],
            },
          ],
        },
      ],
    });
  });

  it('without --port: probe null and the allowed port ranges', async () => {
    const r = await canReach('x/a', 'x/b', '-o', 'json');
    expect(r.code).toBe(0);
    const doc = json(r) as { probe: unknown; verdict: string; paths: Record<string, unknown>[] };
    expect(doc.probe).toBeNull();
    expect(doc.verdict).toBe('allowed');
    expect(doc.paths).toHaveLength(1);
    expect(doc.paths[0]!['port']).toBeUndefined();
    expect(doc.paths[0]!['allowedPorts']).toEqual(B_INGRESS_PORTS);
    expect(doc.paths[0]!['ingress']).toEqual({
      direction: 'ingress',
      pod: 'x/b',
      status: 'isolated',
      isolatedBy: ['x/b-ingress'],
      admittedBy: [B_RULE],
      allows: true,
    });
  });

  it('-o yaml prints the same document', async () => {
    const { parse } = await import('yaml');
    const asJson = await canReach('x/a', 'x/b', '--port', '80', '-o', 'json');
    const asYaml = await canReach('x/a', 'x/b', '--port', '80', '-o', 'yaml');
    expect(asYaml.code).toBe(0);
    expect(parse(asYaml.stdout)).toEqual(json(asJson));
  });

  it('an address source: the egress side is exempt', async () => {
    const r = await canReach('ip:192.168.5.5', 'x/db', '--port', '5432', '-o', 'json');
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      ...envelope('CanReach'),
      from: 'ip:192.168.5.5',
      to: 'x/db',
      probe: { protocol: 'TCP', port: 5432 },
      verdict: 'allowed',
      allowed: true,
      paths: [
        {
          from: '192.168.5.5',
          to: 'x/db',
          allowed: true,
          self: false,
          port: { protocol: 'TCP', number: 5432 },
          allowedPorts: { TCP: ['5432'] },
          egress: { direction: 'egress', status: 'exempt', exemptReason: 'external', isolatedBy: [], admittedBy: [], allows: true },
          ingress: {
            direction: 'ingress',
            pod: 'x/db',
            status: 'isolated',
            isolatedBy: ['x/db-ingress'],
            admittedBy: [{ policy: 'x/db-ingress', field: 'spec.ingress[0].from[1]', rule: 0, peer: 1, ports: { TCP: ['5432'] } }],
            allows: true,
          },
        },
      ],
    });
  });

  it('a Service: one path per endpoint, each on its own target port', async () => {
    const r = await runCli(['can-reach', 'x/a', 'svc/x/web', '--port', '80', '-o', 'json', ...world.files, '-f', world.web8080]);
    expect(r.code).toBe(1);
    const doc = json(r) as { verdict: string; allowed: boolean; paths: { to: string; allowed: boolean; port: unknown }[] };
    expect(doc.verdict).toBe('partial');
    expect(doc.allowed).toBe(false);
    expect(doc.paths.map((p) => [p.to, p.allowed, p.port])).toEqual([
      ['x/web-1', true, { protocol: 'TCP', number: 8080, servicePort: 80 }],
      ['x/web-2', false, { protocol: 'TCP', number: 9090, servicePort: 80 }],
    ]);
  });
});

describe('can-reach text', () => {
  it('allowed, with the rule that admits it', async () => {
    const r = await canReach('x/a', 'x/b', '--port', '80');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'ALLOWED: x/a -> x/b on TCP 80',
        'x/a -> x/b: allowed on TCP 80',
        '  egress of x/a: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/b: isolated by x/b-ingress',
        '    admitted by x/b-ingress spec.ingress[0].from[0] (TCP 80,8000-8080, UDP 53)',
        '',
      ].join('\n'),
    );
  });

  it('denied, naming the isolating policy', async () => {
    const r = await canReach('x/c', 'x/b', '--port', '80');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'DENIED: x/c -> x/b on TCP 80',
        'x/c -> x/b: denied on TCP 80',
        '  egress of x/c: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/b: isolated by x/b-ingress',
        '    no ingress rule admits x/c on TCP 80',
        '',
      ].join('\n'),
    );
  });

  it('denied on a port the rule does not list, for a source it admits', async () => {
    const r = await canReach('x/a', 'x/b', '--port', '81');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: x/a -> x/b on TCP 81');
    expect(r.stdout).toContain('    no ingress rule admits x/a on TCP 81\n');
  });

  it.each([
    ['8000', 'TCP', 0],
    ['8042', 'TCP', 0],
    ['8080', 'TCP', 0],
    ['7999', 'TCP', 1],
    ['8081', 'TCP', 1],
    ['53', 'UDP', 0],
    ['53', 'udp', 0],
    ['80', 'UDP', 1],
    ['80', 'SCTP', 1],
  ])('port %s/%s: exit %i', async (port, protocol, code) => {
    const r = await canReach('x/a', 'x/b', '--port', port, '--protocol', protocol);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout.split('\n')[0]).toBe(`${code === 0 ? 'ALLOWED' : 'DENIED'}: x/a -> x/b on ${protocol.toUpperCase()} ${port}`);
  });

  it('without --port: lists the allowed port ranges', async () => {
    const r = await canReach('x/a', 'x/b');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'ALLOWED: x/a -> x/b on TCP 80,8000-8080, UDP 53 only',
        'x/a -> x/b: allowed on TCP 80,8000-8080, UDP 53',
        '  egress of x/a: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/b: isolated by x/b-ingress',
        '    admitted by x/b-ingress spec.ingress[0].from[0] (TCP 80,8000-8080, UDP 53)',
        '',
      ].join('\n'),
    );
  });

  it('without --port, unrestricted: all ports', async () => {
    const r = await canReach('x/a', 'x/c');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['ALLOWED: x/a -> x/c on all ports', 'x/a -> x/c: allowed on all ports']);
  });

  it('without --port, denied: says which rule is missing without claiming "no port"', async () => {
    const r = await canReach('x/c', 'x/b');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(r.stdout).toBe(
      [
        'DENIED: x/c -> x/b',
        'x/c -> x/b: denied',
        '  egress of x/c: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/b: isolated by x/b-ingress',
        // Not "on no port", which reads as if a rule admitted x/c on zero ports.
        '    no ingress rule admits x/c on any port',
        '',
      ].join('\n'),
    );
    expect(lines[4]).not.toContain('on no port');
  });

  it('a named port resolves on the destination pod', async () => {
    const r = await canReach('x/a', 'x/b', '--port', 'metrics');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['DENIED: x/a -> x/b on TCP metrics', 'x/a -> x/b: denied on TCP 9100']);
  });

  it('a named port the destination does not declare is bad input, not DENIED', async () => {
    const r = await canReach('x/a', 'x/c', '--port', 'http');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --port: no port named "http" on x\/c \((ports: .*|it declares no ports)\)\n$/);
  });
});

describe('can-reach to a Service', () => {
  it('a named targetPort maps to a different container port on each pod', async () => {
    const r = await runCli(['can-reach', 'x/a', 'svc/x/web', '--port', '80', ...world.files, '-f', world.web8080]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'PARTLY ALLOWED: x/a -> svc/x/web on TCP 80',
        '2 paths: 1 allowed, 1 denied',
        "endpoints: the pods the Service's selector picks (no EndpointSlice read)",
        'x/a -> x/web-1: allowed on TCP 8080 (service port 80)',
        '  egress of x/a: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/web-1: isolated by x/web-8080',
        '    admitted by x/web-8080 spec.ingress[0] (TCP 8080)',
        'x/a -> x/web-2: denied on TCP 9090 (service port 80)',
        '  egress of x/a: not isolated (no policy selects it for egress): everything allowed',
        '  ingress of x/web-2: isolated by x/web-8080',
        '    no ingress rule admits x/a on TCP 9090 (service port 80)',
        '',
      ].join('\n'),
    );
  });

  it('a policy on the named port admits each pod on its own number', async () => {
    const r = await runCli(['can-reach', 'x/a', 'svc/x/web', '--port', '80', ...world.files, '-f', world.webNamed]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('ALLOWED: x/a -> svc/x/web on TCP 80');
    expect(lines[1]).toBe('2 paths: 2 allowed, 0 denied');
    expect(lines).toContain('x/a -> x/web-1: allowed on TCP 8080 (service port 80)');
    expect(lines).toContain('    admitted by x/web-http spec.ingress[0] (TCP 8080)');
    expect(lines).toContain('x/a -> x/web-2: allowed on TCP 9090 (service port 80)');
    expect(lines).toContain('    admitted by x/web-http spec.ingress[0] (TCP 9090)');
  });

  it('the service port can be named by its name', async () => {
    const r = await runCli(['can-reach', 'x/a', 'svc/x/web', '--port', 'http', ...world.files, '-f', world.webNamed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('x/a -> x/web-2: allowed on TCP 9090 (service port 80)');
  });

  it('x/svc/NAME is the same target', async () => {
    const r = await runCli(['can-reach', 'x/a', 'x/svc/web', '--port', '80', ...world.files, '-f', world.webNamed]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ALLOWED: x/a -> svc/x/web on TCP 80');
  });

  it('a Service that selects no pod has no endpoints', async () => {
    const r = await canReach('x/a', 'svc/x/nothing', '--port', '80');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'NO ENDPOINTS: x/a -> svc/x/nothing on TCP 80',
        '  the service selects no running pod (or has no matching port): nothing receives the connection',
        "endpoints: the pods the Service's selector picks (no EndpointSlice read)",
        '',
      ].join('\n'),
    );
  });

  it('a port the Service does not expose: no endpoints', async () => {
    const r = await canReach('x/a', 'svc/x/web', '--port', '443');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('NO ENDPOINTS: x/a -> svc/x/web on TCP 443');
  });
});

describe('can-reach from a workload', () => {
  const expected = [
    'ALLOWED: x/deployment/api -> x/db on TCP 5432',
    '2 paths: 2 allowed, 0 denied',
    'x/api-6f7d9-abcde -> x/db: allowed on TCP 5432',
    '  egress of x/api-6f7d9-abcde: not isolated (no policy selects it for egress): everything allowed',
    '  ingress of x/db: isolated by x/db-ingress',
    '    admitted by x/db-ingress spec.ingress[0].from[0] (TCP 5432)',
    // The second replica is judged by the same rules: one explanation, counted.
    '  (and 1 more path with the same explanation)',
    '',
  ].join('\n');

  it.each(['x/deployment/api', 'x/deploy/api'])('%s: every pod of the Deployment (via its ReplicaSet)', async (from) => {
    const r = await canReach(from, 'x/db', '--port', '5432');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
  });

  it('-o json lists both pods of the Deployment', async () => {
    const r = await canReach('x/deployment/api', 'x/db', '--port', '5432', '-o', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { from: string; paths: { from: string; to: string; allowed: boolean }[] };
    expect(doc.from).toBe('x/deployment/api');
    expect(doc.paths.map((p) => [p.from, p.to, p.allowed])).toEqual([
      ['x/api-6f7d9-abcde', 'x/db', true],
      ['x/api-6f7d9-fghij', 'x/db', true],
    ]);
  });

  it('a named port of the destination: postgres', async () => {
    const r = await canReach('x/deployment/api', 'x/db', '--port', 'postgres');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ALLOWED: x/deployment/api -> x/db on TCP postgres');
  });

  it('a pod without the label is denied', async () => {
    const r = await canReach('x/a', 'x/db', '--port', '5432');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('    no ingress rule admits x/a on TCP 5432\n');
  });

  it('a workload as destination', async () => {
    const r = await canReach('x/db', 'x/deployment/api', '--port', '8080');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['ALLOWED: x/db -> x/deployment/api on TCP 8080', '2 paths: 2 allowed, 0 denied']);
  });
});

describe('can-reach with addresses', () => {
  it('from an address inside the ipBlock', async () => {
    const r = await canReach('ip:192.168.5.5', 'x/db', '--port', '5432');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'ALLOWED: ip:192.168.5.5 -> x/db on TCP 5432',
        '192.168.5.5 -> x/db: allowed on TCP 5432',
        '  egress of 192.168.5.5: the source is outside the cluster: no egress policy applies',
        '  ingress of x/db: isolated by x/db-ingress',
        '    admitted by x/db-ingress spec.ingress[0].from[1] (TCP 5432)',
        '',
      ].join('\n'),
    );
  });

  it('from an address in the except range', async () => {
    const r = await canReach('ip:192.168.9.9', 'x/db', '--port', '5432');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: ip:192.168.9.9 -> x/db on TCP 5432');
    expect(r.stdout).toContain('    no ingress rule admits 192.168.9.9 on TCP 5432\n');
  });

  it('to an address the egress policy allows', async () => {
    const r = await canReach('x/d', 'ip:8.8.8.8', '--port', '53', '--protocol', 'UDP');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'ALLOWED: x/d -> ip:8.8.8.8 on UDP 53',
        'x/d -> 8.8.8.8: allowed on UDP 53',
        '  egress of x/d: isolated by x/d-egress',
        '    admitted by x/d-egress spec.egress[0].to[0] (UDP 53)',
        '  ingress of 8.8.8.8: the destination is outside the cluster: no ingress policy applies',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['ip:8.8.8.8', '443', 'TCP'],
    ['ip:10.1.2.3', '53', 'UDP'],
    ['x/a', '53', 'UDP'],
  ])('x/d -> %s on %s/%s is denied', async (to, port, protocol) => {
    const r = await canReach('x/d', to, '--port', port, '--protocol', protocol);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`DENIED: x/d -> ${to} on ${protocol} ${port}`);
    expect(r.stdout).toContain('  egress of x/d: isolated by x/d-egress\n');
  });

  it('an IPv6 address, from a pod that has only an IPv4 address: no family in common', async () => {
    const r = await canReach('x/a', 'ip:2001:db8::1', '--port', '443');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: x/a -> ip:2001:db8::1 on TCP 443');
    expect(r.stdout).toContain('  the two ends have no address family in common (IPv4 and IPv6 only): no connection is possible\n');
  });

  it('a named port towards an address is bad input', async () => {
    const r = await canReach('x/a', 'ip:8.8.8.8', '--port', 'dns', '--protocol', 'UDP');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --port: ip:8.8.8.8 is an address, which has no named ports: give a number\n' });
  });
});

describe('can-reach exit codes', () => {
  it.each([
    [['x/a', 'x/b', '--port', '80'], 0],
    [['x/c', 'x/b', '--port', '80'], 1],
    [['x/a', 'x/b'], 0],
    [['x/c', 'x/b'], 1],
    [['x/a', 'x/nope'], 2],
  ])('%j -> %i', async (args, code) => {
    const r = await canReach(...args);
    expect(r.code).toBe(code);
  });

  it('a pod can always reach itself', async () => {
    const r = await canReach('x/b', 'x/b', '--port', '80');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['ALLOWED: x/b -> x/b on TCP 80', 'x/b -> x/b: allowed on TCP 80', '  a pod can always reach itself', ''].join('\n'));
  });

  it('-n sets the namespace of targets without one', async () => {
    const r = await canReach('a', 'b', '--port', '80', '-n', 'x');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ALLOWED: x/a -> x/b on TCP 80');
  });

  it('-f - reads manifests from stdin', async () => {
    const { BASE, POLICIES } = await import('../fixtures/cli-world.js');
    const r = await runCli(['can-reach', 'x/c', 'x/b', '--port', '80', '-f', '-'], { stdin: `${BASE}---\n${POLICIES}` });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED: x/c -> x/b on TCP 80');
  });
});
