// The `:` command line: completion over namespaces, workloads, pods, Services and policies (admin ones
// too), `ip ADDRESS`, Enter jumps with the views above on the stack, Esc cancels, paste lands in it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import { analyze } from '../../src/ui/store/analysis.js';
import { completions, jumpTargets, pathSuggestion, resolveJump } from '../../src/ui/store/jump.js';
import { portSuggestion } from '../../src/ui/store/selectors.js';
import { countingSource, demoAnalysis, snapshotOf } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp } from './helpers/app.js';

afterEach(() => cleanup());

const DENY_FROM_MONITORING = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name: 'no-monitoring-to-shop' },
  spec: {
    priority: 5,
    subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
    ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }],
  },
};

const analysis = demoAnalysis();
const targets = jumpTargets(analysis);
const texts = (typed: string) => completions(targets, typed).map((t) => t.text);

describe('jump targets and completion', () => {
  it('names every kind as the CLI does', () => {
    const byKind = (kind: string) => targets.filter((t) => t.kind === kind).map((t) => t.text);
    expect(byKind('namespace')).toContain('shop');
    expect(byKind('workload')).toContain('shop/deployment/cart');
    expect(byKind('pod')).toContain('shop/cart-7d9f8c6b5-ak0q0');
    expect(byKind('service')).toContain('svc/shop/cart');
    expect(byKind('policy')).toContain('netpol/shop/api-from-frontend');
    const admin = jumpTargets(analyze(snapshotOf([...demoObjects(), DENY_FROM_MONITORING])));
    expect(admin.filter((t) => t.kind === 'admin policy').map((t) => t.text)).toEqual(['AdminNetworkPolicy/no-monitoring-to-shop']);
  });

  it('lists what starts with the text first, then by kind; every word must match', () => {
    const cart = texts('shop/deployment/ca');
    expect(cart.slice(0, 2)).toEqual(['shop/deployment/cart', 'shop/deployment/catalog']);
    // Nothing starts with cart: workloads come before Services, pods and policies.
    expect(texts('cart').slice(0, 2)).toEqual(['shop/deployment/cart', 'svc/shop/cart']);
    expect(texts('cart')).toContain('netpol/shop/cart-to-redis');
    expect(texts('shop redis')).toEqual(expect.arrayContaining(['shop/statefulset/redis', 'svc/shop/redis', 'shop/redis-0']));
    expect(texts('zzz')).toEqual([]);
    expect(texts('')).toEqual([]);
  });

  it('lists addresses only after ip', () => {
    expect(texts('10.244.0.16')).toEqual([]);
    expect(texts('ip 10.244.0.16')).toEqual(['ip 10.244.0.16']);
    expect(completions(targets, 'ip:10.244.0.16')[0]?.note).toBe('pod shop/cart-7d9f8c6b5-ak0q0');
  });
});

describe('resolveJump', () => {
  it('a workload opens with its namespace and the overview under it', () => {
    expect(resolveJump(analysis, targets, 'shop/deployment/cart')).toEqual({
      stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: 'shop' }, { kind: 'workload', key: 'shop/deployment/cart' }],
    });
  });

  it('a pod opens its pod view under its workload; a policy under its namespace', () => {
    const pod = resolveJump(analysis, targets, 'shop/cart-7d9f8c6b5-ak0q0');
    expect('stack' in pod && pod.stack.at(-1)).toEqual({ kind: 'pod', namespace: 'shop', name: 'cart-7d9f8c6b5-ak0q0' });
    expect('stack' in pod && pod.stack.at(-2)).toEqual({ kind: 'workload', key: 'shop/deployment/cart' });
    const policy = resolveJump(analysis, targets, 'netpol/shop/default-deny');
    expect('stack' in policy && policy.stack.at(-1)).toEqual({ kind: 'policy', namespace: 'shop', name: 'default-deny' });
  });

  it('a Service opens the workload it selects and says so', () => {
    const svc = resolveJump(analysis, targets, 'svc/shop/cart');
    expect(svc).toMatchObject({ notice: 'Service shop/cart selects shop/deployment/cart' });
    expect('stack' in svc && svc.stack.at(-1)).toEqual({ kind: 'workload', key: 'shop/deployment/cart' });
  });

  it('an admin policy opens as itself', () => {
    const withAdmin = analyze(snapshotOf([...demoObjects(), DENY_FROM_MONITORING]));
    const result = resolveJump(withAdmin, jumpTargets(withAdmin), 'AdminNetworkPolicy/no-monitoring-to-shop');
    expect('stack' in result && result.stack.at(-1)).toEqual({ kind: 'policy', namespace: '', name: 'no-monitoring-to-shop', admin: 'AdminNetworkPolicy' });
  });

  it('ip: a pod address opens the pod; an address nobody has is outside the cluster', () => {
    const pod = resolveJump(analysis, targets, 'ip 10.244.0.16');
    expect(pod).toMatchObject({ notice: '10.244.0.16 is pod shop/cart-7d9f8c6b5-ak0q0' });
    expect('stack' in pod && pod.stack.at(-1)).toEqual({ kind: 'pod', namespace: 'shop', name: 'cart-7d9f8c6b5-ak0q0' });
    const outside = resolveJump(analysis, targets, 'ip:203.0.113.9');
    expect(outside).toEqual({ notice: '203.0.113.9 is outside the cluster: no pod, Service or node read has it (ipBlock rules decide)' });
    expect(resolveJump(analysis, targets, 'ip 300.1.1.1')).toEqual({ error: '"300.1.1.1" is not an IP address' });
  });

  it('a unique completion is enough; several or none are errors', () => {
    expect(resolveJump(analysis, targets, 'fraud-check-egress')).toMatchObject({ stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: 'payments' }, { kind: 'policy', name: 'fraud-check-egress' }] });
    expect(resolveJump(analysis, targets, 'cart')).toMatchObject({ error: expect.stringMatching(/^\d+ match cart: tab picks one$/) });
    expect(resolveJump(analysis, targets, 'nope')).toEqual({ error: 'nothing is called nope' });
  });
});

describe('the command line in the app', () => {
  const open = async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.waitFor('enter jumps, esc cancels');
    return app;
  };

  it('lists completions as you type; tab cycles through them; enter jumps to shop/deployment/cart', async () => {
    const app = await open();
    await app.type('deployment/ca');
    let f = await app.waitFor('shop/deployment/catalog');
    expect(f).toMatch(/^ {2}shop\/deployment\/cart {2}\(workload\)$/m);
    expect(f).toMatch(/^:deployment\/ca▏/m);
    await app.press(KEY.tab);
    f = app.frame();
    expect(f).toMatch(/^:shop\/deployment\/cart▏/m);
    await app.press(KEY.tab);
    expect(app.frame()).toMatch(/^:shop\/deployment\/catalog▏/m);
    await app.press(KEY.shiftTab);
    expect(app.frame()).toMatch(/^:shop\/deployment\/cart▏/m);
    await app.press(KEY.enter);
    f = await app.waitFor('Who can reach');
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart');
    expect(f).not.toContain('enter jumps');
    // Esc walks back up through the views the jump put under it.
    await app.press(KEY.escape);
    expect(crumbs(app.frame())).toBe('namespaces › shop');
  }, 20_000);

  it('esc cancels: the footer comes back, nothing moved', async () => {
    const app = await open();
    await app.type('shop');
    await app.press(KEY.escape);
    const f = app.frame();
    expect(crumbs(f)).toBe('namespaces');
    expect(f).toContain('enter open');
    expect(f).not.toContain('enter jumps');
  });

  it(':ip on a pod address opens the pod view and says what the address is', async () => {
    const app = await open();
    await app.type('ip 10.244.0.16');
    await app.press(KEY.enter);
    const f = await app.waitFor('Pod shop/cart-7d9f8c6b5-ak0q0');
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart › pod cart-7d9f8c6b5-ak0q0');
    expect(f).toContain('10.244.0.16 is pod shop/cart-7d9f8c6b5-ak0q0');
    expect(f).toMatch(/IPs +10\.244\.0\.16/);
  }, 20_000);

  it('an unknown name stays in the line with the reason', async () => {
    const app = await open();
    await app.type('nope');
    await app.press(KEY.enter);
    const f = app.frame();
    expect(f).toMatch(/^nothing is called nope\n:nope▏ {2}enter jumps, esc cancels$/m);
    expect(crumbs(f)).toBe('namespaces');
  });

  it('a bracketed paste lands in the line whole (its enter is text, not a jump)', async () => {
    const app = await open();
    await app.press('\u001B[200~shop/deployment/cart\r\u001B[201~');
    const f = await app.waitFor(':shop/deployment/cart ▏');
    expect(crumbs(f)).toBe('namespaces');
  });
});

describe('completion in the path check', () => {
  it('suggests the first workload, Service, pod or address (as ip:) that the field starts', () => {
    expect(pathSuggestion(targets, 'shop/deployment/ch')).toBe('shop/deployment/checkout');
    expect(pathSuggestion(targets, 'svc/pay')).toBe('svc/payments/payment-api');
    expect(pathSuggestion(targets, 'ip:10.244.0.1')).toMatch(/^ip:10\.244\.0\.1\d$/);
    expect(pathSuggestion(targets, 'shop/deployment/checkout')).toBeUndefined();
    expect(pathSuggestion(targets, 'netpol/')).toBeUndefined();
    expect(pathSuggestion(targets, '')).toBeUndefined();
  });

  it('shows the rest after the caret; → at the end takes it', async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.press('p');
    await app.type('shop/deployment/ch');
    expect(await app.waitFor('(→ takes it)')).toMatch(/› from shop\/deployment\/ch▏eckout {2}\(→ takes it\)/);
    await app.press(KEY.right);
    const f = await app.waitFor('› from shop/deployment/checkout▏');
    expect(f).not.toContain('takes it');
    await app.press(KEY.tab);
    await app.type('svc/pay');
    await app.press(KEY.right);
    await app.waitFor('› to   svc/payments/payment-api▏');
  }, 20_000);

  it("the port field suggests the destination's ports: a Service's, else its pods' (name or number)", () => {
    expect(portSuggestion(analysis, 'shop/deployment/cart', 'g')).toBe('grpc');
    expect(portSuggestion(analysis, 'shop/deployment/cart', '70')).toBe('7070');
    expect(portSuggestion(analysis, 'svc/payments/payment-api', 'h')).toBe('https');
    expect(portSuggestion(analysis, 'svc/payments/payment-api', '4')).toBe('443');
    expect(portSuggestion(analysis, 'shop/deployment/cart', 'grpc')).toBeUndefined();
    expect(portSuggestion(analysis, 'shop/nope', 'g')).toBeUndefined();
    expect(portSuggestion(analysis, '', 'g')).toBeUndefined();
  });

  it('→ takes the suggested port', async () => {
    const app = mountApp(countingSource(), demoAnalysis());
    await app.waitFor('NAMESPACE');
    await app.press('p');
    await app.press('\u001B[200~shop/deployment/frontend\u001B[201~');
    await app.press(KEY.tab);
    await app.press('\u001B[200~shop/deployment/cart\u001B[201~');
    await app.press(KEY.tab);
    await app.type('g');
    expect(await app.waitFor('(→ takes it)')).toMatch(/› port g▏rpc {2}\(→ takes it\)/);
    await app.press(KEY.right);
    await app.press(KEY.enter);
    expect(await app.waitFor('ALLOWED')).toMatch(/^ALLOWED: shop\/deployment\/frontend -> shop\/deployment\/cart on TCP grpc/m);
  }, 20_000);
});
