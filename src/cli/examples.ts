// The Examples: section of each command's help, as data: every line is a command a user can paste
// (a test runs each one on the demo cluster).

export const EXAMPLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'can-reach': [
    ['Is frontend allowed to reach cart on TCP 7070, and which rules decide it?', 'kubectl netpol can-reach shop/deployment/frontend shop/deployment/cart --port 7070'],
    ['Through a Service (judged after DNAT on each endpoint)', 'kubectl netpol can-reach shop/deployment/checkout svc/payments/payment-api --port 443'],
    ['Every port that is allowed, as JSON', 'kubectl netpol can-reach monitoring/statefulset/prometheus shop/deployment/cart -o json'],
    ['Why not: the rules that came closest, and a verified fix', 'kubectl netpol can-reach shop/deployment/checkout shop/deployment/cart --port 7070 --explain --suggest'],
  ],
  fix: [
    ['The smallest change that lets checkout reach cart on TCP 7070, verified, with what else it opens', 'kubectl netpol fix shop/deployment/checkout shop/deployment/cart --port 7070'],
    ['The same as JSON: the changes, the manifests and the connections it opens', 'kubectl netpol fix shop/deployment/checkout shop/deployment/cart --port 7070 -o json'],
  ],
  coverage: [
    ['Every namespace of the current cluster', 'kubectl netpol coverage -A'],
    ['One namespace, with the policies selecting each workload', 'kubectl netpol coverage -n shop -o wide'],
    ['Fail a CI job when less than 90% of pods are isolated for ingress', 'kubectl netpol coverage -A --fail-under 90'],
  ],
  'who-can-reach': [
    ['Every source that can reach cart', 'kubectl netpol who-can-reach shop/deployment/cart'],
    ['On one port, with the denied sources and why', 'kubectl netpol who-can-reach shop/deployment/cart --port 7070 --denied'],
    ['Only sources labelled app=frontend, as targets for other commands', 'kubectl netpol who-can-reach shop/deployment/cart -l app=frontend -o name'],
  ],
  'reachable-from': [
    ['Every destination frontend can reach', 'kubectl netpol reachable-from shop/deployment/frontend'],
    ['On the port each destination names grpc', 'kubectl netpol reachable-from shop/deployment/frontend --port grpc'],
  ],
  matrix: [
    ['The workloads of one namespace', 'kubectl netpol matrix -n shop'],
    ['All namespaces, summarized by namespace', 'kubectl netpol matrix -A --by namespace'],
    ['As a Graphviz graph', 'kubectl netpol matrix -n shop -o dot'],
  ],
  ui: [['Open the UI on the current context', 'kubectl netpol'], ['On the demo cluster', 'kubectl netpol ui --demo']],
  assert: [['Check a file of expected connections against the cluster (exit 1 on a failure)', 'kubectl netpol assert expectations.yaml']],
  snapshot: [
    ['Save the state of every namespace, to analyse offline with -f', 'kubectl netpol snapshot -A > cluster-snapshot.yaml'],
    ['Then answer from the file', 'kubectl netpol coverage -f cluster-snapshot.yaml -A'],
  ],
  diff: [['What proposed policies open and close, failing on anything opened into payments', 'kubectl netpol diff --policies-from k8s/netpol --fail-on-opened=payments']],
  lint: [
    ['Lint policy manifests alone', 'kubectl netpol lint -f k8s/ -R'],
    ['With organisation rules, as SARIF for code scanning', 'kubectl netpol lint -A --config netpol-lint.yaml -o sarif'],
  ],
  audit: [
    ['Flows saved with `hubble observe -o jsonpb --since 1h`: what would break, what diverges, what is unused', 'kubectl netpol audit --flows flows.json -A'],
    ['Flows from stdin', 'hubble observe -o jsonpb --last 10000 | kubectl netpol audit --flows - -A'],
    ['Before applying proposed policies: fail when an observed connection would be denied', 'kubectl netpol audit --flows flows.json --policies-from k8s/netpol --fail-on would-break'],
  ],
  suggest: [
    ['Least-privilege policies for shop from an hour of flows, proved (the proof on stderr)', 'kubectl netpol suggest --flows flows.json -n shop'],
    ['Only a default deny and DNS egress for one namespace', 'kubectl netpol suggest --baseline -n shop'],
  ],
  version: [['The version, commit and build date as JSON', 'kubectl netpol version -o json']],
};

/** The Examples: section for a command (empty when it has none). */
export function examplesHelp(command: string): string {
  const examples = EXAMPLES[command];
  if (!examples || examples.length === 0) return '';
  return `\nExamples:\n${examples.map(([what, line]) => `  # ${what}\n  ${line}\n`).join('\n')}`;
}
