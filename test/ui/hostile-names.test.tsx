// A workload whose owner name carries terminal escapes (the API server only checks that an owner
// name is non-empty): the UI shows it escaped on every screen, never as a sequence the terminal runs.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { analyze } from '../../src/ui/store/analysis.js';
import { countingSource, snapshotOf } from './helpers/demo.js';
import { KEY } from './helpers/keys.js';
import { crumbs, mountApp } from './helpers/app.js';

afterEach(() => cleanup());

// Retitles the terminal (OSC 0), clears the screen (ED), moves the cursor home via C1 CSI, and flips what follows (RLO).
const OWNER = 'web\u001b]0;pwned\u0007\u001b[2J\u009bH\u202egpj';
const SHOWN = 'web\\x1b]0;pwned\\x07\\x1b[2J\\x9bH\\u202egpj';

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
  ...[0, 1].map((i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'x', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: OWNER, controller: true, uid: 'u1' }] },
    spec: { containers: [{ name: 'main', image: 'app', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: `10.0.0.${i + 1}` },
  })),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-ingress', namespace: 'x' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
  },
];

/** What the frame may hold besides text: ink's colour and style codes (SGR), nothing else. */
const withoutStyling = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');

function expectInert(frame: string) {
  expect(frame).not.toContain('\u001b]');
  expect(frame).not.toContain('\u001b[2J');
  expect(frame).not.toMatch(/\u001b\[[0-9;]*H/);
  expect(withoutStyling(frame)).not.toContain('\u001b');
  // eslint-disable-next-line no-control-regex
  expect(frame).not.toMatch(/[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
}

describe('hostile owner names in the UI', () => {
  it('the workload screen header, breadcrumbs and the policy screen show the name escaped', async () => {
    const snapshot = snapshotOf(objects);
    const app = mountApp(countingSource(snapshot), analyze(snapshot));
    await app.waitFor('NAMESPACE');
    await app.press(KEY.enter);
    await app.waitFor('WORKLOAD');
    expectInert(app.frame());
    // The column is 34 wide: the escaped name is cut, never the raw one shown.
    expect(app.frame()).toContain(`statefulset/${SHOWN.slice(0, 20)}`);

    await app.press(KEY.enter);
    const workload = await app.waitFor('Who can reach');
    expectInert(workload);
    expect(crumbs(workload)).toBe(`namespaces › x › statefulset/${SHOWN}`);
    // The header line names the workload, escaped.
    expect(workload.split('\n').find((l) => l.includes('2 pods'))).toContain(SHOWN);
    // The inbound row: the workload's pods admit each other.
    expect(workload).toContain(`x/statefulset/${SHOWN.slice(0, 10)}`);

    await app.keys([KEY.tab, KEY.tab, KEY.tab]);
    await app.waitFor('web-ingress');
    await app.press(KEY.enter);
    const policy = await app.waitFor('NetworkPolicy x/web-ingress');
    expectInert(policy);
    expect(policy).toContain(`Selects app=web in x: statefulset/${SHOWN}`);
  });
});

describe('hostile names on the command line, in Denied sources and the pod view', () => {
  it('candidates, the jump, the denied rows and the pod view show the name escaped', async () => {
    // A second workload the policy does not admit, so that the hostile one has a denied source.
    const other = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'x', labels: { app: 'client' } }, spec: { containers: [{ name: 'c', image: 'c' }] }, status: { phase: 'Running', podIP: '10.0.0.9' } };
    const snapshot = snapshotOf([...objects, other]);
    const app = mountApp(countingSource(snapshot), analyze(snapshot));
    await app.waitFor('NAMESPACE');
    await app.press(':');
    await app.type('pwned');
    const line = await app.waitFor('(workload)');
    expectInert(line);
    expect(line).toContain(`x/statefulset/${SHOWN}  (workload)`);
    await app.press(KEY.tab);
    await app.press(KEY.enter);
    const workload = await app.waitFor('Who can reach');
    expectInert(workload);
    await app.press(KEY.tab);
    const denied = await app.waitFor('NEAREST MISS');
    expectInert(denied);
    expect(denied).toMatch(/^x\/client +1 +web-ingress: the source has app=client \(wants app=web\)/m);
    await app.press(KEY.shiftTab);
    await app.press(KEY.shiftTab);
    await app.press(KEY.enter);
    const pod = await app.waitFor('Pod x/web-0');
    expectInert(pod);
    expect(pod).toContain(`owner      statefulset/${SHOWN}`);
  }, 20_000);
});
