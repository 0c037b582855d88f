// The Pods tab of a workload and the pod view Enter opens: IPs, node, labels, ports, and the
// policies selecting the pod per direction (the same rows as the workload's Policies tab).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { findPod, podLines, podsTab } from '../../src/ui/store/selectors.js';
import { countingSource, demoAnalysis } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp } from './helpers/app.js';

afterEach(() => cleanup());

const analysis = demoAnalysis();

describe('the pod view', () => {
  it("lists a workload's pods with their addresses and nodes", () => {
    const rows = podsTab(analysis, 'shop/deployment/cart');
    expect(rows.map((r) => [r.name, r.ips])).toEqual([
      ['cart-7d9f8c6b5-ak0q0', '10.244.0.16'],
      ['cart-7d9f8c6b5-bl1q1', '10.244.1.17'],
    ]);
    expect(rows.every((r) => r.phase === 'Running')).toBe(true);
  });

  it('says which policies isolate the pod in each direction', () => {
    const lines = podLines(analysis, findPod(analysis, 'shop', 'cart-7d9f8c6b5-ak0q0')!);
    expect(lines).toContain('IPs        10.244.0.16');
    expect(lines).toContain('ingress    isolated by default-deny, api-from-frontend');
    expect(lines).toContain('egress     isolated by default-deny, allow-dns, cart-to-redis');
    expect(lines.find((l) => l.startsWith('labels'))).toMatch(/app=cart/);
    expect(lines.find((l) => l.startsWith('ports'))).toMatch(/grpc 7070\/TCP/);
    const open = podLines(analysis, analysis.groups.get('monitoring/deployment/grafana')!.pods[0]!);
    expect(open).toContain('ingress    not isolated (no policy selects it for this direction): everything allowed');
  });

  it('enter on a row of the Pods tab opens it; esc comes back to the tab', async () => {
    const app = mountApp(countingSource(), analysis);
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.type('shop/deployment/cart');
    await app.press(KEY.enter);
    await app.waitFor('Who can reach');
    await app.press(KEY.shiftTab);
    await app.waitFor('PHASE');
    await app.keys(['j', KEY.enter]);
    const f = await app.waitFor('Pod shop/cart-7d9f8c6b5-bl1q1');
    expect(crumbs(f)).toBe('namespaces › shop › deployment/cart › pod cart-7d9f8c6b5-bl1q1');
    expect(f).toMatch(/^IPs +10\.244\.1\.17$/m);
    expect(f).toMatch(/^ingress +isolated by default-deny, api-from-frontend$/m);
    expect(f).toContain('  api-from-frontend  (Ingress; isolates ingress)');
    await app.press(KEY.escape);
    expect(await app.waitFor('PHASE')).toMatch(/^POD +IPS +NODE +PHASE/m);
  }, 20_000);
});
