// `c`: the kubectl netpol command line that prints what each view shows, with the input flags the
// UI was started with, quoted for a shell; never the kubeconfig path.
import { describe, expect, it } from 'vitest';
import { cliCommand, shellWord } from '../../../src/ui/store/cli-command.js';
import { initialState, reducer, type Action, type UiState } from '../../../src/ui/store/state.js';
import { inputWords } from '../../../src/cli/commands/ui.js';
import { demoAnalysis } from '../helpers/demo.js';

const loaded = (): UiState => reducer(initialState('demo cluster'), { type: 'loaded', analysis: demoAnalysis(), changed: new Set() });
const run = (...actions: Action[]): UiState => actions.reduce(reducer, loaded());
const DEMO = ['--demo'];

describe('cliCommand', () => {
  it('names each view by the command that prints it', () => {
    expect(cliCommand(run(), DEMO)).toBe('kubectl netpol coverage -A --demo');
    const shop = run({ type: 'jump', stack: [{ kind: 'overview' }, { kind: 'namespace', namespace: 'shop' }] });
    expect(cliCommand(shop, DEMO)).toBe('kubectl netpol coverage -n shop --demo');
    expect(cliCommand(reducer(shop, { type: 'tab', delta: 2, count: 3 }), DEMO)).toBe('kubectl netpol lint -n shop --demo');
    const cart = reducer(shop, { type: 'push', screen: { kind: 'workload', key: 'shop/deployment/cart' } });
    expect(cliCommand(cart, DEMO)).toBe('kubectl netpol who-can-reach shop/deployment/cart --demo');
    const tab = (n: number) => cliCommand(reducer(cart, { type: 'tab', delta: n, count: 6 }), DEMO);
    expect(tab(1)).toBe('kubectl netpol who-can-reach shop/deployment/cart --denied --demo');
    expect(tab(2)).toBe('kubectl netpol reachable-from shop/deployment/cart --demo');
    expect(tab(3)).toBe('kubectl netpol coverage -n shop --demo');
    expect(cliCommand(run({ type: 'push', screen: { kind: 'pod', namespace: 'shop', name: 'cart-1' } }), DEMO)).toBe('kubectl netpol who-can-reach shop/cart-1 --demo');
    expect(cliCommand(run({ type: 'push', screen: { kind: 'policy', namespace: 'shop', name: 'default-deny' } }), DEMO)).toBe('kubectl netpol lint -n shop --demo');
  });

  it('the path check: can-reach with the port and a protocol other than TCP', () => {
    const path = run({ type: 'path-open', from: 'shop/deployment/frontend', to: 'kube-system/deployment/coredns' });
    expect(cliCommand(path, DEMO)).toBe('kubectl netpol can-reach shop/deployment/frontend kube-system/deployment/coredns --explain --demo');
    const udp = [{ type: 'path-focus', delta: -1 }, { type: 'path-field', text: '53/udp' }, { type: 'path-submit' }] as const;
    expect(cliCommand(udp.reduce(reducer, path), DEMO)).toBe('kubectl netpol can-reach shop/deployment/frontend kube-system/deployment/coredns --port 53 --protocol UDP --explain --demo');
  });

  it('quotes words a shell would split or expand', () => {
    expect(shellWord('shop/deployment/cart')).toBe('shop/deployment/cart');
    expect(shellWord('my dir/x.yaml')).toBe("'my dir/x.yaml'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$(rm)')).toBe("'$(rm)'");
    expect(cliCommand(run(), ['-f', 'my cluster.yaml'])).toBe("kubectl netpol coverage -A -f 'my cluster.yaml'");
  });
});

describe('inputWords', () => {
  it('keeps the flags that choose the input and leaves the kubeconfig path out', () => {
    expect(
      inputWords({ filename: ['a.yaml', 'dir'], recursive: true, context: 'prod', kubeconfig: '/home/me/.kube/config', policiesFrom: ['fix.yaml'], withoutPolicy: ['shop/default-deny'], ipblockExternalOnly: true }),
    ).toEqual(['-f', 'a.yaml', '-f', 'dir', '-R', '--context', 'prod', '--ipblock-external-only', '--policies-from', 'fix.yaml', '--without-policy', 'shop/default-deny']);
    expect(inputWords({ demo: true })).toEqual(['--demo']);
  });
});
