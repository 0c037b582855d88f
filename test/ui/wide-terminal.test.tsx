// Column widths follow the terminal: a long workload name is cut at 80 columns and whole at 200;
// at 60 columns every line still fits.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { analyze } from '../../src/ui/store/analysis.js';
import { countingSource, snapshotOf } from './helpers/demo.js';
import { KEY, press, waitForFrame } from './helpers/keys.js';
import { renderAt } from './helpers/terminal.js';

const LONG = 'checkout-recommendations-personalisation-service';

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${LONG}-0`, namespace: 'x', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: LONG, controller: true, uid: 'u1' }] },
    spec: { containers: [{ name: 'main', image: 'app' }] },
    status: { phase: 'Running', podIP: '10.0.0.1' },
  },
];

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
const visibleWidth = (line: string) => [...line.replace(ANSI, '')].length;

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

async function namespaceFrame(columns: number): Promise<string> {
  const snapshot = snapshotOf(objects);
  const t = renderAt(<App source={countingSource(snapshot)} initial={analyze(snapshot)} />, columns, 24);
  unmount = () => t.instance.unmount();
  await waitForFrame(t.lastFrame, (f) => f.includes('NAMESPACE'));
  await press(t.stdin, KEY.enter, 30, t.stdout.frames);
  return waitForFrame(t.lastFrame, (f) => f.includes('WORKLOAD'));
}

describe('column widths from the terminal width', () => {
  it('at 80 columns the long name is cut with …', async () => {
    const f = await namespaceFrame(80);
    expect(f).not.toContain(LONG);
    expect(f).toContain(`statefulset/${LONG.slice(0, 20)}`);
    expect(f).toContain('…');
  });

  it('at 200 columns the name column widens to show it whole', async () => {
    const f = await namespaceFrame(200);
    expect(f).toContain(`statefulset/${LONG} `);
    expect(f).not.toContain('…');
  });

  it('at 60 columns the other columns give way and every line fits', async () => {
    const f = await namespaceFrame(60);
    const wide = f.split('\n').filter((l) => visibleWidth(l) > 60);
    expect(wide).toEqual([]);
    expect(f).toMatch(/WORKLOAD +PODS/);
  });
});
