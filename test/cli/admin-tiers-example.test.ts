// examples/admin-tiers.yaml (the README's admin tiers example): each tier decides what the README says.
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.js';

const canReach = (...args: string[]) => runCli(['can-reach', '-f', 'examples/admin-tiers.yaml', ...args]);

describe('examples/admin-tiers.yaml', () => {
  it('an Admin Deny wins over the NetworkPolicy that lets anyone reach web', async () => {
    const r = await canReach('sandbox/scanner', 'shop/web', '--port', '8080');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ingress of shop/web: denied by ClusterNetworkPolicy block-untrusted (Admin, priority 20) ingress[0] "deny-untrusted"');
  });

  it('an Admin Accept on the named metrics port', async () => {
    const r = await canReach('monitoring/prometheus', 'billing/api', '--port', 'metrics');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingress of billing/api: accepted by ClusterNetworkPolicy allow-monitoring (Admin, priority 10) ingress[0] "scrape-metrics"');
  });

  it('a Pass lands in the Baseline tier where no NetworkPolicy isolates the pod', async () => {
    const r = await canReach('shop/web', 'billing/api', '--port', '8443');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'passed by ClusterNetworkPolicy tenants-delegate (Admin, priority 30) ingress[0] "pass-tenants" -> no NetworkPolicy isolates it -> denied by ClusterNetworkPolicy billing-baseline (Baseline, priority 50) ingress[0] "deny-other-tenants"',
    );
  });

  it('a Pass lands in the NetworkPolicies where they isolate the pod', async () => {
    const r = await canReach('shop/cart', 'shop/web', '--port', '8080');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-> NetworkPolicies: isolated by shop/default-deny, shop/web-from-anywhere\n    admitted by shop/web-from-anywhere spec.ingress[0].from[0] (TCP 8080)');
  });

  it('egress to an address on 443 depends on DNS (exit 5); on 80 the networks Deny decides', async () => {
    const dns = await canReach('billing/api', 'ip:54.187.216.72', '--port', '443');
    expect(dns.code).toBe(5);
    expect(dns.stdout).toContain('UNKNOWN: billing/api -> ip:54.187.216.72 on TCP 443');
    const http = await canReach('billing/api', 'ip:54.187.216.72', '--port', '80');
    expect(http.code).toBe(1);
    expect(http.stdout).toContain('denied by ClusterNetworkPolicy billing-egress (Admin, priority 40) egress[2] "deny-internet"');
  });
});
