// The UI in a real terminal (tmux, 80x24) on the demo cluster: open, navigate, read, quit cleanly.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Terminal, tmuxAvailable } from './tmux.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const hasTmux = tmuxAvailable();
if (!hasTmux && process.env['CI'] === 'true') throw new Error('tmux is required for the terminal tests under CI (.ci/run installs it)');

describe.runIf(hasTmux)('the UI in a real terminal', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('opens on the demo, navigates to a workload, shows who can reach it, and quits restoring the terminal', async () => {
    // After the UI exits, the shell reports the exit status and whether the terminal is back in
    // canonical (line) mode with echo, i.e. raw mode was undone.
    terminal = new Terminal(
      `cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol --demo; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 30`,
      { TERM: 'xterm-256color' },
    );
    const overview = await terminal.waitFor('WARNINGS');
    expect(overview).toContain('kubectl-netpol demo cluster');
    expect(overview).toMatch(/shop\s+9\s+██████ 100%/);
    for (const line of overview.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    // shop is the fifth namespace: four steps down, then open it.
    for (let i = 0; i < 4; i++) await terminal.press('j');
    await terminal.press('Enter');
    const namespace = await terminal.waitFor('namespaces › shop');
    expect(namespace).toContain('deployment/cart');
    expect(namespace).toMatch(/statefulset\/redis\s+1\s+isolated\s+isolated\s+namespace/);

    // deployment/cart is the first row: open it; the first tab lists who can reach it.
    await terminal.press('Enter');
    const detail = await terminal.waitFor('Who can reach');
    expect(detail).toContain('shop/deployment/cart');
    expect(detail).toMatch(/shop\/deployment\/frontend\s+3\s+all ports\s+api-from-frontend ingress\[0\]/);

    // Who can reach, Denied sources, Can reach, then Policies.
    await terminal.press('Tab');
    await terminal.press('Tab');
    await terminal.press('Tab');
    expect(await terminal.waitFor('POLICY')).toMatch(/default-deny[\s\S]*cart-to-redis/);

    await terminal.press('q');
    const after = await terminal.waitFor('EXIT=');
    expect(after).toContain('EXIT=0');
    expect(after).toMatch(/\bicanon echo\b/);
  });

  it('Ctrl-C ends the UI with exit status 130 and restores the terminal', async () => {
    terminal = new Terminal(
      `cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol --demo; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 30`,
      { TERM: 'xterm-256color' },
    );
    await terminal.waitFor('WARNINGS');
    await terminal.press('C-c');
    const after = await terminal.waitFor('EXIT=');
    expect(after).toContain('EXIT=130');
    expect(after).toMatch(/\bicanon echo\b/);
  });

  it('with stdin from a pipe (-f -), keys come from the terminal: navigate, then q exits 0', async () => {
    terminal = new Terminal(
      `cd '${ROOT}' && '${process.execPath}' bin/kubectl-netpol snapshot --demo -A | '${process.execPath}' bin/kubectl-netpol -f -; echo "EXIT=$?"; sleep 30`,
      { TERM: 'xterm-256color' },
    );
    expect(await terminal.waitFor('WARNINGS')).toContain('kubectl-netpol files: -');
    for (let i = 0; i < 4; i++) await terminal.press('j');
    await terminal.press('Enter');
    expect(await terminal.waitFor('namespaces › shop')).toContain('deployment/cart');
    await terminal.press('q');
    expect(await terminal.waitFor('EXIT=')).toContain('EXIT=0');
  });
});
