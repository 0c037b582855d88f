// The App in an 80x24 terminal: every frame fits, and long content stays reachable.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { renderPolicyYaml } from '../../src/format/manifests.js';
import { findPolicy } from '../../src/ui/store/selectors.js';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { analyze } from '../../src/ui/store/analysis.js';
import { countingSource, demoAnalysis, snapshotOf } from './helpers/demo.js';
import { KEY, press, pressAll, sleep, waitForFrame } from './helpers/keys.js';
import { renderAt } from './helpers/terminal.js';

const COLUMNS = 80;
const ROWS = 24;
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
/** Terminal columns of a line: every character the UI prints (box drawing, bars, …) is one column wide. */
const width = (line: string) => [...line.replace(ANSI, '')].length;
const frameLines = (frame: string) => frame.replace(/\n+$/, '').split('\n');

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

function start(snapshot?: Snapshot) {
  const analysis = snapshot ? analyze(snapshot) : demoAnalysis();
  const t = renderAt(<App source={countingSource(snapshot)} initial={analysis} />, COLUMNS, ROWS);
  unmount = () => t.instance.unmount();
  return { ...t, analysis, keys: (keys: string | readonly string[]) => pressAll(t.stdin, keys, 30, t.stdout.frames) };
}

function expectFits(frame: string, what: string) {
  const lines = frameLines(frame);
  const wide = lines.filter((l) => width(l) > COLUMNS);
  expect(wide, `${what}: lines wider than ${COLUMNS} columns`).toEqual([]);
  expect(lines.length, `${what}: frame taller than ${ROWS} rows:\n${frame}`).toBeLessThanOrEqual(ROWS);
}

describe('at 80x24', () => {
  it('the fake terminal reports its size to ink', async () => {
    const t = start();
    const f = await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    // The help box spans the terminal width: 80 columns exactly.
    await press(t.stdin, '?', 30, t.stdout.frames);
    const help = frameLines(t.lastFrame()).find((l) => l.startsWith('╭'))!;
    expect(width(help)).toBe(COLUMNS);
    expect(f).toContain('shop');
  });

  it('overview, namespace and workload frames fit', async () => {
    const t = start();
    expectFits(await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE')), 'overview');
    await t.keys(['j', 'j', 'j', 'j', KEY.enter]);
    const shop = t.lastFrame();
    expect(shop).toContain('deployment/frontend');
    expectFits(shop, 'namespace shop');
    await t.keys([KEY.enter]);
    const tabs = ['Who can reach', 'Denied sources', 'Can reach', 'Policies', 'Findings', 'Pods'];
    for (const tab of tabs) {
      const f = t.lastFrame();
      expect(f).toContain('shop/deployment/cart');
      expectFits(f, `workload cart, ${tab}`);
      await t.keys([KEY.tab]);
    }
  });

  it('workloads with long rows fit: addresses of fraud-check, findings of grafana', async () => {
    const t = start();
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    await t.keys(['j', 'j', 'j', KEY.enter, KEY.enter]);
    expect(t.lastFrame()).toContain('payments/deployment/fraud-check');
    await t.keys([KEY.tab, KEY.tab]);
    expect(t.lastFrame()).toContain('fraud-check-egress egress[0]');
    expectFits(t.lastFrame(), 'fraud-check, Can reach');
    await t.keys([KEY.escape, KEY.escape, 'k', KEY.enter, KEY.enter, KEY.shiftTab, KEY.shiftTab]);
    expect(t.lastFrame()).toContain('pod-not-selected');
    expectFits(t.lastFrame(), 'grafana, Findings');
  });

  it('help, policy, YAML and path check frames fit', async () => {
    const t = start();
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    await t.keys(['?']);
    expectFits(t.lastFrame(), 'help');
    // shop/deployment/checkout, Policies tab, its own policy (the 4th row).
    await t.keys(['?', 'j', 'j', 'j', 'j', KEY.enter, 'j', 'j', KEY.enter, KEY.tab, KEY.tab, KEY.tab, 'j', 'j', 'j', KEY.enter]);
    expect(t.lastFrame()).toContain('NetworkPolicy shop/checkout');
    expect(t.lastFrame()).toContain('egress[1]:');
    expectFits(t.lastFrame(), 'policy checkout');
    await t.keys(['y']);
    expect(t.lastFrame()).toContain('kind: NetworkPolicy');
    expectFits(t.lastFrame(), 'policy checkout YAML');
    // p from the workload: the source is filled in, the cursor waits in the destination.
    await t.keys([KEY.escape, 'p']);
    expect(t.lastFrame()).toMatch(/ {2}from shop\/deployment\/checkout\n› to/);
    await pressAll(t.stdin, 'svc/payments/payment-api', 30, t.stdout.frames);
    await t.keys([KEY.tab, '4', '4', '3', KEY.enter]);
    expect(t.lastFrame()).toMatch(/^(ALLOWED|DENIED)/m);
    expectFits(t.lastFrame(), 'path check');
  });

  it('the YAML of a long policy scrolls down to its last line', async () => {
    const t = start();
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    await t.keys(['j', 'j', 'j', 'j', KEY.enter, 'j', 'j', KEY.enter, KEY.tab, KEY.tab, KEY.tab, 'j', 'j', 'j', KEY.enter, 'y']);
    expect(t.lastFrame()).toContain('NetworkPolicy shop/checkout  (YAML)');
    const yaml = renderPolicyYaml(findPolicy(t.analysis, 'shop', 'checkout')!).trimEnd().split('\n');
    expect(yaml.length).toBeGreaterThan(ROWS);
    // Scroll until the frame stops changing.
    let before = '';
    for (let i = 0; i < yaml.length + 5 && before !== t.lastFrame(); i++) {
      before = t.lastFrame();
      await t.keys(['j']);
    }
    const shown = frameLines(t.lastFrame());
    expect(shown).toContain(yaml[yaml.length - 1]);
    expect(shown).toContain(yaml[yaml.length - 2]);
  });

  it('a policy whose rules wrap still fits in 24 rows', async () => {
    // 16 rules, each described in more than 80 columns.
    const rules = Array.from({ length: 16 }, (_, i) => ({
      from: [
        { namespaceSelector: { matchLabels: { team: `team-number-${i}` } }, podSelector: { matchLabels: { app: `a-rather-long-application-name-${i}` } } },
        { podSelector: { matchLabels: { app: `another-long-application-name-${i}` } } },
      ],
    }));
    const many = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'many-rules', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'frontend' } }, ingress: rules } };
    const t = start(snapshotOf([...demoObjects(), many]));
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    // shop, deployment/frontend, Policies tab, last row.
    await t.keys(['j', 'j', 'j', 'j', KEY.enter, 'j', 'j', 'j', KEY.enter, KEY.tab, KEY.tab, KEY.tab, ...Array.from({ length: 6 }, () => 'j'), KEY.enter]);
    const f = t.lastFrame();
    expect(f).toContain('NetworkPolicy shop/many-rules');
    expect(f).toContain('ingress[0]: from pods app=a-rather-long-application-name-0');
    expectFits(f, 'policy many-rules');
  });

  it('the command line with its candidates, Denied sources, the pod view, every help (two columns where one is too tall) and the save prompt fit', async () => {
    const t = start();
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    await t.keys(['?']);
    expectFits(t.lastFrame(), 'overview help');
    await t.keys(['?', ':', ...'shop']);
    const line = t.lastFrame();
    expect(line).toContain('matches: tab cycles');
    expectFits(line, 'command line with candidates');
    await t.keys([KEY.escape, 'j', 'j', 'j', 'j', KEY.enter, '?']);
    expect(t.lastFrame()).toMatch(/: +jump to a namespace/);
    expect(t.lastFrame()).toMatch(/↑, k +move up +s +change sort order/);
    expectFits(t.lastFrame(), 'namespace help');
    await t.keys(['?', KEY.enter, '?']);
    expectFits(t.lastFrame(), 'workload help');
    await t.keys(['?', KEY.tab]);
    expect(t.lastFrame()).toContain('NEAREST MISS');
    expectFits(t.lastFrame(), 'Denied sources');
    // checkout is the eighth denied source of cart.
    await t.keys([...'jjjjjjj', KEY.enter]);
    await waitForFrame(t.lastFrame, (x) => x.includes('fix, verified'));
    expectFits(t.lastFrame(), 'path check with the fix');
    await t.keys(['?']);
    expectFits(t.lastFrame(), 'path help');
    await t.keys(['?', 'w']);
    expect(t.lastFrame()).toContain('write the fix to:');
    expectFits(t.lastFrame(), 'save prompt');
    await t.keys([KEY.escape, KEY.escape, KEY.shiftTab, KEY.shiftTab, KEY.enter]);
    expect(t.lastFrame()).toContain('Policies selecting it:');
    expectFits(t.lastFrame(), 'pod view');
    await t.keys(['?']);
    expectFits(t.lastFrame(), 'pod help');
  }, 30_000);

  it('q exits: waitUntilExit resolves', async () => {
    const t = start();
    await waitForFrame(t.lastFrame, (x) => x.includes('NAMESPACE'));
    await t.keys(['j', KEY.enter, 'q']);
    const exited = await Promise.race([t.instance.waitUntilExit().then(() => 'exited'), sleep(1000).then(() => 'still running')]);
    expect(exited).toBe('exited');
    unmount = undefined;
  });
});
