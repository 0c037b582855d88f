// A change the watch reports while a reload runs is not lost: another reload follows that one.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { PolicyIndex } from '../../src/engine/compile.js';
import { demoObjects } from '../../src/sources/demo/demo-manifests.js';
import type { UiSource } from '../../src/ui/app.js';
import { demoAnalysis, demoSnapshot, GRAFANA_INGRESS_POLICY, snapshotOf } from './helpers/demo.js';
import { sleep } from './helpers/keys.js';
import { mountApp } from './helpers/app.js';

afterEach(() => cleanup());

describe('a change during a reload', () => {
  it('is picked up by a reload after the running one', async () => {
    let changed!: () => void;
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    let current = demoSnapshot();
    let loads = 0;
    const source: UiSource = {
      description: 'demo cluster',
      // Reads the objects at once, answers when the gate opens (the first load only).
      load: async () => {
        loads++;
        const read = current;
        if (loads === 1) await gate;
        return { snapshot: read, index: new PolicyIndex(read) };
      },
      watch: (onChange) => {
        changed = onChange;
        return () => {};
      },
    };
    const app = mountApp(source, demoAnalysis());
    await app.waitFor('NAMESPACE');
    expect(app.frame()).toMatch(/monitoring +2 +░░░░░░ +0%/);
    changed();
    // The 300 ms debounce, then the first load waits at the gate.
    await sleep(400);
    expect(loads).toBe(1);
    current = snapshotOf([...demoObjects(), GRAFANA_INGRESS_POLICY]);
    changed();
    await sleep(400);
    release();
    const f = await app.waitFor(/monitoring +2 +███░░░ +50%/);
    expect(loads).toBe(2);
    expect(f).not.toContain('loading');
  });
});
